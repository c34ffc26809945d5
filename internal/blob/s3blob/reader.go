// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"context"
	"fmt"
	"io"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// uploadReader is what a Put hands to the client library. It remembers
// the first error of the caller's reader, so that Put can report it rather
// than the transport error it causes; it stops when ctx is done; and, when
// the size is known, it checks that the reader holds exactly that many
// bytes before giving out the last of them, so that a wrong size aborts
// the upload instead of storing a truncated blob.
type uploadReader struct {
	ctx     context.Context // the Put's
	r       io.Reader
	size    int64 // announced size, or -1
	n       int64 // bytes given out
	err     error // first failure
	checked bool  // the end of r was seen where expected
}

func (u *uploadReader) Read(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	if err := u.ctx.Err(); err != nil {
		return 0, u.fail(err)
	}
	if u.size >= 0 {
		left := u.size - u.n
		if left == 0 {
			if err := u.checkEnd(); err != nil {
				return 0, err
			}
			return 0, io.EOF
		}
		if int64(len(p)) > left {
			p = p[:left]
		}
	}
	n, err := u.r.Read(p)
	u.n += int64(n)
	switch {
	case u.size >= 0 && n > 0 && u.n == u.size:
		// Hold back the last bytes until r is known to end here.
		if err := u.checkEnd(); err != nil {
			return 0, err
		}
		return n, nil
	case err == io.EOF && u.size >= 0 && u.n < u.size:
		return n, u.fail(fmt.Errorf("reader held %d bytes, %d announced: %w", u.n, u.size, errs.Invalid))
	case err != nil && err != io.EOF:
		return n, u.fail(err)
	}
	return n, err
}

// checkEnd reads one byte past the announced size: there must be none.
func (u *uploadReader) checkEnd() error {
	if u.checked {
		return nil
	}
	var b [1]byte
	for range 100 {
		if err := u.ctx.Err(); err != nil {
			return u.fail(err)
		}
		n, err := u.r.Read(b[:])
		if n > 0 {
			return u.fail(fmt.Errorf("reader holds more than the %d bytes announced: %w", u.size, errs.Invalid))
		}
		if err == io.EOF {
			u.checked = true
			return nil
		}
		if err != nil {
			return u.fail(err)
		}
	}
	return u.fail(io.ErrNoProgress)
}

func (u *uploadReader) fail(err error) error {
	if u.err == nil {
		u.err = err
	}
	return u.err
}
