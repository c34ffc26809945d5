// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package mailtest is a small but real SMTP server for tests, written on
// net/textproto: it listens on 127.0.0.1, speaks ESMTP with STARTTLS
// (with a certificate made for the test), AUTH PLAIN and implicit TLS,
// and keeps every message it accepts.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options say what the server offers and expects.
type Options struct {
	// StartTLS offers the STARTTLS extension.
	StartTLS bool
	// ImplicitTLS speaks TLS from the first byte (smtps).
	ImplicitTLS bool
	// Username and Password, when Username is set, are the only
	// credentials AUTH PLAIN accepts; AUTH is then required before MAIL.
	Username, Password string
	// RejectRecipients are addresses RCPT refuses with 550.
	RejectRecipients []string
}

// Delivery is one message the server accepted.
type Delivery struct {
	From string
	To   []string
	Data string
	// TLS says whether the message came over TLS (STARTTLS or implicit).
	TLS bool
	// Auth is the user name it was authenticated as, if any.
	Auth string
	// Hello is the name the client gave in EHLO.
	Hello string
}

// Server is a running test SMTP server.
type Server struct {
	// Addr is host:port.
	Addr string
	// Roots trusts the server's certificate (for the client's tls.Config).
	Roots *x509.CertPool

	opts      Options
	tls       *tls.Config
	ln        net.Listener
	mu        sync.Mutex
	delivered []Delivery
	authFails int
	arrived   chan struct{}
	wg        sync.WaitGroup
}

// Start starts a server on 127.0.0.1; it stops when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	cert, roots := certificate(t)
	s := &Server{opts: opts, Roots: roots, arrived: make(chan struct{}, 100),
		tls: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	if opts.ImplicitTLS {
		ln = tls.NewListener(ln, s.tls)
	}
	s.ln, s.Addr = ln, ln.Addr().String()
	s.wg.Go(s.accept)
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// Messages returns what the server accepted so far.
func (s *Server) Messages() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.delivered...)
}

// AuthFailures counts the refused AUTH attempts.
func (s *Server) AuthFailures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authFails
}

// Wait returns the first n messages once they have arrived, or fails the
// test when d passes first.
func (s *Server) Wait(t testing.TB, n int, d time.Duration) []Delivery {
	t.Helper()
	deadline := time.After(d)
	for {
		if m := s.Messages(); len(m) >= n {
			return m[:n]
		}
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("mailtest: %d message(s) after %s; want %d", len(s.Messages()), d, n)
		}
	}
}

func (s *Server) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Go(func() { s.serve(c) })
	}
}

// session is one client connection's state.
type session struct {
	conn  net.Conn
	tp    *textproto.Conn
	tls   bool
	auth  string
	hello string
	from  string
	to    []string
}

func (s *Server) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	_, implicit := c.(*tls.Conn)
	ss := &session{conn: c, tp: textproto.NewConn(c), tls: implicit}
	ss.tp.PrintfLine("220 mailtest ESMTP ready")
	for {
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ss.from, ss.to, ss.hello = "", nil, arg
			ext := []string{"250-mailtest greets " + arg, "250-8BITMIME"}
			if s.opts.StartTLS && !ss.tls {
				ext = append(ext, "250-STARTTLS")
			}
			if s.opts.Username != "" {
				ext = append(ext, "250-AUTH PLAIN")
			}
			ext = append(ext, "250 SMTPUTF8")
			for _, l := range ext {
				ss.tp.PrintfLine("%s", l)
			}
		case "STARTTLS":
			if !s.opts.StartTLS || ss.tls {
				ss.tp.PrintfLine("502 5.5.1 not offered")
				continue
			}
			ss.tp.PrintfLine("220 2.0.0 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			ss.conn, ss.tp, ss.tls = tc, textproto.NewConn(tc), true
		case "AUTH":
			s.authenticate(ss, arg)
		case "MAIL":
			if s.opts.Username != "" && ss.auth == "" {
				ss.tp.PrintfLine("530 5.7.0 authentication required")
				continue
			}
			ss.from = strings.TrimSuffix(strings.TrimPrefix(strings.Fields(arg + " x")[0], "FROM:<"), ">")
			ss.to = nil
			ss.tp.PrintfLine("250 2.1.0 ok")
		case "RCPT":
			rcpt := strings.TrimSuffix(strings.TrimPrefix(arg, "TO:<"), ">")
			if slices.Contains(s.opts.RejectRecipients, rcpt) {
				ss.tp.PrintfLine("550 5.1.1 no such user here")
				continue
			}
			ss.to = append(ss.to, rcpt)
			ss.tp.PrintfLine("250 2.1.5 ok")
		case "DATA":
			if ss.from == "" || len(ss.to) == 0 {
				ss.tp.PrintfLine("503 5.5.1 MAIL and RCPT first")
				continue
			}
			ss.tp.PrintfLine("354 end with <CRLF>.<CRLF>")
			data, err := ss.tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.delivered = append(s.delivered, Delivery{From: ss.from, To: ss.to, Data: string(data), TLS: ss.tls, Auth: ss.auth, Hello: ss.hello})
			s.mu.Unlock()
			select {
			case s.arrived <- struct{}{}:
			default:
			}
			ss.tp.PrintfLine("250 2.0.0 queued")
		case "RSET":
			ss.from, ss.to = "", nil
			ss.tp.PrintfLine("250 2.0.0 ok")
		case "NOOP":
			ss.tp.PrintfLine("250 2.0.0 ok")
		case "QUIT":
			ss.tp.PrintfLine("221 2.0.0 bye")
			return
		default:
			ss.tp.PrintfLine("500 5.5.2 unknown command")
		}
	}
}

// authenticate answers AUTH PLAIN, with the initial response on the line
// or after a 334.
func (s *Server) authenticate(ss *session, arg string) {
	mech, resp, _ := strings.Cut(arg, " ")
	if s.opts.Username == "" || !strings.EqualFold(mech, "PLAIN") {
		ss.tp.PrintfLine("504 5.5.4 mechanism not supported")
		return
	}
	if resp == "" {
		ss.tp.PrintfLine("334 ")
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		resp = line
	}
	raw, err := base64.StdEncoding.DecodeString(resp)
	parts := strings.Split(string(raw), "\x00")
	if err != nil || len(parts) != 3 || parts[1] != s.opts.Username || parts[2] != s.opts.Password {
		s.mu.Lock()
		s.authFails++
		s.mu.Unlock()
		ss.tp.PrintfLine("535 5.7.8 authentication credentials invalid")
		return
	}
	ss.auth = parts[1]
	ss.tp.PrintfLine("235 2.7.0 authenticated")
}

// certificate makes a self-signed certificate for 127.0.0.1 and localhost.
func certificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("mailtest: key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("mailtest: certificate: %v", err)
	}
	leaf, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}
