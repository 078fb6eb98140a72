package cliprofile

import (
	"io/fs"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// TestWebIdentity plays profiles whose chain starts with
// AssumeRoleWithWebIdentity (GitHub Actions' OIDC token, example 31's world).
func TestWebIdentity(t *testing.T) {
	sc, err := scenario.Load("../../examples/31-github-actions-oidc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	var token string
	for _, st := range sc.Steps {
		if st.WebIdentity != nil && st.WebIdentity.RoleSessionName != nil && *st.WebIdentity.RoleSessionName == "gha-4711" {
			token = sim.EncodeJWT(st.WebIdentity.Token, sc.Start)
		}
	}
	if token == "" {
		t.Fatal("example 31 has no step gha-4711")
	}
	c, err := Parse(File{Name: "config", Data: []byte(`[profile ci]
role_arn = arn:aws:iam::111111111111:role/Deploy
web_identity_token_file = /run/token
duration_seconds = 7200

[profile ci-prod]
role_arn = arn:aws:iam::222222222222:role/ProdDeploy
source_profile = ci

[profile ci-prod-2h]
role_arn = arn:aws:iam::222222222222:role/ProdDeploy
source_profile = ci
duration_seconds = 7200

[profile no-token]
role_arn = arn:aws:iam::111111111111:role/Deploy
web_identity_token_file = /run/missing
`)}, File{})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) ([]byte, error) {
		if name == "/run/token" {
			return []byte(token + "\n"), nil
		}
		return nil, fs.ErrNotExist
	}
	tests := []struct {
		name, reason string
		profile      string
		works        bool
		seconds      int64
		chained      []bool
		code         string
		unresolved   string
	}{
		{
			name: "web identity first hop", reason: "botocore sends no DurationSeconds for web identity (duration_seconds ignored): STS's default hour",
			profile: "ci", works: true, seconds: 3600, chained: []bool{false},
		},
		{
			name: "chained from web identity", reason: "an AssumeRole from the web identity session is role chaining",
			profile: "ci-prod", works: true, seconds: 3600, chained: []bool{false, true},
		},
		{
			name: "chained two hours from web identity", reason: "refused with the chaining ValidationError",
			profile: "ci-prod-2h", chained: []bool{false, false}, code: "ValidationError",
		},
		{
			name: "token file missing", reason: "the chain cannot be played: no call is made",
			profile: "no-token", unresolved: "profile no-token: web_identity_token_file /run/missing cannot be read: file does not exist",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Simulate(c, tt.profile, w, sc.Start, ClientCLI, Options{ReadFile: read})
			if r.Works != tt.works || r.Seconds != tt.seconds || r.Unresolved != tt.unresolved {
				t.Errorf("%s: works %v for %d s, unresolved %q; want %v for %d s, %q", tt.reason, r.Works, r.Seconds, r.Unresolved, tt.works, tt.seconds, tt.unresolved)
			}
			var chained []bool
			for _, h := range r.Hops {
				chained = append(chained, h.Chained)
			}
			if len(chained) != len(tt.chained) {
				t.Fatalf("%s: hops %+v, want %d", tt.reason, r.Hops, len(tt.chained))
			}
			for i := range chained {
				if chained[i] != tt.chained[i] {
					t.Errorf("%s: hop %d chained %v, want %v", tt.reason, i+1, chained[i], tt.chained[i])
				}
			}
			if f := r.Failed(); (f == nil) != (tt.code == "") || f != nil && f.Error.Code != tt.code {
				t.Errorf("%s: failed hop %+v, want code %q", tt.reason, f, tt.code)
			}
			if len(r.Hops) > 0 && (r.Hops[0].Operation != OpAssumeRoleWithWebIdentity || r.Hops[0].Requested != 0) {
				t.Errorf("%s: first hop %+v, want AssumeRoleWithWebIdentity with no DurationSeconds", tt.reason, r.Hops[0])
			}
		})
	}
}
