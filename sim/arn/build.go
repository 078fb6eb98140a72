package arn

// The builders below concatenate their arguments into one new string (a
// single allocation) and check nothing: validate inputs with IsAccountID,
// ValidPath and ValidName first. Where a builder takes a path, "" counts as
// "/".

// UserARN returns arn:PARTITION:iam::ACCOUNT:user<PATH><NAME>.
func UserARN(partition, account, path, name string) string {
	return "arn:" + partition + ":iam::" + account + ":user" + orRoot(path) + name
}

// RoleARN returns arn:PARTITION:iam::ACCOUNT:role<PATH><NAME>.
func RoleARN(partition, account, path, name string) string {
	return "arn:" + partition + ":iam::" + account + ":role" + orRoot(path) + name
}

// GroupARN returns arn:PARTITION:iam::ACCOUNT:group<PATH><NAME>.
func GroupARN(partition, account, path, name string) string {
	return "arn:" + partition + ":iam::" + account + ":group" + orRoot(path) + name
}

// PolicyARN returns arn:PARTITION:iam::ACCOUNT:policy<PATH><NAME>. Use
// account "aws" for AWS managed policies
// (arn:aws:iam::aws:policy/ReadOnlyAccess).
func PolicyARN(partition, account, path, name string) string {
	return "arn:" + partition + ":iam::" + account + ":policy" + orRoot(path) + name
}

// RootARN returns arn:PARTITION:iam::ACCOUNT:root, the ARN of the account's
// root user; as a policy principal it stands for the whole account.
func RootARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}

// AssumedRoleARN returns
// arn:PARTITION:sts::ACCOUNT:assumed-role/ROLENAME/SESSIONNAME, the ARN of a
// role session. It takes no path: AWS leaves the role's path out of session
// ARNs.
func AssumedRoleARN(partition, account, roleName, sessionName string) string {
	return "arn:" + partition + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName
}

// FederatedUserARN returns arn:PARTITION:sts::ACCOUNT:federated-user/NAME,
// the ARN of a GetFederationToken session.
func FederatedUserARN(partition, account, name string) string {
	return "arn:" + partition + ":sts::" + account + ":federated-user/" + name
}

// orRoot returns path, or "/" if path is empty.
func orRoot(path string) string {
	if path == "" {
		return "/"
	}
	return path
}
