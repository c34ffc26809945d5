// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/mail/mailtest"
)

// delivered is a message the test relay got, decoded.
type delivered struct {
	to, subject, text, html string
}

func decodeMail(t *testing.T, d mailtest.Delivery) delivered {
	t.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(d.Data))
	if err != nil {
		t.Fatalf("ReadMessage: %v", err)
	}
	out := delivered{to: strings.Join(d.To, ",")}
	out.subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	_, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			out.html = string(b)
		} else {
			out.text = string(b)
		}
	}
	return out
}

func TestMailOnMentionAndInvitations(t *testing.T) {
	relay := mailtest.Start(t, mailtest.Options{Username: "ensemble", Password: "relay-pw"})
	ts := start(t, func(c *config.Config) {
		c.SMTP = "smtp://ensemble:relay-pw@" + relay.Addr + "?starttls=off"
		c.MailFrom = "Ensemble <noreply@mairie.example>"
	})
	aliceID, alice := ts.token(t, "alice@mairie.fr")
	bobID, bob := ts.token(t, "bob@mairie.fr")
	_, dave := ts.token(t, "dave@mairie.fr")
	fr := "fr"
	if _, err := ts.Identity().UpdateProfile(t.Context(), bobID, identity.Profile{Locale: &fr}); err != nil {
		t.Fatal(err)
	}
	id := ts.createDoc(t, alice, "Budget 2027")
	ts.share(t, alice, id, "bob@mairie.fr", "commenter")

	// A mention: the in-app notification and a mail in bob's language.
	code, body := ts.api(t, alice, "POST", "/api/v1/docs/"+id+"/threads",
		`{"quote":"le budget","body":"@Agent peux-tu vérifier ce chiffre ?","mentions":["`+bobID+`"]}`)
	if code != 201 {
		t.Fatalf("POST threads = %d %s", code, body)
	}
	got := decodeMail(t, relay.Wait(t, 1, 30*time.Second)[0])
	link := ts.URL().String() + "/docs/" + id
	if got.to != "bob@mairie.fr" || got.subject != "Agent vous a mentionné dans « Budget 2027 »" {
		t.Errorf("mention mail to %q, subject %q", got.to, got.subject)
	}
	if !strings.Contains(got.text, "> @Agent peux-tu vérifier ce chiffre ?") || !strings.Contains(got.text, link) || !strings.Contains(got.html, `href="`+link+`"`) {
		t.Errorf("mention mail lacks the excerpt or the link %s:\n%s\n%s", link, got.text, got.html)
	}
	if relay.Messages()[0].Auth != "ensemble" {
		t.Errorf("the relay saw AUTH as %q", relay.Messages()[0].Auth)
	}
	code, body = ts.api(t, bob, "GET", "/api/v1/me/notifications", "")
	if code != 200 || !strings.Contains(body, `"kind":"mention"`) || !strings.Contains(body, id) {
		t.Errorf("bob's notifications = %d %s", code, body)
	}

	// Bob turns mail off: the next mention is only in the app. A guest
	// invitation queued after it is delivered, and nothing for bob before.
	if code, body := ts.api(t, bob, "PATCH", "/api/v1/me", `{"email_notifications":false}`); code != 200 || !strings.Contains(body, `"email_notifications":false`) {
		t.Fatalf("PATCH me = %d %s", code, body)
	}
	if code, body := ts.api(t, alice, "POST", "/api/v1/docs/"+id+"/threads", `{"body":"encore toi","mentions":["`+bobID+`"]}`); code != 201 {
		t.Fatalf("POST threads = %d %s", code, body)
	}
	code, body = ts.api(t, alice, "POST", "/api/v1/invitations", `{"email":"nouveau@mairie.fr"}`)
	var inv struct {
		URL       string
		Delivered string
	}
	if code != 201 || json.Unmarshal([]byte(body), &inv) != nil || inv.Delivered != "sent" || inv.URL == "" {
		t.Fatalf("POST invitations = %d %s; want the link shown and sent", code, body)
	}
	msgs := relay.Wait(t, 2, 30*time.Second)
	got = decodeMail(t, msgs[1])
	if got.to != "nouveau@mairie.fr" || !strings.Contains(got.text, inv.URL) || got.subject != "Agent invited you to Ensemble" {
		t.Errorf("second mail to %q, subject %q:\n%s", got.to, got.subject, got.text)
	}
	code, body = ts.api(t, bob, "GET", "/api/v1/me/notifications", "")
	if code != 200 || strings.Count(body, `"kind":"mention"`) != 2 {
		t.Errorf("bob's notifications after opting out of mail = %d %s", code, body)
	}

	// Sharing a document with an email without an account mails the link.
	code, body = ts.api(t, alice, "POST", "/api/v1/docs/"+id+"/accesses", `{"email":"invite@mairie.fr","role":"editor"}`)
	if code != 201 || !strings.Contains(body, `"delivered":"sent"`) {
		t.Fatalf("share by email = %d %s", code, body)
	}
	got = decodeMail(t, relay.Wait(t, 3, 30*time.Second)[2])
	if got.to != "invite@mairie.fr" || got.subject != "Agent invited you to the document “Budget 2027”" || !strings.Contains(got.text, "/invite/ens_i_") {
		t.Errorf("document invitation to %q, %q:\n%s", got.to, got.subject, got.text)
	}

	// An access request reaches the document's owner.
	if code, body := ts.api(t, dave, "POST", "/api/v1/docs/"+id+"/access-requests", `{"role":"editor"}`); code/100 != 2 {
		t.Fatalf("access request = %d %s", code, body)
	}
	got = decodeMail(t, relay.Wait(t, 4, 30*time.Second)[3])
	if got.to != "alice@mairie.fr" || got.subject != "Agent asks for access to “Budget 2027”" || !strings.Contains(got.text, link) {
		t.Errorf("access request mail to %q, %q:\n%s", got.to, got.subject, got.text)
	}

	// A reset link made by an administrator goes to the user too.
	admin := ts.user(t, "admin@mairie.fr", true)
	_, adminTok, err := ts.Identity().CreateToken(t.Context(), admin.ID, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	code, body = ts.api(t, adminTok, "POST", "/api/v1/admin/users/"+aliceID+"/reset-link", "")
	var reset struct {
		URL     string
		Emailed bool
	}
	if code != 201 || json.Unmarshal([]byte(body), &reset) != nil || !reset.Emailed || reset.URL == "" {
		t.Fatalf("reset link = %d %s", code, body)
	}
	got = decodeMail(t, relay.Wait(t, 5, 30*time.Second)[4])
	if got.to != "alice@mairie.fr" || !strings.Contains(got.text, reset.URL) {
		t.Errorf("reset mail to %q:\n%s", got.to, got.text)
	}
	for _, m := range relay.Messages() {
		if strings.Contains(strings.Join(m.To, ","), "bob@") && strings.Contains(m.Data, "encore") {
			t.Errorf("bob got a mail after turning mail off")
		}
	}
	// The relay has the fifth message a moment before the outbox counts it.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, b := ts.do(t, "GET", "/metrics", nil, nil)
		if strings.Contains(string(b), "ensemble_mail_sent_total 5") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks ensemble_mail_sent_total 5:\n%s", b)
		}
	}
}

func TestNoMailWithoutSMTP(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	code, body := ts.api(t, alice, "POST", "/api/v1/invitations", `{"email":"nouveau@mairie.fr"}`)
	if code != 201 || !strings.Contains(body, `"delivered":"shown"`) {
		t.Fatalf("POST invitations = %d %s", code, body)
	}
	var n int
	if err := ts.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM mail_outbox`).Scan(&n); err != nil || n != 0 {
		t.Errorf("mail_outbox has %d rows (%v) without --smtp", n, err)
	}
}
