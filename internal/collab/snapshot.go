// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// This file rewrites a whole-document Yjs V1 update the way yjs itself
// encodes a document, for the snapshots written by compaction. The engine
// (ygo) keeps one struct per transaction, so a document typed key by key
// encodes one struct per character, and with its garbage collection off
// deleted text keeps its characters (see docs/collab.md). compactUpdate:
//
//   - replaces the content of deleted leaf items (text, formats, embeds,
//     values) by a deleted-content marker of the same length, as yjs's
//     garbage collection does; a deleted shared type keeps its content, so
//     its children still find their parent;
//   - merges adjacent structs of one client when yjs would: consecutive
//     clocks, the second's origin the first's last character, the same
//     right origin and parent key, the same kind of content (text, deleted,
//     values) and the same deletion state. Splitting such a merged struct
//     gives back exactly the two structs, which is why Yjs encodes them so;
//   - sorts and merges the delete set's ranges.
//
// It works on the wire format only (no engine), and never changes what a
// document decodes to.

// Content kinds of a V1 struct (the low five bits of its info byte).
const (
	refGC      = 0
	refDeleted = 1
	refJSON    = 2
	refBinary  = 3
	refString  = 4
	refEmbed   = 5
	refFormat  = 6
	refType    = 7
	refAny     = 8
	refDoc     = 9
	refSkip    = 10
	refMove    = 11 // ygo's move extension
)

const (
	infoOrigin    = 0x80
	infoRight     = 0x40
	infoParentSub = 0x20
)

type yid struct{ client, clock uint64 }

// ystruct is one decoded struct of a V1 update.
type ystruct struct {
	ref          byte
	clock, n     uint64 // first clock and length in clocks
	origin       *yid
	right        *yid
	parentSubBit bool
	parent       []byte   // raw parent info, when there is no origin
	str          string   // refString
	vals         [][]byte // refAny, refJSON: one encoded value per clock
	raw          []byte   // the encoded content of the other kinds
}

type yclient struct {
	client  uint64
	structs []*ystruct
}

type yrange struct{ clock, n uint64 }

// snapshotOf returns the state of rep to store as a snapshot: compacted,
// or as the engine encodes it if compaction fails (it never should).
func (s *Service) snapshotOf(docID string, rep *replica) []byte {
	state := rep.encode()
	small, err := compactUpdate(state)
	if err != nil {
		s.log.Error("collab: cannot compact a snapshot; storing it as is", "doc", docID, "err", err)
		return state
	}
	return small
}

// compactUpdate returns update (a whole document as a V1 update) encoded
// the way yjs encodes it. See the file comment.
func compactUpdate(update []byte) ([]byte, error) {
	clients, dels, err := parseUpdate(update)
	if err != nil {
		return nil, err
	}
	var e encoder
	e.uint(uint64(len(clients)))
	for _, c := range clients {
		structs := mergeStructs(c.client, collectDeleted(c.client, c.structs, dels[c.client]))
		e.uint(uint64(len(structs)))
		e.uint(c.client)
		if len(structs) > 0 {
			e.uint(structs[0].clock)
		} else {
			e.uint(0)
		}
		for _, s := range structs {
			writeStruct(&e, s)
		}
	}
	writeDeleteSet(&e, dels)
	return e.buf, nil
}

