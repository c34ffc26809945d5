// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"encoding/json"
	"fmt"
)

// awarenessEntry is one client's presence state in an awareness update.
type awarenessEntry struct {
	clientID uint64
	clock    uint64
	state    []byte // JSON; "null" when the client left
}

// maxAwarenessEntries bounds one awareness update.
const maxAwarenessEntries = 1024

// decodeAwareness parses a y-protocols awareness update.
func decodeAwareness(update []byte) ([]awarenessEntry, error) {
	d := decoder{buf: update}
	n := d.uint()
	if n > maxAwarenessEntries {
		return nil, fmt.Errorf("%w: %d awareness entries", errMalformed, n)
	}
	entries := make([]awarenessEntry, 0, n)
	for range n {
		e := awarenessEntry{clientID: d.uint(), clock: d.uint(), state: d.bytes()}
		if d.err != nil {
			return nil, d.err
		}
		if !json.Valid(e.state) {
			return nil, fmt.Errorf("%w: awareness state is not JSON", errMalformed)
		}
		entries = append(entries, e)
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.buf) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errMalformed, len(d.buf))
	}
	return entries, nil
}

// encodeAwareness writes an awareness update.
func encodeAwareness(entries []awarenessEntry) []byte {
	e := encoder{}
	e.uint(uint64(len(entries)))
	for _, a := range entries {
		e.uint(a.clientID)
		e.uint(a.clock)
		e.bytes(a.state)
	}
	return e.buf
}

// presence holds the latest awareness state of every client in a room.
// Its owner serializes access.
type presence map[uint64]awarenessEntry

// merge keeps the entries newer than what p holds and returns them.
func (p presence) merge(entries []awarenessEntry) []awarenessEntry {
	var fresh []awarenessEntry
	for _, e := range entries {
		old, ok := p[e.clientID]
		if ok && e.clock < old.clock || ok && e.clock == old.clock && string(e.state) != "null" {
			continue
		}
		if string(e.state) == "null" {
			delete(p, e.clientID)
		} else {
			p[e.clientID] = e
		}
		fresh = append(fresh, e)
	}
	return fresh
}

// all returns every known state, for a client that just connected or asked.
func (p presence) all() []awarenessEntry {
	out := make([]awarenessEntry, 0, len(p))
	for _, e := range p {
		out = append(out, e)
	}
	return out
}

// leave returns the "null" entries that announce clients gone and forgets them.
func (p presence) leave(clientIDs map[uint64]bool) []awarenessEntry {
	var out []awarenessEntry
	for id := range clientIDs {
		if e, ok := p[id]; ok {
			out = append(out, awarenessEntry{clientID: id, clock: e.clock + 1, state: []byte("null")})
			delete(p, id)
		}
	}
	return out
}
