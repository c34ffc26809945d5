// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package httpx_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		err    error
		status int
		code   string
	}{
		{fmt.Errorf("docs: get %q: %w", "x", errs.NotFound), 404, "not_found"},
		{fmt.Errorf("docs: %w", errs.Forbidden), 403, "forbidden"},
		{fmt.Errorf("docs: %w", errs.Unauthenticated), 401, "unauthenticated"},
		{fmt.Errorf("docs: %w", errs.Conflict), 409, "conflict"},
		{fmt.Errorf("docs: %w", errs.Invalid), 400, "invalid"},
		{fmt.Errorf("drive: %w", errs.TooLarge), 413, "too_large"},
		{fmt.Errorf("login: %w", errs.TooMany), 429, "too_many_requests"},
		{fmt.Errorf("blob: %w", errs.Unavailable), 503, "unavailable"},
		{&http.MaxBytesError{Limit: 10}, 413, "too_large"},
		{context.Canceled, 499, "canceled"},
		{errors.New("disk on fire"), 500, "internal"},
		{httpx.NewError(418, "teapot", "I am a teapot."), 418, "teapot"},
		{fmt.Errorf("teams: %w", errs.Explain(errs.Invalid, "Give the team a name.")), 400, "invalid"},
		{fmt.Errorf("teams: %w", errs.Explain(errs.Conflict, "A team must keep an owner.")), 409, "conflict"},
		{fmt.Errorf("wrapped: %w", httpx.NewError(409, "taken", "Taken.")), 409, "taken"},
	}
	for _, tt := range tests {
		e := httpx.Classify(tt.err)
		if e.Status != tt.status || e.Code != tt.code || e.Message == "" {
			t.Errorf("Classify(%v) = %d %q %q; want %d %q", tt.err, e.Status, e.Code, e.Message, tt.status, tt.code)
		}
	}
}

// The cause of a server fault is logged, never sent.
func TestDetailMessageReachesClient(t *testing.T) {
	e := httpx.Classify(fmt.Errorf("teams: rename %q: %w", "x", errs.Explain(errs.Invalid, "Give the team a name of %d to %d characters.", 1, 100)))
	if e.Message != "Give the team a name of 1 to 100 characters." {
		t.Fatalf("message = %q", e.Message)
	}
}

func TestWriteErrorHidesCause(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/x", nil).WithContext(httpx.WithRequestID(context.Background(), "rid-1"))
	httpx.WriteError(rec, req, log, errors.New("pq: password authentication failed for user admin"))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "password") {
		t.Fatalf("response %d %s leaks the cause", rec.Code, rec.Body)
	}
	var body struct {
		Error struct{ Code, Message, RequestID string } `json:"error"`
	}
	json.Unmarshal(rec.Body.Bytes(), &body)
	if body.Error.Code != "internal" || !strings.Contains(logs.String(), "password authentication failed") || !strings.Contains(logs.String(), "rid-1") {
		t.Fatalf("body %s, logs %s", rec.Body, logs.String())
	}
}

func TestRateLimitedHasRetryAfter(t *testing.T) {
	rec := httptest.NewRecorder()
	httpx.WriteError(rec, httptest.NewRequest("POST", "/login", nil), nil, fmt.Errorf("login: %w", errs.TooMany))
	if rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("429 without Retry-After: %d %v", rec.Code, rec.Header())
	}
}

func TestDecodeJSON(t *testing.T) {
	type doc struct {
		Title string `json:"title"`
		Pages int    `json:"pages"`
	}
	tests := []struct {
		name, ctype, body string
		status            int
	}{
		{"ok", "application/json", `{"title":"Budget 2027","pages":3}`, 0},
		{"ok with charset", "application/json; charset=utf-8", `{"title":"x"}`, 0},
		{"ok without content type", "", `{"title":"x"}`, 0},
		{"empty", "application/json", ``, 400},
		{"malformed", "application/json", `{"title":`, 400},
		{"syntax", "application/json", `{title: 1}`, 400},
		{"wrong type", "application/json", `{"pages":"three"}`, 400},
		{"unknown field", "application/json", `{"titel":"x"}`, 400},
		{"two values", "application/json", `{"title":"a"}{"title":"b"}`, 400},
		{"trailing garbage", "application/json", `{"title":"a"} xyz`, 400},
		{"too large", "application/json", `{"title":"` + strings.Repeat("a", 2000) + `"}`, 413},
		{"form", "application/x-www-form-urlencoded", `title=x`, 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			var d doc
			err := httpx.DecodeJSON(httptest.NewRecorder(), req, &d, 1024)
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("DecodeJSON = %v", err)
				}
				return
			}
			if e := httpx.Classify(err); e.Status != tt.status || e.Message == "" {
				t.Fatalf("DecodeJSON = %v (status %d); want %d", err, e.Status, tt.status)
			}
		})
	}
}

// FuzzDecodeJSON checks that no body makes the decoder panic or answer
// anything but success or a client error.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"title":"x","pages":1}`, `{`, `[]`, `null`, `{"title":"\ud800"}`, "\xff\xfe", `{"pages":1e999}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v struct {
			Title string `json:"title"`
			Pages int    `json:"pages"`
		}
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		err := httpx.DecodeJSON(httptest.NewRecorder(), req, &v, 4096)
		if err == nil {
			return
		}
		if e := httpx.Classify(err); e.Status < 400 || e.Status >= 500 {
			t.Fatalf("body %q: status %d; want a 4xx", body, e.Status)
		}
	})
}
