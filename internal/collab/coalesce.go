// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"cmp"
	"errors"
	"slices"
)

// Coalescing: a connection's writer sends everything queued for it at
// once. A busy document queues several updates for each of its clients
// between two writes; sent one frame each, they cost one system call and
// one websocket frame apiece, which is most of the server's work under
// load. Consecutive update frames become one update (mergeUpdates), and
// consecutive awareness frames one awareness update, so a client behind by
// k updates costs one write, not k. A client applies a merged update
// exactly as it would apply its parts in order.

// maxCoalesce bounds the frames merged into one write.
const maxCoalesce = 64

// errOverlap says two updates hold structs of the same clocks: they are
// sent as they are.
var errOverlap = errors.New("collab: updates overlap")

// coalesce returns frames with each run of consecutive sync update frames
// merged into one, and each run of consecutive awareness frames merged
// into one. Frames it cannot merge (overlapping updates, say) are returned
// unchanged; the order of the runs is kept.
func coalesce(frames [][]byte) [][]byte {
	if len(frames) < 2 {
		return frames
	}
	out := make([][]byte, 0, len(frames))
	for i := 0; i < len(frames); {
		kind := frameKind(frames[i])
		j := i + 1
		for j < len(frames) && kind != kindOther && frameKind(frames[j]) == kind {
			j++
		}
		out = append(out, mergeRun(kind, frames[i:j])...)
		i = j
	}
	return out
}

// Kinds of frames coalesce merges.
const (
	kindOther = iota
	kindUpdate
	kindAwareness
)

func frameKind(f []byte) int {
	// Frames here are the server's own (syncFrame, awarenessFrame): the
	// message type and sync type are single bytes.
	switch {
	case len(f) >= 2 && f[0] == msgSync && f[1] == syncUpdate:
		return kindUpdate
	case len(f) >= 1 && f[0] == msgAwareness:
		return kindAwareness
	}
	return kindOther
}

// mergeRun merges a run of frames of one kind, or returns it as it is.
func mergeRun(kind int, run [][]byte) [][]byte {
	if len(run) < 2 {
		return run
	}
	payloads := make([][]byte, len(run))
	for i, f := range run {
		m, err := decodeMessage(f)
		if err != nil {
			return run
		}
		payloads[i] = m.payload
	}
	switch kind {
	case kindUpdate:
		if u, err := mergeUpdates(payloads); err == nil {
			return [][]byte{syncFrame(syncUpdate, u)}
		}
	case kindAwareness:
		if a, err := mergeAwareness(payloads); err == nil {
			return [][]byte{awarenessFrame(a)}
		}
	}
	return run
}

// mergeUpdates merges V1 updates into one that a client applies as it
// would apply them in order: each client's structs in clock order, with a
// skip where clocks are missing, and the union of the delete sets. Updates
// holding the same clocks of a client are refused (errOverlap).
func mergeUpdates(updates [][]byte) ([]byte, error) {
	structs := map[uint64][]*ystruct{}
	dels := map[uint64][]yrange{}
	for _, u := range updates {
		clients, ds, err := parseUpdate(u)
		if err != nil {
			return nil, err
		}
		for _, c := range clients {
			if len(c.structs) > 0 {
				structs[c.client] = append(structs[c.client], c.structs...)
			}
		}
		for c, rs := range ds {
			dels[c] = append(dels[c], rs...)
		}
	}
	// Higher client IDs first, as yjs writes them.
	clients := make([]uint64, 0, len(structs))
	for c := range structs {
		clients = append(clients, c)
	}
	slices.SortFunc(clients, func(a, b uint64) int { return cmp.Compare(b, a) })
	e := encoder{}
	e.uint(uint64(len(clients)))
	for _, c := range clients {
		ss := structs[c]
		slices.SortStableFunc(ss, func(a, b *ystruct) int { return cmp.Compare(a.clock, b.clock) })
		filled := make([]*ystruct, 0, len(ss))
		for i, s := range ss {
			if i > 0 {
				end := ss[i-1].clock + ss[i-1].n
				if s.clock < end {
					return nil, errOverlap
				}
				if s.clock > end {
					filled = append(filled, &ystruct{ref: refSkip, clock: end, n: s.clock - end})
				}
			}
			filled = append(filled, s)
		}
		e.uint(uint64(len(filled)))
		e.uint(c)
		e.uint(filled[0].clock)
		for _, s := range filled {
			writeStruct(&e, s)
		}
	}
	for c, rs := range dels {
		dels[c] = normalizeRanges(rs)
	}
	writeDeleteSet(&e, dels)
	return e.buf, nil
}

// mergeAwareness merges awareness updates: each client's latest state.
func mergeAwareness(updates [][]byte) ([]byte, error) {
	var all []awarenessEntry
	at := map[uint64]int{}
	for _, u := range updates {
		entries, err := decodeAwareness(u)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if i, ok := at[e.clientID]; ok {
				if e.clock >= all[i].clock {
					all[i] = e
				}
				continue
			}
			at[e.clientID] = len(all)
			all = append(all, e)
		}
	}
	if len(all) > maxAwarenessEntries {
		return nil, errOverlap
	}
	return encodeAwareness(all), nil
}
