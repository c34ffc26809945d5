// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// editLen is the length of every edit: an 8-character insertion, so that
// edit number e of a client starts at clock e*editLen.
const editLen = 8

// clientBase is the Yjs client ID of client 0; client i is clientBase+i.
const clientBase = 1 << 20

// loadParams describes one load step.
type loadParams struct {
	conns, docs int
	rate        float64 // edits per second per client
	warmup      time.Duration
	measure     time.Duration
	drain       time.Duration
}

// loadResult is what one load step measured.
type loadResult struct {
	server string
	loadParams
	connect      time.Duration
	sent         int64 // edits sent in the window
	expected     int64 // deliveries due for those edits
	lat          []int32
	window       time.Duration
	serverCPU    time.Duration
	serverRSSKB  int64
	serverPeakKB int64
	serverIdleKB int64 // resident set with the documents made, before any connection
	genCPU       time.Duration
	dupes        int64 // deliveries beyond one per edit and peer
	dropped      int64
	firstErr     string
}

// delivered counts the distinct deliveries (edit, receiving client).
func (r loadResult) delivered() int64 { return int64(len(r.lat)) - r.dupes }

// quantile returns the q-quantile of the latencies, in ms.
func (r loadResult) quantile(q float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.lat[min(len(r.lat)-1, int(q*float64(len(r.lat))))]) / 1000
}

// ok says whether the step was sustained: nearly every edit sent on time,
// every delivery made, and p99 under the bound.
func (r loadResult) ok(p99 float64) bool {
	offered := float64(r.conns) * r.rate * r.window.Seconds()
	return r.dropped == 0 && float64(r.sent) >= 0.95*offered && r.expected > 0 &&
		float64(r.delivered()) >= 0.999*float64(r.expected) && r.quantile(0.99) < p99
}

// client is one simulated editor.
type client struct {
	i, doc  int
	ws      *websocket.Conn
	sentAt  []atomic.Int64 // ns since the run's origin, +1; 0: not sent
	got     []atomic.Int32 // receipts of each edit by other clients
	inWin   atomic.Int64
	lat     []int32 // µs, for edits sent in the window
	synced  chan struct{}
	syncOne sync.Once
}

// run is the shared state of one load step.
type run struct {
	origin           time.Time
	winFrom, winTo   int64 // ns since origin
	clients          []*client
	dropped          atomic.Int64
	errMu            sync.Mutex
	firstErr         string
	closing          atomic.Bool
	rootName, prefix string
}

func (r *run) now() int64 { return int64(time.Since(r.origin)) + 1 }

func (r *run) fail(err error) {
	if r.closing.Load() {
		return
	}
	r.dropped.Add(1)
	r.errMu.Lock()
	if r.firstErr == "" {
		r.firstErr = err.Error()
	}
	r.errMu.Unlock()
}

