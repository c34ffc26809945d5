// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// ErrChecksum means that stored bytes do not match their recorded SHA-256.
var ErrChecksum = errors.New("blob: stored content does not match its checksum")

// Reader reads a blob lazily from any offset, for http.ServeContent (the
// store opens a reader at the offset a range asks for). When it is read
// whole, from the start, its SHA-256 is checked against the recorded one;
// on a mismatch the last Read returns no bytes and ErrChecksum, so that a
// download ends short of its Content-Length and the client sees it failed.
type Reader struct {
	ctx  context.Context
	s    Store
	key  string
	size int64
	sum  string // hex SHA-256; empty: not checked
	log  *slog.Logger

	pos int64
	rc  io.ReadCloser
	h   hash.Hash // non-nil while the read is sequential from 0
	hn  int64
	// partial: the reader will not read the whole content (a range of
	// it), so hashing it is of no use.
	partial bool
}

// NewReader returns a reader of size bytes of key in s, checked against
// sum (a hex SHA-256) when read whole; a mismatch is logged to log.
func NewReader(ctx context.Context, s Store, key string, size int64, sum string, log *slog.Logger) *Reader {
	return &Reader{ctx: ctx, s: s, key: key, size: size, sum: sum, log: log}
}

// Partial tells the reader it will not be read whole (an HTTP range), so
// that it does not hash what it reads.
func (c *Reader) Partial(p bool) { c.partial = p }

// Size is the content's length.
func (c *Reader) Size() int64 { return c.size }

// Read reads from the current offset.
func (c *Reader) Read(p []byte) (int, error) {
	if c.pos >= c.size {
		return 0, io.EOF
	}
	if c.rc == nil {
		rc, _, err := c.s.Get(c.ctx, c.key, c.pos, -1)
		if err != nil {
			return 0, fmt.Errorf("blob: read %q: %w", c.key, err)
		}
		c.rc = rc
		if c.pos == 0 && !c.partial && c.sum != "" {
			c.h, c.hn = sha256.New(), 0
		}
	}
	n, err := c.rc.Read(p)
	c.pos += int64(n)
	if c.h != nil {
		c.h.Write(p[:n])
		c.hn += int64(n)
		if c.hn == c.size && hex.EncodeToString(c.h.Sum(nil)) != c.sum {
			if c.log != nil {
				c.log.Error("blob: checksum mismatch", "key", c.key)
			}
			return 0, ErrChecksum
		}
	}
	if err == io.EOF && c.pos < c.size {
		return n, fmt.Errorf("blob: %q ends early: %w", c.key, io.ErrUnexpectedEOF)
	}
	if err == io.EOF {
		err = nil
		if n == 0 {
			err = io.EOF
		}
	}
	return n, err
}

// Seek moves the offset; the blob is reopened on the next Read.
func (c *Reader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += c.pos
	case io.SeekEnd:
		offset += c.size
	}
	if offset < 0 {
		return c.pos, errs.Explain(errs.Invalid, "Negative offset.")
	}
	if offset != c.pos {
		c.closeReader()
		c.pos = offset
		c.h = nil
	}
	return c.pos, nil
}

func (c *Reader) closeReader() {
	if c.rc != nil {
		c.rc.Close()
		c.rc = nil
	}
}

// Close releases the blob reader.
func (c *Reader) Close() error {
	c.closeReader()
	return nil
}
