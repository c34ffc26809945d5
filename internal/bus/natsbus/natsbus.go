// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package natsbus is the bus.Bus of a cluster: NATS core publish/subscribe,
// so that a message published on one node reaches the subscribers of every
// node connected to the same NATS.
//
// No JetStream: the bus is fan-out, delivered at most once, and what must
// not be lost is read from the database. Subjects are prefixed with a
// namespace ("ensemble." by default) so that several installations can
// share one NATS. The connection reconnects forever, with backoff, and logs
// its disconnections; each subscription's handler runs on its own
// goroutine behind a bounded buffer, so a slow subscriber loses messages
// (Subscription.Dropped) instead of slowing the connection or the
// publisher.
//
// New connects to a NATS server by URL, NewInProcess to one running inside
// the process; package natsembed starts such a server, for tests and
// single-node installations.
package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Bus is a bus.Bus over one NATS connection. It is safe for concurrent
// use.
type Bus struct {
	nc  *nats.Conn
	cfg options
	log *slog.Logger
	url string // redacted, for messages

	closing  atomic.Bool
	closedCh chan struct{} // closed when the connection is closed

	mu   sync.Mutex
	subs map[*subscription]struct{}
}

var _ bus.Bus = (*Bus)(nil)

// New connects to the NATS server(s) at url ("nats://host:4222", or a
// comma-separated list; "tls://" for TLS; user and password or a token
// in the URL). The first connection must succeed within the connect
// timeout, or New fails with an error wrapping errs.Unavailable that shows
// the URL without its secrets; after that the bus reconnects forever.
func New(ctx context.Context, url string, log *slog.Logger, opts ...Option) (*Bus, error) {
	return connect(ctx, url, log, nil, opts)
}

// NewInProcess connects to a NATS server running in this process (a
// nats-server *server.Server), with no socket. Close closes the connection
// only: the server belongs to the caller. Package natsembed starts such a
// server; it lives apart because linking nats-server adds about 13 MB to
// the binary.
func NewInProcess(ctx context.Context, srv nats.InProcessConnProvider, log *slog.Logger, opts ...Option) (*Bus, error) {
	if srv == nil {
		return nil, fmt.Errorf("natsbus: no in-process server: %w", errs.Invalid)
	}
	return connect(ctx, "nats://in-process", log, srv, opts)
}

// connect builds the Bus; srv, when not nil, is a server of this process
// to connect to without a socket.
func connect(ctx context.Context, url string, log *slog.Logger, srv nats.InProcessConnProvider, opts []Option) (*Bus, error) {
	cfg, err := newOptions(opts)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bus{
		cfg:      cfg,
		log:      log,
		url:      Redact(url),
		closedCh: make(chan struct{}),
		subs:     map[*subscription]struct{}{},
	}
	nopts := []nats.Option{
		nats.Name(cfg.name),
		nats.Timeout(cfg.connectTimeout),
		nats.MaxReconnects(-1),
		nats.IgnoreAuthErrorAbort(), // forever means through auth errors too
		nats.CustomReconnectDelay(backoff),
		nats.PingInterval(20 * time.Second), // a dead peer is noticed within a minute
		nats.MaxPingsOutstanding(3),
		nats.ReconnectBufSize(cfg.reconnectBuffer),
		nats.FlusherTimeout(cfg.connectTimeout),
		nats.DrainTimeout(cfg.drainTimeout),
		nats.DisconnectErrHandler(b.onDisconnect),
		nats.ReconnectHandler(b.onReconnect),
		nats.ReconnectErrHandler(b.onReconnectError),
		nats.ClosedHandler(func(*nats.Conn) { close(b.closedCh) }),
		nats.ErrorHandler(b.onError),
	}
	if srv != nil {
		nopts = append(nopts, nats.InProcessServer(srv))
	}
	nc, err := dial(ctx, url, nopts)
	if err != nil {
		return nil, fmt.Errorf("natsbus: connect to %s: %w: %w", b.url, errs.Unavailable, err)
	}
	b.nc = nc
	log.Info("natsbus: connected", "url", nc.ConnectedUrlRedacted(), "namespace", cfg.prefix)
	return b, nil
}

// dial runs nats.Connect, which takes no context, so that a done ctx ends
// the wait; a connection that arrives afterwards is closed.
func dial(ctx context.Context, url string, opts []nats.Option) (*nats.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		nc  *nats.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		nc, err := nats.Connect(url, opts...)
		ch <- result{nc, err}
	}()
	select {
	case r := <-ch:
		return r.nc, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.nc != nil {
				r.nc.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// backoff is the wait before a reconnection attempt: 100 ms doubling up to
// 10 s, plus up to half again at random so that nodes do not reconnect in
// step.
func backoff(attempts int) time.Duration {
	d := 100 * time.Millisecond << min(max(attempts-1, 0), 7)
	d = min(d, 10*time.Second)
	return d + rand.N(d/2+1)
}

// Publish implements bus.Bus. It never waits for subscribers; while the
// connection is down, messages are buffered (up to the reconnect buffer)
// and sent on reconnection.
func (b *Bus) Publish(ctx context.Context, subject string, data []byte) error {
	if err := bus.ValidSubject(subject); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if b.closing.Load() {
		return bus.ErrClosed
	}
	if err := b.nc.Publish(b.cfg.prefix+subject, data); err != nil {
		return b.classify("publish "+subject, err)
	}
	return nil
}

// classify wraps a nats error in the kind the rest of the program knows.
func (b *Bus) classify(op string, err error) error {
	switch {
	case errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrConnectionDraining):
		return bus.ErrClosed
	case errors.Is(err, nats.ErrMaxPayload):
		return fmt.Errorf("natsbus: %s: %w: %w", op, errs.TooLarge, err)
	default:
		return fmt.Errorf("natsbus: %s: %w: %w", op, errs.Unavailable, err)
	}
}

// Ping checks, for readiness, that the connection is up and the server
// answers. It waits at most until ctx ends, and at most the connect
// timeout if ctx has no deadline. Its errors wrap errs.Unavailable.
func (b *Bus) Ping(ctx context.Context) error {
	if b.closing.Load() {
		return fmt.Errorf("natsbus: ping: %w: %w", errs.Unavailable, bus.ErrClosed)
	}
	if st := b.nc.Status(); st != nats.CONNECTED {
		return fmt.Errorf("natsbus: ping %s: %w: %s", b.url, errs.Unavailable, st)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.cfg.connectTimeout)
		defer cancel()
	}
	if err := b.nc.FlushWithContext(ctx); err != nil {
		return fmt.Errorf("natsbus: ping %s: %w: %w", b.url, errs.Unavailable, err)
	}
	return nil
}

// Close implements bus.Bus: it stops every subscription, sends what is
// still buffered for publishing (within the drain timeout), closes the
// connection.
func (b *Bus) Close() error {
	if !b.closing.CompareAndSwap(false, true) {
		<-b.closedCh
		return nil
	}
	b.mu.Lock()
	subs := b.subs
	b.subs = map[*subscription]struct{}{}
	b.mu.Unlock()
	for s := range subs {
		s.stop()
	}
	if err := b.nc.Drain(); err != nil {
		b.nc.Close()
	}
	select {
	case <-b.closedCh:
	case <-time.After(b.cfg.drainTimeout + time.Second):
		b.nc.Close()
		<-b.closedCh
	}
	return nil
}
