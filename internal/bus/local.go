// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bus

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	exact  map[string]map[*localSub]struct{} // patterns without wildcards, by subject
	wild   map[*localSub]struct{}            // patterns with * or >
	closed bool
}

var _ Bus = (*Local)(nil)

// NewLocal returns an in-process bus whose subscriptions each buffer up to
// buffer messages (DefaultBuffer if buffer <= 0).
func NewLocal(buffer int) *Local {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &Local{buffer: buffer, exact: map[string]map[*localSub]struct{}{}, wild: map[*localSub]struct{}{}}
}

// wildcard reports whether pattern has a * or > token.
func wildcard(pattern string) bool { return strings.ContainsAny(pattern, "*>") }

// add and remove index s; b.mu is held.
func (b *Local) add(s *localSub) {
	if wildcard(s.pattern) {
		b.wild[s] = struct{}{}
		return
	}
	set := b.exact[s.pattern]
	if set == nil {
		set = map[*localSub]struct{}{}
		b.exact[s.pattern] = set
	}
	set[s] = struct{}{}
}

func (b *Local) remove(s *localSub) {
	delete(b.wild, s)
	if set := b.exact[s.pattern]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(b.exact, s.pattern)
		}
	}
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
	for s := range b.exact[subject] {
		s.offer(msg)
	}
	for s := range b.wild {
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
		buffer:  b.buffer,
		wake:    make(chan struct{}, 1),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil, ErrClosed
	}
	b.add(s)
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
	var subs []*localSub
	for _, set := range b.exact {
		for s := range set {
			subs = append(subs, s)
		}
	}
	for s := range b.wild {
		subs = append(subs, s)
	}
	b.exact, b.wild = map[string]map[*localSub]struct{}{}, map[*localSub]struct{}{}
	b.mu.Unlock()
	for _, s := range subs {
		s.shutdown()
	}
	return nil
}

type localSub struct {
	bus     *Local
	pattern string
	buffer  int
	wake    chan struct{} // signalled when queue gets a message
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	dropped atomic.Uint64

	mu      sync.Mutex // guards queue, and stopped so that no call starts after Close
	queue   []Message  // grows as needed, up to buffer: idle subscriptions hold nothing
	stopped bool
}

func (s *localSub) offer(m Message) {
	s.mu.Lock()
	if len(s.queue) >= s.buffer {
		s.mu.Unlock()
		s.dropped.Add(1)
		return
	}
	s.queue = append(s.queue, m)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *localSub) run(fn func(Message)) {
	defer close(s.done)
	var batch []Message
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		batch, s.queue = s.queue, batch[:0]
		s.mu.Unlock()
		for i, m := range batch {
			s.mu.Lock()
			stopped := s.stopped
			s.mu.Unlock()
			if stopped {
				return
			}
			fn(m)
			batch[i] = Message{}
		}
	}
}

// Close implements Subscription.
func (s *localSub) Close() error {
	s.bus.mu.Lock()
	s.bus.remove(s)
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
