// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Subscribe implements bus.Bus. When the connection is up, it returns once
// the server has the subscription, so that a message published anywhere
// after Subscribe returns reaches fn (a caller may subscribe, then read the
// database, and miss nothing in between). While disconnected it returns at
// once; the subscription is sent on reconnection.
func (b *Bus) Subscribe(ctx context.Context, pattern string, fn func(bus.Message)) (bus.Subscription, error) {
	if err := bus.ValidPattern(pattern); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, fmt.Errorf("natsbus: subscribe %q: nil handler: %w", pattern, errs.Invalid)
	}
	if b.closing.Load() {
		return nil, bus.ErrClosed
	}
	s := &subscription{bus: b, fn: fn}
	ns, err := b.nc.Subscribe(b.cfg.prefix+pattern, s.deliver)
	if err != nil {
		return nil, b.classify("subscribe "+pattern, err)
	}
	if err := ns.SetPendingLimits(b.cfg.buffer, b.cfg.bufferBytes); err != nil {
		ns.Unsubscribe()
		return nil, b.classify("subscribe "+pattern, err)
	}
	s.ns = ns
	b.mu.Lock()
	if b.closing.Load() {
		b.mu.Unlock()
		ns.Unsubscribe()
		return nil, bus.ErrClosed
	}
	b.subs[s] = struct{}{}
	b.mu.Unlock()

	if b.nc.IsConnected() {
		fctx, cancel := context.WithTimeout(ctx, b.cfg.connectTimeout)
		err := b.nc.FlushWithContext(fctx)
		cancel()
		if ctx.Err() != nil {
			s.Close()
			return nil, fmt.Errorf("natsbus: subscribe %q: %w", pattern, ctx.Err())
		}
		if err != nil { // the subscription is resent when the connection comes back
			b.log.Debug("natsbus: subscribe: flush", "pattern", pattern, "err", err)
		}
	}
	if ctx.Done() != nil {
		s.unhook = context.AfterFunc(ctx, func() { s.Close() })
	}
	return s, nil
}

// subscription is one bus.Subscription: a NATS subscription whose
// messages nats.go queues (up to the pending limits) and hands to deliver
// on a goroutine of its own.
type subscription struct {
	bus    *Bus
	fn     func(bus.Message)
	ns     *nats.Subscription
	unhook func() bool // stops the context.AfterFunc, if any

	once    sync.Once
	dropped atomic.Uint64 // the count when the subscription stopped

	mu      sync.Mutex // guards stopped, so that no call of fn starts after Close
	stopped bool
}

func (s *subscription) deliver(m *nats.Msg) {
	s.mu.Lock()
	stopped := s.stopped
	s.mu.Unlock()
	if stopped {
		return
	}
	s.fn(bus.Message{Subject: strings.TrimPrefix(m.Subject, s.bus.cfg.prefix), Data: m.Data})
}

// Close implements bus.Subscription.
func (s *subscription) Close() error {
	s.bus.mu.Lock()
	delete(s.bus.subs, s)
	s.bus.mu.Unlock()
	s.stop()
	return nil
}

// stop ends delivery and unsubscribes, once. Errors from Unsubscribe mean
// the connection is closed already, which ends the subscription too.
func (s *subscription) stop() {
	s.once.Do(func() {
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		if n, err := s.ns.Dropped(); err == nil {
			s.dropped.Store(uint64(n))
		}
		s.ns.Unsubscribe()
		if s.unhook != nil {
			s.unhook()
		}
	})
}

// Dropped implements bus.Subscription: the messages nats.go discarded
// because this subscription's buffer was full.
func (s *subscription) Dropped() uint64 {
	if n, err := s.ns.Dropped(); err == nil {
		return uint64(n)
	}
	return s.dropped.Load()
}
