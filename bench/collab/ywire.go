// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"errors"
	"fmt"
)

// The y-websocket message and sync sub-message types.
const (
	msgSync      = 0
	msgAwareness = 1
	syncStep1    = 0
	syncStep2    = 1
	syncUpdate   = 2
)

// contentString is the Yjs content reference of a string item.
const contentString = 4

// enc appends lib0 encodings to a buffer.
type enc struct{ b []byte }

func (e *enc) uint(v uint64) {
	for v >= 0x80 {
		e.b = append(e.b, byte(v)|0x80)
		v >>= 7
	}
	e.b = append(e.b, byte(v))
}

func (e *enc) bytes(p []byte) { e.uint(uint64(len(p))); e.b = append(e.b, p...) }

func (e *enc) string(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

// insertUpdate returns the Yjs V1 update of one client inserting the ASCII
// text s into the root text named root: at the start of the text when
// clock is 0, else right after the client's previous character (clock-1).
// Each client thus types its own run of text; concurrent runs interleave as
// the CRDT orders them, and every update only depends on the client's own
// earlier ones.
func insertUpdate(client, clock uint64, root, s string) []byte {
	e := enc{b: make([]byte, 0, 16+len(root)+len(s))}
	e.uint(1) // one client
	e.uint(1) // one struct
	e.uint(client)
	e.uint(clock)
	if clock == 0 {
		e.b = append(e.b, contentString) // no origins: parent info follows
		e.uint(1)                        // the parent is a root type, by name
		e.string(root)
	} else {
		e.b = append(e.b, 0x80|contentString) // left origin
		e.uint(client)
		e.uint(clock - 1)
	}
	e.string(s)
	e.uint(0) // empty delete set
	return e.b
}

// syncMsg frames a sync message.
func syncMsg(typ uint64, payload []byte) []byte {
	e := enc{b: make([]byte, 0, len(payload)+8)}
	e.uint(msgSync)
	e.uint(typ)
	e.bytes(payload)
	return e.b
}

// awarenessMsg frames an awareness update announcing one client's state.
func awarenessMsg(client, clock uint64, state string) []byte {
	var u enc
	u.uint(1)
	u.uint(client)
	u.uint(clock)
	u.string(state)
	e := enc{}
	e.uint(msgAwareness)
	e.bytes(u.b)
	return e.b
}

// dec reads lib0 encodings; the first error sticks.
type dec struct {
	b   []byte
	err error
}

var errShort = errors.New("truncated")

func (d *dec) uint() uint64 {
	var v uint64
	for shift := uint(0); d.err == nil; shift += 7 {
		if len(d.b) == 0 || shift > 63 {
			d.err = errShort
			break
		}
		c := d.b[0]
		d.b = d.b[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	return 0
}

func (d *dec) bytes() []byte {
	n := d.uint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errShort
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

// utf16Len is the length of a UTF-8 string in UTF-16 code units, the unit
// of Yjs clocks for strings.
func utf16Len(p []byte) uint64 {
	var n uint64
	for _, r := range string(p) {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// walkUpdate calls fn for every struct of a Yjs V1 update with its client,
// first clock and length. It understands the content kinds that text edits
// produce; an unknown kind ends the walk with an error.
func walkUpdate(u []byte, fn func(client, clock, length uint64)) error {
	d := dec{b: u}
	for clients := d.uint(); clients > 0 && d.err == nil; clients-- {
		n, client, clock := d.uint(), d.uint(), d.uint()
		for ; n > 0 && d.err == nil; n-- {
			if len(d.b) == 0 {
				return errShort
			}
			info := d.b[0]
			d.b = d.b[1:]
			var length uint64
			switch ref := info & 0x1f; ref {
			case 0, 10: // GC, Skip
				length = d.uint()
			default:
				if info&0x80 != 0 {
					d.uint()
					d.uint()
				}
				if info&0x40 != 0 {
					d.uint()
					d.uint()
				}
				if info&0xc0 == 0 {
					if d.uint() == 1 {
						d.bytes()
					} else {
						d.uint()
						d.uint()
					}
					if info&0x20 != 0 {
						d.bytes()
					}
				}
				var err error
				length, err = contentLen(&d, ref)
				if err != nil {
					return err
				}
			}
			if d.err == nil {
				fn(client, clock, length)
			}
			clock += length
		}
	}
	return d.err
}

// contentLen skips an item's content and returns its length in clock units.
func contentLen(d *dec, ref byte) (uint64, error) {
	switch ref {
	case 1: // Deleted
		return d.uint(), nil
	case 2: // JSON: strings
		n := d.uint()
		for i := uint64(0); i < n && d.err == nil; i++ {
			d.bytes()
		}
		return n, nil
	case 3, 5: // Binary, Embed
		d.bytes()
		return 1, nil
	case contentString:
		return utf16Len(d.bytes()), nil
	case 6: // Format: key, value
		d.bytes()
		d.bytes()
		return 1, nil
	case 7: // Type
		if t := d.uint(); t == 3 || t == 5 { // XmlElement, XmlHook: a name
			d.bytes()
		}
		return 1, nil
	}
	return 0, fmt.Errorf("content kind %d not understood", ref)
}
