// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// DefaultBuffer is how many messages a subscription may fall behind before
// it loses some.
const DefaultBuffer = 1024

// ErrClosed is returned when publishing or subscribing on a closed bus.
var ErrClosed = errors.New("bus: closed")

// Local is the in-process bus, for a server that runs on one node.
type Local struct {
	buffer int

	mu     sync.RWMutex
	subs   map[*localSub]struct{}
	closed bool
}

var _ Bus = (*Local)(nil)

// NewLocal returns an in-process bus whose subscriptions each buffer up to
// buffer messages (DefaultBuffer if buffer <= 0).
func NewLocal(buffer int) *Local {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &Local{buffer: buffer, subs: map[*localSub]struct{}{}}
}

// Publish implements Bus.
func (b *Local) Publish(ctx context.Context, subject string, data []byte) error {
	if err := ValidSubject(subject); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	msg := Message{Subject: subject, Data: data}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrClosed
	}
	for s := range b.subs {
		if Match(s.pattern, subject) {
			s.offer(msg)
		}
	}
	return nil
}

// Subscribe implements Bus.
func (b *Local) Subscribe(ctx context.Context, pattern string, fn func(Message)) (Subscription, error) {
	if err := ValidPattern(pattern); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, fmt.Errorf("bus: subscribe %q: nil handler: %w", pattern, errs.Invalid)
	}
	s := &localSub{
		bus:     b,
		pattern: pattern,
		queue:   make(chan Message, b.buffer),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil, ErrClosed
	}
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	go s.run(fn)
	if ctx.Done() != nil {
		context.AfterFunc(ctx, func() { s.Close() })
	}
	return s, nil
}

// Close implements Bus.
func (b *Local) Close() error {
	b.mu.Lock()
	b.closed = true
	subs := b.subs
	b.subs = map[*localSub]struct{}{}
	b.mu.Unlock()
	for s := range subs {
		s.shutdown()
	}
	return nil
}

type localSub struct {
	bus     *Local
	pattern string
	queue   chan Message
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	dropped atomic.Uint64

	mu      sync.Mutex // guards stopped, so that no call starts after Close
	stopped bool
}

func (s *localSub) offer(m Message) {
	select {
	case s.queue <- m:
	default:
		s.dropped.Add(1)
	}
}

func (s *localSub) run(fn func(Message)) {
	defer close(s.done)
	for {
		select {
		case <-s.stop:
			return
		case m := <-s.queue:
			s.mu.Lock()
			stopped := s.stopped
			s.mu.Unlock()
			if stopped {
				return
			}
			fn(m)
		}
	}
}

// Close implements Subscription.
func (s *localSub) Close() error {
	s.bus.mu.Lock()
	delete(s.bus.subs, s)
	s.bus.mu.Unlock()
	s.shutdown()
	return nil
}

func (s *localSub) shutdown() {
	s.once.Do(func() {
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		close(s.stop)
	})
}

// Dropped implements Subscription.
func (s *localSub) Dropped() uint64 { return s.dropped.Load() }
