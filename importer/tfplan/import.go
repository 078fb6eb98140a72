package tfplan

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// Options adjust an import.
type Options struct {
	// Name is the scenario's name ([A-Za-z0-9._-]+); "terraform-import"
	// when empty.
	Name string
	// PartsDir is the directory of the parts of a world too large for one
	// file (iamdump.Options.PartsDir).
	PartsDir string
	// Before imports the prior state (what exists before apply) instead of
	// the planned values (what will exist after).
	Before bool
	// Account is the account of resources whose account no ARN of the plan
	// names; "" when not given.
	Account string
	// ModuleAccounts gives the account of a module instance's resources
	// ("module.prod" -> "222222222222", "" for the root module), before
	// what the ARNs say of the module and before Account.
	ModuleAccounts map[string]string
	// Over is the IAM snapshot of the same accounts the plan is laid over
	// (iamdump.Options.Over): it gives the entities the plan does not
	// manage, the plan's planned values replace the snapshot's entities of
	// the same ARN, and what the plan deletes is removed. Its organization
	// is the one the plan's aws_organizations_* resources change. nil for
	// none; not with Before.
	Over *iamdump.Snapshot
}

// Import reads `terraform show -json` output (of a saved plan, or of a
// state) and returns the world it describes: the planned values, or the
// prior state with Before. Bad input is an *iamdump.Error naming the file
// and the JSON path; a world that rolesim's loader would not load is an
// error too, never a result.
func Import(src iamdump.Source, opts Options) (*iamdump.Result, error) {
	for m, id := range opts.ModuleAccounts {
		if !isAccountID(id) {
			return nil, errors.New("--account " + m + "=" + id + ": not a 12-digit account id")
		}
	}
	if opts.Account != "" && !isAccountID(opts.Account) {
		return nil, errors.New("--account " + opts.Account + ": not a 12-digit account id")
	}
	name := opts.Name
	if name == "" {
		name = "terraform-import"
	}
	file := src.Name
	data := bytes.TrimPrefix(src.Data, []byte("\xef\xbb\xbf"))
	var top map[string]any
	if err := decode(file, "$", data, &top); err != nil {
		if e, ok := err.(*iamdump.Error); ok && strings.HasPrefix(e.Message, "expected") {
			e.Message = "expected a JSON object (the output of terraform show -json)"
		}
		return nil, err
	}
	if top == nil {
		return nil, &iamdump.Error{File: file, Path: "$", Message: "expected a JSON object, got null"}
	}
	var p planJSON
	if err := decode(file, "$", data, &p); err != nil {
		return nil, err
	}
	if v := p.FormatVersion; v != "" && v != "1" && !strings.HasPrefix(v, "1.") {
		return nil, &iamdump.Error{File: file, Path: "$.format_version", Message: "format version " + strconv.Quote(v) + ": rolesim reads format 1.x"}
	}
	if opts.Before && opts.Over != nil {
		return nil, errors.New("--before and --over: the prior state is the snapshot's world already; give one of them")
	}
	var root *valuesJSON
	path, view, short := "", "", ""
	switch {
	case opts.Before && p.PlannedValues == nil:
		return nil, &iamdump.Error{File: file, Path: "$", Message: "--before needs a plan (planned_values and prior_state): this is not one"}
	case opts.Before:
		if p.PriorState == nil || p.PriorState.Values == nil {
			return nil, &iamdump.Error{File: file, Path: "$.prior_state", Message: "the plan has no prior state (nothing exists before apply): --before has no world to import"}
		}
		root, path, view, short = p.PriorState.Values, "$.prior_state.values.root_module", "the prior state (--before): what exists before apply", "prior state"
	case p.PlannedValues != nil:
		root, path, view, short = p.PlannedValues, "$.planned_values.root_module", "the planned values: what will exist after apply", "planned values"
	case p.Values != nil:
		root, path, view, short = p.Values, "$.values.root_module", "a state: what exists", ""
	default:
		return nil, &iamdump.Error{File: file, Path: "$", Message: "not the output of terraform show -json: no planned_values (a plan) or values (a state)"}
	}
	res, err := modules(file, path, root.RootModule, 0)
	if err != nil {
		return nil, err
	}
	var gone []*resource
	if !opts.Before && p.PlannedValues != nil {
		chs, err := changes(file, p.ResourceChanges)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			if ch := chs[r.addr]; ch != nil {
				r.unknown, r.actions = ch.Change.AfterUnknown, ch.Change.Actions
			}
		}
		gone = deleted(chs)
	}
	c := newConverter(file, res, opts)
	c.gone = gone
	if len(p.Configuration) > 0 && !opts.Before {
		c.config = readConfig(p.Configuration)
	}
	m, err := c.convert()
	if err != nil {
		return nil, err
	}
	m.Tool = "rolesim import terraform"
	m.File = file
	m.Kind = "terraform show -json, " + view
	n := strconv.Itoa(len(c.allAccounts()))
	m.Description = "Imported from a Terraform plan, its " + short + ": " + n + " account(s)."
	if p.PlannedValues == nil {
		m.Description = "Imported from a Terraform state: " + n + " account(s)."
	}
	if opts.Over != nil {
		m.Description = strings.TrimSuffix(m.Description, ".") + ", laid over an IAM snapshot."
	}
	m.Header = c.header()
	if opts.Over == nil {
		m.Deletions = nil // nothing to take them out of
	}
	return iamdump.ImportModel(m, iamdump.Options{Name: name, PartsDir: opts.PartsDir, Over: opts.Over})
}
