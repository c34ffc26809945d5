// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command oidc loads OpenID Connect providers' token endpoint
// (authorization_code and refresh_token grants) and userinfo endpoint with
// concurrent clients, and reports throughput and latency percentiles for
// each. It is a standard relying party (net/http, golang.org/x/oauth2,
// coreos/go-oidc) that talks to any issuer through discovery, so one run
// measures Ensemble and a peer (Dex…) side by side: rounds alternate
// between the targets at each concurrency level, and the summary gives the
// median over the rounds.
//
// Each authorization code comes from a real browser login: a fresh cookie
// jar follows authorize to the login form, posts it, and follows on to the
// redirect URI. Logins are timed as their own phase, since password
// hashing is slow by design. Codes are fetched and exchanged in batches so
// that none waits past a short code lifetime (Ensemble's is one minute).
// ID tokens are verified after each batch, outside the timed section.
// Refresh (each client rotating its own token family) and userinfo run for
// a bounded duration and count.
//
//	go run ./bench/oidc -email 'bench%d@example.org' -users 32 -password-file pw -c 8,32 -rounds 2 \
//	    -target 'name=ensemble,issuer=http://127.0.0.1:5557,client-id=ID,client-secret=S' \
//	    -target 'name=dex,issuer=http://127.0.0.1:5556/dex,client-id=bench,client-secret=S,login-path=/dex/auth/local/login,user-field=login'
//
// Only loopback issuers are accepted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// target is one provider under test.
type target struct {
	name, issuer, clientID, secret  string
	loginPath, userField, passField string
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

type settings struct {
	email, password, redirect   string
	users, codes, batch, maxReq int
	duration                    time.Duration
}

func main() {
	var s settings
	var targets listFlag
	var pwFile, levels string
	var rounds int
	flag.Var(&targets, "target", "a provider, repeatable: name=N,issuer=URL,client-id=ID,client-secret=S[,login-path=/login][,user-field=email][,password-field=password]")
	flag.StringVar(&s.redirect, "redirect-uri", "http://127.0.0.1:9999/cb", "the clients' redirect URI (never contacted)")
	flag.StringVar(&s.email, "email", "", "the accounts that log in, a pattern with %d for 0…users-1 (the same on every target)")
	flag.IntVar(&s.users, "users", 32, "accounts: each concurrent client refreshes its own user's grant (Dex keeps one refresh token per user and client)")
	flag.StringVar(&pwFile, "password-file", "", "a file holding its password")
	flag.StringVar(&levels, "c", "8,32", "concurrency levels (concurrent clients), comma-separated")
	flag.IntVar(&rounds, "rounds", 2, "rounds; each runs every target at every level, alternating targets")
	flag.IntVar(&s.codes, "codes", 600, "browser logins per run, each giving one code for the code grant")
	flag.IntVar(&s.batch, "batch", 200, "codes fetched, then exchanged, per batch (keeps codes younger than their lifetime)")
	flag.DurationVar(&s.duration, "duration", 10*time.Second, "length of the refresh and userinfo phases")
	flag.IntVar(&s.maxReq, "max", 200000, "bound on the requests of one refresh or userinfo phase")
	flag.Parse()
	if len(targets) == 0 || !strings.Contains(s.email, "%d") || pwFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	pw, err := os.ReadFile(pwFile)
	if err != nil {
		log.Fatalf("read -password-file: %v", err)
	}
	s.password = strings.TrimSpace(string(pw))
	var ts []target
	for _, spec := range targets {
		t, err := parseTarget(spec)
		if err != nil {
			log.Fatal(err)
		}
		ts = append(ts, t)
	}
	var cs []int
	for f := range strings.SplitSeq(levels, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			log.Fatalf("-c: bad level %q", f)
		}
		cs = append(cs, c)
	}
	fmt.Printf("# %s, %d rounds, levels %v, %d codes (batches of %d), refresh/userinfo %s each\n",
		time.Now().UTC().Format(time.RFC3339), rounds, cs, s.codes, s.batch, s.duration)
	all := map[key][]result{}
	for r := 1; r <= rounds; r++ {
		for _, c := range cs {
			for _, t := range ts {
				fmt.Printf("\n## round %d, %s, c=%d\n", r, t.name, c)
				res, err := runTarget(t, s, c)
				if err != nil {
					log.Fatalf("%s: %v", t.name, err)
				}
				for _, x := range res {
					k := key{x.phase, t.name, c}
					all[k] = append(all[k], x)
				}
			}
		}
	}
	summary(all, ts, cs, rounds)
}

