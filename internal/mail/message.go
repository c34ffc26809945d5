// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// Message is one mail to one person, before it is encoded.
type Message struct {
	// To is the recipient. Its name may come from a user: it is encoded,
	// never written as is.
	To mail.Address
	// Subject is one line; line breaks and control characters are
	// neutralised, non-ASCII text is encoded (RFC 2047).
	Subject string
	// Text and HTML are the two alternatives of the body.
	Text, HTML string
}

// ErrAddress is returned for a recipient address that cannot be used.
var ErrAddress = errors.New("mail: unusable address")

// checkAddress refuses an address that is not exactly one plain address
// (no display name, comments or line breaks smuggled in).
func checkAddress(addr string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" || strings.ContainsAny(addr, "\r\n\x00<>,;\" ") {
		return fmt.Errorf("%w: %q", ErrAddress, addr)
	}
	return nil
}

// oneLine turns s into one header-safe line: every control character
// (CR and LF included) becomes a space, runs of spaces shrink to one, and
// the result is cut to max runes.
func oneLine(s string, max int) string {
	var b strings.Builder
	space, n := false, 0
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			space = true
			continue
		}
		if n >= max {
			b.WriteString("…")
			break
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// encodeWord encodes a header text for RFC 5322 with RFC 2047 encoded
// words when it is not plain ASCII.
func encodeWord(s string) string { return fold(mime.QEncoding.Encode("utf-8", s)) }

// fold puts each encoded word after the first on a continuation line, so
// that no header line grows past the 998-octet limit (RFC 5322 2.1.1).
func fold(s string) string { return strings.ReplaceAll(s, " =?utf-8?", "\r\n =?utf-8?") }

// formatAddress writes a mailbox with its display name encoded.
func formatAddress(a mail.Address) string {
	a.Name = oneLine(a.Name, 100)
	return fold(a.String()) // quotes or RFC 2047-encodes the name
}

// Encode renders m from from as an RFC 5322 message with CRLF line ends:
// headers (the Message-ID in the sender's domain), then a
// multipart/alternative body with a quoted-printable text part and HTML
// part. It refuses an address that is not one bare address (ErrAddress).
func Encode(from mail.Address, m Message, now time.Time) ([]byte, error) {
	if err := checkAddress(from.Address); err != nil {
		return nil, err
	}
	if err := checkAddress(m.To.Address); err != nil {
		return nil, err
	}
	boundary := "ensemble-" + randomHex(12)
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", formatAddress(from))
	header("To", formatAddress(m.To))
	header("Subject", encodeWord(oneLine(m.Subject, 200)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+randomHex(16)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Auto-Submitted", "auto-generated")
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		b.WriteString("--" + boundary + "\r\n")
		header("Content-Type", part.typ+"; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		w := quotedprintable.NewWriter(&b)
		body := strings.ReplaceAll(strings.ReplaceAll(part.body, "\r\n", "\n"), "\n", "\r\n")
		if _, err := w.Write([]byte(body)); err != nil {
			return nil, fmt.Errorf("mail: encode: %w", err)
		}
		if err := w.Close(); err != nil {
			return nil, fmt.Errorf("mail: encode: %w", err)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes(), nil
}

func randomHex(n int) string {
	p := make([]byte, n)
	rand.Read(p)
	return hex.EncodeToString(p)
}
