package sdktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/stsserver"
)

// The tests in this file drive the endpoint with boto3 (testdata/boto3_sts.py)
// and with the AWS CLI, as separate processes. They fail, never skip, when
// python3, boto3 or aws is missing: .ci/run installs boto3 and awscli with
// pip first. Each process gets an environment of its own, not the test's:
// PATH and what Python needs to find its packages, a temporary HOME with
// empty config files, the region, the endpoint (loopback only,
// AWS_EC2_METADATA_DISABLED, no proxy). The retry settings are the
// clients' defaults (legacy mode, which retries no error these tests meet;
// the traces show one request per call), so that the error texts are the
// ones users see: with AWS_MAX_ATTEMPTS=1 in the standard mode botocore
// appends " (reached max retries: 0)" to every ClientError. Signing
// dates are checked against the wall clock, which is what boto3 and the CLI
// sign with (NewTestServer's default).

const (
	chainedTwoHours  = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
	signatureMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	invalidToken     = "The security token included in the request is invalid."
	prodSessionARN   = "arn:aws:sts::222222222222:assumed-role/Prod/prod"
)

// realClients is how a test runs boto3 and the AWS CLI against an endpoint.
type realClients struct {
	python string // the interpreter that imports boto3, resolved (not a shim)
	aws    string
	// awsMajor is the CLI's major version: a service error exits with 255
	// in v1 and 254 in v2.
	awsMajor int
	home     string
	env      []string
}

// probe prints where the interpreter and its user site are, and the
// versions of boto3 and botocore; it fails when boto3 does not import.
const probe = `import json, site, sys, boto3, botocore
print(json.dumps({"executable": sys.executable, "userbase": site.getuserbase(), "boto3": boto3.__version__, "botocore": botocore.__version__}))`

// newRealClients finds python3 with boto3 and prepares a temporary HOME
// whose config and credentials files are empty; the test fails when
// python3 is missing or cannot import boto3.
func newRealClients(t *testing.T, ts *stsserver.TestServer) *realClients {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 is not on PATH: the boto3 and AWS CLI tests need Python 3 with boto3 and awscli (.ci/run installs them with pip from PyPI): %v", err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(py, "-c", probe)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s cannot import boto3 (.ci/run installs boto3 and awscli with pip from PyPI): %v\n%s", py, err, stderr.Bytes())
	}
	var found struct{ Executable, Userbase, Boto3, Botocore string }
	if err := json.Unmarshal(out, &found); err != nil || found.Executable == "" {
		t.Fatalf("python3's probe printed %q: %v", out, err)
	}
	// The interpreter's own directory comes first on PATH, so that its
	// scripts (aws) run without a version-manager shim, which may read
	// HOME; PYTHONUSERBASE keeps packages installed with pip --user visible
	// under the temporary HOME.
	path := filepath.Dir(found.Executable) + string(os.PathListSeparator) + os.Getenv("PATH")
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	c := &realClients{python: found.Executable, home: home}
	c.writeConfig(t, "", "")
	c.env = []string{
		"PATH=" + path,
		"HOME=" + home,
		"PYTHONUSERBASE=" + found.Userbase,
		"PYTHONDONTWRITEBYTECODE=1",
		"PYTHONUTF8=1",
		"AWS_CONFIG_FILE=" + filepath.Join(home, ".aws", "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, ".aws", "credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_REGION=" + ts.Region,
		"AWS_DEFAULT_REGION=" + ts.Region,
		"AWS_ENDPOINT_URL_STS=" + ts.URL,
		"AWS_PAGER=",
		"NO_PROXY=127.0.0.1,localhost",
		"no_proxy=127.0.0.1,localhost",
	}
	for _, k := range []string{"PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "PYTHONPATH", "SYSTEMROOT", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			c.env = append(c.env, k+"="+v)
		}
	}
	t.Logf("boto3 %s, botocore %s (%s)", found.Boto3, found.Botocore, found.Executable)
	return c
}