func parseTarget(spec string) (target, error) {
	t := target{loginPath: "/login", userField: "email", passField: "password"}
	for kv := range strings.SplitSeq(spec, ",") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "name":
			t.name = v
		case "issuer":
			t.issuer = v
		case "client-id":
			t.clientID = v
		case "client-secret":
			t.secret = v
		case "login-path":
			t.loginPath = v
		case "user-field":
			t.userField = v
		case "password-field":
			t.passField = v
		default:
			return t, fmt.Errorf("-target: unknown key %q", k)
		}
	}
	if t.name == "" || t.issuer == "" || t.clientID == "" {
		return t, fmt.Errorf("-target %q: name, issuer and client-id are required", spec)
	}
	u, err := url.Parse(t.issuer)
	if err != nil {
		return t, fmt.Errorf("-target %s: issuer: %v", t.name, err)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return t, fmt.Errorf("-target %s: issuer %s is not on loopback", t.name, t.issuer)
	}
	return t, nil
}

// A phase is one measured part of a run.
const (
	phaseLogin    = "login (authorize + password form)"
	phaseCode     = "token: authorization_code"
	phaseRefresh  = "token: refresh_token"
	phaseUserinfo = "userinfo"
)

var phases = []string{phaseLogin, phaseCode, phaseRefresh, phaseUserinfo}

type result struct {
	phase         string
	n, failed     int
	rate          float64
	p50, p99, max time.Duration
	firstErr      error
}

type key struct {
	phase, target string
	c             int
}

// slot is one concurrent client's tokens.
type slot struct{ refresh, access string }

func runTarget(t target, s settings, c int) ([]result, error) {
	tr := &http.Transport{MaxIdleConns: 4 * c, MaxIdleConnsPerHost: 4 * c, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx := oidc.ClientContext(context.Background(), hc)
	ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	prov, err := oidc.NewProvider(ctx, t.issuer)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	ep := prov.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInHeader
	conf := &oauth2.Config{ClientID: t.clientID, ClientSecret: t.secret, Endpoint: ep, RedirectURL: s.redirect,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email", oidc.ScopeOfflineAccess}}
	verifier := prov.Verifier(&oidc.Config{ClientID: t.clientID})

	// Logins and code exchanges, batch by batch.
	var logins, codes stats
	var idTokens []string
	for done := 0; done < s.codes; {
		n := min(s.batch, s.codes-done)
		type code struct{ code, verifier string }
		batch := make([]code, n)
		logins.add(measure(c, n, 0, func(_, i int) error {
			v := oauth2.GenerateVerifier()
			cd, err := browserLogin(tr, t, conf, s, (done+i)%s.users, v)
			batch[i] = code{cd, v}
			return err
		}))
		toks := make([]*oauth2.Token, n)
		codes.add(measure(c, n, 0, func(_, i int) error {
			if batch[i].code == "" {
				return errors.New("no code (its login failed)")
			}
			tok, err := conf.Exchange(ctx, batch[i].code, oauth2.VerifierOption(batch[i].verifier))
			toks[i] = tok
			return err
		}))
		for _, tok := range toks {
			if tok == nil {
				continue
			}
			if raw, _ := tok.Extra("id_token").(string); raw != "" {
				idTokens = append(idTokens, raw)
			}
		}
		done += n
	}
	bad := 0
	for _, raw := range idTokens {
		if _, err := verifier.Verify(ctx, raw); err != nil {
			bad++
			if bad == 1 {
				fmt.Printf("  ID token rejected: %v\n", err)
			}
		}
	}
	fmt.Printf("  %d ID tokens verified (go-oidc), %d rejected\n", len(idTokens)-bad, bad)
	out := []result{logins.result(phaseLogin), codes.result(phaseCode)}

	// Each client gets its own user's newest grant (untimed).
	if s.users < c {
		return nil, fmt.Errorf("-users %d is fewer than the %d concurrent clients", s.users, c)
	}
	slots := make([]slot, c)
	if p := measure(c, c, 0, func(w, _ int) error {
		v := oauth2.GenerateVerifier()
		cd, err := browserLogin(tr, t, conf, s, w, v)
		if err != nil {
			return err
		}
		tok, err := conf.Exchange(ctx, cd, oauth2.VerifierOption(v))
		if err != nil {
			return err
		}
		slots[w] = slot{tok.RefreshToken, tok.AccessToken}
		return nil
	}); p.err != nil {
		return nil, fmt.Errorf("refresh set-up: %w", p.err)
	}

	// Refresh: each client rotates its own token family.
	var rs stats
	rs.add(measure(c, s.maxReq, s.duration, func(w, _ int) error {
		tok, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: slots[w].refresh}).Token()
		if err != nil {
			return err
		}
		slots[w] = slot{tok.RefreshToken, tok.AccessToken}
		return nil
	}))
	out = append(out, rs.result(phaseRefresh))

	var us stats
	us.add(measure(c, s.maxReq, s.duration, func(w, _ int) error {
		_, err := prov.UserInfo(ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: slots[w].access, TokenType: "Bearer"}))
		return err
	}))
	out = append(out, us.result(phaseUserinfo))
	for _, r := range out {
		printResult(r)
	}
	return out, nil
}

// stats gathers the latencies of a phase run in several parts.
type stats struct {
	lat     []time.Duration
	elapsed time.Duration
	failed  int
	err     error
}