// collectDeleted splits the leaf items of one client at the bounds of its
// deleted ranges and turns the deleted parts into deleted content.
func collectDeleted(client uint64, structs []*ystruct, dels []yrange) []*ystruct {
	if len(dels) == 0 {
		return structs
	}
	out := make([]*ystruct, 0, len(structs))
	i := 0 // the first range that may meet the current struct
	for _, s := range structs {
		if !collectible(s.ref) {
			out = append(out, s)
			continue
		}
		for s != nil {
			for i < len(dels) && dels[i].clock+dels[i].n <= s.clock {
				i++
			}
			if i == len(dels) || dels[i].clock >= s.clock+s.n {
				out = append(out, s)
				break
			}
			d := dels[i]
			if d.clock > s.clock { // a live head
				head, tail := splitStruct(client, s, d.clock-s.clock)
				out = append(out, head)
				s = tail
				continue
			}
			end := min(d.clock+d.n, s.clock+s.n)
			head, tail := s, (*ystruct)(nil)
			if end < s.clock+s.n {
				head, tail = splitStruct(client, s, end-s.clock)
			}
			head.ref, head.str, head.vals, head.raw = refDeleted, "", nil, nil
			out = append(out, head)
			s = tail
		}
	}
	return out
}

// collectible reports whether deleted items of kind ref lose their
// content (yjs's garbage collection; shared types and subdocuments keep
// theirs here).
func collectible(ref byte) bool {
	switch ref {
	case refDeleted, refJSON, refBinary, refString, refEmbed, refFormat, refAny:
		return true
	}
	return false
}

// splitStruct splits s after k clocks (0 < k < s.n): the tail's origin is
// the head's last clock, as when Yjs splits an item.
func splitStruct(client uint64, s *ystruct, k uint64) (head, tail *ystruct) {
	h, t := *s, *s
	t.clock, t.n, h.n = s.clock+k, s.n-k, k
	t.origin, t.parent = &yid{client, s.clock + k - 1}, nil
	switch s.ref {
	case refString:
		u := utf16.Encode([]rune(s.str))
		h.str, t.str = string(utf16.Decode(u[:k])), string(utf16.Decode(u[k:]))
	case refAny, refJSON:
		h.vals, t.vals = s.vals[:k:k], s.vals[k:]
	}
	return &h, &t
}

// mergeStructs merges adjacent structs of a client where yjs would.
func mergeStructs(client uint64, structs []*ystruct) []*ystruct {
	out := structs[:0:0]
	var sb strings.Builder // the text of the last struct, when merging strings
	flush := func() {
		if sb.Len() > 0 {
			out[len(out)-1].str = sb.String()
			sb.Reset()
		}
	}
	for _, s := range structs {
		if len(out) > 0 {
			last := out[len(out)-1]
			if mergeable(client, last, s) {
				if s.ref == refString {
					if sb.Len() == 0 {
						sb.WriteString(last.str)
					}
					sb.WriteString(s.str)
				}
				if s.ref == refAny || s.ref == refJSON {
					last.vals = append(last.vals[:len(last.vals):len(last.vals)], s.vals...)
				}
				last.n += s.n
				continue
			}
		}
		flush()
		out = append(out, s)
	}
	flush()
	return out
}

func mergeable(client uint64, a, b *ystruct) bool {
	if a.ref != b.ref || a.clock+a.n != b.clock {
		return false
	}
	switch a.ref {
	case refGC, refSkip:
		return true
	case refDeleted, refString, refAny, refJSON:
	default:
		return false
	}
	return b.origin != nil && *b.origin == (yid{client, a.clock + a.n - 1}) &&
		sameID(a.right, b.right) && a.parentSubBit == b.parentSubBit
}

func sameID(a, b *yid) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func writeStruct(e *encoder, s *ystruct) {
	if s.ref == refGC || s.ref == refSkip {
		e.buf = append(e.buf, s.ref)
		e.uint(s.n)
		return
	}
	info := s.ref
	if s.origin != nil {
		info |= infoOrigin
	}
	if s.right != nil {
		info |= infoRight
	}
	if s.parentSubBit {
		info |= infoParentSub
	}
	e.buf = append(e.buf, info)
	if s.origin != nil {
		e.uint(s.origin.client)
		e.uint(s.origin.clock)
	}
	if s.right != nil {
		e.uint(s.right.client)
		e.uint(s.right.clock)
	}
	if s.origin == nil && s.right == nil {
		e.buf = append(e.buf, s.parent...)
	}
	switch s.ref {
	case refDeleted:
		e.uint(s.n)
	case refString:
		e.bytes([]byte(s.str))
	case refAny, refJSON:
		e.uint(uint64(len(s.vals)))
		for _, v := range s.vals {
			e.buf = append(e.buf, v...)
		}
	default:
		e.buf = append(e.buf, s.raw...)
	}
}

