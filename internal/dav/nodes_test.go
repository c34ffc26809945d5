// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/dav"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Two nodes on one PostgreSQL database and one blob store agree on locks
// and content: a lock taken through one is enforced by the other.
func TestTwoNodesAgreeOnLocks(t *testing.T) {
	url := dbtest.PostgresURL(t)
	first := newEnv(t, openDB(t, url), nil, drive.Options{})
	// The second node: its own connections and handler, same database.
	d2 := openDB(t, url)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ids2 := identity.New(d2, audit.New(d2, log), log, identity.Options{})
	mux := http.NewServeMux()
	dav.New(d2, drive.New(d2, first.blobs, audit.New(d2, log), log, drive.Options{}), ids2, log).Mount(mux)
	second := httptest.NewServer(ids2.Authenticate(mux))
	t.Cleanup(second.Close)
	other := *first
	other.srv = second

	first.me(t, "PUT", "/dav/shared.txt", "v1")
	resp, _ := first.me(t, "LOCK", "/dav/shared.txt", `<?xml version="1.0"?><lockinfo xmlns="DAV:"><lockscope><exclusive/></lockscope><locktype><write/></locktype><owner>node one</owner></lockinfo>`)
	token := strings.Trim(resp.Header.Get("Lock-Token"), "<>")
	if resp.StatusCode != 200 || token == "" {
		t.Fatalf("LOCK = %d, token %q", resp.StatusCode, token)
	}
	if resp, _ := other.me(t, "PUT", "/dav/shared.txt", "v2"); resp.StatusCode != 423 {
		t.Errorf("PUT without the token on the other node = %d; want 423", resp.StatusCode)
	}
	if resp, _ := other.me(t, "LOCK", "/dav/shared.txt", `<?xml version="1.0"?><lockinfo xmlns="DAV:"><lockscope><shared/></lockscope><locktype><write/></locktype></lockinfo>`); resp.StatusCode != 423 {
		t.Errorf("conflicting LOCK on the other node = %d; want 423", resp.StatusCode)
	}
	if resp, _ := other.me(t, "PUT", "/dav/shared.txt", "v2", "If", "(<"+token+">)"); resp.StatusCode != 204 {
		t.Errorf("PUT with the token on the other node = %d; want 204", resp.StatusCode)
	}
	if resp, body := first.me(t, "GET", "/dav/shared.txt", ""); body != "v2" {
		t.Errorf("first node reads %d %q; want v2", resp.StatusCode, body)
	}
	if resp, _ := other.me(t, "UNLOCK", "/dav/shared.txt", "", "Lock-Token", "<"+token+">"); resp.StatusCode != 204 {
		t.Errorf("UNLOCK on the other node = %d", resp.StatusCode)
	}
	if resp, _ := first.me(t, "PUT", "/dav/shared.txt", "v3"); resp.StatusCode != 204 {
		t.Errorf("PUT after unlock = %d; want 204", resp.StatusCode)
	}
}

func openDB(t *testing.T, url string) *db.DB {
	t.Helper()
	d, err := db.Open(t.Context(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return d
}
