// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail_test

import (
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/mail"
	"github.com/ensemble-suite/ensemble/internal/mail/mailtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is a test clock moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func notice(to string) mail.Message {
	return mail.Mention(mail.Recipient{Email: to, Locale: "fr"}, "Marie", "Plan", "Regarde ça", "https://e.example/docs/D", "https://e.example/account")
}

func TestOutboxDelivers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{StartTLS: true, Username: "u", Password: "p"})
		c := mail.NewSMTP(relayOf(t, srv, "smtp://u:p@ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
		o := mail.NewOutbox(d, c, from, quiet, mail.OutboxOptions{})
		go o.Run(t.Context())
		if err := o.Enqueue(t.Context(), notice("zoe@example.org")); err != nil {
			t.Fatal(err)
		}
		got := srv.Wait(t, 1, 30*time.Second)[0]
		if p := parse(t, got.Data); p.subject != "Marie vous a mentionné dans « Plan »" || !strings.Contains(p.text, "https://e.example/docs/D") {
			t.Errorf("delivered %q:\n%s", p.subject, p.text)
		}
		waitStatus(t, o, 0, 0)
	})
}

func TestOutboxRetriesThenGivesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{StartTLS: true, Username: "u", Password: "right"})
		c := mail.NewSMTP(relayOf(t, srv, "smtp://u:wrong@ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
		clk := &clock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
		o := mail.NewOutbox(d, c, from, quiet, mail.OutboxOptions{MaxAttempts: 3, Backoff: time.Minute, Now: clk.Now})
		if err := o.Enqueue(t.Context(), notice("zoe@example.org")); err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= 3; attempt++ {
			if n, err := o.SendDue(t.Context()); err != nil || n != 0 {
				t.Fatalf("attempt %d: SendDue = %d, %v", attempt, n, err)
			}
			if got := srv.AuthFailures(); got != attempt {
				t.Fatalf("after attempt %d the relay saw %d AUTH failures", attempt, got)
			}
			// Nothing is due again before the backoff has passed.
			if _, err := o.SendDue(t.Context()); err != nil || srv.AuthFailures() != attempt {
				t.Fatalf("retried before the backoff: %d failures, %v", srv.AuthFailures(), err)
			}
			clk.Add(time.Duration(1<<(attempt-1)) * time.Minute)
		}
		pending, failed, err := o.Status(t.Context())
		if err != nil || pending != 0 || failed != 1 {
			t.Fatalf("Status = %d pending, %d failed, %v; want it given up", pending, failed, err)
		}
		var lastErr string
		if err := d.QueryRowContext(t.Context(), `SELECT last_error FROM mail_outbox`).Scan(&lastErr); err != nil || !strings.Contains(lastErr, "535") {
			t.Errorf("last_error = %q, %v; want the relay's 535", lastErr, err)
		}
		clk.Add(24 * time.Hour)
		if _, err := o.SendDue(t.Context()); err != nil || srv.AuthFailures() != 3 || len(srv.Messages()) != 0 {
			t.Errorf("a message given up was tried again: %d failures, %v", srv.AuthFailures(), err)
		}
	})
}

func TestOutboxGivesUpAtOnceOnAPermanentRefusal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{StartTLS: true, RejectRecipients: []string{"gone@example.org"}})
		c := mail.NewSMTP(relayOf(t, srv, "smtp://ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
		o := mail.NewOutbox(d, c, from, quiet, mail.OutboxOptions{MaxAttempts: 5})
		for _, to := range []string{"gone@example.org", "zoe@example.org"} {
			if err := o.Enqueue(t.Context(), notice(to)); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := o.SendDue(t.Context()); err != nil || n != 1 {
			t.Fatalf("SendDue = %d, %v; want the good one delivered", n, err)
		}
		if pending, failed, err := o.Status(t.Context()); err != nil || pending != 0 || failed != 1 {
			t.Fatalf("Status = %d pending, %d failed, %v; want the refused one given up", pending, failed, err)
		}
		var lastErr string
		var attempts int
		if err := d.QueryRowContext(t.Context(), `SELECT last_error, attempts FROM mail_outbox`).Scan(&lastErr, &attempts); err != nil || attempts != 1 || !strings.Contains(lastErr, "550") {
			t.Errorf("given up after %d attempts with %q (%v); want 1, the relay's 550", attempts, lastErr, err)
		}
	})
}