func writeDeleteSet(e *encoder, dels map[uint64][]yrange) {
	clients := slices.Sorted(func(yield func(uint64) bool) {
		for c := range dels {
			if !yield(c) {
				return
			}
		}
	})
	e.uint(uint64(len(clients)))
	for _, c := range clients {
		e.uint(c)
		e.uint(uint64(len(dels[c])))
		for _, r := range dels[c] {
			e.uint(r.clock)
			e.uint(r.n)
		}
	}
}

// parseUpdate decodes a V1 update into its clients' structs and its delete
// set (sorted, adjacent ranges merged).
func parseUpdate(update []byte) ([]yclient, map[uint64][]yrange, error) {
	clients, dels, _, err := parseUpdateAt(update)
	return clients, dels, err
}

// parseUpdateAt is parseUpdate, also returning where the delete set starts.
func parseUpdateAt(update []byte) ([]yclient, map[uint64][]yrange, int, error) {
	d := &ydec{decoder{buf: update}}
	n := d.uint()
	var clients []yclient
	for i := uint64(0); i < n && d.err == nil; i++ {
		count := d.uint()
		c := yclient{client: d.uint()}
		clock := d.uint()
		for j := uint64(0); j < count && d.err == nil; j++ {
			s := parseStruct(d)
			if d.err != nil || s.n == 0 {
				return nil, nil, 0, d.failed("struct")
			}
			s.clock = clock
			clock += s.n
			c.structs = append(c.structs, s)
		}
		clients = append(clients, c)
	}
	dsAt := len(update) - len(d.buf)
	dels := map[uint64][]yrange{}
	nd := d.uint()
	for i := uint64(0); i < nd && d.err == nil; i++ {
		client := d.uint()
		nr := d.uint()
		for j := uint64(0); j < nr && d.err == nil; j++ {
			r := yrange{d.uint(), d.uint()}
			if r.n > 0 {
				dels[client] = append(dels[client], r)
			}
		}
	}
	if d.err != nil || len(d.buf) != 0 {
		return nil, nil, 0, d.failed("update")
	}
	for c, rs := range dels {
		dels[c] = normalizeRanges(rs)
	}
	return clients, dels, dsAt, nil
}

// withoutKnownDeletions returns update without the deletions that known
// (a whole document's state) already holds: ygo's update observer attaches
// the document's whole delete set to every transaction's update.
func withoutKnownDeletions(update, known []byte) ([]byte, error) {
	_, dels, at, err := parseUpdateAt(update)
	if err != nil {
		return nil, err
	}
	_, old, err := parseUpdate(known)
	if err != nil {
		return nil, err
	}
	for c, rs := range dels {
		if left := subtractRanges(rs, old[c]); len(left) > 0 {
			dels[c] = left
		} else {
			delete(dels, c)
		}
	}
	e := encoder{buf: append([]byte(nil), update[:at]...)}
	writeDeleteSet(&e, dels)
	return e.buf, nil
}

// subtractRanges returns the parts of a not in b (both sorted, merged).
func subtractRanges(a, b []yrange) []yrange {
	var out []yrange
	j := 0
	for _, r := range a {
		start, end := r.clock, r.clock+r.n
		for j < len(b) && b[j].clock+b[j].n <= start {
			j++
		}
		for k := j; k < len(b) && b[k].clock < end && start < end; k++ {
			if b[k].clock > start {
				out = append(out, yrange{start, b[k].clock - start})
			}
			start = max(start, b[k].clock+b[k].n)
		}
		if start < end {
			out = append(out, yrange{start, end - start})
		}
	}
	return out
}

