// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package bus carries messages between the parts of Ensemble, and later
// between the nodes of a cluster: a document edit reaches every editor, a
// chat message every member's connection.
//
// Subjects are dot-separated tokens ("collab.doc.42"), matched as NATS
// matches them: "*" stands for one token and a final ">" for one or more, so
// that the in-process implementation here and a NATS one are
// interchangeable. Delivery is at most once, in publish order for each
// subscription, and never blocks the publisher: a subscriber that falls
// more than its buffer behind loses messages, which it can notice through
// Subscription.Dropped. Consumers that need every message read them from the
// database; the bus is for fan-out.
//
// Local is the bus of one node; package natsbus carries the same interface
// over NATS for several nodes; package bustest is the conformance suite
// both pass.
package bus

import (
	"context"
	"fmt"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Message is one published message.
type Message struct {
	// Subject is the subject it was published on.
	Subject string
	// Data is its payload; subscribers must not modify it.
	Data []byte
}

// Bus publishes and subscribes.
type Bus interface {
	// Publish sends data to every subscription whose pattern matches subject.
	Publish(ctx context.Context, subject string, data []byte) error
	// Subscribe calls fn, from one goroutine per subscription, for every
	// message on a subject that matches pattern, until the subscription is
	// closed or ctx is done.
	Subscribe(ctx context.Context, pattern string, fn func(Message)) (Subscription, error)
	// Close stops every subscription.
	Close() error
}

// Subscription is a live subscription.
type Subscription interface {
	// Close stops delivery: no call of fn starts after Close returns (a
	// call already running may finish).
	Close() error
	// Dropped counts the messages this subscriber lost for being too slow.
	Dropped() uint64
}

// ValidSubject reports whether s is a subject that can be published on:
// non-empty tokens of printable characters with no spaces or wildcards.
func ValidSubject(s string) error {
	return validate(s, false)
}

// ValidPattern reports whether p is a pattern that can be subscribed to.
func ValidPattern(p string) error {
	return validate(p, true)
}

func validate(s string, pattern bool) error {
	if s == "" || len(s) > 256 {
		return fmt.Errorf("bus: subject %q: %w", s, errs.Invalid)
	}
	toks := strings.Split(s, ".")
	for i, tok := range toks {
		if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
			return fmt.Errorf("bus: subject %q: empty token or space: %w", s, errs.Invalid)
		}
		if tok == "*" || tok == ">" {
			if !pattern || (tok == ">" && i != len(toks)-1) {
				return fmt.Errorf("bus: subject %q: misplaced wildcard: %w", s, errs.Invalid)
			}
			continue
		}
		if strings.ContainsAny(tok, "*>") {
			return fmt.Errorf("bus: subject %q: wildcard inside a token: %w", s, errs.Invalid)
		}
	}
	return nil
}

// Match reports whether subject matches pattern.
func Match(pattern, subject string) bool {
	for {
		pt, prest, pmore := strings.Cut(pattern, ".")
		st, srest, smore := strings.Cut(subject, ".")
		switch {
		case pt == ">":
			return true
		case pt != "*" && pt != st:
			return false
		case !pmore || !smore:
			return pmore == smore
		}
		pattern, subject = prest, srest
	}
}
