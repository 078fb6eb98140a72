package sim

// SigningSecret returns the secret access key a request made with the
// access key id accessKeyID and the session token sessionToken ("" for
// long-term keys) must be signed with, for a server that verifies request
// signatures itself (stsserver). It checks what STS checks before the
// signature, in STS's order: an unknown key id, or a session token that is
// missing, present for a long-term key or not the session's, is
// InvalidClientTokenId; an expired session is ExpiredToken; a session whose
// role was deleted is InvalidClientTokenId. The error is an *Error. A root
// user's key is known once RootCredentials has handed it out.
func (s *Sim) SigningSecret(accessKeyID, sessionToken string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	if err := clockError(now); err != nil {
		return "", err
	}
	var secret string
	if e, ok := s.sessions[accessKeyID]; ok {
		secret = e.issued.Credentials.SecretAccessKey
	} else if u := s.world.accessKey[accessKeyID]; u != nil {
		secret = u.SecretAccessKey
	} else if a := s.rootKeys[accessKeyID]; a != nil {
		secret = secretFor(s.world.seed + "/rootsecret/" + a.ID)
	} else {
		return "", invalidClientToken()
	}
	// The caller check with the right secret leaves exactly the checks that
	// come before the signature, in the order requests meet them.
	if _, err := s.caller(Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secret, SessionToken: sessionToken}, now); err != nil {
		return "", err
	}
	return secret, nil
}
