"""boto3 against rolesim's STS endpoint, for sdktest's real-client tests.

The Go tests run this script with the endpoint in AWS_ENDPOINT_URL_STS, the
caller's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and config files
of their own (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). It prints one
JSON object on stdout, which the test compares; an STS error is reported in
it (the botocore exception's class, its Error dict, the HTTP status and the
exception's text), anything else is a traceback and a non-zero exit.

    boto3_sts.py chain [ROLE_ARN,SESSION_NAME,SECONDS ...]
        Assumes each role in turn with the previous hop's credentials (the
        first with the environment's), as static keys, then calls
        GetCallerIdentity with the last: {"hops": [...], "identity": {...}}
        or {"hops": [...], "error": {...}} at the first refusal.

    boto3_sts.py profile PROFILE WAIT_SECONDS
        Calls GetCallerIdentity three times through a boto3 Session of
        PROFILE (a role_arn/source_profile profile: botocore's
        AssumeRoleProvider), twice at once, then once more after
        WAIT_SECONDS: {"method": ..., "calls": [{"Arn", "AccessKeyId"}...]},
        with "error" when botocore raises a RuntimeError on expired
        credentials.
"""

import json
import sys
import time

import boto3
import botocore.exceptions


def error(e):
    """The parts of a botocore ClientError the tests compare."""
    return {
        "class": type(e).__name__,
        "Error": e.response.get("Error", {}),
        "HTTPStatusCode": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
        "str": str(e),
    }


def chain(hops):
    out = {"hops": []}
    sts = boto3.client("sts")
    for hop in hops:
        role, name, seconds = hop.split(",")
        try:
            r = sts.assume_role(RoleArn=role, RoleSessionName=name, DurationSeconds=int(seconds))
        except botocore.exceptions.ClientError as e:
            out["error"] = dict(error(e), hop=len(out["hops"]))
            return out
        c = r["Credentials"]
        out["hops"].append({
            "Arn": r["AssumedRoleUser"]["Arn"],
            "AccessKeyId": c["AccessKeyId"],
            "Expiration": c["Expiration"].isoformat(),
        })
        sts = boto3.client(
            "sts",
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"],
        )
    try:
        r = sts.get_caller_identity()
    except botocore.exceptions.ClientError as e:
        out["error"] = dict(error(e), hop=len(out["hops"]))
        return out
    out["identity"] = {k: r[k] for k in ("Arn", "Account", "UserId")}
    return out


def profile(name, wait):
    session = boto3.Session(profile_name=name)
    sts = session.client("sts")
    creds = session.get_credentials()
    calls = []
    for i in range(3):
        if i == 2:
            time.sleep(wait)
        try:
            r = sts.get_caller_identity()
        except RuntimeError as e:
            # botocore's refusal of credentials that are expired as soon
            # as they are fetched.
            return {"method": creds.method, "calls": calls, "error": {"class": type(e).__name__, "str": str(e)}}
        # The key the call was signed with: the same credentials object
        # (refreshed in place), read right after the call.
        calls.append({"Arn": r["Arn"], "AccessKeyId": creds.get_frozen_credentials().access_key})
    return {"method": creds.method, "calls": calls}


def main(argv):
    if len(argv) >= 1 and argv[0] == "chain":
        out = chain(argv[1:])
    elif len(argv) == 3 and argv[0] == "profile":
        out = profile(argv[1], float(argv[2]))
    else:
        sys.exit(__doc__)
    json.dump(out, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
