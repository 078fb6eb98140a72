package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/stsserver"
)

// defaultServeAddr is where `rolesim serve` listens unless --addr says
// otherwise: loopback only.
const defaultServeAddr = "127.0.0.1:4599"

// Limits of the endpoint's HTTP server.
const (
	serveReadHeaderTimeout = 5 * time.Second
	serveReadTimeout       = 10 * time.Second
	serveWriteTimeout      = 10 * time.Second
	serveIdleTimeout       = 60 * time.Second
	serveMaxHeaderBytes    = 64 << 10
	serveShutdownTimeout   = 5 * time.Second
)

// serveOptions are the flags of `rolesim serve`.
type serveOptions struct {
	addr      string
	wallClock bool
	speed     float64
	trail     string // --trail FILE: CloudTrail records appended as JSON Lines
	noTrail   bool   // --no-trail: no CloudTrail records at all
}

func (a *app) serveCommand() *cobra.Command {
	opts := serveOptions{addr: defaultServeAddr, speed: 1}
	cmd := &cobra.Command{
		Use:   "serve FILE",
		Short: "Serve a scenario's world as an STS endpoint that AWS SDKs and the CLI talk to",
		Long: `Serve builds the world of one scenario and answers STS's Query protocol over
HTTP on it (AssumeRole, GetCallerIdentity, GetSessionToken, GetFederationToken,
AssumeRoleWithWebIdentity, AssumeRoleWithSAML), with SigV4 signatures checked
against the world's keys and sessions and every rule the simulator enforces.
The scenario's steps are not played: clients make the requests. Point a
client at it with its endpoint setting (AWS_ENDPOINT_URL_STS=http://ADDR, or
--endpoint-url) and sign for the scenario's region.

At start-up it prints the users' long-term access keys (deterministic: the
same scenario always has the same keys). Request secrets and session tokens
are never logged.

The fake clock starts at the scenario's start and moves only through the
control API:
  GET  /_rolesim/clock
  POST /_rolesim/clock/advance?d=1h
  POST /_rolesim/clock/set?t=2024-01-01T03:00:00Z
  GET  /_rolesim/trace            (the requests served, without secrets)
  GET  /_rolesim/trail            (their CloudTrail records, JSON Lines)

--trail FILE appends the CloudTrail record of every call answered to FILE
as it is answered, one JSON object a line, as run --trail writes a
scenario's (session tokens included, secrets never). --no-trail keeps no
CloudTrail records at all (GET /_rolesim/trail then says the trail is off);
the trace is kept either way.

A request signed more than 15 minutes before or after the wall clock (the
clock the SDKs and the CLI sign with) is refused as AWS refuses it
("Signature expired: ..."), presigned URLs included: they live 15 minutes,
whatever their X-Amz-Expires says, as in STS.

--wall-clock returns every Expiration as the wall-clock time at which the
session ends (now + its remaining fake lifetime), so that an SDK's
credential cache refreshes; with it the fake clock runs on its own, --speed
times as fast as real time.

It listens on ` + defaultServeAddr + ` (loopback only) unless --addr names another
address. The control API has no authentication: keep it on loopback.`,
		Example: `  rolesim serve chain.yaml
  rolesim serve examples/12-three-hop-chain.yaml --addr 127.0.0.1:8080
  rolesim serve chain.yaml --wall-clock --speed 60
  rolesim serve chain.yaml --trail calls.jsonl
  rolesim serve chain.yaml --no-trail`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return codeError(a.serve(ctx, args[0], opts, net.Listen))
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", defaultServeAddr, "listen on `HOST:PORT` (the default is loopback only)")
	f.BoolVar(&opts.wallClock, "wall-clock", false, "return Expiration on the wall clock (now + the fake lifetime left), the fake clock running on its own")
	f.Float64Var(&opts.speed, "speed", 1, "with --wall-clock, fake seconds per wall-clock second")
	f.StringVar(&opts.trail, "trail", "", "append the CloudTrail records of the calls answered to `FILE` (JSON Lines)")
	f.BoolVar(&opts.noTrail, "no-trail", false, "keep no CloudTrail records (GET /_rolesim/trail says the trail is off)")
	return cmd
}

// serveInput resolves FILE as loadOne does: a path on disk, or a built-in
// example named examples/<name>.
func (a *app) serveInput(path string) input {
	in := input{name: path}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if rest, ok := strings.CutPrefix(path, examplesDir+"/"); ok {
			if _, err := fs.Stat(a.examples, rest); err == nil {
				in.fsys = prefixFS{prefix: examplesDir, fsys: a.examples}
			}
		}
	}
	return in
}

