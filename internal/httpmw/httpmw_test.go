// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package httpmw_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/httpmw"
)

func TestRedactQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/collab/x", "/collab/x"},
		{"/collab/x?token=abc", "/collab/x?token=REDACTED"},
		{"/cb?code=c0de&state=s", "/cb?code=REDACTED&state=s"},
		{"/x?password=p&client_secret=s&q=ok", "/x?client_secret=REDACTED&password=REDACTED&q=ok"},
		{"/x?%zz", "/x?(unparsable query)"},
		{"/api/v1/invitations/ens_i_abc/accept", "/api/v1/invitations/REDACTED/accept"},
		{"/reset-password/ens_r_abc?x=1", "/reset-password/REDACTED?x=1"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.in)
		if got := httpmw.RedactQuery(u); got != tt.want {
			t.Errorf("RedactQuery(%s) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestRecoverAnswersJSON(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	h := httpmw.RequestID(httpmw.AccessLog(log, httpmw.Recover(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	}))))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"code":"internal"`) {
		t.Fatalf("panic answered %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "status=500") {
		t.Fatalf("logs lack the panic or its status:\n%s", logs.String())
	}
}

func TestLimitBody(t *testing.T) {
	h := httpmw.LimitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf [64]byte
		n, err := r.Body.Read(buf[:])
		for err == nil {
			var m int
			m, err = r.Body.Read(buf[n:])
			n += m
		}
		if n > 10 {
			t.Errorf("handler read %d bytes past the limit", n)
		}
		w.WriteHeader(204)
	}))
	// A declared length over the limit is refused before the handler runs.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11))))
	if rec.Code != 413 {
		t.Fatalf("oversized body = %d; want 413", rec.Code)
	}
	// An undeclared length is cut at the limit.
	req := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 50)))
	req.ContentLength = -1
	h.ServeHTTP(httptest.NewRecorder(), req)
}