func (s *stats) add(p part) {
	s.lat = append(s.lat, p.lat...)
	s.elapsed += p.elapsed
	s.failed += p.failed
	if s.err == nil {
		s.err = p.err
	}
}

func (s *stats) result(phase string) result {
	r := result{phase: phase, n: len(s.lat), failed: s.failed, firstErr: s.err}
	if len(s.lat) == 0 {
		return r
	}
	slices.Sort(s.lat)
	pct := func(p float64) time.Duration { return s.lat[min(len(s.lat)-1, int(float64(len(s.lat))*p))] }
	r.rate = float64(len(s.lat)) / s.elapsed.Seconds()
	r.p50, r.p99, r.max = pct(0.50), pct(0.99), s.lat[len(s.lat)-1]
	return r
}

func printResult(r result) {
	fmt.Printf("  %-36s %7d req %8.1f req/s  p50 %-9s p99 %-9s max %-9s failed %d\n", r.phase, r.n, r.rate,
		ms(r.p50), ms(r.p99), ms(r.max), r.failed)
	if r.firstErr != nil {
		fmt.Printf("    first error: %v\n", r.firstErr)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

type part struct {
	lat     []time.Duration
	elapsed time.Duration
	failed  int
	err     error
}

// measure calls fn(worker, i) for i in 0…n-1 from c workers, stopping early
// once d has passed if d > 0, and returns the latencies of the calls made.
func measure(c, n int, d time.Duration, fn func(worker, i int) error) part {
	lats := make([][]time.Duration, c)
	var next, failed atomic.Int64
	var mu sync.Mutex
	var first error
	start := time.Now()
	var deadline time.Time
	if d > 0 {
		deadline = start.Add(d)
	}
	var wg sync.WaitGroup
	for w := range c {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || (d > 0 && time.Now().After(deadline)) {
					return
				}
				t := time.Now()
				err := fn(w, i)
				lats[w] = append(lats[w], time.Since(t))
				if err != nil {
					failed.Add(1)
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	p := part{elapsed: time.Since(start), failed: int(failed.Load()), err: first}
	for _, l := range lats {
		p.lat = append(p.lat, l...)
	}
	return p
}

// browserLogin follows authorize to the login form with a fresh cookie
// jar, posts the form, and follows on to the redirect URI, whose code it
// returns.
func browserLogin(tr http.RoundTripper, t target, conf *oauth2.Config, s settings, user int, verifier string) (string, error) {
	jar, _ := cookiejar.New(nil)
	var code string
	hc := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), s.redirect) {
			code = req.URL.Query().Get("code")
			return http.ErrUseLastResponse
		}
		if len(via) >= 10 {
			return errors.New("too many redirects")
		}
		return nil
	}}
	resp, err := hc.Get(conf.AuthCodeURL("bench", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if code != "" {
		return code, nil
	}
	if resp.Request.URL.Path != t.loginPath || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("authorize ended at %s (%d), not at the login page", resp.Request.URL, resp.StatusCode)
	}
	form := url.Values{t.userField: {fmt.Sprintf(s.email, user)}, t.passField: {s.password}}
	if rt := resp.Request.URL.Query().Get("return_to"); rt != "" {
		form.Set("return_to", rt)
	}
	req, _ := http.NewRequest("POST", resp.Request.URL.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u := resp.Request.URL
	req.Header.Set("Origin", u.Scheme+"://"+u.Host) // as a browser does on a form post
	resp, err = hc.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if code == "" {
		return "", fmt.Errorf("login ended at %s (%d) without a code", resp.Request.URL, resp.StatusCode)
	}
	return code, nil
}

// summary prints, per level and phase, the median over rounds of each
// target's throughput and latencies, as a Markdown table.
func summary(all map[key][]result, ts []target, cs []int, rounds int) {
	fmt.Printf("\n## median of %d rounds (req/s; p50 / p99 in ms)\n\n", rounds)
	fmt.Print("| phase | c |")
	for _, t := range ts {
		fmt.Printf(" %s req/s | %s p50 | %s p99 |", t.name, t.name, t.name)
	}
	fmt.Print("\n|---|---|")
	for range ts {
		fmt.Print("---|---|---|")
	}
	fmt.Println()
	for _, ph := range phases {
		for _, c := range cs {
			fmt.Printf("| %s | %d |", ph, c)
			for _, t := range ts {
				rs := all[key{ph, t.name, c}]
				failed := 0
				for _, r := range rs {
					failed += r.failed
				}
				note := ""
				if failed > 0 {
					note = fmt.Sprintf(" (%d failed)", failed)
				}
				fmt.Printf(" %.0f%s | %.2f | %.2f |", median(rs, func(r result) float64 { return r.rate }), note,
					median(rs, func(r result) float64 { return float64(r.p50) / 1e6 }),
					median(rs, func(r result) float64 { return float64(r.p99) / 1e6 }))
			}
			fmt.Println()
		}
	}
}

func median(rs []result, f func(result) float64) float64 {
	if len(rs) == 0 {
		return 0
	}
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