// serve loads the scenario, listens with listen and serves until ctx ends.
func (a *app) serve(ctx context.Context, file string, opts serveOptions, listen func(network, addr string) (net.Listener, error)) int {
	if opts.speed <= 0 {
		fmt.Fprintf(a.stderr, "rolesim: --speed must be positive, not %g\n", opts.speed)
		return exitBadInput
	}
	if !opts.wallClock && opts.speed != 1 {
		fmt.Fprintf(a.stderr, "rolesim: --speed runs the fake clock on its own, which it does only with --wall-clock\n")
		return exitBadInput
	}
	if opts.noTrail && opts.trail != "" {
		fmt.Fprintf(a.stderr, "rolesim: --trail FILE writes the CloudTrail records that --no-trail turns off: give one of them\n")
		return exitBadInput
	}
	good, diags := prepare([]input{a.serveInput(file)})
	if len(diags) > 0 {
		a.printDiagnostics(diags)
		return exitBadInput
	}
	sc := good[0].sc
	w, err := sim.NewWorld(sc)
	if err != nil {
		a.printDiagnostics(asDiagnostics(file, err))
		return exitBadInput
	}
	start := sc.Start
	if start.IsZero() {
		start = scenario.DefaultStart
	}
	var clk stsserver.Clock = sim.NewFakeClock(start)
	// Clients sign with the wall clock in either mode (the fake clock is
	// the scenario's, not theirs).
	hopts := stsserver.Options{SigningClock: time.Now, NoTrail: opts.noTrail}
	if opts.wallClock {
		clk = stsserver.NewRunningClock(start, time.Now, opts.speed)
		hopts.WallClock = time.Now
	}
	hopts.Clock = clk
	hopts.TrailSeed = sc.Name
	if opts.trail != "" {
		f, err := os.OpenFile(opts.trail, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(a.stderr, "rolesim: --trail: %v\n", err)
			return exitBadInput
		}
		defer f.Close()
		hopts.Trail = f
	}
	s := sim.New(w, clk)
	h := stsserver.New(s, hopts)

	ln, err := listen("tcp", opts.addr)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: serveReadHeaderTimeout,
		ReadTimeout:       serveReadTimeout,
		WriteTimeout:      serveWriteTimeout,
		IdleTimeout:       serveIdleTimeout,
		MaxHeaderBytes:    serveMaxHeaderBytes,
		ErrorLog:          log.New(a.stderr, "rolesim serve: ", 0),
	}
	a.serveBanner(file, sc, s, start, "http://"+ln.Addr().String(), opts)

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), serveShutdownTimeout)
	defer cancel()
	_ = srv.Shutdown(sctx)
	<-done
	if err := h.TrailErr(); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: --trail: %v\n", err)
		return exitBadInput
	}
	return exitOK
}

// serveBanner prints what a client needs: the endpoint, the region, the
// clock and the users' long-term keys, in the world's order.
func (a *app) serveBanner(file string, sc *scenario.Scenario, s *sim.Sim, start time.Time, url string, opts serveOptions) {
	var b strings.Builder
	fmt.Fprintf(&b, "rolesim serve: %s (%s)\n", sc.Name, file)
	fmt.Fprintf(&b, "endpoint:   %s (region %s; AWS_ENDPOINT_URL_STS=%s)\n", url, s.World().Region, url)
	clockNote := "moves only through the control API"
	if opts.wallClock {
		clockNote = fmt.Sprintf("runs at %gx real time; Expiration is on the wall clock", opts.speed)
	}
	fmt.Fprintf(&b, "fake clock: %s (%s)\n", start.UTC().Format(time.RFC3339), clockNote)
	fmt.Fprintf(&b, "control:    GET %s/_rolesim/clock, POST %s/_rolesim/clock/advance?d=1h, GET %s/_rolesim/trace\n", url, url, url)
	if opts.noTrail {
		b.WriteString("trail:      off (--no-trail): no CloudTrail records are kept\n")
	}
	keys := stsserver.UserKeys(s)
	if len(keys) == 0 {
		b.WriteString("long-term access keys: none (the world has no IAM users)\n")
	} else {
		b.WriteString("long-term access keys:\n")
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s\n    aws_access_key_id = %s\n    aws_secret_access_key = %s\n", k.ARN, k.AccessKeyID, k.SecretAccessKey)
	}
	b.WriteString("root users' access keys:\n")
	for _, k := range stsserver.RootKeys(s) {
		fmt.Fprintf(&b, "  %s\n    aws_access_key_id = %s\n    aws_secret_access_key = %s\n", k.ARN, k.AccessKeyID, k.SecretAccessKey)
	}
	_, _ = fmt.Fprint(a.stdout, b.String())
}
