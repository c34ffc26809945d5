// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

type commentJSON struct {
	ID        string
	ThreadID  string `json:"thread_id"`
	Body      json.RawMessage
	Deleted   bool
	EditedAt  *string `json:"edited_at"`
	Reactions []struct {
		Emoji   string
		UserIDs []string `json:"user_ids"`
	}
}

type threadJSON struct {
	ID       string
	Quote    string
	Anchor   json.RawMessage
	Resolved bool
	Comments []commentJSON
}

func TestCommentsAPI(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	bobID, bob := ts.token(t, "bob@mairie.fr")
	carolID, carol := ts.token(t, "carol@mairie.fr")
	daveID, dave := ts.token(t, "dave@mairie.fr")
	id := ts.createDoc(t, alice, "Conseil municipal")
	ts.share(t, alice, id, "bob@mairie.fr", "commenter")
	ts.share(t, alice, id, "carol@mairie.fr", "reader")
	base := "/api/v1/docs/" + id + "/threads"

	// Bob, a commenter, starts a thread; carol, a reader, may not (403);
	// dave, an outsider, does not see the document (404).
	code, body := ts.api(t, bob, "POST", base, `{"anchor":{"id":"mark-1"},"quote":"le budget","body":"Chiffre à vérifier"}`)
	var th threadJSON
	if code != 201 || json.Unmarshal([]byte(body), &th) != nil || th.Quote != "le budget" || len(th.Comments) != 1 {
		t.Fatalf("commenter POST threads = %d %s", code, body)
	}
	if code, body := ts.api(t, carol, "POST", base, `{"body":"moi aussi"}`); code != 403 {
		t.Errorf("reader POST threads = %d %s", code, body)
	}
	for _, m := range []string{"GET", "POST"} {
		if code, body := ts.api(t, dave, m, base, `{"body":"coucou"}`); code != 404 {
			t.Errorf("outsider %s threads = %d %s", m, code, body)
		}
	}
	if code, _ := ts.api(t, "", "POST", base, `{"body":"anonyme"}`); code != 401 {
		t.Errorf("anonymous POST threads = %d", code)
	}

	// Replies, author-only edits, reactions, resolve and reopen.
	code, body = ts.api(t, alice, "POST", base+"/"+th.ID+"/comments", `{"body":[{"type":"paragraph","content":"D'accord"}]}`)
	var reply commentJSON
	if code != 201 || json.Unmarshal([]byte(body), &reply) != nil || reply.ThreadID != th.ID {
		t.Fatalf("reply = %d %s", code, body)
	}
	first := base + "/" + th.ID + "/comments/" + th.Comments[0].ID
	if code, body := ts.api(t, alice, "PATCH", first, `{"body":"réécrit"}`); code != 403 {
		t.Errorf("non-author PATCH = %d %s", code, body)
	}
	if code, body := ts.api(t, bob, "PATCH", first, `{"body":"Chiffre vérifié"}`); code != 200 || !strings.Contains(body, `"Chiffre vérifié"`) {
		t.Errorf("author PATCH = %d %s", code, body)
	}
	react := base + "/" + th.ID + "/comments/" + reply.ID + "/reactions/" + url.PathEscape("👍")
	for range 2 {
		code, body = ts.api(t, bob, "PUT", react, "")
	}
	var c commentJSON
	if code != 200 || json.Unmarshal([]byte(body), &c) != nil || len(c.Reactions) != 1 || len(c.Reactions[0].UserIDs) != 1 || c.Reactions[0].UserIDs[0] != bobID {
		t.Errorf("PUT reaction twice = %d %s", code, body)
	}
	if code, _ := ts.api(t, carol, "PUT", react, ""); code != 403 {
		t.Errorf("reader PUT reaction = %d", code)
	}
	if code, body := ts.api(t, bob, "PUT", base+"/"+th.ID+"/comments/"+reply.ID+"/reactions/nope", ""); code != 400 {
		t.Errorf("bad emoji = %d %s", code, body)
	}
	if code, body := ts.api(t, bob, "POST", base+"/"+th.ID+"/resolve", ""); code != 200 || !strings.Contains(body, `"resolved":true`) {
		t.Errorf("resolve = %d %s", code, body)
	}
	if code, _ := ts.api(t, carol, "POST", base+"/"+th.ID+"/reopen", ""); code != 403 {
		t.Errorf("reader reopen = %d", code)
	}
	if code, body := ts.api(t, bob, "POST", base+"/"+th.ID+"/reopen", ""); code != 200 || !strings.Contains(body, `"resolved":false`) {
		t.Errorf("reopen = %d %s", code, body)
	}
	code, body = ts.api(t, carol, "GET", base, "")
	var list struct{ Threads []threadJSON }
	if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Threads) != 1 || len(list.Threads[0].Comments) != 2 ||
		string(list.Threads[0].Anchor) != `{"id":"mark-1"}` {
		t.Fatalf("reader GET threads = %d %s", code, body)
	}

	// Mentions: a reader is notified; an outsider is refused, without the title.
	code, body = ts.api(t, bob, "POST", base+"/"+th.ID+"/comments", `{"body":"@dave ?","mentions":["`+daveID+`"]}`)
	if code != 400 || strings.Contains(body, "Conseil") || !strings.Contains(body, "cannot read") {
		t.Errorf("mention outsider = %d %s", code, body)
	}
	if code, body := ts.api(t, bob, "POST", base+"/"+th.ID+"/comments", `{"body":"@carol ?","mentions":["`+carolID+`"]}`); code != 201 {
		t.Fatalf("mention reader = %d %s", code, body)
	}
	code, body = ts.api(t, carol, "GET", "/api/v1/me/notifications", "")
	var ns struct {
		Notifications []struct {
			ID, Kind, DocTitle string
			DocID              string  `json:"doc_id"`
			ThreadID           string  `json:"thread_id"`
			ReadAt             *string `json:"read_at"`
		}
	}
	if code != 200 || json.Unmarshal([]byte(body), &ns) != nil || len(ns.Notifications) != 1 || ns.Notifications[0].DocID != id || ns.Notifications[0].ThreadID != th.ID {
		t.Fatalf("carol's notifications = %d %s", code, body)
	}
	if code, _ := ts.api(t, dave, "POST", "/api/v1/me/notifications/"+ns.Notifications[0].ID+"/read", ""); code != 404 {
		t.Errorf("dave marks carol's notification = %d", code)
	}
	if code, _ := ts.api(t, carol, "POST", "/api/v1/me/notifications/"+ns.Notifications[0].ID+"/read", ""); code != 204 {
		t.Errorf("mark read = %d", code)
	}

	// Deletes: a reader may not; the owner may delete anyone's.
	if code, _ := ts.api(t, carol, "DELETE", first, ""); code != 403 {
		t.Errorf("reader DELETE = %d", code)
	}
	if code, _ := ts.api(t, dave, "DELETE", first, ""); code != 404 {
		t.Errorf("outsider DELETE = %d", code)
	}
	if code, body := ts.api(t, alice, "DELETE", first, ""); code != 204 {
		t.Errorf("owner DELETE = %d %s", code, body)
	}

	// A document deleted for good takes its threads with it.
	if code, body := ts.api(t, alice, "DELETE", "/api/v1/docs/"+id, ""); code >= 300 {
		t.Fatalf("trash = %d %s", code, body)
	}
	if code, body := ts.api(t, alice, "DELETE", "/api/v1/docs/"+id+"?permanent=true", ""); code >= 300 {
		t.Fatalf("purge = %d %s", code, body)
	}
	if code, _ := ts.api(t, alice, "GET", base, ""); code != 404 {
		t.Errorf("GET threads of a purged document = %d", code)
	}
	if code, body := ts.api(t, carol, "GET", "/api/v1/me/notifications", ""); code != 200 || strings.Contains(body, th.ID) {
		t.Errorf("notifications after purge = %d %s", code, body)
	}
}
