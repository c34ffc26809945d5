// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command oidc loads an OpenID Connect provider's token endpoint
// (authorization_code and refresh_token grants) and its userinfo endpoint
// with concurrent clients, and reports throughput and latency percentiles
// for each. It talks to any issuer through discovery, so the same run can
// measure Ensemble and a peer (Dex…) side by side.
//
// Codes are obtained first by real browser logins (form post to the login
// page), which are timed separately: password hashing is slow by design.
//
//	go run ./bench/oidc -issuer http://127.0.0.1:8080 -client-id ID -client-secret S \
//	    -redirect-uri http://127.0.0.1:9999/cb -email a@example.org -password-file pw -c 32 -n 2000
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type config struct {
	issuer, clientID, secret, redirect, email, password string
	loginPath, userField, passField                     string
	concurrency, logins, requests                       int
}

type discovery struct {
	Authorization string `json:"authorization_endpoint"`
	Token         string `json:"token_endpoint"`
	Userinfo      string `json:"userinfo_endpoint"`
}

func main() {
	var c config
	var pwFile string
	flag.StringVar(&c.issuer, "issuer", "http://127.0.0.1:8080", "the provider's issuer URL")
	flag.StringVar(&c.clientID, "client-id", "", "a confidential client registered with -redirect-uri")
	flag.StringVar(&c.secret, "client-secret", "", "its secret")
	flag.StringVar(&c.redirect, "redirect-uri", "http://127.0.0.1:9999/cb", "the client's redirect URI (never contacted)")
	flag.StringVar(&c.email, "email", "", "the account that logs in")
	flag.StringVar(&pwFile, "password-file", "", "a file holding its password")
	flag.StringVar(&c.loginPath, "login-path", "/login", "path of the login form's page (Dex: /auth/local/login)")
	flag.StringVar(&c.userField, "user-field", "email", "the login form's user field (Dex: login)")
	flag.StringVar(&c.passField, "password-field", "password", "the login form's password field")
	flag.IntVar(&c.concurrency, "c", 16, "concurrent clients")
	flag.IntVar(&c.logins, "logins", 200, "browser logins, each giving one code for the code grant")
	flag.IntVar(&c.requests, "n", 2000, "refresh and userinfo requests each")
	flag.Parse()
	pw, err := os.ReadFile(pwFile)
	if err != nil {
		log.Fatalf("read -password-file: %v", err)
	}
	c.password = strings.TrimSpace(string(pw))
	var d discovery
	if err := getJSON(http.DefaultClient, strings.TrimSuffix(c.issuer, "/")+"/.well-known/openid-configuration", &d); err != nil {
		log.Fatalf("discovery: %v", err)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.concurrency * 2}, Timeout: 30 * time.Second}
	fmt.Printf("issuer %s, %d concurrent clients, %s\n", c.issuer, c.concurrency, time.Now().Format(time.RFC3339))

	type code struct{ code, verifier string }
	codes := make([]code, c.logins)
	run("browser login (authorize + password)", c.concurrency, c.logins, func(i int) error {
		v := verifier()
		cd, err := browserLogin(c, d, v)
		codes[i] = code{cd, v}
		return err
	})
	refresh := make([]string, c.logins)
	access := make([]string, c.logins)
	run("token: authorization_code", c.concurrency, c.logins, func(i int) error {
		tok, err := tokenRequest(hc, c, d, url.Values{"grant_type": {"authorization_code"}, "code": {codes[i].code},
			"redirect_uri": {c.redirect}, "code_verifier": {codes[i].verifier}})
		refresh[i], access[i] = tok.RefreshToken, tok.AccessToken
		return err
	})
	// Each client rotates its own refresh token family.
	var mu sync.Mutex
	run("token: refresh_token", c.concurrency, c.requests, func(i int) error {
		slot := i % c.concurrency % len(refresh)
		mu.Lock()
		rt := refresh[slot]
		mu.Unlock()
		tok, err := tokenRequest(hc, c, d, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		if err == nil {
			mu.Lock()
			refresh[slot], access[slot] = tok.RefreshToken, tok.AccessToken
			mu.Unlock()
		}
		return err
	})
	run("userinfo", c.concurrency, c.requests, func(i int) error {
		mu.Lock()
		at := access[i%c.concurrency%len(access)]
		mu.Unlock()
		req, _ := http.NewRequest("GET", d.Userinfo, nil)
		req.Header.Set("Authorization", "Bearer "+at)
		return do(hc, req, nil)
	})
}

// run calls fn(0…n-1) from workers goroutines and prints the throughput
// and latency percentiles.
func run(name string, workers, n int, fn func(i int) error) {
	lat := make([]time.Duration, n)
	var next, failed atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t := time.Now()
				if err := fn(i); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
				lat[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	total := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		return lat[min(len(lat)-1, int(float64(len(lat))*p))].Round(10 * time.Microsecond)
	}
	fmt.Printf("%-38s %6d req  %8.0f req/s  p50 %-10s p99 %-10s max %-10s failed %d\n", name, n, float64(n)/total.Seconds(),
		pct(0.50), pct(0.99), lat[len(lat)-1].Round(10*time.Microsecond), failed.Load())
	if err := firstErr.Load(); err != nil {
		fmt.Printf("  first error: %v\n", err)
	}
}

func verifier() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// browserLogin follows authorize to the login form, posts it, and follows
// on to the redirect URI, whose code it returns.
func browserLogin(c config, d discovery, v string) (string, error) {
	jar, _ := cookiejar.New(nil)
	var code string
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), c.redirect) {
			code = req.URL.Query().Get("code")
			return http.ErrUseLastResponse
		}
		return nil
	}}
	sum := sha256.Sum256([]byte(v))
	q := url.Values{"client_id": {c.clientID}, "redirect_uri": {c.redirect}, "response_type": {"code"}, "scope": {"openid profile email offline_access"},
		"state": {"bench"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	resp, err := hc.Get(d.Authorization + "?" + q.Encode())
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if code != "" {
		return code, nil
	}
	if resp.Request.URL.Path != c.loginPath {
		return "", fmt.Errorf("authorize ended at %s (%d), not at the login page", resp.Request.URL, resp.StatusCode)
	}
	form := url.Values{c.userField: {c.email}, c.passField: {c.password}, "return_to": {resp.Request.URL.Query().Get("return_to")}}
	resp, err = hc.PostForm(resp.Request.URL.String(), form)
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

type token struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func tokenRequest(hc *http.Client, c config, d discovery, form url.Values) (token, error) {
	req, _ := http.NewRequestWithContext(context.Background(), "POST", d.Token, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(c.clientID), url.QueryEscape(c.secret))
	var t token
	err := do(hc, req, &t)
	return t, err
}

func getJSON(hc *http.Client, u string, v any) error {
	req, _ := http.NewRequest("GET", u, nil)
	return do(hc, req, v)
}

func do(hc *http.Client, req *http.Request, v any) error {
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	if v != nil {
		return json.Unmarshal(body, v)
	}
	return nil
}
