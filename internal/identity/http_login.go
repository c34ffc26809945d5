// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// Mount registers the identity routes on mux.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("POST /login", http.HandlerFunc(s.handleLogin))
	mux.Handle("POST /logout", http.HandlerFunc(s.handleLogout))
	mux.Handle("POST /api/v1/auth/reset-password", h(s.handleResetPassword))
	mux.Handle("GET /api/v1/me", h(s.handleMe))
	mux.Handle("GET /api/v1/auth/session", h(s.handleSession))
	mux.Handle("PATCH /api/v1/me", h(s.handleUpdateMe))
	mux.Handle("POST /api/v1/me/password", h(s.handleChangePassword))
	mux.Handle("GET /api/v1/me/sessions", h(s.handleListSessions))
	mux.Handle("DELETE /api/v1/me/sessions/{id}", h(s.handleRevokeSession))
	mux.Handle("GET /api/v1/me/tokens", h(s.handleListTokens))
	mux.Handle("POST /api/v1/me/tokens", h(s.handleCreateToken))
	mux.Handle("DELETE /api/v1/me/tokens/{id}", h(s.handleRevokeToken))
	mux.Handle("GET /api/v1/admin/users", h(s.handleAdminListUsers))
	mux.Handle("POST /api/v1/admin/users", h(s.handleAdminCreateUser))
	mux.Handle("PATCH /api/v1/admin/users/{id}", h(s.handleAdminUpdateUser))
	mux.Handle("POST /api/v1/admin/users/{id}/reset-link", h(s.handleAdminResetLink))
	mux.Handle("GET /api/v1/admin/audit", h(s.handleAdminAudit))
}

// wantsJSON tells the web app's fetch calls from plain HTML form posts.
func wantsJSON(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/json" || strings.Contains(r.Header.Get("Accept"), "application/json")
}

// SafeReturnTo returns target if it is a path on this site, and "/"
// otherwise: never another host ("//evil", "/\evil", "https://…").
func SafeReturnTo(target string) string {
	if target == "" || target[0] != '/' || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") || strings.ContainsAny(target, "\r\n\x00") {
		return "/"
	}
	u, err := url.Parse(target)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return target
}

// AfterSignIn returns where a browser goes once signed in (with a single
// sign-on session): back to the OpenID Connect provider if it sent the
// browser, or else through the web app's own sign-in (/auth/login), which
// runs the code flow with the provider and lands on returnTo.
func AfterSignIn(returnTo string) string {
	returnTo = SafeReturnTo(returnTo)
	if strings.HasPrefix(returnTo, "/oauth/") || strings.HasPrefix(returnTo, "/auth/login?") {
		return returnTo
	}
	return "/auth/login?return_to=" + url.QueryEscape(returnTo)
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	ReturnTo string `json:"return_to"`
}

// handleLogin accepts the login form (fields email, password, return_to)
// or the same as JSON. A form is answered 303 to return_to, a JSON call
// with the user; failures are 401, or 429 with Retry-After.
func (s *Service) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		if err := httpx.DecodeJSON(w, r, &req, 16<<10); err != nil {
			httpx.WriteError(w, r, s.log, err)
			return
		}
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		if err := r.ParseForm(); err != nil {
			s.loginFailed(w, r, httpx.NewError(http.StatusBadRequest, "invalid", "The login form could not be read."), "")
			return
		}
		req = loginRequest{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"), ReturnTo: r.PostForm.Get("return_to")}
	}
	returnTo := AfterSignIn(req.ReturnTo)
	_, secret, u, err := s.Login(r.Context(), req.Email, req.Password, Client{IP: audit.ClientIP(r), UserAgent: r.UserAgent()})
	if err != nil {
		s.loginFailed(w, r, err, returnTo)
		return
	}
	// A session cookie from before the login is replaced, never upgraded.
	http.SetCookie(w, s.sessionCookie(s.SSOCookieName(), secret, int(s.opts.SessionMax/time.Second)))
	if wantsJSON(r) {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": u, "redirect": returnTo})
		return
	}
	http.Redirect(w, r, returnTo, http.StatusSeeOther)
}

func (s *Service) loginFailed(w http.ResponseWriter, r *http.Request, err error, returnTo string) {
	var rl *RateLimitedError
	if errors.As(err, &rl) {
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter.Seconds())+1))
		err = httpx.NewError(http.StatusTooManyRequests, "too_many_requests", fmt.Sprintf("Too many failed attempts. Try again in %d seconds.", int(rl.RetryAfter.Seconds())+1))
	} else if errors.Is(err, errs.Unauthenticated) {
		err = httpx.NewError(http.StatusUnauthorized, "invalid_credentials", "Wrong email or password.")
	}
	if wantsJSON(r) {
		httpx.WriteError(w, r, s.log, err)
		return
	}
	// A plain form post (no script): a small page that says what happened.
	e := httpx.Classify(err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	back := "/login"
	if returnTo != "/" {
		back += "?return_to=" + url.QueryEscape(returnTo)
	}
	failurePage.Execute(w, map[string]string{"Message": e.Message, "Back": back})
}

var failurePage = template.Must(template.New("f").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed · Ensemble</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1b1b1f">
<main><h1>Sign-in failed</h1><p role="alert">{{.Message}}</p><p><a href="{{.Back}}">Try again</a></p></main></body></html>`))

// handleLogout ends the browser's app and single sign-on sessions and
// clears both cookies. A form is answered 303 to the login page, a JSON
// call 204.
func (s *Service) handleLogout(w http.ResponseWriter, r *http.Request) {
	for _, k := range []struct{ cookie, kind string }{{s.CookieName(), KindApp}, {s.SSOCookieName(), KindSSO}} {
		c, err := r.Cookie(k.cookie)
		if err != nil || c.Value == "" {
			continue
		}
		if sess, u, err := s.sessionUser(r.Context(), c.Value, k.kind); err == nil {
			s.audit.Record(r.Context(), r, audit.Event{Action: "logout", ActorID: u.ID, ActorEmail: u.Email, TargetType: "session", TargetID: sess.ID})
		}
		s.Logout(r.Context(), c.Value)
		http.SetCookie(w, s.sessionCookie(k.cookie, "", -1))
	}
	if wantsJSON(r) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, "/login?logged_out=1", http.StatusSeeOther)
}

// resetPasswordRequest is the body of POST /api/v1/auth/reset-password.
type resetPasswordRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (s *Service) handleResetPassword(w http.ResponseWriter, r *http.Request) error {
	var req resetPasswordRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	u, err := s.ResetPassword(r.Context(), req.Token, req.Password)
	if errors.Is(err, errs.NotFound) {
		return httpx.NewError(http.StatusNotFound, "invalid_link", "This link is unknown, already used or expired. Ask an administrator for a new one.")
	}
	if err != nil {
		return passwordPolicyError(err)
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "password.reset", ActorID: u.ID, ActorEmail: u.Email, TargetType: "user", TargetID: u.ID})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"email": u.Email})
	return nil
}

// passwordPolicyError gives a refused password its own code, so that the
// web app can point at the password field.
func passwordPolicyError(err error) error {
	if errors.Is(err, ErrWeakPassword) {
		return &httpx.Error{Status: http.StatusBadRequest, Code: "weak_password",
			Message: fmt.Sprintf("Choose a password of %d to %d characters.", MinPasswordLen, MaxPasswordLen), Err: err}
	}
	return err
}
