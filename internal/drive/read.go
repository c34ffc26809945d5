// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// Open returns file id's current content for reading and seeking. The
// caller closes it.
func (s *Service) Open(ctx context.Context, actor, id string) (Node, *Content, error) {
	n, err := s.live(ctx, s.db, actor, id, ActRead)
	if err != nil {
		return n, nil, err
	}
	if n.Dir {
		return n, nil, errs.Explain(errs.Invalid, "This item is a folder, not a file.")
	}
	if err := s.downloadable(n); err != nil {
		return n, nil, err
	}
	return n, s.Content(ctx, n), nil
}

// Content returns a reader over n's current content, checked against its
// SHA-256 when read whole; n must come from this service and have passed
// authorization.
func (s *Service) Content(ctx context.Context, n Node) *Content {
	return blob.NewReader(ctx, s.blobs, blobKey(n.blobID), n.Size, n.SHA256, s.log)
}

// Content reads a file's blob lazily from any offset (see blob.Reader).
type Content = blob.Reader

// ErrChecksum means that stored bytes do not match their recorded SHA-256.
var ErrChecksum = blob.ErrChecksum

// ServeContent answers a GET or HEAD of file n with its content: ETag,
// Last-Modified, Content-Type, conditional requests and Range (a range
// past the end is 416), the same over REST and WebDAV.
func (s *Service) ServeContent(w http.ResponseWriter, r *http.Request, n Node) {
	if err := s.downloadable(n); err != nil {
		httpx.WriteError(w, r, s.log, err)
		return
	}
	c := s.Content(r.Context(), n)
	c.Partial(!wholeContent(r, n.Size))
	defer c.Close()
	h := w.Header()
	h.Set("ETag", n.ETag)
	h.Set("Content-Type", n.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Accept-Ranges", "bytes")
	// User content never runs as part of the app, whatever its type.
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	http.ServeContent(bigCopies{w}, r, n.Name, n.Modified, c)
}

// wholeContent reports whether ServeContent may send all size bytes: no
// Range, an If-Range (which may turn the answer into the whole content),
// or a single range from the start to the end. Anything else is a part,
// which cannot be checked against the content's SHA-256.
func wholeContent(r *http.Request, size int64) bool {
	rng := r.Header.Get("Range")
	if rng == "" || r.Header.Get("If-Range") != "" {
		return true
	}
	first, last, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(rng, "bytes=")), "-")
	if !ok || !strings.HasPrefix(rng, "bytes=") || strings.Contains(last, ",") || strings.TrimSpace(first) != "0" {
		return false
	}
	if last = strings.TrimSpace(last); last == "" {
		return true
	}
	end, err := strconv.ParseInt(last, 10, 64)
	return err == nil && end >= size-1
}

// copyBufs are the buffers a download is sent through.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// bigCopies sends a download in writes of 256 KiB, rather than the 32 KiB
// of io.Copy, since the content is not a file the kernel could send
// itself (its bytes are hashed on the way).
type bigCopies struct{ http.ResponseWriter }

// ReadFrom copies r to the response.
func (w bigCopies) ReadFrom(r io.Reader) (int64, error) {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	return io.CopyBuffer(writerOnly{w.ResponseWriter}, r, *bp)
}

// Unwrap lets http.ResponseController reach the response.
func (w bigCopies) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writerOnly hides the ResponseWriter's own ReadFrom from io.CopyBuffer.
type writerOnly struct{ io.Writer }