func normalizeRanges(rs []yrange) []yrange {
	slices.SortFunc(rs, func(a, b yrange) int { return cmp.Compare(a.clock, b.clock) })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.clock <= last.clock+last.n {
			last.n = max(last.n, r.clock+r.n-last.clock)
			continue
		}
		out = append(out, r)
	}
	return out
}

func parseStruct(d *ydec) *ystruct {
	info := d.byte()
	s := &ystruct{ref: info & 0x1f, parentSubBit: info&infoParentSub != 0}
	switch s.ref {
	case refGC, refSkip:
		s.n = d.uint()
		return s
	}
	if info&infoOrigin != 0 {
		s.origin = &yid{d.uint(), d.uint()}
	}
	if info&infoRight != 0 {
		s.right = &yid{d.uint(), d.uint()}
	}
	if s.origin == nil && s.right == nil {
		start := len(d.buf)
		rest := d.buf
		if d.uint() == 1 {
			d.bytes()
		} else {
			d.uint()
			d.uint()
		}
		if s.parentSubBit {
			d.bytes()
		}
		s.parent = rest[:start-len(d.buf)]
	}
	start, rest := len(d.buf), d.buf
	s.n = 1
	switch s.ref {
	case refDeleted:
		s.n = d.uint()
	case refString:
		s.str = string(d.bytes())
		s.n = uint64(len(utf16.Encode([]rune(s.str))))
	case refAny, refJSON:
		k := d.uint()
		for i := uint64(0); i < k && d.err == nil; i++ {
			vs, vrest := len(d.buf), d.buf
			if s.ref == refAny {
				skipAny(d, 0)
			} else {
				d.bytes()
			}
			s.vals = append(s.vals, vrest[:vs-len(d.buf)])
		}
		s.n = k
	case refBinary, refEmbed:
		d.bytes()
	case refFormat:
		d.bytes()
		d.bytes()
	case refType:
		if t := d.uint(); t == 3 || t == 5 { // XmlElement, XmlHook: a name
			d.bytes()
		}
	case refDoc:
		d.bytes()
		skipAny(d, 0)
	case refMove:
		d.uint()
		d.uint()
		d.uint()
	default:
		d.fail()
	}
	s.raw = rest[:start-len(d.buf)]
	return s
}

// skipAny reads past one lib0 "any" value.
func skipAny(d *ydec, depth int) {
	if depth > 64 {
		d.fail()
		return
	}
	switch t := d.byte(); t {
	case 127, 126, 121, 120: // undefined, null, false, true
	case 125: // varint
		d.uint()
	case 124:
		d.skip(4)
	case 123, 122:
		d.skip(8)
	case 119, 116: // string, bytes
		d.bytes()
	case 118: // object
		n := d.uint()
		for i := uint64(0); i < n && d.err == nil; i++ {
			d.bytes()
			skipAny(d, depth+1)
		}
	case 117: // array
		n := d.uint()
		for i := uint64(0); i < n && d.err == nil; i++ {
			skipAny(d, depth+1)
		}
	default:
		d.fail()
	}
}

func (d *ydec) failed(what string) error {
	if d.err != nil {
		return fmt.Errorf("collab: compact: malformed %s: %w", what, d.err)
	}
	return fmt.Errorf("collab: compact: malformed %s: %w", what, errs.Invalid)
}

// ydec reads the parts of lib0 encodings that sync messages do not use.
type ydec struct{ decoder }

func (d *ydec) byte() byte {
	if d.err == nil && len(d.buf) == 0 {
		d.fail()
	}
	if d.err != nil {
		return 0
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b
}

func (d *ydec) skip(n int) {
	if d.err == nil && len(d.buf) < n {
		d.fail()
	}
	if d.err == nil {
		d.buf = d.buf[n:]
	}
}

func (d *ydec) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("collab: truncated or unknown encoding: %w", errs.Invalid)
	}
}
