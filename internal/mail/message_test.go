// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail_test

import (
	"errors"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/mail"
)

func TestHeaderInjectionNeutralised(t *testing.T) {
	m := mail.Mention(mail.Recipient{Email: "zoe@example.org", Name: "Zoe\r\nBcc: victim@example.org", Locale: "en"},
		"Eve\r\nBcc: evil@example.org\r\n\r\nforged body", "Plan\nX-Injected: yes", "hello", "https://e.example/docs/D", "https://e.example/account")
	raw, err := mail.Encode(from, m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, string(raw))
	for _, h := range []string{"Bcc", "X-Injected"} {
		if v := p.header.Get(h); v != "" {
			t.Errorf("header %s was injected: %q", h, v)
		}
	}
	head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
	for line := range strings.SplitSeq(head, "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc") || strings.HasPrefix(line, "X-Injected") {
			t.Errorf("header line %q", line)
		}
	}
	if want := "Eve Bcc: evil@example.org forged body mentioned you in “Plan X-Injected: yes”"; p.subject != want {
		t.Errorf("subject = %q; want %q", p.subject, want)
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "zoe@example.org" {
		t.Errorf("To = %v, %v; want zoe@example.org alone", to, err)
	}
	for _, addr := range []string{"zoe@example.org\r\nBcc: x@example.org", "Zoe <zoe@example.org>", "a@example.org, b@example.org", "not an address"} {
		_, err := mail.Encode(from, mail.Message{To: netmail.Address{Address: addr}, Subject: "s"}, time.Now())
		if !errors.Is(err, mail.ErrAddress) {
			t.Errorf("Encode to %q = %v; want ErrAddress", addr, err)
		}
	}
}

func TestNoticesLocalizedAndEscaped(t *testing.T) {
	title := `<script>alert(1)</script> & "quotes"`
	cases := map[string]string{
		"fr": "Marie vous a mentionné dans « " + title + " »",
		"en": "Marie mentioned you in “" + title + "”",
		"de": "Marie hat Sie in „" + title + "“ erwähnt",
		"":   "Marie mentioned you in “" + title + "”",
		"xx": "Marie mentioned you in “" + title + "”",
	}
	for locale, want := range cases {
		m := mail.Mention(mail.Recipient{Email: "z@example.org", Locale: locale}, "Marie", title, "<b>bold</b>", "https://e.example/docs/D", "https://e.example/account")
		if m.Subject != want {
			t.Errorf("%q: subject %q; want %q", locale, m.Subject, want)
		}
		if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>bold") {
			t.Errorf("%q: HTML part not escaped:\n%s", locale, m.HTML)
		}
		if !strings.Contains(m.Text, "<b>bold</b>") {
			t.Errorf("%q: text part lost the excerpt:\n%s", locale, m.Text)
		}
	}
	exp := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	for locale, want := range map[string]string{"fr": "01/12/2026 à 09:30 UTC", "de": "01.12.2026 um 09:30 UTC", "en": "December 1, 2026 at 09:30 UTC"} {
		m := mail.DocInvitation(mail.Recipient{Email: "new@example.org", Locale: locale}, "Marie", "Plan", "editor", "https://e.example/invite/ens_i_x", exp)
		if !strings.Contains(m.Text, want) || !strings.Contains(m.Text, "https://e.example/invite/ens_i_x") {
			t.Errorf("%s invitation lacks %q or the link:\n%s", locale, want, m.Text)
		}
	}
	if m := mail.DocInvitation(mail.Recipient{Email: "n@example.org", Locale: "fr"}, "Marie", "Plan", "editor", "https://e.example/i", exp); !strings.Contains(m.Text, "en tant que éditeur") {
		t.Errorf("role not translated:\n%s", m.Text)
	}
	if m := mail.TeamInvitation(mail.Recipient{Email: "n@example.org", Locale: "de"}, "Marie", "Kita", "https://e.example/i", exp); !strings.Contains(m.Text, "„Kita“") {
		t.Errorf("team not named:\n%s", m.Text)
	}
	if m := mail.AccessRequest(mail.Recipient{Email: "n@example.org", Locale: "en"}, "Paul", "Plan", "commenter", "https://e.example/docs/D", "https://e.example/account"); m.Subject != "Paul asks for access to “Plan”" {
		t.Errorf("access request subject %q", m.Subject)
	}
	if m := mail.Mention(mail.Recipient{Email: "z@example.org"}, "", "", "x", "javascript:alert(1)", ""); strings.Contains(m.HTML, `href="javascript:`) {
		t.Errorf("a javascript: link reached the HTML part:\n%s", m.HTML)
	}
}

func TestLongHeadersFolded(t *testing.T) {
	title := strings.Repeat("Élément très détaillé ", 30)
	m := mail.Mention(mail.Recipient{Email: "zoe@example.org", Name: strings.Repeat("Zoé ", 40), Locale: "fr"}, "Marie", title, "x", "https://e.example/docs/D", "https://e.example/account")
	raw, err := mail.Encode(from, m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(raw), "\r\n") {
		if len(line) > 200 {
			t.Errorf("a line of %d octets: %.80s…", len(line), line)
		}
	}
	p := parse(t, string(raw))
	if !strings.HasPrefix(p.subject, "Marie vous a mentionné dans « Élément très détaillé Élément") || len([]rune(p.subject)) < 150 || strings.Contains(p.subject, "=?") {
		t.Errorf("folded subject decodes to %q", p.subject)
	}
	if to, err := p.header.AddressList("To"); err != nil || len(to) != 1 || !strings.HasPrefix(to[0].Name, "Zoé Zoé") {
		t.Errorf("folded To = %v, %v", to, err)
	}
}