// requireCLI finds the AWS CLI, the interpreter's own aws script first
// (pip installs it there), and reads its major version; the test fails
// when there is none.
func (c *realClients) requireCLI(t *testing.T) {
	t.Helper()
	c.aws = filepath.Join(filepath.Dir(c.python), "aws")
	if _, err := os.Stat(c.aws); err != nil {
		if c.aws, err = exec.LookPath("aws"); err != nil {
			t.Fatalf("the AWS CLI (aws) is not on PATH (.ci/run installs awscli with pip from PyPI): %v", err)
		}
	}
	r := c.run(t, nil, c.aws, "--version")
	version := strings.TrimSpace(r.stdout + r.stderr)
	switch {
	case r.code != 0:
		t.Fatalf("%s --version: exit %d: %s", c.aws, r.code, version)
	case strings.HasPrefix(version, "aws-cli/1."):
		c.awsMajor = 1
	case strings.HasPrefix(version, "aws-cli/2."):
		c.awsMajor = 2
	default:
		t.Fatalf("%s --version printed %q, not aws-cli/1.x or 2.x", c.aws, version)
	}
	t.Logf("%s: %s", c.aws, version)
}

// writeConfig replaces the temporary HOME's ~/.aws/config and
// ~/.aws/credentials.
func (c *realClients) writeConfig(t *testing.T, config, credentials string) {
	t.Helper()
	for _, f := range [...][2]string{{"config", config}, {"credentials", credentials}} {
		if err := os.WriteFile(filepath.Join(c.home, ".aws", f[0]), []byte(f[1]), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// result is what a client process did.
type result struct {
	stdout, stderr string
	code           int
}

// keys is the environment that makes creds the caller.
func keys(creds sim.Credentials) []string {
	env := []string{"AWS_ACCESS_KEY_ID=" + creds.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + creds.SecretAccessKey}
	if creds.SessionToken != "" {
		env = append(env, "AWS_SESSION_TOKEN="+creds.SessionToken)
	}
	return env
}

// run runs a client with the base environment plus env; a process that
// cannot start or runs for a minute fails the test.
func (c *realClients) run(t *testing.T, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(append([]string(nil), c.env...), env...)
	cmd.Dir = c.home
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s %s did not finish within a minute: %s", name, strings.Join(args, " "), stderr.Bytes())
	case errors.As(err, &exit):
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// boto3 runs testdata/boto3_sts.py with args and decodes its JSON into out;
// a script that fails (a traceback) fails the test.
func (c *realClients) boto3(t *testing.T, env []string, out any, args ...string) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "boto3_sts.py"))
	if err != nil {
		t.Fatal(err)
	}
	r := c.run(t, env, c.python, append([]string{script}, args...)...)
	if r.code != 0 {
		t.Fatalf("boto3_sts.py %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), out); err != nil {
		t.Fatalf("boto3_sts.py %s printed %q: %v", strings.Join(args, " "), r.stdout, err)
	}
}

// chainOut is boto3_sts.py chain's output.
type chainOut struct {
	Hops []struct {
		Arn         string
		AccessKeyID string `json:"AccessKeyId"`
		Expiration  string
	} `json:"hops"`
	Identity *struct {
		Arn, Account string
		UserID       string `json:"UserId"`
	} `json:"identity"`
	Error *botoError `json:"error"`
}

// botoError is a botocore ClientError as boto3_sts.py reports it: the
// exception's class, its response's Error (Type, Code, Message) and HTTP
// status, its text, and the hop that failed.
type botoError struct {
	Hop            int               `json:"hop"`
	Class          string            `json:"class"`
	Error          map[string]string `json:"Error"`
	HTTPStatusCode int               `json:"HTTPStatusCode"`
	Str            string            `json:"str"`
}

// traced lists the endpoint's trace as "Action status arn" lines.
func traced(ts *stsserver.TestServer) []string {
	entries, _ := ts.Handler.Trace()
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Action+" "+strconv.Itoa(e.Status)+" "+e.Arn)
	}
	return out
}

