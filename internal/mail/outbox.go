// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Sender hands one encoded message to a mail relay. SMTP is the real one.
type Sender interface {
	Send(ctx context.Context, from, to string, msg []byte) error
}

// Outbox queues messages in the database and sends them in the
// background, so that no request waits for the relay. Every node may run
// a worker: a row is claimed by moving its next attempt forward.
type Outbox struct {
	db      *db.DB
	sender  Sender
	from    mail.Address
	log     *slog.Logger
	opts    OutboxOptions
	wake    chan struct{}
	metrics metrics
}

// OutboxOptions tune an Outbox; zero values mean the defaults.
type OutboxOptions struct {
	// MaxAttempts is how many times a message is tried before it is given
	// up (8: about a day with the default backoff).
	MaxAttempts int
	// Backoff is the wait after the first failure, doubled after each
	// (1 min), up to MaxBackoff (6 h).
	Backoff, MaxBackoff time.Duration
	// Lease is how long a worker holds a message it is sending (2 min);
	// longer than a conversation with the relay may last.
	Lease time.Duration
	// Poll is how often the worker looks for due messages when nothing
	// woke it (30 s).
	Poll time.Duration
	// KeepFailed is how long messages given up stay for the operator to
	// see (30 days).
	KeepFailed time.Duration
	// Now is the clock (time.Now).
	Now func() time.Time
}

// NewOutbox returns an outbox that sends through sender, from from.
func NewOutbox(d *db.DB, sender Sender, from mail.Address, log *slog.Logger, opts OutboxOptions) *Outbox {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 8
	}
	def(&opts.Backoff, time.Minute)
	def(&opts.MaxBackoff, 6*time.Hour)
	def(&opts.Lease, 2*time.Minute)
	def(&opts.Poll, 30*time.Second)
	def(&opts.KeepFailed, 30*24*time.Hour)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Outbox{db: d, sender: sender, from: from, log: log, opts: opts, wake: make(chan struct{}, 1), metrics: newMetrics()}
}

// Enqueue encodes m and queues it; the worker sends it soon.
func (o *Outbox) Enqueue(ctx context.Context, m Message) error {
	now := o.opts.Now()
	raw, err := Encode(o.from, m, now)
	if err != nil {
		return err
	}
	_, err = o.db.ExecContext(ctx, `INSERT INTO mail_outbox (id, recipient, message, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4)`,
		ids.New(), m.To.Address, string(raw), db.Time(now))
	if err != nil {
		return fmt.Errorf("mail: queue a message: %w", err)
	}
	select {
	case o.wake <- struct{}{}:
	default:
	}
	return nil
}

// Run sends due messages until ctx ends.
func (o *Outbox) Run(ctx context.Context) {
	tick := time.NewTicker(o.opts.Poll)
	defer tick.Stop()
	var purged time.Time
	for {
		_, sendErr := o.SendDue(ctx)
		if sendErr != nil && ctx.Err() == nil {
			o.log.Warn("mail: outbox", "err", sendErr)
		}
		if now := o.opts.Now(); now.Sub(purged) > time.Hour {
			if _, err := o.db.ExecContext(ctx, `DELETE FROM mail_outbox WHERE state = 'failed' AND created_at < $1`,
				db.Time(now.Add(-o.opts.KeepFailed))); err != nil && ctx.Err() == nil {
				o.log.Warn("mail: purge failed messages", "err", err)
			}
			purged = now
		}
		// Sleep until the next due message, a new message or the poll.
		// After an error (the database), wait for the poll rather than spin.
		wait := o.opts.Poll
		if next, ok := o.nextDue(ctx); ok && sendErr == nil {
			wait = min(wait, max(next.Sub(o.opts.Now()), 0)+time.Millisecond)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-o.wake:
		case <-tick.C:
		case <-t.C:
		}
		t.Stop()
	}
}

func (o *Outbox) nextDue(ctx context.Context) (time.Time, bool) {
	var at sql.NullString
	if err := o.db.QueryRowContext(ctx, `SELECT min(next_attempt_at) FROM mail_outbox WHERE state = 'pending'`).Scan(&at); err != nil || !at.Valid {
		return time.Time{}, false
	}
	t, err := db.ParseTime(at.String)
	return t, err == nil
}

