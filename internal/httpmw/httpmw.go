// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package httpmw holds the middleware every request of Ensemble goes
// through: request IDs, access logs, panic recovery, security headers,
// cross-origin protection, body limits and metrics. Package server chains
// them, in that order, around the routes.
package httpmw

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// RequestID gives every request an ID, taken from a well-formed incoming
// X-Request-Id header (set by a trusted proxy) or made up, carried in the
// request's context and echoed in the response's X-Request-Id header.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !wellFormedID(id) {
			var b [12]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(httpx.WithRequestID(r.Context(), id), routeKey{}, new(string))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func wellFormedID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

type routeKey struct{}

// CaptureRoute wraps the router (the innermost handler) and remembers the
// pattern it matched, so that the access log and metrics, further out,
// see it even when a middleware in between replaced the request.
func CaptureRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if holder, ok := r.Context().Value(routeKey{}).(*string); ok && *holder == "" {
			*holder = r.Pattern // the innermost router's pattern wins
		}
	})
}

// Route returns the route pattern that served r ("GET /api/v1/shell"),
// or "" if none matched.
func Route(r *http.Request) string {
	if holder, ok := r.Context().Value(routeKey{}).(*string); ok && *holder != "" {
		return *holder
	}
	return r.Pattern
}

// secretParams are query parameters whose values never reach a log.
var secretParams = []string{"token", "access_token", "code", "password", "secret", "client_secret", "id_token_hint"}

// RedactQuery returns u's path and query with the values of secret
// parameters (token, code, password…) and secrets in the path (invitation
// and reset links: segments starting with "ens_") replaced by "REDACTED".
func RedactQuery(u *url.URL) string {
	path := u.Path
	if strings.Contains(path, "/ens_") {
		segs := strings.Split(path, "/")
		for i, seg := range segs {
			if strings.HasPrefix(seg, "ens_") {
				segs[i] = "REDACTED"
			}
		}
		path = strings.Join(segs, "/")
	}
	if u.RawQuery == "" {
		return path
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return path + "?(unparsable query)"
	}
	for _, p := range secretParams {
		if q.Has(p) {
			q.Set(p, "REDACTED")
		}
	}
	return path + "?" + q.Encode()
}

// AccessLog logs one line per request, after it is answered.
func AccessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := wrap(w)
		next.ServeHTTP(sw, r)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", httpx.RequestID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", RedactQuery(r.URL)),
			slog.String("route", Route(r)),
			slog.Int("status", sw.Status()),
			slog.Int64("bytes", sw.written),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
		)
	})
}

// Recover answers a panicking handler with a 500 in the JSON error shape and
// logs the panic with its stack, instead of dropping the connection.
func Recover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			log.LogAttrs(r.Context(), slog.LevelError, "panic",
				slog.String("request_id", httpx.RequestID(r.Context())),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				return // too late for an error body
			}
			httpx.WriteError(w, r, nil, errors.New("panic"))
		}()
		next.ServeHTTP(w, r)
	})
}

// LimitBody bounds every request body at n bytes; reading past it fails
// with an *http.MaxBytesError, which httpx answers with 413. Handlers that
// accept more (uploads) replace r.Body with their own limit.
func LimitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			httpx.WriteError(w, r, nil, httpx.NewError(http.StatusRequestEntityTooLarge, "too_large", "The request body is too large."))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and size of a response. It keeps the
// optional interfaces that websockets and streaming need.
type statusWriter struct {
	http.ResponseWriter
	status  int
	written int64
}

func wrap(w http.ResponseWriter) *statusWriter {
	if sw, ok := w.(*statusWriter); ok {
		return sw
	}
	return &statusWriter{ResponseWriter: w}
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.written += int64(n)
	return n, err
}

// Status is the status sent, 200 if none was set explicitly.
func (w *statusWriter) Status() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return http.NewResponseController(w.ResponseWriter).Hijack()
}
