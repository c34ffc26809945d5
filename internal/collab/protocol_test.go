// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestDecodeMessage(t *testing.T) {
	for _, c := range []struct {
		name  string
		frame []byte
		want  message
		ok    bool
	}{
		{"step 1", []byte{0, 0, 1, 0}, message{kind: msgSync, sync: syncStep1, payload: []byte{0}}, true},
		{"step 2", []byte{0, 1, 2, 0, 0}, message{kind: msgSync, sync: syncStep2, payload: []byte{0, 0}}, true},
		{"update", []byte{0, 2, 0}, message{kind: msgSync, sync: syncUpdate, payload: []byte{}}, true},
		{"awareness", []byte{1, 1, 0}, message{kind: msgAwareness, payload: []byte{0}}, true},
		{"query awareness", []byte{3}, message{kind: msgQueryAwareness}, true},
		{"empty", nil, message{}, false},
		{"auth from a client", []byte{2, 0, 0}, message{}, false},
		{"unknown sync type", []byte{0, 3, 0}, message{}, false},
		{"length past the end", []byte{0, 2, 9, 1}, message{}, false},
		{"trailing bytes", []byte{3, 0}, message{}, false},
		{"unterminated number", []byte{0x80, 0x80}, message{}, false},
		{"number over 53 bits", []byte{0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, message{}, false},
	} {
		got, err := decodeMessage(c.frame)
		if c.ok != (err == nil) {
			t.Errorf("%s: err = %v; want ok=%v", c.name, err, c.ok)
			continue
		}
		if err != nil && !errors.Is(err, errs.Invalid) {
			t.Errorf("%s: err = %v; want errs.Invalid", c.name, err)
		}
		if c.ok && (got.kind != c.want.kind || got.sync != c.want.sync || !bytes.Equal(got.payload, c.want.payload)) {
			t.Errorf("%s: got %+v; want %+v", c.name, got, c.want)
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, n := range []uint64{0, 1, 127, 128, 300, 1<<32 + 5, 1<<53 - 1} {
		e := encoder{}
		e.uint(n)
		d := decoder{buf: e.buf}
		if got := d.uint(); got != n || d.err != nil || len(d.buf) != 0 {
			t.Errorf("uint %d: got %d, %v", n, got, d.err)
		}
	}
	m, err := decodeMessage(syncFrame(syncUpdate, []byte{1, 2, 3}))
	if err != nil || m.sync != syncUpdate || !bytes.Equal(m.payload, []byte{1, 2, 3}) {
		t.Errorf("syncFrame round trip = %+v, %v", m, err)
	}
	entries := []awarenessEntry{{clientID: 7, clock: 3, state: []byte(`{"user":{"name":"A"}}`)}, {clientID: 9, clock: 1, state: []byte("null")}}
	got, err := decodeAwareness(encodeAwareness(entries))
	if err != nil || len(got) != 2 || got[0].clientID != 7 || string(got[1].state) != "null" {
		t.Errorf("awareness round trip = %+v, %v", got, err)
	}
}

func TestPresence(t *testing.T) {
	p := presence{}
	if fresh := p.merge([]awarenessEntry{{1, 1, []byte(`{}`)}, {2, 1, []byte(`{}`)}}); len(fresh) != 2 {
		t.Fatalf("first merge kept %d", len(fresh))
	}
	if fresh := p.merge([]awarenessEntry{{1, 0, []byte(`{"old":1}`)}}); len(fresh) != 0 {
		t.Errorf("an older clock was kept")
	}
	gone := p.leave(map[uint64]bool{1: true, 5: true})
	if len(gone) != 1 || gone[0].clientID != 1 || gone[0].clock != 2 || string(gone[0].state) != "null" || len(p) != 1 {
		t.Errorf("leave = %+v, left %d", gone, len(p))
	}
}

// FuzzDecodeMessage feeds arbitrary frames to every decoder a client
// reaches: none may panic, and a refused frame must not touch a replica.
func FuzzDecodeMessage(f *testing.F) {
	for _, seed := range [][]byte{{0, 0, 1, 0}, {0, 2, 0}, {1, 1, 0}, {3}, {0, 2, 3, 0xff, 0xff, 0xff}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		m, err := decodeMessage(frame)
		if err != nil {
			return
		}
		switch m.kind {
		case msgAwareness:
			decodeAwareness(m.payload)
		case msgSync:
			r := newReplica()
			if m.sync == syncStep1 {
				r.diff(m.payload)
				return
			}
			before := r.encode()
			if _, err := r.apply(m.payload); err != nil && !bytes.Equal(r.encode(), before) {
				t.Fatalf("a refused update changed the replica")
			}
		}
	})
}