// SendDue sends the messages that are due now, one after the other, and
// returns how many were delivered.
func (o *Outbox) SendDue(ctx context.Context) (int, error) {
	sent := 0
	for ctx.Err() == nil {
		now := o.opts.Now()
		rows, err := o.db.QueryContext(ctx, `SELECT id, recipient, message, attempts, next_attempt_at FROM mail_outbox
			WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 20`, db.Time(now))
		if err != nil {
			return sent, fmt.Errorf("mail: due messages: %w", err)
		}
		type due struct {
			id, to, msg, at string
			attempts        int
		}
		var batch []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.to, &d.msg, &d.attempts, &d.at); err != nil {
				rows.Close()
				return sent, fmt.Errorf("mail: due messages: %w", err)
			}
			batch = append(batch, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sent, fmt.Errorf("mail: due messages: %w", err)
		}
		if len(batch) == 0 {
			return sent, nil
		}
		for _, d := range batch {
			ok, err := o.sendOne(ctx, d.id, d.to, d.msg, d.at, d.attempts)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, ctx.Err()
}

// sendOne claims one message, sends it and records the outcome; it
// reports whether the message was delivered.
func (o *Outbox) sendOne(ctx context.Context, id, to, msg, at string, attempts int) (bool, error) {
	now := o.opts.Now()
	res, err := o.db.ExecContext(ctx, `UPDATE mail_outbox SET next_attempt_at = $1 WHERE id = $2 AND state = 'pending' AND next_attempt_at = $3`,
		db.Time(now.Add(o.opts.Lease)), id, at)
	if err != nil {
		return false, fmt.Errorf("mail: claim %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil // another worker has it
	}
	sendErr := o.sender.Send(ctx, o.from.Address, to, []byte(msg))
	// The outcome is recorded even when ctx ends in the middle.
	wctx := context.WithoutCancel(ctx)
	if sendErr == nil {
		if _, err := o.db.ExecContext(wctx, `DELETE FROM mail_outbox WHERE id = $1`, id); err != nil {
			return true, fmt.Errorf("mail: delivered %s: %w", id, err)
		}
		o.metrics.sent.Inc()
		o.log.Info("mail: delivered", "id", id, "attempt", attempts+1)
		return true, nil
	}
	if ctx.Err() != nil && errors.Is(sendErr, context.Cause(ctx)) {
		// Stopping: try again at the next start, without counting it.
		_, err := o.db.ExecContext(wctx, `UPDATE mail_outbox SET next_attempt_at = $1 WHERE id = $2`, db.Time(now), id)
		return false, err
	}
	attempts++
	o.metrics.failures.Inc()
	msgErr := sendErr.Error()
	if len(msgErr) > 1000 {
		msgErr = msgErr[:1000]
	}
	var perm *PermanentError
	if attempts >= o.opts.MaxAttempts || errors.As(sendErr, &perm) {
		_, err = o.db.ExecContext(wctx, `UPDATE mail_outbox SET state = 'failed', attempts = $1, last_error = $2 WHERE id = $3`, attempts, msgErr, id)
		o.metrics.gaveUp.Inc()
		o.log.Error("mail: gave up a message", "id", id, "attempts", attempts, "err", sendErr)
	} else {
		wait := o.opts.Backoff << (attempts - 1)
		if wait > o.opts.MaxBackoff || wait <= 0 {
			wait = o.opts.MaxBackoff
		}
		_, err = o.db.ExecContext(wctx, `UPDATE mail_outbox SET attempts = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4`,
			attempts, msgErr, db.Time(o.opts.Now().Add(wait)), id)
		o.log.Warn("mail: delivery failed; will retry", "id", id, "attempt", attempts, "retry_in", wait, "err", sendErr)
	}
	if err != nil {
		return false, fmt.Errorf("mail: record the failure of %s: %w", id, err)
	}
	return false, nil
}

// Status counts the queued messages by state, for tests and operators.
func (o *Outbox) Status(ctx context.Context) (pending, failed int, err error) {
	err = o.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM mail_outbox`).Scan(&pending, &failed)
	if err != nil {
		return 0, 0, fmt.Errorf("mail: outbox status: %w", err)
	}
	return pending, failed, nil
}
