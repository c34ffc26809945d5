// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
)

// HandlerFunc is an HTTP handler that returns its error instead of writing
// it, so that errors are answered and logged in one place.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts h to an http.Handler that answers h's error with WriteError.
func Handle(log *slog.Logger, h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, log, err)
		}
	})
}

// MaxJSONBytes is the default limit of a JSON request body.
const MaxJSONBytes = 1 << 20

// DecodeJSON reads r's body, of at most limit bytes (MaxJSONBytes if
// limit <= 0), into v. Unknown fields, trailing data, a wrong content type
// and malformed JSON are *Error values with status 400, 413 or 415.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if limit <= 0 {
		limit = MaxJSONBytes
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "Send the body as application/json."}
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if err == nil {
			return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: "The body must hold a single JSON value."}
		}
		return jsonError(err)
	}
	return nil
}

func jsonError(err error) error {
	var mb *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mb):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("The body is larger than %d bytes.", mb.Limit), Err: err}
	case errors.Is(err, io.EOF):
		return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: "The body is empty; send a JSON object.", Err: err}
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: "The body is not valid JSON.", Err: err}
	case errors.As(err, &typ):
		return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: fmt.Sprintf("The field %q has the wrong type.", typ.Field), Err: err}
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: "The body has an unknown " + strings.TrimPrefix(err.Error(), "json: unknown ") + ".", Err: err}
	}
	return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: "The body could not be read as JSON.", Err: err}
}

type ctxKey int

const requestIDKey ctxKey = 0

// WithRequestID returns a context carrying the request ID id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request ID carried by ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}
