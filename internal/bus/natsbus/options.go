// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"fmt"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// DefaultNamespace prefixes every subject unless WithNamespace says
// otherwise.
const DefaultNamespace = "ensemble"

// An Option adjusts New and NewEmbedded.
type Option func(*options)

type options struct {
	prefix          string // namespace and a dot, or empty
	namespaceErr    error
	name            string
	buffer          int
	bufferBytes     int
	connectTimeout  time.Duration
	drainTimeout    time.Duration
	reconnectBuffer int
}

func newOptions(opts []Option) (options, error) {
	o := options{
		prefix:          DefaultNamespace + ".",
		name:            "ensemble",
		buffer:          bus.DefaultBuffer,
		bufferBytes:     64 << 20,
		connectTimeout:  5 * time.Second,
		drainTimeout:    5 * time.Second,
		reconnectBuffer: 8 << 20,
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o, o.namespaceErr
}

// WithNamespace sets the namespace, the first subject token(s) of every
// message ("ensemble" by default; "" for none), so that installations
// sharing one NATS do not hear each other.
func WithNamespace(ns string) Option {
	return func(o *options) {
		ns = strings.TrimSuffix(ns, ".")
		if ns == "" {
			o.prefix = ""
			return
		}
		if err := bus.ValidSubject(ns); err != nil {
			o.namespaceErr = fmt.Errorf("natsbus: namespace %q: %w", ns, errs.Invalid)
			return
		}
		o.prefix = ns + "."
	}
}

// WithBuffer sets how many messages a subscription may fall behind before
// it loses some (bus.DefaultBuffer if n <= 0).
func WithBuffer(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.buffer = n
		}
	}
}

// WithConnectTimeout bounds the first connection, Ping without a deadline,
// and socket writes (5 s by default).
func WithConnectTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.connectTimeout = d
		}
	}
}

// WithName sets the connection name the NATS server shows in its
// monitoring ("ensemble" by default): the node's host name, say.
func WithName(name string) Option {
	return func(o *options) {
		if name != "" {
			o.name = name
		}
	}
}