// TestBoto3TwoHopChain: boto3 with alice's keys assumes Dev for 12 hours,
// with Dev's session assumes Prod for an hour, and GetCallerIdentity with
// Prod's session is Prod's assumed-role ARN. The Expirations are the fake
// clock's.
func TestBoto3TwoHopChain(t *testing.T) {
	t.Parallel()
	ts := start(t)
	c := newRealClients(t, ts)
	var out chainOut
	c.boto3(t, keys(ts.Credentials(t, aliceARN)), &out, "chain", devARN+",dev,43200", prodARN+",prod,3600")
	if out.Error != nil {
		t.Fatalf("the chain was refused: %+v", *out.Error)
	}
	if len(out.Hops) != 2 || out.Identity == nil {
		t.Fatalf("got %+v", out)
	}
	type hop struct{ Arn, Expiration string }
	got := []hop{{out.Hops[0].Arn, out.Hops[0].Expiration}, {out.Hops[1].Arn, out.Hops[1].Expiration}}
	want := []hop{
		{"arn:aws:sts::111111111111:assumed-role/Dev/dev", "2024-01-01T12:00:00+00:00"},
		{prodSessionARN, "2024-01-01T01:00:00+00:00"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
	if out.Identity.Arn != prodSessionARN || out.Identity.Account != "222222222222" ||
		!strings.HasPrefix(out.Identity.UserID, "AROA") || !strings.HasSuffix(out.Identity.UserID, ":prod") {
		t.Errorf("GetCallerIdentity: %+v", *out.Identity)
	}
	for _, h := range out.Hops {
		if !strings.HasPrefix(h.AccessKeyID, "ASIA") {
			t.Errorf("session key %q", h.AccessKeyID)
		}
	}
	wantTrace := []string{
		"AssumeRole 200 arn:aws:sts::111111111111:assumed-role/Dev/dev",
		"AssumeRole 200 " + prodSessionARN,
		"GetCallerIdentity 200 " + prodSessionARN,
	}
	if d := cmp.Diff(wantTrace, traced(ts)); d != "" {
		t.Errorf("requests served (-want +got):\n%s", d)
	}
}

// TestBoto3ChainedTwoHoursRefused: a chained AssumeRole for 7200 seconds
// is a botocore ClientError with STS's code, type and message, HTTP 400.
func TestBoto3ChainedTwoHoursRefused(t *testing.T) {
	t.Parallel()
	ts := start(t)
	c := newRealClients(t, ts)
	var out chainOut
	c.boto3(t, keys(ts.Credentials(t, aliceARN)), &out, "chain", devARN+",dev,3600", prodARN+",prod,7200")
	want := &botoError{
		Hop:            1,
		Class:          "ClientError",
		Error:          map[string]string{"Type": "Sender", "Code": "ValidationError", "Message": chainedTwoHours},
		HTTPStatusCode: 400,
		Str:            "An error occurred (ValidationError) when calling the AssumeRole operation: " + chainedTwoHours,
	}
	if d := cmp.Diff(want, out.Error); d != "" {
		t.Errorf("the chained two-hour request (-want +got):\n%s", d)
	}
	if len(out.Hops) != 1 || out.Identity != nil {
		t.Errorf("got %+v", out)
	}
	wantTrace := []string{"AssumeRole 200 arn:aws:sts::111111111111:assumed-role/Dev/dev", "AssumeRole 400 "}
	if d := cmp.Diff(wantTrace, traced(ts)); d != "" {
		t.Errorf("requests served (-want +got):\n%s", d)
	}
}

// TestBoto3WrongSecret: GetCallerIdentity with alice's keys is alice; with
// a wrong secret it is SignatureDoesNotMatch, with an unknown key
// InvalidClientTokenId, both HTTP 403 with STS's messages.
func TestBoto3WrongSecret(t *testing.T) {
	t.Parallel()
	ts := start(t)
	c := newRealClients(t, ts)
	good := ts.Credentials(t, aliceARN)
	wrong := good
	wrong.SecretAccessKey = strings.Repeat("x", len(good.SecretAccessKey))
	unknown := good
	unknown.AccessKeyID = "AKIAAAAAAAAAAAAAAAAA"
	for _, tt := range []struct {
		name, reason string
		creds        sim.Credentials
		want         *botoError // nil: alice is the caller
	}{
		{name: "good", reason: "the world's key for alice signs", creds: good},
		{name: "wrong secret", reason: "the key exists, the signature is the wrong secret's", creds: wrong, want: &botoError{
			Class: "ClientError", Error: map[string]string{"Type": "Sender", "Code": "SignatureDoesNotMatch", "Message": signatureMessage},
			HTTPStatusCode: 403, Str: "An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: " + signatureMessage}},
		{name: "unknown key", reason: "no such access key: found before the signature is checked", creds: unknown, want: &botoError{
			Class: "ClientError", Error: map[string]string{"Type": "Sender", "Code": "InvalidClientTokenId", "Message": invalidToken},
			HTTPStatusCode: 403, Str: "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: " + invalidToken}},
	} {
		var out chainOut
		c.boto3(t, keys(tt.creds), &out, "chain")
		if d := cmp.Diff(tt.want, out.Error); d != "" {
			t.Errorf("%s (%s): error (-want +got):\n%s", tt.name, tt.reason, d)
		}
		if tt.want == nil && (out.Identity == nil || out.Identity.Arn != aliceARN) {
			t.Errorf("%s (%s): identity %+v", tt.name, tt.reason, out.Identity)
		}
	}
	// One request each: the refusals are not retried.
	wantTrace := []string{"GetCallerIdentity 200 " + aliceARN, "GetCallerIdentity 403 ", "GetCallerIdentity 403 "}
	if d := cmp.Diff(wantTrace, traced(ts)); d != "" {
		t.Errorf("requests served (-want +got):\n%s", d)
	}
}

// profiles is an AWS config file chaining Prod over Dev over alice's keys
// (the credentials file's [alice]), as botocore's AssumeRoleProvider and
// the CLI read role_arn/source_profile.
const profiles = `[profile dev]
role_arn = ` + devARN + `
source_profile = alice
role_session_name = dev
duration_seconds = 43200

[profile prod]
role_arn = ` + prodARN + `
source_profile = dev
role_session_name = prod
duration_seconds = 3600

[profile prod-2h]
role_arn = ` + prodARN + `
source_profile = dev
role_session_name = prod
duration_seconds = 7200
`

func aliceProfile(c sim.Credentials) string {
	return "[alice]\naws_access_key_id = " + c.AccessKeyID + "\naws_secret_access_key = " + c.SecretAccessKey + "\n"
}

// profileOut is boto3_sts.py profile's output.
type profileOut struct {
	Method string `json:"method"`
	Calls  []struct {
		Arn         string
		AccessKeyID string `json:"AccessKeyId"`
	} `json:"calls"`
	Error *struct {
		Class string `json:"class"`
		Str   string `json:"str"`
	} `json:"error"`
}

// refreshSpeed makes the chained hour end 903 wall seconds after it is
// issued: botocore refreshes credentials 15 minutes (900 s) before their
// Expiration (RefreshableCredentials' advisory window; its assume-role cache
// drops them in the same window), so Prod's session is fresh for three
// seconds after it is issued and due for refresh after that (refreshWait
// after the second call).
const (
	refreshSpeed = 3600.0 / 903
	refreshWait  = "3.2"
)

// TestBoto3ProfileRefresh: a boto3 Session of the profile prod (role_arn
// and source_profile, chained over dev) gets its credentials from
// botocore's AssumeRoleProvider; in the wall-clock mode, with the fake
// clock running refreshSpeed times as fast, the second call right after
// the first uses the same session, and a call 3.2 s later a refreshed one:
// Prod is assumed twice, Dev once (its 12 hours are far from their end).
func TestBoto3ProfileRefresh(t *testing.T) {
	t.Parallel()
	ts := start(t, stsserver.WithWallClock(time.Now, refreshSpeed))
	c := newRealClients(t, ts)
	c.writeConfig(t, profiles, aliceProfile(ts.Credentials(t, aliceARN)))
	var out profileOut
	c.boto3(t, nil, &out, "profile", "prod", refreshWait)
	if out.Error != nil || out.Method != "assume-role" || len(out.Calls) != 3 {
		t.Fatalf("got %+v", out)
	}
	for i, call := range out.Calls {
		if call.Arn != prodSessionARN {
			t.Errorf("call %d: %s", i+1, call.Arn)
		}
	}
	if out.Calls[1].AccessKeyID != out.Calls[0].AccessKeyID {
		t.Errorf("the second call, right after the first, used a new session: %s then %s", out.Calls[0].AccessKeyID, out.Calls[1].AccessKeyID)
	}
	if out.Calls[2].AccessKeyID == out.Calls[0].AccessKeyID {
		t.Errorf("the call %s s later used the session due for refresh, %s", refreshWait, out.Calls[0].AccessKeyID)
	}
	wantTrace := []string{
		"AssumeRole 200 arn:aws:sts::111111111111:assumed-role/Dev/dev",
		"AssumeRole 200 " + prodSessionARN,
		"GetCallerIdentity 200 " + prodSessionARN,
		"GetCallerIdentity 200 " + prodSessionARN,
		"AssumeRole 200 " + prodSessionARN,
		"GetCallerIdentity 200 " + prodSessionARN,
	}
	if d := cmp.Diff(wantTrace, traced(ts)); d != "" {
		t.Errorf("requests served (-want +got):\n%s", d)
	}
	entries, _ := ts.Handler.Trace()
	if len(entries) == len(wantTrace) && entries[5].AccessKeyID != entries[4].IssuedAccessKeyID {
		t.Errorf("the last call was signed with %s, not the refreshed session %s", entries[5].AccessKeyID, entries[4].IssuedAccessKeyID)
	}
}

// TestBoto3ProfileNeedsWallClock: without the wall-clock mode the
// Expirations are the fake clock's (2024), already past for botocore,
// which refuses the credentials it has just fetched. This is why the
// profile tests run in the wall-clock mode.
func TestBoto3ProfileNeedsWallClock(t *testing.T) {
	t.Parallel()
	ts := start(t)
	c := newRealClients(t, ts)
	c.writeConfig(t, profiles, aliceProfile(ts.Credentials(t, aliceARN)))
	var out profileOut
	c.boto3(t, nil, &out, "profile", "dev", "0")
	if out.Error == nil || out.Error.Class != "RuntimeError" ||
		out.Error.Str != "Credentials were refreshed, but the refreshed credentials are still expired." {
		t.Errorf("got %+v", out)
	}
}

// TestAWSCLI: the AWS CLI with --endpoint-url: get-caller-identity with
// alice's keys, assume-role of Dev for 12 hours (its JSON output), the
// CLI with Dev's session, then that session's chained assume-role of Prod
// for two hours, refused with STS's message on stderr and the CLI's exit
// status for a service error; and a wrong secret.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	ts := start(t)
	c := newRealClients(t, ts)
	c.requireCLI(t)
	serviceError := map[int]int{1: 255, 2: 254}[c.awsMajor]
	alice := ts.Credentials(t, aliceARN)
	cli := func(creds sim.Credentials, args ...string) result {
		t.Helper()
		return c.run(t, keys(creds), c.aws, append([]string{"sts"}, append(args, "--endpoint-url", ts.URL)...)...)
	}
	decode := func(what string, r result, out any) {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", what, r.code, r.stderr)
		}
		if err := json.Unmarshal([]byte(r.stdout), out); err != nil {
			t.Fatalf("%s printed %q: %v", what, r.stdout, err)
		}
	}

	var who map[string]string
	decode("get-caller-identity", cli(alice, "get-caller-identity"), &who)
	if who["Arn"] != aliceARN || who["Account"] != "111111111111" || !strings.HasPrefix(who["UserId"], "AIDA") || len(who) != 3 {
		t.Errorf("get-caller-identity: %v", who)
	}

	var ar struct {
		Credentials     map[string]string
		AssumedRoleUser map[string]string
	}
	var fields map[string]json.RawMessage
	r := cli(alice, "assume-role", "--role-arn", devARN, "--role-session-name", "cli", "--duration-seconds", "43200")
	decode("assume-role", r, &ar)
	decode("assume-role", r, &fields)
	if len(fields) != 2 {
		t.Errorf("assume-role printed fields %v, want Credentials and AssumedRoleUser only", keysOf(fields))
	}
	dev := sim.Credentials{AccessKeyID: ar.Credentials["AccessKeyId"], SecretAccessKey: ar.Credentials["SecretAccessKey"], SessionToken: ar.Credentials["SessionToken"]}
	if !strings.HasPrefix(dev.AccessKeyID, "ASIA") || dev.SecretAccessKey == "" || dev.SessionToken == "" || len(ar.Credentials) != 4 {
		t.Errorf("assume-role Credentials: %v", ar.Credentials)
	}
	if got := ar.Credentials["Expiration"]; got != "2024-01-01T12:00:00Z" {
		t.Errorf("assume-role Expiration %q, want the fake clock's start + 12h as STS wrote it", got)
	}
	if ar.AssumedRoleUser["Arn"] != "arn:aws:sts::111111111111:assumed-role/Dev/cli" || !strings.HasSuffix(ar.AssumedRoleUser["AssumedRoleId"], ":cli") {
		t.Errorf("assume-role AssumedRoleUser: %v", ar.AssumedRoleUser)
	}

	decode("get-caller-identity as Dev", cli(dev, "get-caller-identity"), &who)
	if who["Arn"] != "arn:aws:sts::111111111111:assumed-role/Dev/cli" {
		t.Errorf("get-caller-identity with Dev's session: %v", who)
	}

	for _, tt := range []struct {
		name, reason string
		creds        sim.Credentials
		args         []string
		stderr       string
	}{
		{"chained two hours", "Dev's session chains into Prod: one hour at most", dev,
			[]string{"assume-role", "--role-arn", prodARN, "--role-session-name", "prod", "--duration-seconds", "7200"},
			"An error occurred (ValidationError) when calling the AssumeRole operation: " + chainedTwoHours},
		{"wrong secret", "alice's key with another secret", sim.Credentials{AccessKeyID: alice.AccessKeyID, SecretAccessKey: strings.Repeat("x", 40)},
			[]string{"get-caller-identity"},
			"An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: " + signatureMessage},
	} {
		r := cli(tt.creds, tt.args...)
		if r.code != serviceError || r.stdout != "" || strings.TrimSpace(r.stderr) != tt.stderr {
			t.Errorf("%s (%s): exit %d, stdout %q, stderr %q; want exit %d and stderr %q", tt.name, tt.reason, r.code, r.stdout, r.stderr, serviceError, tt.stderr)
		}
	}
	wantTrace := []string{
		"GetCallerIdentity 200 " + aliceARN,
		"AssumeRole 200 arn:aws:sts::111111111111:assumed-role/Dev/cli",
		"GetCallerIdentity 200 arn:aws:sts::111111111111:assumed-role/Dev/cli",
		"AssumeRole 400 ",
		"GetCallerIdentity 403 ",
	}
	if d := cmp.Diff(wantTrace, traced(ts)); d != "" {
		t.Errorf("requests served (-want +got):\n%s", d)
	}
	entries, _ := ts.Handler.Trace()
	if len(entries) == len(wantTrace) && entries[1].IssuedAccessKeyID != dev.AccessKeyID {
		t.Errorf("assume-role printed key %s, the endpoint issued %s", dev.AccessKeyID, entries[1].IssuedAccessKeyID)
	}
}

