// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package httpx is the HTTP edge shared by every domain: handlers that
// return errors, the one JSON error shape of the API, and JSON decoding with
// size limits.
//
// Every API error answers
//
//	{"error": {"code": "not_found", "message": "No such document."}}
//
// where code is stable for programs and message is for people. Domain errors
// are mapped to a status from their kind (package errs) in one place, here;
// a message meant for the client travels in an *Error, while the wrapped
// cause is logged with the request ID and never shown.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Error is an error with what the client should see.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Code is a stable, machine-readable snake_case code.
	Code string
	// Message is a sentence for people.
	Message string
	// Err is the cause, logged but never sent to the client.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// NewError returns an *Error with the given status, code and message.
func NewError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// kinds maps each domain error kind to what the client sees when the domain
// gave no message of its own.
var kinds = []struct {
	kind    error
	status  int
	code    string
	message string
}{
	{errs.NotFound, http.StatusNotFound, "not_found", "Not found."},
	{errs.Unauthenticated, http.StatusUnauthorized, "unauthenticated", "Sign in first."},
	{errs.Forbidden, http.StatusForbidden, "forbidden", "You may not do this."},
	{errs.Conflict, http.StatusConflict, "conflict", "This conflicts with the current state; reload and try again."},
	{errs.Invalid, http.StatusBadRequest, "invalid", "The request is not valid."},
	{errs.TooLarge, http.StatusRequestEntityTooLarge, "too_large", "The request is too large."},
	{errs.TooMany, http.StatusTooManyRequests, "too_many_requests", "Too many requests; wait a moment and try again."},
	{errs.Unavailable, http.StatusServiceUnavailable, "unavailable", "A service Ensemble depends on is unavailable; try again shortly."},
}

// Classify returns what the client should see for err.
func Classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var d *errs.Detail
	if errors.As(err, &d) {
		for _, k := range kinds {
			if errors.Is(d.Kind, k.kind) {
				return &Error{Status: k.status, Code: k.code, Message: d.Message, Err: err}
			}
		}
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "The request body is too large.", Err: err}
	}
	for _, k := range kinds {
		if errors.Is(err, k.kind) {
			return &Error{Status: k.status, Code: k.code, Message: k.message, Err: err}
		}
	}
	if errors.Is(err, context.Canceled) {
		// The client went away; 499 is nginx's convention for it.
		return &Error{Status: 499, Code: "canceled", Message: "The request was canceled.", Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "Something went wrong on our side. It has been logged.", Err: err}
}

type body struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id,omitempty"`
	} `json:"error"`
}

// WriteError answers err in the JSON error shape, and logs it: at error
// level for a server fault, at debug level for a client's mistake.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := Classify(err)
	id := RequestID(r.Context())
	if log != nil {
		level := slog.LevelDebug
		if e.Status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(r.Context(), level, "request failed", slog.String("request_id", id),
			slog.Int("status", e.Status), slog.String("code", e.Code), slog.Any("err", err))
	}
	var b body
	b.Error.Code, b.Error.Message, b.Error.RequestID = e.Code, e.Message, id
	if e.Status == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "60")
	}
	WriteJSON(w, e.Status, b)
}

// WriteJSON answers v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
