// Package cliprofile reads AWS CLI shared config and credentials files
// (~/.aws/config, ~/.aws/credentials), resolves each role profile into the
// chain of STS calls the AWS CLI (botocore) would make for it, and plays that
// chain against a rolesim world: will `aws --profile X` work, for how long,
// and if not, which hop fails and why, in AWS's words.
//
// The files are parsed here (INI, as Python's configparser reads them):
// every problem is reported with its file:line:col. Configuration errors
// botocore raises before calling STS (a profile cycle, a role_arn without
// source_profile or credential_source, an unknown source profile) are
// reported with botocore's text. Where the AWS SDK for Go v2 behaves
// differently (default session name and duration, cycles, MFA), the result
// carries a note (reference §14).
package cliprofile
