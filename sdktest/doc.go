// Package sdktest drives rolesim's STS endpoint (stsserver) with real
// clients: the AWS SDK for Go v2 (its sts.Client, its SigV4 signer and
// presigner, and credentials/stscreds.AssumeRoleProvider behind
// aws.CredentialsCache), boto3 (testdata/boto3_sts.py, botocore's
// AssumeRoleProvider for role_arn/source_profile profiles included) and the
// AWS CLI. It is a module of its own so that the main module depends
// neither on the SDK nor on Python; it holds tests only, which fail when
// python3, boto3 or aws is missing (.ci/run installs boto3 and awscli).
package sdktest