// runLoad connects p.conns clients to p.docs fresh documents of s, lets
// each send p.rate edits per second through warm-up, window and until the
// window ends, and measures the window.
func runLoad(ctx context.Context, s *server, p loadParams) (loadResult, error) {
	res := loadResult{server: s.name, loadParams: p}
	docs := make([]string, p.docs)
	for i := range docs {
		d, err := s.newDoc(ctx, fmt.Sprintf("bench %d", i))
		if err != nil {
			return res, err
		}
		docs[i] = d
	}
	maxEdits := int(p.rate*(p.warmup+p.measure).Seconds()*1.5) + 16
	r := &run{origin: time.Now(), rootName: "text"}
	r.clients = make([]*client, p.conns)
	for i := range r.clients {
		r.clients[i] = &client{i: i, doc: i % p.docs, sentAt: make([]atomic.Int64, maxEdits), got: make([]atomic.Int32, maxEdits), synced: make(chan struct{})}
	}
	var readers sync.WaitGroup
	defer func() {
		r.closing.Store(true)
		for _, c := range r.clients {
			if c.ws != nil {
				c.ws.CloseNow()
			}
		}
		readers.Wait()
	}()

	if idle, err := benchenv.ReadProc(s.pid()); err == nil {
		res.serverIdleKB = idle.RSS >> 10
	}

	// Connect, 32 at a time, and wait until every client has synced.
	began := time.Now()
	sem := make(chan struct{}, 32)
	var dialErr atomic.Value
	var dials sync.WaitGroup
	for _, c := range r.clients {
		sem <- struct{}{}
		dials.Add(1)
		go func() {
			defer func() { <-sem; dials.Done() }()
			dctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			ws, _, err := websocket.Dial(dctx, s.wsURL(docs[c.doc]), nil)
			if err != nil {
				dialErr.Store(err)
				return
			}
			ws.SetReadLimit(256 << 20)
			c.ws = ws
			readers.Add(1)
			go func() { defer readers.Done(); r.read(c) }()
			wctx, cancel2 := context.WithTimeout(ctx, 10*time.Second)
			defer cancel2()
			id := uint64(clientBase + c.i)
			if err := ws.Write(wctx, websocket.MessageBinary, syncMsg(syncStep1, []byte{0})); err != nil {
				dialErr.Store(err)
				return
			}
			if err := ws.Write(wctx, websocket.MessageBinary, awarenessMsg(id, 1, fmt.Sprintf(`{"user":{"name":"bench %d"}}`, c.i))); err != nil {
				dialErr.Store(err)
			}
		}()
	}
	dials.Wait()
	if err, _ := dialErr.Load().(error); err != nil {
		return res, fmt.Errorf("connect: %w", err)
	}
	deadline := time.After(60 * time.Second)
	for _, c := range r.clients {
		select {
		case <-c.synced:
		case <-deadline:
			return res, errors.New("clients not synced after 60 s")
		case <-ctx.Done():
			return res, ctx.Err()
		}
	}
	res.connect = time.Since(began)

	// Edit: every client on its own schedule with a random phase.
	start := r.now() + int64(100*time.Millisecond)
	r.winFrom = start + int64(p.warmup)
	r.winTo = r.winFrom + int64(p.measure)
	period := float64(time.Second) / p.rate
	var senders sync.WaitGroup
	for _, c := range r.clients {
		senders.Add(1)
		go func() { defer senders.Done(); r.send(ctx, c, start, period) }()
	}
	time.Sleep(time.Duration(r.winFrom - r.now()))
	s0, err := benchenv.ReadProc(s.pid())
	if err != nil {
		return res, err
	}
	g0, _ := benchenv.ReadProc(os.Getpid())
	w0 := time.Now()
	time.Sleep(time.Duration(r.winTo - r.now()))
	s1, err := benchenv.ReadProc(s.pid())
	if err != nil {
		return res, err
	}
	g1, _ := benchenv.ReadProc(os.Getpid())
	res.window = time.Since(w0)
	senders.Wait()
	time.Sleep(p.drain)
	res.serverCPU, res.serverRSSKB, res.serverPeakKB = s1.CPU-s0.CPU, s1.RSS>>10, s1.PeakRSS>>10
	res.genCPU = g1.CPU - g0.CPU

	r.closing.Store(true)
	for _, c := range r.clients {
		c.ws.CloseNow()
	}
	readers.Wait()
	perDoc := make([]int64, p.docs)
	for _, c := range r.clients {
		perDoc[c.doc]++
	}
	for _, c := range r.clients {
		n := c.inWin.Load()
		res.sent += n
		peers := perDoc[c.doc] - 1
		res.expected += n * peers
		res.lat = append(res.lat, c.lat...)
		for e := range c.got {
			if g := int64(c.got[e].Load()); g > peers {
				res.dupes += g - peers
			}
		}
	}
	slices.Sort(res.lat)
	res.dropped, res.firstErr = r.dropped.Load(), r.firstErr
	return res, nil
}

// send types the client's edits on schedule until the window ends. A late
// edit is sent at once (the schedule does not slip, so an overloaded
// server sees the offered rate, not one adapted to it).
func (r *run) send(ctx context.Context, c *client, start int64, period float64) {
	id := uint64(clientBase + c.i)
	phase := rand.Float64() * period
	for e := range c.sentAt {
		at := start + int64(phase+float64(e)*period)
		if at >= r.winTo {
			return
		}
		if d := at - r.now(); d > 0 {
			time.Sleep(time.Duration(d))
		}
		u := insertUpdate(id, uint64(e*editLen), r.rootName, fmt.Sprintf("%c%07d", 'a'+c.i%26, e%10_000_000))
		now := r.now()
		c.sentAt[e].Store(now)
		if now >= r.winFrom && now < r.winTo {
			c.inWin.Add(1)
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := c.ws.Write(wctx, websocket.MessageBinary, syncMsg(syncUpdate, u))
		cancel()
		if err != nil {
			r.fail(fmt.Errorf("client %d: write: %w", c.i, err))
			return
		}
	}
}

// read handles the server's frames: it answers sync step 1 (with nothing:
// the client has sent everything it has), notes sync step 2 as synced, and
// times every edit of another client found in an update.
func (r *run) read(c *client) {
	self := c.i
	for {
		_, frame, err := c.ws.Read(context.Background())
		if err != nil {
			r.fail(fmt.Errorf("client %d: read: %w", c.i, err))
			return
		}
		now := r.now()
		d := dec{b: frame}
		if d.uint() != msgSync {
			continue
		}
		typ := d.uint()
		payload := d.bytes()
		if d.err != nil {
			r.fail(fmt.Errorf("client %d: bad frame: %w", c.i, d.err))
			return
		}
		switch typ {
		case syncStep1:
			go c.ws.Write(context.Background(), websocket.MessageBinary, syncMsg(syncStep2, []byte{0, 0}))
			continue
		case syncStep2:
			c.syncOne.Do(func() { close(c.synced) })
		}
		err = walkUpdate(payload, func(client, clock, length uint64) {
			i := int(client) - clientBase
			if i < 0 || i >= len(r.clients) || i == self {
				return
			}
			sender := r.clients[i]
			for e := (clock + editLen - 1) / editLen; e*editLen < clock+length && e < uint64(len(sender.sentAt)); e++ {
				if t := sender.sentAt[e].Load(); t >= r.winFrom && t < r.winTo {
					c.lat = append(c.lat, int32(min((now-t)/1000, 1<<31-1)))
					sender.got[e].Add(1)
				}
			}
		})
		if err != nil {
			r.fail(fmt.Errorf("client %d: update: %w", c.i, err))
			return
		}
	}
}
