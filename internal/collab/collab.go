// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package collab is the real-time collaboration engine: a Yjs-compatible
// server speaking the y-websocket protocol at GET /collab/{docID}, so the
// stock JavaScript clients (yjs, y-websocket) work unchanged.
//
// Each open document is a room in memory. An update from an editor is
// applied, stored in a committed transaction (concurrent updates of a
// document share one) and only then relayed, to this node's connections
// directly and to other nodes through the bus (subject collab.doc.<id>).
// The log of updates is merged into a snapshot in the background when it
// grows past a threshold. Who may read or write is asked of the document
// record's one permission function (Permissions.Role).
package collab

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/drain"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Permissions answers what a user may do with a document; errs.NotFound
// means no access. *docs.Service implements it.
type Permissions interface {
	Role(ctx context.Context, docID, userID string) (docs.Role, error)
}

var _ Permissions = (*docs.Service)(nil)

// Options tunes the engine; zero fields take defaults.
type Options struct {
	// CompactAfter is how many logged updates trigger a compaction (1,000).
	CompactAfter int
	// IdleDelay is how long a document with no connection stays in memory (30 s).
	IdleDelay time.Duration
	// RecheckEvery is how often an open connection's access is checked
	// again, at its next message (15 s). Changes of a document's accesses
	// are pushed (AccessChanged); this catches the rest (a team membership
	// ended, an account disabled, a lost bus message).
	RecheckEvery time.Duration
	// MaxMessage bounds one websocket message (16 MiB).
	MaxMessage int64
	// GapWait is how long a node waits for a bus message it missed (a gap
	// in sequence numbers) before reading it from the database (250 ms).
	GapWait time.Duration
	// SyncEvery is how often an open document with no traffic checks the
	// database for updates whose bus message it missed (3 s).
	SyncEvery time.Duration
	// OnStored, if set, is called after updates of a document made on this
	// node are stored (search indexing uses it). It must not block.
	OnStored func(docID string)
}

// Service is the collaboration engine of one node.
type Service struct {
	store   *store
	bus     bus.Bus
	perms   Permissions
	users   *identity.Service
	streams *drain.Group
	log     *slog.Logger
	opts    Options
	node    string // tells this node's bus messages from others'

	mu    sync.Mutex
	rooms map[string]*room

	caughtUp atomic.Int64 // catch-ups from storage, for tests
}

// New returns the engine over d, relaying between nodes through b.
func New(d *db.DB, b bus.Bus, perms Permissions, users *identity.Service, streams *drain.Group, log *slog.Logger, opts Options) *Service {
	if opts.CompactAfter <= 0 {
		opts.CompactAfter = 1000
	}
	if opts.IdleDelay <= 0 {
		opts.IdleDelay = 30 * time.Second
	}
	if opts.RecheckEvery <= 0 {
		opts.RecheckEvery = 15 * time.Second
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = 16 << 20
	}
	if opts.GapWait <= 0 {
		opts.GapWait = 250 * time.Millisecond
	}
	if opts.SyncEvery <= 0 {
		opts.SyncEvery = 3 * time.Second
	}
	return &Service{
		store: &store{db: d, now: time.Now}, bus: b, perms: perms, users: users, streams: streams,
		log: log, opts: opts, node: ids.New(), rooms: map[string]*room{},
	}
}

// acquire returns the loaded room of docID, loading it if needed, and
// holds it in memory until release.
func (s *Service) acquire(ctx context.Context, docID string) (*room, error) {
	s.mu.Lock()
	r, ok := s.rooms[docID]
	if !ok {
		r = &room{svc: s, id: docID, pres: presence{}, conns: map[*conn]bool{}, ready: make(chan struct{})}
		s.rooms[docID] = r
		go s.open(r)
	}
	r.refs++
	s.mu.Unlock()
	select {
	case <-r.ready:
	case <-ctx.Done():
		s.release(r)
		return nil, ctx.Err()
	}
	if r.loadErr != nil {
		s.release(r)
		return nil, r.loadErr
	}
	return r, nil
}

// open loads a new room and subscribes it to the other nodes' messages.
func (s *Service) open(r *room) {
	ctx := context.Background()
	defer close(r.ready)
	sub, err := s.bus.Subscribe(ctx, subject(r.id), func(m bus.Message) { s.fromBus(r, m.Data) })
	if err != nil {
		r.loadErr = fmt.Errorf("collab: subscribe %q: %w", r.id, err)
		s.forget(r)
		return
	}
	r.unsub = func() { sub.Close() }
	// Subscribed first, loaded second: an update stored meanwhile by
	// another node arrives twice at worst, which Yjs ignores.
	if err := r.load(ctx); err != nil {
		r.loadErr = err
		sub.Close()
		s.forget(r)
		return
	}
	r.startPolling()
}

// forget removes a room that failed to open.
func (s *Service) forget(r *room) {
	s.mu.Lock()
	if s.rooms[r.id] == r {
		delete(s.rooms, r.id)
	}
	s.mu.Unlock()
}

// release lets the room go; the last one out schedules its eviction.
func (s *Service) release(r *room) {
	s.mu.Lock()
	r.refs--
	idle := r.refs == 0
	s.mu.Unlock()
	if idle {
		time.AfterFunc(s.opts.IdleDelay, func() { s.evict(r) })
	}
}

// evict drops an idle room from memory once its writes are done; a later
// connection loads it again.
func (s *Service) evict(r *room) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.refs > 0 || s.rooms[r.id] != r {
		return
	}
	r.mu.Lock()
	busy := r.writing || len(r.pending) > 0
	r.mu.Unlock()
	if busy {
		time.AfterFunc(s.opts.IdleDelay, func() { s.evict(r) })
		return
	}
	delete(s.rooms, r.id)
	r.stopPolling()
	if r.unsub != nil {
		r.unsub()
	}
}

// compact rebuilds docID from storage, saves it as a snapshot and deletes
// the log it covers. It returns how many updates it merged.
func (s *Service) compact(ctx context.Context, docID string) (int, error) {
	st, err := s.store.load(ctx, docID)
	if err != nil {
		return 0, err
	}
	if st.logCount == 0 {
		return 0, nil
	}
	rep := newReplica()
	for _, u := range st.updates {
		if _, err := rep.apply(u); err != nil {
			return 0, fmt.Errorf("collab: compact %q: %w", docID, err)
		}
	}
	if err := s.store.saveSnapshot(ctx, docID, s.snapshotOf(docID, rep), st.lastSeq); err != nil {
		return 0, err
	}
	return st.logCount, nil
}

// Text loads docID (from memory if open) and returns its shared text name.
func (s *Service) Text(ctx context.Context, docID, name string) (string, error) {
	r, err := s.acquire(ctx, docID)
	if err != nil {
		return "", err
	}
	defer s.release(r)
	return r.text(name), nil
}
