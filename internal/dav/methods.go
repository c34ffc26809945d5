// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"errors"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"time"

	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// parent returns the folder that holds p (409 if it is missing: RFC 4918
// wants intermediate collections to exist) and p's last segment.
func (q *request) parent(p string) (drive.Node, string, error) {
	if p == "/" {
		return drive.Node{}, "", statusError(http.StatusForbidden, "The root cannot be replaced.")
	}
	dir, name := path.Split(p)
	n, err := q.lookup(dir)
	if errors.Is(err, errs.NotFound) || (err == nil && !n.Dir) {
		return n, name, statusError(http.StatusConflict, "The parent folder does not exist.")
	}
	if err == nil && virtual(n) {
		return n, name, errVirtual
	}
	return n, name, err
}

func (q *request) options() error {
	h := q.w.Header()
	h.Set("DAV", "1, 2")
	h.Set("MS-Author-Via", "DAV")
	h.Set("Allow", allow)
	q.w.WriteHeader(http.StatusOK)
	return nil
}

func (q *request) get() error {
	n, err := q.lookup(q.path)
	if err != nil {
		return err
	}
	if n.Dir {
		q.w.Header().Set("Allow", "OPTIONS, PROPFIND, MKCOL, DELETE, COPY, MOVE, LOCK, UNLOCK")
		return statusError(http.StatusMethodNotAllowed, "This is a folder: list it with PROPFIND.")
	}
	q.h.drive.ServeContent(q.w, q.r, n)
	return nil
}

func (q *request) put() error {
	if q.r.Header.Get("Content-Range") != "" {
		return statusError(http.StatusBadRequest, "Partial PUT is not supported.")
	}
	parent, name, err := q.parent(q.path)
	if err != nil {
		return err
	}
	existing, err := q.h.drive.LookupFrom(q.r.Context(), q.user.ID, parent, name)
	exists := err == nil
	if exists && existing.Dir {
		return statusError(http.StatusMethodNotAllowed, "A folder of that name exists.")
	}
	if err := q.checkConditions(target{path: q.path, member: !exists}); err != nil {
		return err
	}
	o := drive.PutOptions{Size: q.r.ContentLength}
	if mt := q.r.Header.Get("X-OC-Mtime"); mt != "" {
		if secs, err := strconv.ParseInt(mt, 10, 64); err == nil && secs > 0 {
			o.ModTime = time.Unix(secs, 0)
		}
	}
	n, err := q.h.drive.Put(q.r.Context(), q.user.ID, parent.ID, name, q.r.Body, o)
	if err != nil {
		return err
	}
	h := q.w.Header()
	h.Set("ETag", n.ETag)
	h.Set("Last-Modified", n.Modified.UTC().Format(http.TimeFormat))
	if !o.ModTime.IsZero() {
		h.Set("X-OC-Mtime", "accepted")
	}
	if exists {
		q.w.WriteHeader(http.StatusNoContent)
	} else {
		q.w.WriteHeader(http.StatusCreated)
	}
	return nil
}

func (q *request) delete() error {
	if d := q.r.Header.Get("Depth"); d != "" && d != "infinity" {
		return statusError(http.StatusBadRequest, "DELETE takes Depth: infinity only.")
	}
	if q.path == "/" {
		return statusError(http.StatusForbidden, "The root cannot be deleted.")
	}
	n, err := notVirtual(q.lookup(q.path))
	if err != nil {
		return err
	}
	if err := q.checkConditions(target{path: q.path, deep: true, member: true}); err != nil {
		return err
	}
	if err := q.h.drive.Trash(q.r.Context(), q.user.ID, n.ID); err != nil {
		return err
	}
	if err := q.h.locks.removeTree(q.r.Context(), q.user.ID, lockKey(q.path)); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (q *request) mkcol() error {
	if q.r.ContentLength > 0 || q.r.Header.Get("Transfer-Encoding") != "" {
		return statusError(http.StatusUnsupportedMediaType, "MKCOL takes no body.")
	}
	if q.path == "/" {
		return statusError(http.StatusMethodNotAllowed, "The root exists.")
	}
	parent, name, err := q.parent(q.path)
	if err != nil {
		return err
	}
	if _, err := q.lookup(q.path); err == nil {
		return statusError(http.StatusMethodNotAllowed, "Something of that name exists.")
	}
	if err := q.checkConditions(target{path: q.path, member: true}); err != nil {
		return err
	}
	if _, err := q.h.drive.Mkdir(q.r.Context(), q.user.ID, parent.ID, name); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusCreated)
	return nil
}

// destination reads and checks the Destination header.
func (q *request) destination() (string, error) {
	hdr := q.r.Header.Get("Destination")
	if hdr == "" {
		return "", statusError(http.StatusBadRequest, "Destination header missing.")
	}
	u, err := url.Parse(hdr)
	if err != nil {
		return "", statusError(http.StatusBadRequest, "Bad Destination header.")
	}
	if u.Host != "" && u.Host != q.r.Host {
		return "", statusError(http.StatusBadGateway, "The destination is on another server.")
	}
	p, ok := requestPath(u)
	if !ok {
		return "", statusError(http.StatusBadRequest, "Bad Destination path.")
	}
	return p, nil
}

func (q *request) copyMove() error {
	move := q.r.Method == "MOVE"
	dst, err := q.destination()
	if err != nil {
		return err
	}
	depth := q.r.Header.Get("Depth")
	if move && depth != "" && depth != "infinity" {
		return statusError(http.StatusBadRequest, "MOVE takes Depth: infinity only.")
	}
	if !move && depth != "" && depth != "0" && depth != "infinity" {
		return statusError(http.StatusBadRequest, "COPY takes Depth: 0 or infinity.")
	}
	if dst == q.path || lockKey(dst) == lockKey(q.path) && !move {
		return statusError(http.StatusForbidden, "The source and destination are the same.")
	}
	if q.path == "/" {
		return statusError(http.StatusForbidden, "The root cannot be copied or moved.")
	}
	src, err := notVirtual(q.lookup(q.path))
	if err != nil {
		return err
	}
	parent, name, err := q.parent(dst)
	if err != nil {
		return err
	}
	existing, err := notVirtual(q.lookup(dst))
	if errors.Is(err, errVirtual) {
		return err
	}
	exists := err == nil && existing.ID != src.ID
	if exists && q.r.Header.Get("Overwrite") == "F" {
		return statusError(http.StatusPreconditionFailed, "The destination exists and Overwrite is F.")
	}
	targets := []target{{path: dst, deep: true, member: true}}
	if move {
		targets = append(targets, target{path: q.path, deep: true, member: true})
	}
	if err := q.checkConditions(targets...); err != nil {
		return err
	}
	ctx := q.r.Context()
	if exists {
		if err := q.h.drive.Trash(ctx, q.user.ID, existing.ID); err != nil {
			return err
		}
		if err := q.h.locks.removeTree(ctx, q.user.ID, lockKey(dst)); err != nil {
			return err
		}
	}
	if move {
		_, err = q.h.drive.Move(ctx, q.user.ID, src.ID, parent.ID, name)
		if err == nil {
			err = q.h.locks.removeTree(ctx, q.user.ID, lockKey(q.path))
		}
	} else {
		_, err = q.h.drive.Copy(ctx, q.user.ID, src.ID, parent.ID, name, depth == "0")
	}
	if err != nil {
		return err
	}
	if exists {
		q.w.WriteHeader(http.StatusNoContent)
	} else {
		q.w.WriteHeader(http.StatusCreated)
	}
	return nil
}
