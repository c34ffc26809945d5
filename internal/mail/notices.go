// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail

import (
	"bytes"
	"html/template"
	"net/mail"
	"strings"
	"time"
)

// Recipient is who a notice goes to, and the language they read (fr, en
// or de; anything else reads English).
type Recipient struct {
	Email, Name, Locale string
}

// content is the localized text of one notice, before it is laid out.
type content struct {
	Lang       string
	Subject    string
	Paragraphs []string
	Quote      string
	Action     string
	Link       string
	After      string
	Footer     string
}

// words is a language with the values of one notice.
type words struct {
	lang string
	vals []string // pairs for strings.Replacer: "{actor}", "Marie", …
}

func newWords(locale string, vals ...string) words {
	if _, ok := texts[locale]; !ok {
		locale = "en"
	}
	return words{lang: locale, vals: vals}
}

// t returns the sentence key with the values in place.
func (w words) t(key string) string {
	return strings.NewReplacer(w.vals...).Replace(texts[w.lang][key])
}

// or returns v, or the sentence key when v is blank.
func (w words) or(v, key string) string {
	if v = oneLine(v, 200); v == "" {
		return texts[w.lang][key]
	}
	return v
}

func (w words) role(role string) string {
	if s, ok := texts[w.lang]["role."+role]; ok {
		return s
	}
	return role
}

func (w words) date(t time.Time) string { return t.UTC().Format(texts[w.lang]["date"]) }

// Mention is the mail to someone mentioned in a comment: who, on which
// document, what the comment says (an excerpt) and a link to it.
func Mention(to Recipient, actor, docTitle, excerpt, link, settings string) Message {
	l := newWords(to.Locale)
	w := newWords(to.Locale, "{actor}", l.or(actor, "someone"), "{doc}", l.or(docTitle, "untitled"), "{settings}", settings)
	return w.message(to, content{Subject: w.t("mention.subject"), Paragraphs: []string{w.t("mention.intro")},
		Quote: excerptOf(excerpt, 500), Action: w.t("mention.action"), Link: link, Footer: w.t("footer.notification")})
}

// DocInvitation is the mail to an email without an account invited to a
// document: who invited them, to what, with which role, and the link that
// creates their account.
func DocInvitation(to Recipient, actor, docTitle, role, link string, expires time.Time) Message {
	l := newWords(to.Locale)
	w := newWords(to.Locale, "{actor}", l.or(actor, "someone"), "{doc}", l.or(docTitle, "untitled"), "{role}", l.role(role), "{expires}", l.date(expires))
	return w.message(to, content{Subject: w.t("docinvite.subject"), Paragraphs: []string{w.t("docinvite.intro")},
		Action: w.t("docinvite.action"), Link: link, After: w.t("invite.expires"), Footer: w.t("footer.invitation")})
}

// TeamInvitation is the mail of a guest invitation, to a team if teamName
// is not empty.
func TeamInvitation(to Recipient, actor, teamName, link string, expires time.Time) Message {
	l := newWords(to.Locale)
	w := newWords(to.Locale, "{actor}", l.or(actor, "someone"), "{team}", oneLine(teamName, 200), "{expires}", l.date(expires))
	intro := w.t("teaminvite.intro")
	if strings.TrimSpace(teamName) != "" {
		intro = w.t("teaminvite.team")
	}
	return w.message(to, content{Subject: w.t("teaminvite.subject"), Paragraphs: []string{intro},
		Action: w.t("teaminvite.action"), Link: link, After: w.t("invite.expires"), Footer: w.t("footer.invitation")})
}

// AccessRequest is the mail to an administrator of a document that
// someone asks a role on.
func AccessRequest(to Recipient, requester, docTitle, role, link, settings string) Message {
	l := newWords(to.Locale)
	w := newWords(to.Locale, "{actor}", l.or(requester, "someone"), "{doc}", l.or(docTitle, "untitled"), "{role}", l.role(role), "{settings}", settings)
	return w.message(to, content{Subject: w.t("request.subject"), Paragraphs: []string{w.t("request.intro")},
		Action: w.t("request.action"), Link: link, Footer: w.t("footer.notification")})
}

// PasswordReset is the mail with a reset link an administrator made.
func PasswordReset(to Recipient, link string, expires time.Time) Message {
	l := newWords(to.Locale)
	w := newWords(to.Locale, "{expires}", l.date(expires))
	return w.message(to, content{Subject: w.t("reset.subject"), Paragraphs: []string{w.t("reset.intro")},
		Action: w.t("reset.action"), Link: link, After: w.t("reset.expires")})
}

// excerptOf keeps the first max runes of a comment's text, on its lines.
func excerptOf(s string, max int) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
	if r := []rune(s); len(r) > max {
		s = strings.TrimSpace(string(r[:max])) + "…"
	}
	return s
}

func (w words) message(to Recipient, c content) Message {
	c.Lang = w.lang
	c.Subject = oneLine(c.Subject, 200) // plain spaces, as it will be sent
	return Message{To: mail.Address{Name: to.Name, Address: to.Email}, Subject: c.Subject, Text: plainText(c), HTML: htmlText(c)}
}

func plainText(c content) string {
	var b strings.Builder
	for _, p := range c.Paragraphs {
		b.WriteString(p + "\n\n")
	}
	if c.Quote != "" {
		for line := range strings.SplitSeq(c.Quote, "\n") {
			b.WriteString("> " + line + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(c.Action + ": " + c.Link + "\n\n")
	if c.After != "" {
		b.WriteString(c.After + "\n\n")
	}
	if c.Footer != "" {
		b.WriteString("-- \n" + c.Footer + "\n")
	}
	return b.String()
}

var layout = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; max-width: 36em; margin: 0 auto; padding: 1em;">
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{with .Quote}}<blockquote style="border-left: 3px solid #b0b0b0; margin: 0 0 1em; padding: 0 0 0 1em; color: #3a3a3a; white-space: pre-wrap;">{{.}}</blockquote>
{{end}}<p><a href="{{.Link}}" style="display: inline-block; background: #000091; color: #ffffff; padding: 0.5em 1em; border-radius: 4px; text-decoration: none;">{{.Action}}</a></p>
<p style="font-size: 0.9em; color: #3a3a3a;">{{.Link}}</p>
{{with .After}}<p>{{.}}</p>
{{end}}{{with .Footer}}<hr style="border: 0; border-top: 1px solid #ddd;"><p style="font-size: 0.85em; color: #555;">{{.}}</p>
{{end}}</body></html>
`))

func htmlText(c content) string {
	var b bytes.Buffer
	if err := layout.Execute(&b, c); err != nil {
		// The template is fixed and its values are strings: it cannot fail.
		panic("mail: layout: " + err.Error())
	}
	return b.String()
}
