// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// The y-websocket message types (first varuint of a binary frame).
const (
	msgSync           = 0
	msgAwareness      = 1
	msgAuth           = 2
	msgQueryAwareness = 3
)

// The sync sub-message types (y-protocols/sync).
const (
	syncStep1  = 0
	syncStep2  = 1
	syncUpdate = 2
)

// emptyStateVector is the state vector of a replica with nothing in it (no
// clients): the diff against it is the whole document.
var emptyStateVector = []byte{0}

// authPermissionDenied is the y-protocols/auth message a client logs as
// "Permission denied to access <url>: <reason>".
const authPermissionDenied = 0

// message is one decoded y-websocket frame.
type message struct {
	// kind is msgSync, msgAwareness or msgQueryAwareness.
	kind uint64
	// sync is the sync sub-type when kind is msgSync.
	sync uint64
	// payload is the state vector (step 1), the update (step 2, update) or
	// the awareness update; it aliases the frame.
	payload []byte
}

// errMalformed is the cause of every decoding error.
var errMalformed = fmt.Errorf("collab: malformed message: %w", errs.Invalid)

// decodeMessage parses a frame from a client. It never panics; it refuses
// trailing bytes, unknown types and anything truncated.
func decodeMessage(frame []byte) (message, error) {
	d := decoder{buf: frame}
	var m message
	m.kind = d.uint()
	switch m.kind {
	case msgSync:
		m.sync = d.uint()
		if m.sync > syncUpdate {
			return message{}, fmt.Errorf("%w: sync type %d", errMalformed, m.sync)
		}
		m.payload = d.bytes()
	case msgAwareness:
		m.payload = d.bytes()
	case msgQueryAwareness:
	default:
		if d.err == nil {
			return message{}, fmt.Errorf("%w: message type %d", errMalformed, m.kind)
		}
	}
	if d.err != nil {
		return message{}, d.err
	}
	if len(d.buf) != 0 {
		return message{}, fmt.Errorf("%w: %d trailing bytes", errMalformed, len(d.buf))
	}
	return m, nil
}

// decoder reads lib0 encodings; the first error sticks.
type decoder struct {
	buf []byte
	err error
}

// uint reads a lib0 varuint of at most 53 bits (a JavaScript safe integer).
func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if len(d.buf) == 0 {
			d.err = fmt.Errorf("%w: truncated number", errMalformed)
			return 0
		}
		b := d.buf[0]
		d.buf = d.buf[1:]
		v |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			if v >= 1<<53 {
				d.err = fmt.Errorf("%w: number too large", errMalformed)
				return 0
			}
			return v
		}
		if shift >= 49 {
			d.err = fmt.Errorf("%w: number too large", errMalformed)
			return 0
		}
	}
}

// bytes reads a lib0 varbytes (length, then the bytes), aliasing the buffer.
func (d *decoder) bytes() []byte {
	n := d.uint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.buf)) {
		d.err = fmt.Errorf("%w: length %d past the end", errMalformed, n)
		return nil
	}
	b := d.buf[:n:n]
	d.buf = d.buf[n:]
	return b
}

// encoder writes lib0 encodings.
type encoder struct{ buf []byte }

func (e *encoder) uint(v uint64) {
	for v >= 0x80 {
		e.buf = append(e.buf, byte(v)|0x80)
		v >>= 7
	}
	e.buf = append(e.buf, byte(v))
}

func (e *encoder) bytes(b []byte) {
	e.uint(uint64(len(b)))
	e.buf = append(e.buf, b...)
}

// syncFrame encodes a sync message of type typ carrying payload.
func syncFrame(typ uint64, payload []byte) []byte {
	e := encoder{buf: make([]byte, 0, len(payload)+8)}
	e.uint(msgSync)
	e.uint(typ)
	e.bytes(payload)
	return e.buf
}

// awarenessFrame encodes an awareness message carrying an awareness update.
func awarenessFrame(update []byte) []byte {
	e := encoder{buf: make([]byte, 0, len(update)+4)}
	e.uint(msgAwareness)
	e.bytes(update)
	return e.buf
}

// deniedFrame encodes a permission-denied auth message with a reason.
func deniedFrame(reason string) []byte {
	e := encoder{}
	e.uint(msgAuth)
	e.uint(authPermissionDenied)
	e.bytes([]byte(reason))
	return e.buf
}