// TestAWSCLIProfile: the CLI resolves the profile prod (role_arn over
// source_profile dev over alice's keys) through the endpoint in
// AWS_ENDPOINT_URL_STS, in the wall-clock mode at real speed; a second run
// takes both sessions from the CLI's file cache under HOME, so it makes no
// AssumeRole; the profile prod-2h is refused with STS's message.
func TestAWSCLIProfile(t *testing.T) {
	t.Parallel()
	ts := start(t, stsserver.WithWallClock(time.Now, 1))
	c := newRealClients(t, ts)
	c.requireCLI(t)
	c.writeConfig(t, profiles, aliceProfile(ts.Credentials(t, aliceARN)))
	for i := range 2 {
		r := c.run(t, nil, c.aws, "sts", "get-caller-identity", "--profile", "prod")
		var who map[string]string
		if err := json.Unmarshal([]byte(r.stdout), &who); r.code != 0 || err != nil || who["Arn"] != prodSessionARN {
			t.Fatalf("run %d: exit %d, %v, stdout %q, stderr %q", i+1, r.code, err, r.stdout, r.stderr)
		}
	}
	cached, err := filepath.Glob(filepath.Join(c.home, ".aws", "cli", "cache", "*.json"))
	if err != nil || len(cached) != 2 {
		t.Errorf("the CLI's cache holds %v, want Dev's and Prod's sessions", cached)
	}
	r := c.run(t, nil, c.aws, "sts", "get-caller-identity", "--profile", "prod-2h")
	serviceError := map[int]int{1: 255, 2: 254}[c.awsMajor]
	want := "An error occurred (ValidationError) when calling the AssumeRole operation: " + chainedTwoHours
	if r.code != serviceError || strings.TrimSpace(r.stderr) != want {
		t.Errorf("prod-2h: exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, serviceError, want)
	}
	wantTrace := []string{
		"AssumeRole 200 arn:aws:sts::111111111111:assumed-role/Dev/dev",
		"AssumeRole 200 " + prodSessionARN,
		"GetCallerIdentity 200 " + prodSessionARN,
		"GetCallerIdentity 200 " + prodSessionARN,
		"AssumeRole 400 ",
	}
	if d := cmp.Diff(wantTrace, traced(ts)); d != "" {
		t.Errorf("requests served (-want +got):\n%s", d)
	}
}

func keysOf(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
