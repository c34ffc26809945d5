// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"crypto/subtle"
	"net/http"
	"regexp"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ensemble-suite/ensemble/internal/assets"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/httpmw"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/version"
	"github.com/ensemble-suite/ensemble/web"
)

// docPagePath matches the web app's address of one document (/docs/<id>),
// whose page code the answer announces (assets.PagePreload).
var docPagePath = regexp.MustCompile(`^/docs/[^/]+/?$`)

// routes mounts every route and wraps them in the shared middleware. A new
// module adds its routes here, from its own package's Mount function.
func (s *Server) routes() (http.Handler, error) {
	mux := http.NewServeMux()
	s.mux = mux
	mux.Handle("GET /api/v1/shell", httpx.Handle(s.log, s.shell))
	openAPI, err := s.openAPI()
	if err != nil {
		return nil, err
	}
	mux.Handle("GET /api/v1/openapi.json", openAPI)
	s.identity.Mount(mux)
	s.oidc.MountAdmin(mux)
	s.oidc.MountAccount(mux)
	s.federation.Mount(mux)
	s.webauth.Mount(mux)
	s.teams.Mount(mux)
	s.docs.Mount(mux)
	s.collab.Mount(mux)
	s.docexport.Mount(mux)
	s.media.Mount(mux)
	s.versions.Mount(mux)
	s.comments.Mount(mux)
	s.search.Mount(mux, s.docs, s.log)
	s.drive.Mount(mux)
	s.dav.Mount(mux)
	mux.Handle("/api/", httpx.Handle(s.log, s.apiNotFound))
	mux.Handle("/", assets.New(web.Dist(), assets.PagePreload{Path: docPagePath, Source: "src/pages/DocPage.tsx"}))

	// Probes and metrics answer without looking at credentials; everything
	// else learns who is calling first.
	outer := http.NewServeMux()
	outer.Handle("GET /healthz", httpx.Handle(s.log, s.healthz))
	outer.Handle("GET /readyz", httpx.Handle(s.log, s.readyz))
	outer.Handle("GET /metrics", s.metricsHandler())
	// The OpenID Connect endpoints authenticate their own callers (client
	// credentials, their own access tokens, the session cookie).
	outer.Handle("/oauth/", s.oidc.Handler())
	outer.Handle("/.well-known/openid-configuration", s.oidc.Handler())
	outer.Handle("/", s.identity.Authenticate(httpmw.CaptureRoute(mux)))

	var h http.Handler = httpmw.CaptureRoute(outer)
	h = limitBodyExceptUploads(s.cfg.MaxBodyBytes, h)
	// Browser apps of other sites call these OAuth endpoints directly; they
	// authenticate the client themselves and use no cookie.
	h, err = httpmw.CrossOrigin(s.base, h, "POST /oauth/token", "POST /oauth/revoke", "POST /oauth/introspect")
	if err != nil {
		return nil, err
	}
	h = httpmw.SecurityHeaders(s.base.Scheme == "https", h)
	h = httpmw.Recover(s.log, h)
	h = httpmw.NewMetrics(s.registry).Wrap(h)
	h = httpmw.AccessLog(s.log, h)
	h = httpmw.RequestID(h)
	return h, nil
}

// limitBodyExceptUploads bounds every request body, except uploads of
// files (Drive's REST and WebDAV PUT), which the quota bounds.
func limitBodyExceptUploads(n int64, next http.Handler) http.Handler {
	limited := httpmw.LimitBody(n, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if drive.StreamsBody(r) {
			next.ServeHTTP(w, r)
			return
		}
		limited.ServeHTTP(w, r)
	})
}

// apiNotFound answers API paths that no route serves: 405 if the path
// exists for GET, 404 otherwise, in the JSON error shape rather than the
// web app's page.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		probe := r.Clone(r.Context())
		probe.Method = http.MethodGet
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" {
			w.Header().Set("Allow", "GET, HEAD")
			return httpx.NewError(http.StatusMethodNotAllowed, "method_not_allowed", "This API route does not accept "+r.Method+".")
		}
	}
	return httpx.NewError(http.StatusNotFound, "not_found", "There is no such API route.")
}

// shell answers what the web shell needs to draw its frame.
func (s *Server) shell(w http.ResponseWriter, r *http.Request) error {
	modules := s.modules
	if modules == nil {
		modules = []Module{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"product": "Ensemble",
		"version": version.Version,
		"modules": modules,
	})
	return nil
}

// metricsHandler serves Prometheus metrics, behind a Bearer token when one
// is configured.
func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{ErrorLog: nil})
	if s.cfg.MetricsToken == "" {
		return h
	}
	want := []byte("Bearer " + s.cfg.MetricsToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(strings.TrimSpace(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			httpx.WriteError(w, r, nil, httpx.NewError(http.StatusUnauthorized, "unauthenticated", "Metrics need the configured Bearer token."))
			return
		}
		h.ServeHTTP(w, r)
	})
}
