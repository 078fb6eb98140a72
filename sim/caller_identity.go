package sim

// GetCallerIdentityOutput is the sts:GetCallerIdentity response.
type GetCallerIdentityOutput struct {
	Account string
	Arn     string
	UserID  string
}

// GetCallerIdentity returns who the credentials belong to. It needs no
// permission, and no policy can deny it; expired or unknown credentials still
// fail.
func (s *Sim) GetCallerIdentity(creds Credentials) (*GetCallerIdentityOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.stsCaller(creds, s.clock.Now())
	if err != nil {
		return nil, err
	}
	return &GetCallerIdentityOutput{Account: c.account.ID, Arn: c.arn, UserID: c.userID}, nil
}
