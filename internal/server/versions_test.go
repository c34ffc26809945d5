// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reearth/ygo/crdt"
)

// xml returns the client's BlockNote tree as XML.
func (c *yclient) xml() string {
	c.docMu.Lock()
	defer c.docMu.Unlock()
	return c.doc.GetXmlFragment("document-store").ToXML()
}

// wipe deletes every block of the client's document, as one edit.
func (c *yclient) wipe() {
	c.docMu.Lock()
	defer c.docMu.Unlock()
	f := c.doc.GetXmlFragment("document-store")
	c.doc.Transact(func(txn *crdt.Transaction) { f.Delete(txn, 0, f.Len()) })
}

type versionJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Auto      bool   `json:"auto"`
	Markdown  string `json:"markdown"`
	CreatedBy *struct {
		ID, Name string
	} `json:"created_by"`
}

type changesJSON struct {
	Added, Removed, Changed int
	Blocks                  []struct {
		Op, Type, Text string
		By             []string
	}
	Authors []struct {
		ID, Name      string
		Edited, Saved bool
	}
}

// blocks writes the compared blocks on one line.
func (c changesJSON) blocks() string {
	var b strings.Builder
	for _, bl := range c.Blocks {
		b.WriteString(bl.Op + bl.Type + ":" + bl.Text + " ")
	}
	return b.String()
}

func TestVersionsRestoreReachesConnectedClients(t *testing.T) {
	ts := start(t, nil)
	aliceID, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	_, mallory := ts.token(t, "mallory@mairie.fr")
	id := ts.importDoc(t, alice, "plan.md", "# Plan\n\nThe original paragraph.\n", "")
	ts.share(t, alice, id, "bob@mairie.fr", "reader")
	base := "/api/v1/docs/" + id + "/versions"

	code, body := ts.api(t, alice, "POST", base, `{"name":"First plan"}`)
	var v versionJSON
	if code != 201 || json.Unmarshal([]byte(body), &v) != nil || v.Name != "First plan" || v.CreatedBy == nil {
		t.Fatalf("POST versions = %d %s", code, body)
	}
	if code, body := ts.api(t, alice, "POST", base, `{"name":""}`); code != 400 {
		t.Errorf("empty name = %d %s", code, body)
	}

	// A connected editor wipes the document.
	c, _ := dialY(t, ts, id, alice, nil)
	waitFor(t, "the client to sync", func() bool { return strings.Contains(c.xml(), "original paragraph") })
	c.wipe()
	waitFor(t, "the wipe to be stored", func() bool {
		code, body := ts.api(t, alice, "GET", "/api/v1/docs/"+id+"/export?format=md", "")
		return code == 200 && !strings.Contains(body, "original paragraph")
	})

	// Bob, a reader, lists, views and compares, but may not restore nor save.
	code, body = ts.api(t, bob, "GET", base, "")
	var list struct{ Versions []versionJSON }
	if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Versions) != 1 || list.Versions[0].ID != v.ID {
		t.Fatalf("reader GET versions = %d %s", code, body)
	}
	code, body = ts.api(t, bob, "GET", base+"/"+v.ID, "")
	var view versionJSON
	if code != 200 || json.Unmarshal([]byte(body), &view) != nil || !strings.Contains(view.Markdown, "The original paragraph.") {
		t.Fatalf("reader GET version = %d %s", code, body)
	}
	// The changes since the version: the blocks removed, and who did it
	// (Alice, connected as an editor when the wipe was stored).
	code, body = ts.api(t, bob, "GET", base+"/"+v.ID+"/changes", "")
	var ch changesJSON
	if code != 200 || json.Unmarshal([]byte(body), &ch) != nil || ch.Removed != 2 || ch.Added != 0 || ch.blocks() != "-heading:Plan -paragraph:The original paragraph. " ||
		len(ch.Authors) != 1 || ch.Authors[0].ID != aliceID || !ch.Authors[0].Edited || ch.Authors[0].Saved {
		t.Fatalf("reader GET changes = %d %s", code, body)
	}
	for _, b := range ch.Blocks {
		if len(b.By) != 1 || b.By[0] != aliceID {
			t.Errorf("block %q changed by %v, want Alice", b.Text, b.By)
		}
	}
	if code, _ := ts.api(t, mallory, "GET", base+"/"+v.ID+"/changes", ""); code != 404 {
		t.Errorf("GET changes without access = %d", code)
	}
	if code, body := ts.api(t, bob, "POST", base+"/"+v.ID+"/restore", ""); code != 403 {
		t.Fatalf("reader restore = %d %s", code, body)
	}
	if code, body := ts.api(t, bob, "POST", base, `{"name":"mine"}`); code != 403 {
		t.Fatalf("reader save = %d %s", code, body)
	}
	// Someone without access learns nothing; anonymous callers neither.
	for _, who := range []string{mallory, ""} {
		if code, _ := ts.api(t, who, "GET", base, ""); code != 404 {
			t.Errorf("GET versions without access = %d", code)
		}
		if code, _ := ts.api(t, who, "POST", base+"/"+v.ID+"/restore", ""); code != 404 && code != 401 {
			t.Errorf("restore without access = %d", code)
		}
	}
	if code, _ := ts.api(t, alice, "GET", base+"/0000000000000000000000000a", ""); code != 404 {
		t.Errorf("unknown version = %d", code)
	}

	// Alice restores: the connected client receives the old content.
	code, body = ts.api(t, alice, "POST", base+"/"+v.ID+"/restore", "")
	var restored struct{ Before versionJSON }
	if code != 200 || json.Unmarshal([]byte(body), &restored) != nil || !strings.HasPrefix(restored.Before.Name, "Before restoring") {
		t.Fatalf("restore = %d %s", code, body)
	}
	waitFor(t, "the client to receive the restored content", func() bool { return strings.Contains(c.xml(), "original paragraph") })
	// Since the first version: nothing changed in the end, and Alice both
	// edited (recorded against the version taken before the restore) and
	// restored.
	code, body = ts.api(t, bob, "GET", base+"/"+v.ID+"/changes", "")
	ch = changesJSON{}
	if code != 200 || json.Unmarshal([]byte(body), &ch) != nil || ch.Removed != 0 || ch.Changed != 0 || ch.blocks() != "=heading:Plan =paragraph:The original paragraph. " ||
		len(ch.Authors) != 1 || ch.Authors[0].ID != aliceID || !ch.Authors[0].Edited || !ch.Authors[0].Saved {
		t.Fatalf("changes after the restore = %d %s", code, body)
	}

	// The state before the restore is kept as a version.
	code, body = ts.api(t, alice, "GET", base+"/"+restored.Before.ID, "")
	if code != 200 || json.Unmarshal([]byte(body), &view) != nil || strings.Contains(view.Markdown, "original paragraph") {
		t.Fatalf("before version = %d %s", code, body)
	}
	code, body = ts.api(t, alice, "GET", base, "")
	if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Versions) != 2 || list.Versions[0].ID != restored.Before.ID {
		t.Fatalf("versions after restore = %d %s", code, body)
	}
	var audited int
	if err := ts.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM audit_events WHERE action IN ('doc.version_save', 'doc.version_restore') AND target_id = $1`, id).Scan(&audited); err != nil || audited != 2 {
		t.Errorf("audit events for versions: %d, %v; want 2", audited, err)
	}
	// A client connecting now gets the restored content from storage.
	fresh, _ := dialY(t, ts, id, alice, nil)
	waitFor(t, "a fresh client to see the restored content", func() bool { return strings.Contains(fresh.xml(), "original paragraph") })
}
