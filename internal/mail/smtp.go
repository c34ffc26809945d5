// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"time"
)

// SMTP hands messages to a relay over one SMTP conversation each. It is
// safe for concurrent use.
type SMTP struct {
	relay     Relay
	tls       *tls.Config
	timeout   time.Duration
	localName string
}

// SMTPOptions tune an SMTP client; zero values mean the defaults.
type SMTPOptions struct {
	// TLS is the client TLS configuration (tests give their own roots);
	// nil verifies the relay's certificate against the system's roots.
	TLS *tls.Config
	// Timeout bounds a whole conversation (30 s).
	Timeout time.Duration
	// LocalName is the name sent in EHLO ("localhost"); an IP address is
	// sent as an address literal.
	LocalName string
}

var _ Sender = (*SMTP)(nil)

// NewSMTP returns a client of relay.
func NewSMTP(relay Relay, opts SMTPOptions) *SMTP {
	c := &SMTP{relay: relay, timeout: opts.Timeout, localName: opts.LocalName}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.localName == "" {
		c.localName = "localhost"
	}
	// EHLO takes a host name or an address literal (RFC 5321 4.1.3).
	if ip := net.ParseIP(c.localName); ip != nil && ip.To4() != nil {
		c.localName = "[" + ip.String() + "]"
	} else if ip != nil {
		c.localName = "[IPv6:" + ip.String() + "]"
	}
	if opts.TLS != nil {
		c.tls = opts.TLS.Clone()
	} else {
		c.tls = &tls.Config{}
	}
	if c.tls.ServerName == "" {
		c.tls.ServerName = relay.Host
	}
	if c.tls.MinVersion == 0 {
		c.tls.MinVersion = tls.VersionTLS12
	}
	return c
}

// PermanentError is a refusal that trying again cannot change: the relay
// answered 5xx to the recipient or to the message itself. The outbox gives
// such a message up at once.
type PermanentError struct{ Err error }

// Error returns the relay's answer.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the relay's answer.
func (e *PermanentError) Unwrap() error { return e.Err }

// permanent marks err as permanent when it is a 5xx answer.
func permanent(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return &PermanentError{err}
	}
	return err
}

// ErrNoStartTLS is returned when STARTTLS is required and the relay does
// not offer it.
var ErrNoStartTLS = errors.New("mail: the SMTP relay does not offer STARTTLS (use ?starttls=optional to allow clear text)")

// Send delivers msg from the envelope sender from to the envelope
// recipient to, within the timeout and ctx.
func (c *SMTP) Send(ctx context.Context, from, to string, msg []byte) (err error) {
	if err := checkAddress(from); err != nil {
		return err
	}
	if err := checkAddress(to); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", c.relay.Addr())
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", c.relay.Addr(), err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// Cancelling ctx interrupts whatever read or write is under way.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", err, context.Cause(ctx))
		}
	}()
	if c.relay.Security == TLS {
		tc := tls.Client(conn, c.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("mail: TLS with %s: %w", c.relay.Addr(), err)
		}
		conn = tc
	}
	cl, err := smtp.NewClient(conn, c.relay.Host)
	if err != nil {
		return fmt.Errorf("mail: greeting of %s: %w", c.relay.Addr(), err)
	}
	defer cl.Close()
	if err := cl.Hello(c.localName); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	if c.relay.Security == StartTLSRequired || c.relay.Security == StartTLSOptional {
		if ok, _ := cl.Extension("STARTTLS"); ok {
			if err := cl.StartTLS(c.tls); err != nil {
				return fmt.Errorf("mail: STARTTLS with %s: %w", c.relay.Addr(), err)
			}
		} else if c.relay.Security == StartTLSRequired {
			return ErrNoStartTLS
		}
	}
	if c.relay.Username != "" {
		if ok, _ := cl.Extension("AUTH"); !ok {
			return fmt.Errorf("mail: the SMTP relay %s does not offer AUTH", c.relay.Addr())
		}
		// PlainAuth itself refuses to send the password in clear text to
		// anything but localhost.
		if err := cl.Auth(smtp.PlainAuth("", c.relay.Username, c.relay.Password, c.relay.Host)); err != nil {
			return fmt.Errorf("mail: AUTH PLAIN as %q: %w", c.relay.Username, err)
		}
	}
	if err := cl.Mail(from); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := cl.Rcpt(to); err != nil {
		return permanent(fmt.Errorf("mail: RCPT TO: %w", err))
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return permanent(fmt.Errorf("mail: end of DATA: %w", err))
	}
	if err := cl.Quit(); err != nil {
		return fmt.Errorf("mail: QUIT: %w", err)
	}
	return nil
}
