// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"context"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path"
	"time"

	"golang.org/x/net/webdav"

	"github.com/ensemble-suite/ensemble/internal/drive"
)

// davFS is the view of one user's drive, for the time of one request,
// that x/net/webdav reads to answer PROPPATCH and that propfind reads. It
// remembers what it read, so that a PROPFIND of depth 1 costs a handful of
// queries whatever the number of children.
type davFS struct {
	q     *request
	nodes map[string]drive.Node                   // by lockKey of the path
	props map[string][]drive.Prop                 // by node ID; missing: not loaded
	dead  map[string]map[xml.Name]webdav.Property // DeadProps answers, by path
	locks []lock                                  // the user's live locks, loaded once
	usage *drive.Usage
}

var (
	_ webdav.FileSystem      = (*davFS)(nil)
	_ webdav.File            = (*davFile)(nil)
	_ webdav.DeadPropsHolder = (*davFile)(nil)
	_ webdav.ETager          = fileInfo{}
	_ webdav.ContentTyper    = fileInfo{}
)

func newFS(q *request) *davFS {
	return &davFS{q: q, nodes: map[string]drive.Node{}, props: map[string][]drive.Prop{},
		dead: map[string]map[xml.Name]webdav.Property{}}
}

func (f *davFS) node(ctx context.Context, name string) (drive.Node, error) {
	key := lockKey(name)
	if n, ok := f.nodes[key]; ok {
		return n, nil
	}
	n, err := f.q.lookup(name)
	if err != nil {
		return n, os.ErrNotExist
	}
	f.nodes[key] = n
	return n, nil
}

// Mkdir is not used: MKCOL is answered by the package.
func (f *davFS) Mkdir(context.Context, string, os.FileMode) error { return os.ErrPermission }

// RemoveAll is not used: DELETE is answered by the package.
func (f *davFS) RemoveAll(context.Context, string) error { return os.ErrPermission }

// Rename is not used: MOVE is answered by the package.
func (f *davFS) Rename(context.Context, string, string) error { return os.ErrPermission }

// Stat describes the item at name.
func (f *davFS) Stat(ctx context.Context, name string) (os.FileInfo, error) {
	n, err := f.node(ctx, name)
	if err != nil {
		return nil, err
	}
	return fileInfo{n: n}, nil
}

// OpenFile opens the item at name for its properties.
func (f *davFS) OpenFile(ctx context.Context, name string, flag int, _ os.FileMode) (webdav.File, error) {
	if flag&(os.O_CREATE|os.O_TRUNC|os.O_APPEND|os.O_WRONLY) != 0 {
		return nil, os.ErrPermission
	}
	n, err := f.node(ctx, name)
	if err != nil {
		return nil, err
	}
	return &davFile{fs: f, ctx: ctx, path: path.Clean("/" + name), n: n}, nil
}

// fileInfo is a drive item as os.FileInfo, with its ETag and type.
type fileInfo struct {
	n     drive.Node
	label string // the name in the shared folder, if not the item's own
}

func (i fileInfo) Name() string {
	switch {
	case i.label != "":
		return i.label
	case i.n.Root():
		return "/"
	}
	return i.n.Name
}
func (i fileInfo) Size() int64 { return i.n.Size }
func (i fileInfo) Mode() fs.FileMode {
	if i.n.Dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i fileInfo) ModTime() time.Time { return i.n.Modified }
func (i fileInfo) IsDir() bool        { return i.n.Dir }
func (i fileInfo) Sys() any           { return nil }

// ETag is the item's entity tag, the same as over REST.
func (i fileInfo) ETag(context.Context) (string, error) { return i.n.ETag, nil }

// ContentType is the file's recorded media type (no sniffing).
func (i fileInfo) ContentType(context.Context) (string, error) { return i.n.ContentType, nil }

// davFile is an opened item: its listing and its properties.
type davFile struct {
	fs   *davFS
	ctx  context.Context
	path string
	n    drive.Node
}

func (d *davFile) Close() error                   { return nil }
func (d *davFile) Read([]byte) (int, error)       { return 0, io.EOF }
func (d *davFile) Seek(int64, int) (int64, error) { return 0, nil }
func (d *davFile) Write([]byte) (int, error)      { return 0, os.ErrPermission }
func (d *davFile) Stat() (os.FileInfo, error)     { return fileInfo{n: d.n}, nil }

// Readdir lists a folder: the shared folder lists the items shared with
// the user, and the root lists it too when there are any.
func (d *davFile) Readdir(count int) ([]fs.FileInfo, error) {
	if !d.n.Dir {
		return nil, os.ErrInvalid
	}
	if virtual(d.n) {
		list, err := d.fs.q.shared()
		if err != nil {
			return nil, err
		}
		out := make([]fs.FileInfo, len(list))
		for i, e := range list {
			d.fs.nodes[lockKey(path.Join(d.path, e.label))] = e.node
			out[i] = fileInfo{n: e.node, label: e.label}
		}
		return out, nil
	}
	out, err := d.readdir()
	if err != nil || !d.n.Root() {
		return out, err
	}
	if has, err := d.fs.q.hasShared(); err != nil || !has {
		return out, err
	}
	sf, err := d.fs.q.sharedFolder()
	if err != nil {
		return nil, err
	}
	d.fs.nodes[lockKey("/"+sf.Name)] = sf
	return append(out, fileInfo{n: sf}), nil
}

func (d *davFile) readdir() ([]fs.FileInfo, error) {
	kids, err := d.fs.q.h.drive.Children(d.ctx, d.fs.q.user.ID, d.n.ID)
	if err != nil {
		return nil, err
	}
	props, err := d.fs.q.h.drive.ChildProps(d.ctx, d.n)
	if err != nil {
		return nil, err
	}
	// PROPFIND takes each child's node from its fileInfo: no need to
	// remember them by path.
	out := make([]fs.FileInfo, len(kids))
	for i, k := range kids {
		d.fs.props[k.ID] = props[k.ID]
		if d.fs.props[k.ID] == nil {
			d.fs.props[k.ID] = []drive.Prop{}
		}
		out[i] = fileInfo{n: k}
	}
	return out, nil
}
