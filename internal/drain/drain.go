// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package drain lets a graceful stop end long-lived connections cleanly.
//
// http.Server.Shutdown waits for ordinary requests but not for hijacked
// connections such as websockets. A handler that holds one registers it
// with a Group; on stop, the Group tells every such handler to close its
// connection (a websocket sends close code 1001, "going away") and waits
// for them, up to a deadline.
package drain

import (
	"context"
	"sync"
)

// Group tracks long-lived connections. The zero value is not usable; call New.
type Group struct {
	stopping context.Context // done once draining starts
	stop     context.CancelFunc

	mu       sync.Mutex
	draining bool
	wg       sync.WaitGroup
}

// New returns a Group that is not draining.
func New() *Group {
	ctx, cancel := context.WithCancel(context.Background())
	return &Group{stopping: ctx, stop: cancel}
}

// Track registers a long-lived connection. The handler closes its
// connection when stopping is done (context.AfterFunc needs no goroutine
// to wait for it) and calls done when it has. ok is false
// once the Group drains: the handler should then refuse the connection
// (503).
func (g *Group) Track() (stopping context.Context, done func(), ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.draining {
		return g.stopping, func() {}, false
	}
	g.wg.Add(1)
	var once sync.Once
	return g.stopping, func() { once.Do(g.wg.Done) }, true
}

// Drain tells every tracked connection to close and waits until all have
// called done, or until ctx ends, which it then returns as an error.
func (g *Group) Drain(ctx context.Context) error {
	g.mu.Lock()
	g.draining = true
	g.mu.Unlock()
	g.stop()
	waited := make(chan struct{})
	go func() { g.wg.Wait(); close(waited) }()
	select {
	case <-waited:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
