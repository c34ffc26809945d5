// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package errs defines the small set of error kinds that every domain of
// Ensemble wraps its errors in. The HTTP edge maps each kind to one status
// code (see package httpx); nothing else in the program needs to know about
// status codes.
//
// Domains wrap a kind with lowercase context:
//
//	return fmt.Errorf("drive: rename %q: %w", name, errs.NotFound)
//
// and callers test for it with errors.Is.
package errs

import (
	"errors"
	"fmt"
)

// The kinds. Each is a sentinel to be wrapped, never returned bare by a
// domain without context.
var (
	// NotFound means the object does not exist, or the caller may not know
	// that it does.
	NotFound = errors.New("not found")
	// Forbidden means the caller is known but may not do this.
	Forbidden = errors.New("forbidden")
	// Unauthenticated means the caller must sign in first.
	Unauthenticated = errors.New("unauthenticated")
	// Conflict means the request clashes with the current state.
	Conflict = errors.New("conflict")
	// Invalid means the input is malformed or out of range.
	Invalid = errors.New("invalid")
	// TooLarge means the input is larger than allowed.
	TooLarge = errors.New("too large")
	// TooMany means the caller is rate limited.
	TooMany = errors.New("too many requests")
	// Unavailable means a dependency (database, blob store) cannot be reached.
	Unavailable = errors.New("unavailable")
)

// Detail is an error kind with a message written for the person who made
// the request ("The name must be 1 to 100 characters."). Package httpx
// sends that message to the client; the rest of the error chain is only
// logged.
type Detail struct {
	// Kind is one of the kinds above.
	Kind error
	// Message is a whole sentence, in English, that says what to change.
	Message string
}

func (d *Detail) Error() string { return d.Message }

// Unwrap returns the kind, so that errors.Is(err, errs.Invalid) holds.
func (d *Detail) Unwrap() error { return d.Kind }

// Explain returns a *Detail of kind with the formatted message.
func Explain(kind error, format string, args ...any) error {
	return &Detail{Kind: kind, Message: fmt.Sprintf(format, args...)}
}
