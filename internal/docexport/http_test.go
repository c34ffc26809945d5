// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/drain"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// env is a real document service, collaboration engine and export
// service over one database, served over HTTP; the X-Test-User header
// says who calls (identity's Authenticate is tested elsewhere).
type env struct {
	t      *testing.T
	db     *db.DB
	docs   *docs.Service
	collab *collab.Service
	users  map[string]identity.User
	url    string
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	au := audit.New(d, log)
	ids := identity.New(d, au, log, identity.Options{})
	ds := docs.New(d, au, log, docs.Options{Users: ids, TrashDays: 30})
	b := bus.NewLocal(256)
	t.Cleanup(func() { b.Close() })
	cs := collab.New(d, b, ds, ids, drain.New(), log, collab.Options{})
	e := &env{t: t, db: d, docs: ds, collab: cs, users: map[string]identity.User{}}
	for _, name := range []string{"alice", "bob"} {
		u, err := ids.CreateUser(t.Context(), identity.NewUser{Email: name + "@mairie.fr", Name: name, Password: "correct horse battery", EmailVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		e.users[name] = u
	}
	mux := http.NewServeMux()
	New(ds, cs, au, log).Mount(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := e.users[r.Header.Get("X-Test-User")]; ok {
			r = r.WithContext(identity.WithPrincipal(r.Context(), identity.Principal{User: u, Via: "session"}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

// do sends a request as user ("" for anonymous).
func (e *env) do(method, path, user, contentType string, body []byte) *http.Response {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// importFile posts a file to the import route.
func (e *env) importFile(user, name string, data []byte, parentID string) *http.Response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if parentID != "" {
		_ = mw.WriteField("parent_id", parentID)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return e.do("POST", "/api/v1/docs/import", user, mw.FormDataContentType(), body.Bytes())
}

// export downloads docID in format as user and checks the status.
func (e *env) export(docID, format, user string, status int) (*http.Response, []byte) {
	e.t.Helper()
	resp := e.do("GET", "/api/v1/docs/"+docID+"/export?format="+format, user, "", nil)
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		e.t.Fatalf("export %s as %q: status %d, want %d: %s", format, user, resp.StatusCode, status, b)
	}
	return resp, b
}

// count returns the number of documents stored.
func (e *env) count() int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRowContext(e.t.Context(), `SELECT count(*) FROM docs`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func decodeDoc(t *testing.T, resp *http.Response) docs.Doc {
	t.Helper()
	var d docs.Doc
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestImportThenExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		src, err := os.ReadFile("testdata/blocknote.md")
		if err != nil {
			t.Fatal(err)
		}
		resp := e.importFile("alice", "rapport.md", src, "")
		if resp.StatusCode != http.StatusCreated {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("import: %d %s", resp.StatusCode, b)
		}
		doc := decodeDoc(t, resp)
		if doc.Title != "Rapport annuel" || doc.OwnerID != e.users["alice"].ID {
			t.Fatalf("imported %+v", doc)
		}
		// The content went through BlockNote's XML tree in the real engine.
		resp, md := e.export(doc.ID, "md", "alice", http.StatusOK)
		if string(md) != string(src) {
			t.Errorf("import → export changed the Markdown:\n%s\nwant\n%s", md, src)
		}
		if got := resp.Header.Get("Content-Type"); got != "text/markdown; charset=utf-8" {
			t.Errorf("Content-Type %q", got)
		}
		for _, f := range docconv.Formats() {
			resp, b := e.export(doc.ID, f.Name, "alice", http.StatusOK)
			_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
			if err != nil || params["filename"] != "Rapport annuel"+f.Ext {
				t.Errorf("%s: Content-Disposition %q", f.Name, resp.Header.Get("Content-Disposition"))
			}
			if csp := resp.Header.Get("Content-Security-Policy"); f.Name == "html" && !strings.HasPrefix(csp, "sandbox;") {
				t.Errorf("html: Content-Security-Policy %q", csp)
			}
			if len(b) == 0 || resp.Header.Get("Content-Type") != f.MIME {
				t.Errorf("%s: %d bytes of %q", f.Name, len(b), resp.Header.Get("Content-Type"))
			}
		}
		// A sub-page: under a document alice may write.
		resp = e.importFile("alice", "sous-page.md", []byte("# Sous-page\n\ntexte\n"), doc.ID)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("import under: %d", resp.StatusCode)
		}
		if sub := decodeDoc(t, resp); sub.ParentID == nil || *sub.ParentID != doc.ID {
			t.Errorf("sub-page parent %v, want %s", sub.ParentID, doc.ID)
		}
	})
}

func TestExportNeedsReadAccess(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	resp := e.importFile("alice", "a.md", []byte("secret"), "")
	doc := decodeDoc(t, resp)
	e.export(doc.ID, "md", "bob", http.StatusNotFound)
	e.export(doc.ID, "pdf", "", http.StatusNotFound)
	e.export("not-an-id", "md", "alice", http.StatusNotFound)
	e.export(doc.ID, "exe", "alice", http.StatusBadRequest)
	if err := e.docs.Grant(t.Context(), doc.ID, e.users["bob"].ID, docs.RoleReader); err != nil {
		t.Fatal(err)
	}
	if _, b := e.export(doc.ID, "md", "bob", http.StatusOK); string(b) != "# a\n\nsecret\n" {
		t.Errorf("reader's export %q", b)
	}
	// A public link lets anyone export, signed in or not.
	public := "public"
	if _, err := e.docs.Update(t.Context(), e.users["alice"], doc.ID, docs.Patch{LinkReach: &public}); err != nil {
		t.Fatal(err)
	}
	if _, b := e.export(doc.ID, "html", "", http.StatusOK); !strings.Contains(string(b), "<h1>a</h1>\n<p>secret</p>") {
		t.Errorf("anonymous export of a public document: %s", b)
	}
	// A reader may not import under the document.
	if resp := e.importFile("bob", "b.md", []byte("x"), doc.ID); resp.StatusCode == http.StatusCreated {
		t.Error("a reader imported a sub-page")
	}
	if resp := e.importFile("", "b.md", []byte("x"), ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous import: %d", resp.StatusCode)
	}
}

func TestHostileImportsStoreNothing(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	before := e.count()
	docx, err := os.ReadFile("../docconv/testdata/libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, file string
		data       []byte
		status     int
	}{
		{"script link", "a.md", []byte("[x](javascript:alert(1))"), http.StatusBadRequest},
		{"script html", "a.md", []byte("<script>alert(1)</script>"), http.StatusBadRequest},
		{"event handler", "a.md", []byte("<img src=x onerror=alert(1)>"), http.StatusBadRequest},
		{"not a word document", "a.docx", []byte("# just markdown"), http.StatusBadRequest},
		{"word named markdown", "a.md", docx, http.StatusBadRequest},
		{"unknown extension", "a.exe", []byte("MZ"), http.StatusBadRequest},
		{"huge markdown", "a.md", bytes.Repeat([]byte("a"), docconv.MaxMarkdown+1), http.StatusRequestEntityTooLarge},
		{"too large", "a.docx", make([]byte, docconv.MaxImport+1), http.StatusRequestEntityTooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := e.importFile("alice", c.file, c.data, "")
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, b)
			}
			var body struct {
				Error struct{ Message string } `json:"error"`
			}
			if json.Unmarshal(b, &body) != nil || body.Error.Message == "" || strings.Contains(body.Error.Message, "docconv") {
				t.Errorf("error body %s: want a message for the person", b)
			}
		})
	}
	if resp := e.do("POST", "/api/v1/docs/import", "alice", "application/json", []byte(`{}`)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("JSON body: %d", resp.StatusCode)
	}
	if after := e.count(); after != before {
		t.Errorf("refused imports stored %d documents", after-before)
	}
}

func TestFileName(t *testing.T) {
	for title, want := range map[string]string{
		"Compte rendu":                 "Compte rendu.pdf",
		"":                             "document.pdf",
		"../../etc/passwd":             "_.._etc_passwd.pdf",
		"a\"b\r\nContent-Type: x":      "a_b Content-Type_ x.pdf",
		"  .. ":                        "document.pdf",
		"Réunion 12/03 «budget»\u202e": "Réunion 12_03 «budget».pdf",
		strings.Repeat("é", 300):       strings.Repeat("é", 100) + ".pdf",
	} {
		if got := FileName(title, ".pdf"); got != want {
			t.Errorf("FileName(%q) = %q, want %q", title, got, want)
		}
	}
}
