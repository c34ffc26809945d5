// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package mail sends Ensemble's optional outgoing mail: notifications of
// mentions and access requests, invitations and password reset links. It
// is off unless the operator names an SMTP relay (serve --smtp). Messages
// are rendered at once, in the recipient's language, as multipart/
// alternative (plain text and simple HTML), and queued in the database
// (table mail_outbox); a background worker hands them to the relay,
// retrying with backoff, so that no request waits for SMTP.
package mail

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"
)

// Security is how the connection to the relay is protected.
type Security string

const (
	// TLS is implicit TLS from the first byte (smtps://, usually port 465).
	TLS Security = "tls"
	// StartTLSRequired upgrades with STARTTLS and refuses a relay that does
	// not offer it (smtp://, the default).
	StartTLSRequired Security = "starttls"
	// StartTLSOptional upgrades when the relay offers STARTTLS and goes on in
	// clear text otherwise (smtp://…?starttls=optional).
	StartTLSOptional Security = "starttls-optional"
	// Plain never upgrades (smtp://…?starttls=off), for a relay on the same
	// host or network. Credentials are then sent only to localhost.
	Plain Security = "plain"
)

// Relay is the SMTP server messages are handed to, parsed from --smtp.
type Relay struct {
	// Host and Port locate the relay.
	Host, Port string
	// Username and Password authenticate with AUTH PLAIN when Username is
	// not empty.
	Username, Password string
	// Security says how the connection is protected.
	Security Security
}

// Addr is host:port.
func (r Relay) Addr() string { return net.JoinHostPort(r.Host, r.Port) }

// String describes the relay without its password.
func (r Relay) String() string {
	u := url.URL{Scheme: "smtp", Host: r.Addr()}
	if r.Security == TLS {
		u.Scheme = "smtps"
	}
	if r.Username != "" {
		u.User = url.User(r.Username)
	}
	return u.String() + " (" + string(r.Security) + ")"
}

// ErrRelayURL is the error ParseRelay wraps for every unusable URL.
var ErrRelayURL = errors.New("expected smtp://user:password@host:port (STARTTLS required; ?starttls=optional or ?starttls=off to relax) or smtps://user:password@host:port (implicit TLS)")

// ParseRelay parses a --smtp URL: smtp://[user:password@]host[:port]
// (port 587, STARTTLS required unless ?starttls=optional or off) or
// smtps://[user:password@]host[:port] (port 465, implicit TLS).
func ParseRelay(raw string) (Relay, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Hostname() == "" || u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return Relay{}, ErrRelayURL
	}
	r := Relay{Host: u.Hostname(), Port: u.Port()}
	if u.User != nil {
		r.Username = u.User.Username()
		r.Password, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "starttls" {
			return Relay{}, fmt.Errorf("unknown option %q: %w", k, ErrRelayURL)
		}
	}
	switch u.Scheme {
	case "smtps":
		if q.Has("starttls") {
			return Relay{}, fmt.Errorf("starttls with smtps: %w", ErrRelayURL)
		}
		r.Security = TLS
		if r.Port == "" {
			r.Port = "465"
		}
	case "smtp":
		switch q.Get("starttls") {
		case "", "required":
			r.Security = StartTLSRequired
		case "optional":
			r.Security = StartTLSOptional
		case "off":
			r.Security = Plain
		default:
			return Relay{}, fmt.Errorf("starttls=%q: %w", q.Get("starttls"), ErrRelayURL)
		}
		if r.Port == "" {
			r.Port = "587"
		}
	default:
		return Relay{}, ErrRelayURL
	}
	if r.Security == Plain && r.Username != "" && !loopback(r.Host) {
		// net/smtp would refuse to send the password at every attempt.
		return Relay{}, fmt.Errorf("a password is never sent in clear text to another host than localhost; use STARTTLS or smtps: %w", ErrRelayURL)
	}
	return r, nil
}

// loopback reports whether host is localhost or a loopback address.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseFrom parses a --mail-from address, such as
// "Ensemble <noreply@example.org>".
func ParseFrom(raw string) (*mail.Address, error) {
	if strings.ContainsAny(raw, "\r\n") {
		return nil, errors.New("expected one line")
	}
	a, err := mail.ParseAddress(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New(`expected an address such as "Ensemble <noreply@example.org>"`)
	}
	return a, nil
}
