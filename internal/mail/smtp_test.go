// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail_test

import (
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/mail"
	"github.com/ensemble-suite/ensemble/internal/mail/mailtest"
)

// relayOf is the Relay of a test server.
func relayOf(t *testing.T, srv *mailtest.Server, rawURL string) mail.Relay {
	t.Helper()
	r, err := mail.ParseRelay(strings.Replace(rawURL, "ADDR", srv.Addr, 1))
	if err != nil {
		t.Fatalf("ParseRelay: %v", err)
	}
	return r
}

// parsed is a delivered message, decoded.
type parsed struct {
	header     netmail.Header
	subject    string
	text, html string
}

func parse(t *testing.T, data string) parsed {
	t.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, data)
	}
	var p parsed
	p.header = m.Header
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatalf("decode Subject %q: %v", m.Header.Get("Subject"), err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v); want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := r.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("NextPart: %v", err)
		}
		b, _ := io.ReadAll(part)
		switch ct := part.Header.Get("Content-Type"); ct {
		case "text/plain; charset=utf-8":
			p.text = string(b)
		case "text/html; charset=utf-8":
			p.html = string(b)
		default:
			t.Errorf("unexpected part %q", ct)
		}
	}
	return p
}

var from = netmail.Address{Name: "Ensemble", Address: "noreply@example.org"}

