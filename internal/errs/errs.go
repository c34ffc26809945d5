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

import "errors"

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
