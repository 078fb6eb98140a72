package diff_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/diff"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

func analysis(t *testing.T, name, world string) *reach.Analysis {
	t.Helper()
	sc, err := scenario.Parse(name+".yaml", []byte("version: 1\nname: "+name+"\n"+world))
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return reach.New(trustgraph.Build(w, name))
}

// world writes a world of users alice and bob and roles Dev and Prod,
// with the given trust policy statements.
func world(devTrust, prodTrust string) string {
	return `accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies: {Hop: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}}
      - name: bob
        inline_policies: {Hop: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}}
    roles:
      - name: Dev
        max_session_duration: 4h
        inline_policies: {Hop: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}}
        trust_policy: {Version: "2012-10-17", Statement: [` + devTrust + `]}
      - name: Prod
        inline_policies: {Hop: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}}
        trust_policy: {Version: "2012-10-17", Statement: [` + prodTrust + `]}
`
}

const (
	trustAlice = `{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: sts:AssumeRole}`
	trustBob   = `{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/bob"}, Action: sts:AssumeRole}`
	prodExtID  = `{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/Dev"}, Action: sts:AssumeRole, Condition: {StringEquals: {sts:ExternalId: ext-1}}}`
	prodMFA    = `{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/Dev"}, Action: sts:AssumeRole, Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}}`
	prodSelf   = `{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/Prod"}, Action: sts:AssumeRole}`
)

// compareCase is a change of the base world and what Compare must find.
type compareCase struct {
	name, reason, new string
	want              []string // "kind principal role [what]"
	cycles            []string
}

// compareCases are TestCompare's cases, whose renderings TestGolden keeps.
func compareCases() (base string, cases []compareCase) {
	base = world(trustAlice, prodExtID)
	return base, []compareCase{
		{"same", "the same world gives no change", base, nil, nil},
		{"swapUser", "Dev trusts bob instead of alice: alice's two routes vanish, bob's appear",
			world(trustBob, prodExtID),
			[]string{"vanished alice Dev", "vanished alice Prod", "appeared bob Dev", "appeared bob Prod"}, nil},
		{"otherCondition", "Prod asks for MFA instead of an external id: the routes through it change conditions",
			world(trustAlice, prodMFA),
			[]string{"changed Dev Prod conditions", "changed alice Prod conditions"}, nil},
		{"shorterSession", "Dev's maximum drops from 4h to 2h: alice's first hop gives less; chained hops stay at 1h",
			strings.Replace(base, "max_session_duration: 4h", "max_session_duration: 2h", 1),
			[]string{"changed alice Dev max session"}, nil},
		{"selfAssume", "Prod trusts its own sessions: a juggling cycle appears, and Prod reaches itself",
			world(trustAlice, prodExtID+", "+prodSelf),
			[]string{"appeared Prod Prod"}, []string{"appeared Prod"}},
	}
}

func TestCompare(t *testing.T) {
	base, tests := compareCases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := diff.Compare(analysis(t, "old", base), analysis(t, "new", tt.new), "old", "new")
			var got []string
			for _, c := range d.Changes {
				s := string(c.Kind) + " " + c.PrincipalName + " " + c.RoleName
				if len(c.What) > 0 {
					s += " " + strings.Join(c.What, ",")
				}
				got = append(got, s)
			}
			var cycles []string
			for _, c := range d.Cycles {
				cycles = append(cycles, string(c.Kind)+" "+strings.Join(c.Names, ","))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || strings.Join(cycles, "\n") != strings.Join(tt.cycles, "\n") {
				t.Errorf("got\n%s\ncycles %v\nwant\n%s\ncycles %v\n(%s)", strings.Join(got, "\n"), cycles, strings.Join(tt.want, "\n"), tt.cycles, tt.reason)
			}
			if d.Empty() != (len(tt.want) == 0 && len(tt.cycles) == 0) {
				t.Errorf("Empty() = %v", d.Empty())
			}
			for _, out := range []string{d.Text(), d.JSON(), d.Markdown()} {
				if out == "" {
					t.Error("empty rendering")
				}
			}
			if d.JSON() != diff.Compare(analysis(t, "old", base), analysis(t, "new", tt.new), "old", "new").JSON() {
				t.Error("two comparisons differ")
			}
		})
	}
}

func TestText(t *testing.T) {
	d := diff.Compare(analysis(t, "old", world(trustAlice, prodExtID)), analysis(t, "new", world(trustAlice, prodMFA)), "main", "pr-42")
	want := `Access from main to pr-42:

~ Dev reaches Prod with other conditions
    was: Dev → Prod, up to 1h (chained), if sts:ExternalId StringEquals ext-1
    now: Dev → Prod, up to 1h (chained), if MFA

~ alice reaches Prod with other conditions
    was: alice → Dev → Prod, up to 1h (chained), if sts:ExternalId StringEquals ext-1
    now: alice → Dev → Prod, up to 1h (chained), if MFA

0 appeared, 0 vanished, 2 changed; 0 juggling cycle change(s).
`
	if got := d.Text(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if md := d.Markdown(); !strings.Contains(md, "| ✏️ | alice | Prod | alice → Dev → Prod, up to 1h (chained), if sts:ExternalId StringEquals ext-1 | alice → Dev → Prod, up to 1h (chained), if MFA |") {
		t.Errorf("markdown:\n%s", md)
	}
}
