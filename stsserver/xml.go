package stsserver

import (
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
)

// Namespace is the XML namespace of STS's Query-protocol responses.
const Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// APIVersion is the STS API version the endpoint serves.
const APIVersion = "2011-06-15"

// doc builds one XML response.
type doc struct{ b strings.Builder }

func (d *doc) open(name string)  { d.b.WriteString("<" + name + ">") }
func (d *doc) close(name string) { d.b.WriteString("</" + name + ">") }

// elem writes <name>text</name>, the text escaped.
func (d *doc) elem(name, text string) {
	d.open(name)
	_ = xml.EscapeText(&d.b, []byte(text))
	d.close(name)
}

// start opens the response envelope of action: <ActionResponse
// xmlns=...><ActionResult>.
func (d *doc) start(action string) {
	d.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	d.b.WriteString("<" + action + `Response xmlns="` + Namespace + `">`)
	d.open(action + "Result")
}

// end closes the envelope with the request id.
func (d *doc) end(action, requestID string) string {
	d.close(action + "Result")
	d.open("ResponseMetadata")
	d.elem("RequestId", requestID)
	d.close("ResponseMetadata")
	d.close(action + "Response")
	d.b.WriteString("\n")
	return d.b.String()
}

// assumedRoleUser writes the AssumedRoleUser element.
func (d *doc) assumedRoleUser(u sim.AssumedRoleUser) {
	d.open("AssumedRoleUser")
	d.elem("Arn", u.Arn)
	d.elem("AssumedRoleId", u.AssumedRoleID)
	d.close("AssumedRoleUser")
}

// credentials writes the Credentials element, with the Expiration the
// endpoint shows (see Options.WallClock).
func (d *doc) credentials(c sim.Credentials, expiration string) {
	d.open("Credentials")
	d.elem("AccessKeyId", c.AccessKeyID)
	d.elem("SecretAccessKey", c.SecretAccessKey)
	d.elem("SessionToken", c.SessionToken)
	d.elem("Expiration", expiration)
	d.close("Credentials")
}

// optional writes the PackedPolicySize and SourceIdentity elements when
// present, in that order.
func (d *doc) optional(packed *int32, sourceIdentity *string) {
	if packed != nil {
		d.elem("PackedPolicySize", strconv.Itoa(int(*packed)))
	}
	if sourceIdentity != nil {
		d.elem("SourceIdentity", *sourceIdentity)
	}
}

// errorXML renders STS's error envelope. The Message element is left out
// when the error has no message (MalformedInput for a number that does not
// parse).
func errorXML(e *sim.Error, requestID string) string {
	var d doc
	d.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	d.b.WriteString(`<ErrorResponse xmlns="` + Namespace + `">`)
	d.open("Error")
	d.elem("Type", errorType(e))
	d.elem("Code", string(e.Code))
	if e.Message != "" {
		d.elem("Message", e.Message)
	}
	d.close("Error")
	d.elem("RequestId", requestID)
	d.close("ErrorResponse")
	d.b.WriteString("\n")
	return d.b.String()
}

// errorType is Sender for the caller's faults (4xx) and Receiver for the
// service's (5xx).
func errorType(e *sim.Error) string {
	if status(e) >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// status is the error's HTTP status, 400 when the error names none.
func status(e *sim.Error) int {
	if e.HTTPStatus == 0 {
		return 400
	}
	return e.HTTPStatus
}
