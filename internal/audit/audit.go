// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package audit keeps the audit log: who did what security-relevant thing,
// when, from where, and whether it worked — logins and their failures,
// password and token changes, administrators' actions. Every domain records
// its events here; administrators read, filter and export them.
//
// Recording never fails the action it describes: an event that cannot be
// stored is logged at error level instead.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Outcomes of an event.
const (
	Success = "success"
	Failure = "failure"
)

// Event is one entry of the audit log.
type Event struct {
	ID         int64          `json:"id"`
	At         time.Time      `json:"at"`
	Action     string         `json:"action"`  // "login", "password.change", "token.create"…
	Outcome    string         `json:"outcome"` // Success or Failure
	ActorID    string         `json:"actor_id,omitempty"`
	ActorEmail string         `json:"actor_email,omitempty"`
	TargetType string         `json:"target_type,omitempty"`
	TargetID   string         `json:"target_id,omitempty"`
	IP         string         `json:"ip,omitempty"`
	UserAgent  string         `json:"user_agent,omitempty"`
	Details    map[string]any `json:"details,omitempty"`
}

// Log stores and reads audit events.
type Log struct {
	db  *db.DB
	log *slog.Logger
}

// New returns the audit log kept in d.
func New(d *db.DB, log *slog.Logger) *Log { return &Log{db: d, log: log} }

// Record stores e, filling its time, and the client address and user agent
// from r when r is not nil.
func (l *Log) Record(ctx context.Context, r *http.Request, e Event) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if e.Outcome == "" {
		e.Outcome = Success
	}
	if r != nil {
		e.IP = ClientIP(r)
		e.UserAgent = truncate(r.UserAgent(), 256)
	}
	details := []byte("{}")
	if len(e.Details) > 0 {
		details, _ = json.Marshal(e.Details)
	}
	_, err := l.db.ExecContext(context.WithoutCancel(ctx), `INSERT INTO audit_events
		(at, action, outcome, actor_id, actor_email, target_type, target_id, ip, user_agent, details)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		db.Time(e.At), e.Action, e.Outcome, e.ActorID, e.ActorEmail, e.TargetType, e.TargetID, e.IP, e.UserAgent, string(details))
	if err != nil {
		l.log.Error("audit: cannot record event", "action", e.Action, "actor", e.ActorID, "err", err)
	}
}

// Filter selects events; zero fields select everything.
type Filter struct {
	Action  string    // exact action, or a prefix ending in "." ("token.")
	ActorID string    // events by this user
	Actor   string    // events whose actor's email contains this (case-insensitive)
	Outcome string    // Success or Failure
	Since   time.Time // at or after
	Until   time.Time // before
	Before  int64     // id below this, for paging backwards
	Limit   int       // at most this many (default 100, at most 1000)

	TargetType string // events about objects of this type ("doc")
	TargetID   string // events about this object
}

// List returns the events that match f, newest first.
func (l *Log) List(ctx context.Context, f Filter) ([]Event, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if strings.HasSuffix(f.Action, ".") {
		add("action LIKE $%d", f.Action+"%")
	} else if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if f.ActorID != "" {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Actor != "" {
		add("lower(actor_email) LIKE $%d", "%"+strings.ToLower(f.Actor)+"%")
	}
	if f.Outcome != "" {
		if f.Outcome != Success && f.Outcome != Failure {
			return nil, fmt.Errorf("audit: outcome %q: %w", f.Outcome, errs.Invalid)
		}
		add("outcome = $%d", f.Outcome)
	}
	if f.TargetType != "" {
		add("target_type = $%d", f.TargetType)
	}
	if f.TargetID != "" {
		add("target_id = $%d", f.TargetID)
	}
	if !f.Since.IsZero() {
		add("at >= $%d", db.Time(f.Since))
	}
	if !f.Until.IsZero() {
		add("at < $%d", db.Time(f.Until))
	}
	if f.Before > 0 {
		add("id < $%d", f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 1000)
	q := `SELECT id, at, action, outcome, actor_id, actor_email, target_type, target_id, ip, user_agent, details FROM audit_events`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT " + strconv.Itoa(f.Limit)
	rows, err := l.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var at, details string
		if err := rows.Scan(&e.ID, &at, &e.Action, &e.Outcome, &e.ActorID, &e.ActorEmail, &e.TargetType, &e.TargetID, &e.IP, &e.UserAgent, &details); err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		e.At, _ = db.ParseTime(at)
		json.Unmarshal([]byte(details), &e.Details)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ClientIP returns the address of the client that sent r, without the port.
// (Behind a reverse proxy this is the proxy; trusting X-Forwarded-For is a
// deployment choice not made here.)
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
