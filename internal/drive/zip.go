// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// Bounds of one ZIP download: the tree is walked by parent links, which
// cannot loop, but a damaged database must not make the walk endless.
const (
	maxZipItems = 100_000
	maxZipDepth = 256
)

// WriteZip streams folder id and everything in it as a ZIP archive to w,
// files stored as they are (most are compressed already), with their
// modification times. Errors after the first byte can only cut the
// stream; the caller aborts the response.
func (s *Service) WriteZip(ctx context.Context, actor, id string, w io.Writer) error {
	dir, err := s.live(ctx, s.db, actor, id, ActRead)
	if err != nil {
		return err
	}
	if !dir.Dir {
		return errs.Explain(errs.Invalid, "Only a folder can be downloaded as a ZIP archive.")
	}
	z := zip.NewWriter(w)
	count := 0
	if err := s.zipDir(ctx, z, dir, "", 0, &count); err != nil {
		return err
	}
	return z.Close()
}

func (s *Service) zipDir(ctx context.Context, z *zip.Writer, dir Node, prefix string, depth int, count *int) error {
	if depth > maxZipDepth {
		return errs.Explain(errs.TooLarge, "The folder is nested more than %d levels deep.", maxZipDepth)
	}
	kids, err := s.children(ctx, s.db, dir.ID)
	if err != nil {
		return err
	}
	if len(kids) == 0 && prefix != "" {
		if _, err := z.CreateHeader(&zip.FileHeader{Name: prefix, Modified: dir.Modified}); err != nil {
			return fmt.Errorf("drive: zip: %w", err)
		}
	}
	for _, k := range kids {
		*count++
		if *count > maxZipItems {
			return errs.Explain(errs.TooLarge, "A ZIP archive holds at most %d items.", maxZipItems)
		}
		name := path.Join(prefix, k.Name)
		if k.Dir {
			if err := s.zipDir(ctx, z, k, name+"/", depth+1, count); err != nil {
				return err
			}
			continue
		}
		if s.downloadable(k) != nil {
			continue // being scanned, or quarantined
		}
		fw, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: k.Modified})
		if err != nil {
			return fmt.Errorf("drive: zip: %w", err)
		}
		c := s.Content(ctx, k)
		_, err = io.Copy(fw, c)
		c.Close()
		if err != nil {
			return fmt.Errorf("drive: zip %q: %w", name, err)
		}
	}
	return nil
}

func (s *Service) handleZip(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	n, err := s.Get(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	if !n.Dir {
		return errs.Explain(errs.Invalid, "Only a folder can be downloaded as a ZIP archive.")
	}
	name := n.Name
	if n.Root() {
		name = "Drive"
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", httpx.ContentDisposition("attachment", name+".zip"))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if err := s.WriteZip(r.Context(), p.User.ID, id, w); err != nil {
		// Headers are gone: cut the connection so that the client sees a
		// broken archive rather than a short one.
		s.log.Warn("drive: zip download failed", "item", id, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}
