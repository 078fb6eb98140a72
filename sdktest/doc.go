// Package sdktest drives rolesim's STS endpoint (stsserver) with the AWS
// SDK for Go v2: its sts.Client, its SigV4 signer and presigner, and
// credentials/stscreds.AssumeRoleProvider behind aws.CredentialsCache. It
// is a module of its own so that the main module does not depend on the
// SDK; it holds tests only.
package sdktest