func TestSMTPStartTLSAndAuth(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{StartTLS: true, Username: "relay-user", Password: "s3cret pw"})
	c := mail.NewSMTP(relayOf(t, srv, "smtp://relay-user:s3cret%20pw@ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
	m := mail.Mention(mail.Recipient{Email: "zoe@example.org", Name: "Zoé Müller", Locale: "de"},
		"Marie Dupont", "Budget 2027 – Entwurf", "Kannst du die Zahlen prüfen?\nDanke", "https://ensemble.example.org/docs/D1", "https://ensemble.example.org/account")
	raw, err := mail.Encode(from, m, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(t.Context(), from.Address, "zoe@example.org", raw); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Wait(t, 1, 10*time.Second)[0]
	if !got.TLS || got.Auth != "relay-user" || got.From != "noreply@example.org" || len(got.To) != 1 || got.To[0] != "zoe@example.org" {
		t.Errorf("delivery = TLS %v, auth %q, from %q, to %q", got.TLS, got.Auth, got.From, got.To)
	}
	p := parse(t, got.Data)
	if want := "Marie Dupont hat Sie in „Budget 2027 – Entwurf“ erwähnt"; p.subject != want {
		t.Errorf("subject = %q; want %q", p.subject, want)
	}
	if raw := p.header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("raw Subject %q is not RFC 2047-encoded", raw)
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Zoé Müller" || to[0].Address != "zoe@example.org" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if !strings.Contains(p.header.Get("To"), "=?utf-8?") {
		t.Errorf("raw To %q: the name is not encoded", p.header.Get("To"))
	}
	for _, h := range []string{"Date", "Message-ID", "From"} {
		if p.header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	for _, want := range []string{"> Kannst du die Zahlen prüfen?\n> Danke", "Dokument öffnen: https://ensemble.example.org/docs/D1", "https://ensemble.example.org/account"} {
		if !strings.Contains(p.text, want) {
			t.Errorf("text part lacks %q:\n%s", want, p.text)
		}
	}
	for _, want := range []string{`<html lang="de">`, `href="https://ensemble.example.org/docs/D1"`, "Kannst du die Zahlen prüfen?", "Budget 2027 – Entwurf"} {
		if !strings.Contains(p.html, want) {
			t.Errorf("HTML part lacks %q:\n%s", want, p.html)
		}
	}
	if ct := http.DetectContentType([]byte(p.html)); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("HTML part sniffs as %q", ct)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{ImplicitTLS: true, Username: "u", Password: "p"})
	c := mail.NewSMTP(relayOf(t, srv, "smtps://u:p@ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}, LocalName: "127.0.0.1"})
	raw, _ := mail.Encode(from, mail.PasswordReset(mail.Recipient{Email: "a@example.org"}, "https://e.example/reset-password/x", time.Now()), time.Now())
	if err := c.Send(t.Context(), from.Address, "a@example.org", raw); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.Wait(t, 1, 10*time.Second)[0]; !got.TLS || got.Auth != "u" || got.Hello != "[127.0.0.1]" {
		t.Errorf("TLS %v auth %q EHLO %q", got.TLS, got.Auth, got.Hello)
	}
}

func TestSMTPStartTLSRequired(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	raw, _ := mail.Encode(from, mail.PasswordReset(mail.Recipient{Email: "a@example.org"}, "https://e.example/r", time.Now()), time.Now())
	err := mail.NewSMTP(relayOf(t, srv, "smtp://ADDR"), mail.SMTPOptions{}).Send(t.Context(), from.Address, "a@example.org", raw)
	if !errors.Is(err, mail.ErrNoStartTLS) {
		t.Fatalf("Send without STARTTLS offered = %v; want ErrNoStartTLS", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages went in clear text", n)
	}
	if err := mail.NewSMTP(relayOf(t, srv, "smtp://ADDR?starttls=optional"), mail.SMTPOptions{}).Send(t.Context(), from.Address, "a@example.org", raw); err != nil {
		t.Fatalf("Send with starttls=optional: %v", err)
	}
	if got := srv.Wait(t, 1, 10*time.Second)[0]; got.TLS {
		t.Error("TLS reported without STARTTLS")
	}
}

func TestSMTPUntrustedCertificate(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{StartTLS: true})
	raw, _ := mail.Encode(from, mail.PasswordReset(mail.Recipient{Email: "a@example.org"}, "https://e.example/r", time.Now()), time.Now())
	err := mail.NewSMTP(relayOf(t, srv, "smtp://ADDR"), mail.SMTPOptions{}).Send(t.Context(), from.Address, "a@example.org", raw)
	if err == nil || len(srv.Messages()) != 0 {
		t.Fatalf("Send to a relay with an unknown certificate = %v, %d messages; want an error", err, len(srv.Messages()))
	}
}

func TestParseRelay(t *testing.T) {
	good := map[string]mail.Relay{
		"smtp://mx.example.org":                   {Host: "mx.example.org", Port: "587", Security: mail.StartTLSRequired},
		"smtp://u:p%40w@mx.example.org:2525":      {Host: "mx.example.org", Port: "2525", Username: "u", Password: "p@w", Security: mail.StartTLSRequired},
		"smtp://127.0.0.1:25?starttls=off":        {Host: "127.0.0.1", Port: "25", Security: mail.Plain},
		"smtp://u:p@localhost:25?starttls=off":    {Host: "localhost", Port: "25", Username: "u", Password: "p", Security: mail.Plain},
		"smtp://mx.example.org?starttls=optional": {Host: "mx.example.org", Port: "587", Security: mail.StartTLSOptional},
		"smtps://u:p@mx.example.org":              {Host: "mx.example.org", Port: "465", Username: "u", Password: "p", Security: mail.TLS},
		"smtp://mx.example.org?starttls=required": {Host: "mx.example.org", Port: "587", Security: mail.StartTLSRequired},
	}
	for raw, want := range good {
		got, err := mail.ParseRelay(raw)
		if err != nil || got != want {
			t.Errorf("ParseRelay(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", "mx.example.org", "http://mx.example.org", "smtp://", "smtps://h?starttls=off", "smtp://h?starttls=maybe", "smtp://h?tls=1", "smtp://h/path", "smtp://u:p@mx.example.org?starttls=off"} {
		if _, err := mail.ParseRelay(raw); !errors.Is(err, mail.ErrRelayURL) {
			t.Errorf("ParseRelay(%q) = %v; want ErrRelayURL", raw, err)
		}
	}
	if s := (mail.Relay{Host: "h", Port: "25", Username: "u", Password: "secret", Security: mail.Plain}).String(); strings.Contains(s, "secret") {
		t.Errorf("String shows the password: %s", s)
	}
}