func TestOutboxTwoWorkersSendEachMessageOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{StartTLS: true})
		c := mail.NewSMTP(relayOf(t, srv, "smtp://ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
		a := mail.NewOutbox(d, c, from, quiet, mail.OutboxOptions{})
		b := mail.NewOutbox(d, c, from, quiet, mail.OutboxOptions{})
		const n = 12
		for i := range n {
			if err := a.Enqueue(t.Context(), notice(fmt.Sprintf("user%d@example.org", i))); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		var sent [2]int
		for i, o := range []*mail.Outbox{a, b} {
			wg.Go(func() {
				var err error
				if sent[i], err = o.SendDue(t.Context()); err != nil {
					t.Errorf("worker %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if sent[0]+sent[1] != n {
			t.Errorf("the workers sent %d + %d; want %d in all", sent[0], sent[1], n)
		}
		seen := map[string]int{}
		for _, m := range srv.Messages() {
			seen[m.To[0]]++
		}
		if len(seen) != n {
			t.Errorf("%d distinct recipients; want %d", len(seen), n)
		}
		for to, k := range seen {
			if k != 1 {
				t.Errorf("%s got %d copies", to, k)
			}
		}
		waitStatus(t, a, 0, 0)
	})
}

func TestOutboxSurvivesRestart(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "ensemble.db")
		restart(t, func() *db.DB {
			d, err := db.Open(t.Context(), "", path)
			if err != nil {
				t.Fatal(err)
			}
			return d
		})
	})
	t.Run("postgres", func(t *testing.T) {
		u := dbtest.PostgresURL(t)
		restart(t, func() *db.DB {
			d, err := db.Open(t.Context(), u, "")
			if err != nil {
				t.Fatal(err)
			}
			return d
		})
	})
}

// restart queues a message while the relay refuses it, closes the
// database, opens it again with a new outbox and sees the message
// delivered.
func restart(t *testing.T, open func() *db.DB) {
	srv := mailtest.Start(t, mailtest.Options{StartTLS: true, Username: "u", Password: "p"})
	d := open()
	if _, err := d.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	bad := mail.NewSMTP(relayOf(t, srv, "smtp://u:wrong@ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
	clk := &clock{t: time.Now()}
	first := mail.NewOutbox(d, bad, from, quiet, mail.OutboxOptions{Now: clk.Now})
	if err := first.Enqueue(t.Context(), notice("zoe@example.org")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.SendDue(t.Context()); err != nil || srv.AuthFailures() != 1 {
		t.Fatalf("first attempt: %v, %d failures", err, srv.AuthFailures())
	}
	d.Close()

	d = open()
	defer d.Close()
	good := mail.NewSMTP(relayOf(t, srv, "smtp://u:p@ADDR"), mail.SMTPOptions{TLS: &tls.Config{RootCAs: srv.Roots}})
	clk.Add(time.Minute) // the backoff after one failure
	second := mail.NewOutbox(d, good, from, quiet, mail.OutboxOptions{Now: clk.Now})
	if n, err := second.SendDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("after the restart SendDue = %d, %v; want the queued message sent", n, err)
	}
	if got := srv.Wait(t, 1, 10*time.Second)[0]; got.To[0] != "zoe@example.org" || !strings.Contains(got.Data, "Subject: =?utf-8?q?") {
		t.Errorf("delivered to %v:\n%s", got.To, got.Data)
	}
	waitStatus(t, second, 0, 0)
}

func waitStatus(t *testing.T, o *mail.Outbox, pending, failed int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		p, f, err := o.Status(t.Context())
		if err == nil && p == pending && f == failed {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox: %d pending, %d failed (%v); want %d, %d", p, f, err, pending, failed)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
