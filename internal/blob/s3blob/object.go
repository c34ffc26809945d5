// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// smallPut is the most a Put of unknown size reads ahead: a blob that ends
// within it goes up in one request instead of a multipart upload of one
// part (three requests).
const smallPut = 1 << 20

// Put uploads r under key. With size >= 0, r must hold exactly size bytes;
// with -1, Put reads ahead up to 1 MiB and then, for a larger blob, uploads
// parts of Config.PartSize one at a time. A failure aborts the upload and
// leaves the previous blob, if any.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64) (blob.Info, error) {
	obj, err := s.object(key)
	if err != nil {
		return blob.Info{}, err
	}
	if size < -1 {
		return blob.Info{}, fmt.Errorf("s3blob: put %q: size %d: %w", key, size, errs.Invalid)
	}
	if err := ctx.Err(); err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, err)
	}
	u := &uploadReader{ctx: ctx, r: r, size: size}
	var body io.Reader = u
	n := size
	switch {
	case size == 0:
		// The client may not read an empty body at all: check it here.
		if err := u.checkEnd(); err != nil {
			return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, err)
		}
		body = bytes.NewReader(nil)
	case size < 0:
		var head bytes.Buffer
		if _, err := head.ReadFrom(io.LimitReader(u, smallPut)); err != nil {
			return blob.Info{}, fmt.Errorf("s3blob: put %q: read: %w", key, err)
		}
		if head.Len() < smallPut {
			body, n = bytes.NewReader(head.Bytes()), int64(head.Len())
		} else {
			body = io.MultiReader(&head, u)
		}
	}
	opts := minio.PutObjectOptions{
		ContentType: "application/octet-stream",
		PartSize:    s.partSize,
		NumThreads:  1, // one part in memory at a time
	}
	up, err := s.client.PutObject(ctx, s.bucket, obj, body, n, opts)
	if err != nil {
		if u.err != nil && ctx.Err() == nil {
			return blob.Info{}, fmt.Errorf("s3blob: put %q: read: %w", key, u.err)
		}
		return blob.Info{}, s.fail(ctx, "put", key, err)
	}
	mod := up.LastModified
	if mod.IsZero() {
		mod = time.Now() // S3 does not say, and Put should not cost a HEAD
	}
	return blob.Info{Key: key, Size: up.Size, ModTime: mod}, nil
}

// Get reads length bytes of the blob at key from offset (-1 for all the
// rest) with one ranged GET. A range reaching past the end is cut at the
// end; an offset past the end is errs.Invalid. The reader streams the
// response body, and fails once ctx is done.
func (s *Store) Get(ctx context.Context, key string, offset, length int64) (io.ReadCloser, blob.Info, error) {
	obj, err := s.object(key)
	if err != nil {
		return nil, blob.Info{}, err
	}
	if offset < 0 || length < -1 {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: range %d+%d: %w", key, offset, length, errs.Invalid)
	}
	if err := ctx.Err(); err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: %w", key, err)
	}
	if length == 0 {
		// HTTP cannot ask for zero bytes: check the offset with a HEAD.
		return s.empty(ctx, key, offset)
	}
	var opts minio.GetObjectOptions
	ranged := offset > 0 || length > 0
	if ranged {
		end := int64(0) // to the end
		if length > 0 && length-1 <= (1<<63-1)-offset {
			end = offset + length - 1
		}
		if offset == 0 {
			err = opts.SetRange(0, end)
		} else {
			err = opts.SetRange(offset, end)
		}
		if err != nil {
			return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: %w: %w", key, err, errs.Invalid)
		}
	}
	body, oi, hdr, err := s.core.GetObject(ctx, s.bucket, obj, opts)
	if err != nil {
		err = s.fail(ctx, "get", key, err)
		if errors.Is(err, errs.Invalid) && ranged {
			// 416: offset at or past the end (or any offset of an
			// empty blob). At the end is valid, and reads nothing.
			return s.empty(ctx, key, offset)
		}
		return nil, blob.Info{}, err
	}
	info := blob.Info{Key: key, Size: oi.Size, ModTime: oi.LastModified}
	if !ranged {
		return body, info, nil
	}
	if cr := hdr.Get("Content-Range"); cr != "" {
		var a, b, total int64
		if _, err := fmt.Sscanf(cr, "bytes %d-%d/%d", &a, &b, &total); err != nil || a != offset {
			body.Close()
			return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: unexpected Content-Range %q: %w", key, cr, errs.Unavailable)
		}
		info.Size = total
		return body, info, nil
	}
	// The server ignored the range and sent the whole blob: skip to the
	// offset and stop at the length.
	if offset > info.Size {
		body.Close()
		return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: offset %d past the end (%d bytes): %w", key, offset, info.Size, errs.Invalid)
	}
	if _, err := io.CopyN(io.Discard, body, offset); err != nil {
		body.Close()
		return nil, blob.Info{}, s.fail(ctx, "get", key, err)
	}
	if length < 0 {
		return body, info, nil
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(body, length), body}, info, nil
}

// empty returns an empty reader for a read at offset that yields nothing,
// if offset is within the blob.
func (s *Store) empty(ctx context.Context, key string, offset int64) (io.ReadCloser, blob.Info, error) {
	info, err := s.Stat(ctx, key)
	if err != nil {
		return nil, blob.Info{}, err
	}
	if offset > info.Size {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: offset %d past the end (%d bytes): %w", key, offset, info.Size, errs.Invalid)
	}
	return io.NopCloser(strings.NewReader("")), info, nil
}

// Stat describes the blob at key with a HEAD request.
func (s *Store) Stat(ctx context.Context, key string) (blob.Info, error) {
	obj, err := s.object(key)
	if err != nil {
		return blob.Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: stat %q: %w", key, err)
	}
	oi, err := s.client.StatObject(ctx, s.bucket, obj, minio.StatObjectOptions{})
	if err != nil {
		return blob.Info{}, s.fail(ctx, "stat", key, err)
	}
	return blob.Info{Key: key, Size: oi.Size, ModTime: oi.LastModified}, nil
}

// Delete removes the blob at key. A missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	obj, err := s.object(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3blob: delete %q: %w", key, err)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, obj, minio.RemoveObjectOptions{}); err != nil {
		if err = s.fail(ctx, "delete", key, err); !errors.Is(err, errs.NotFound) {
			return err
		}
	}
	return nil
}

// List calls fn for the blobs whose keys start with prefix, in the order
// the server lists them: S3 lists in byte order of UTF-8 keys, which is
// lexical order. Objects under the store's prefix whose names are not
// valid keys (written by other tools) are skipped.
func (s *Store) List(ctx context.Context, prefix string, fn func(blob.Info) error) error {
	if err := blob.ValidatePrefix(prefix); err != nil {
		return fmt.Errorf("s3blob: list: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3blob: list %q: %w", prefix, err)
	}
	ctx, stop := context.WithCancel(ctx) // ends the listing goroutine on early return
	defer stop()
	opts := minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}
	for oi := range s.client.ListObjects(ctx, s.bucket, opts) {
		if oi.Err != nil {
			return s.fail(ctx, "list", prefix, oi.Err)
		}
		key := strings.TrimPrefix(oi.Key, s.prefix)
		if blob.ValidateKey(key) != nil {
			continue
		}
		if err := fn(blob.Info{Key: key, Size: oi.Size, ModTime: oi.LastModified}); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3blob: list %q: %w", prefix, err)
	}
	return nil
}
