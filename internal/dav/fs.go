// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"context"
	"encoding/xml"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"time"

	"golang.org/x/net/webdav"

	"github.com/ensemble-suite/ensemble/internal/drive"
)

// davFS is the view of one user's drive that x/net/webdav reads to answer
// PROPFIND and PROPPATCH, for the time of one request. It remembers what
// it read, so that a PROPFIND of depth 1 costs a handful of queries
// whatever the number of children.
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
	out := make([]fs.FileInfo, len(kids))
	for i, k := range kids {
		d.fs.nodes[lockKey(path.Join(d.path, k.Name))] = k
		d.fs.props[k.ID] = props[k.ID]
		if d.fs.props[k.ID] == nil {
			d.fs.props[k.ID] = []drive.Prop{}
		}
		out[i] = fileInfo{n: k}
	}
	return out, nil
}

// Names of the properties this package computes.
var (
	nameLockDiscovery  = xml.Name{Space: "DAV:", Local: "lockdiscovery"}
	nameSupportedLock  = xml.Name{Space: "DAV:", Local: "supportedlock"}
	nameQuotaUsed      = xml.Name{Space: "DAV:", Local: "quota-used-bytes"}
	nameQuotaAvailable = xml.Name{Space: "DAV:", Local: "quota-available-bytes"}
)

var supportedLock = []byte(`<D:lockentry xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>` +
	`<D:lockentry xmlns:D="DAV:"><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>`)

// DeadProps returns the item's stored properties, plus those computed
// here: lockdiscovery, supportedlock (shared and exclusive) and, for
// folders, the quota properties of RFC 4331.
func (d *davFile) DeadProps() (map[xml.Name]webdav.Property, error) {
	// x/net/webdav asks twice per item for an allprop PROPFIND.
	if m, ok := d.fs.dead[d.path]; ok {
		return m, nil
	}
	m, err := d.deadProps()
	if err == nil {
		d.fs.dead[d.path] = m
	}
	return m, err
}

func (d *davFile) deadProps() (map[xml.Name]webdav.Property, error) {
	list, ok := d.fs.props[d.n.ID]
	if !ok {
		var err error
		if list, err = d.fs.q.h.drive.Props(d.ctx, d.n); err != nil {
			return nil, err
		}
		d.fs.props[d.n.ID] = list
	}
	m := make(map[xml.Name]webdav.Property, len(list)+4)
	for _, p := range list {
		name := xml.Name{Space: p.Space, Local: p.Local}
		m[name] = webdav.Property{XMLName: name, Lang: p.Lang, InnerXML: []byte(p.Inner)}
	}
	if d.fs.locks == nil {
		locks, err := d.fs.q.h.locks.covering(d.ctx, d.fs.q.h.locks.db, d.fs.q.user.ID, "/", true)
		if err != nil {
			return nil, err
		}
		d.fs.locks = append(locks, lock{}) // non-nil even when empty; the zero lock covers nothing
	}
	key := lockKey(d.path)
	var active []byte
	for _, l := range d.fs.locks {
		if l.token != "" && covers(l, key) {
			active = append(active, activeLock(l, href(d.path, d.n.Dir))...)
		}
	}
	m[nameLockDiscovery] = webdav.Property{XMLName: nameLockDiscovery, InnerXML: active}
	m[nameSupportedLock] = webdav.Property{XMLName: nameSupportedLock, InnerXML: supportedLock}
	if d.n.Dir {
		if d.fs.usage == nil {
			u, err := d.fs.q.h.drive.Usage(d.ctx, d.fs.q.user.ID)
			if err != nil {
				return nil, err
			}
			d.fs.usage = &u
		}
		m[nameQuotaUsed] = webdav.Property{XMLName: nameQuotaUsed, InnerXML: []byte(strconv.FormatInt(d.fs.usage.Used, 10))}
		m[nameQuotaAvailable] = webdav.Property{XMLName: nameQuotaAvailable, InnerXML: []byte(strconv.FormatInt(d.fs.usage.Available, 10))}
	}
	return m, nil
}

// computed reports whether name is one of the properties computed here,
// which PROPPATCH may not change.
func computed(name xml.Name) bool {
	return name == nameLockDiscovery || name == nameSupportedLock || name == nameQuotaUsed || name == nameQuotaAvailable
}

// Patch applies a PROPPATCH to the stored properties, all or nothing.
func (d *davFile) Patch(patches []webdav.Proppatch) ([]webdav.Propstat, error) {
	var ops []drive.PropPatch
	var names, refused []webdav.Property
	for _, pp := range patches {
		for _, p := range pp.Props {
			names = append(names, webdav.Property{XMLName: p.XMLName})
			if computed(p.XMLName) {
				refused = append(refused, webdav.Property{XMLName: p.XMLName})
				continue
			}
			ops = append(ops, drive.PropPatch{Remove: pp.Remove, Prop: drive.Prop{
				Space: p.XMLName.Space, Local: p.XMLName.Local, Lang: p.Lang, Inner: string(p.InnerXML)}})
		}
	}
	if len(refused) > 0 {
		// Nothing is applied; the others fail because of these.
		var others []webdav.Property
		for _, n := range names {
			if !computed(n.XMLName) {
				others = append(others, n)
			}
		}
		out := []webdav.Propstat{{Status: http.StatusForbidden, Props: refused}}
		if len(others) > 0 {
			out = append(out, webdav.Propstat{Status: webdav.StatusFailedDependency, Props: others})
		}
		return out, nil
	}
	if err := d.fs.q.h.drive.PatchProps(d.ctx, d.fs.q.user.ID, d.n.ID, ops); err != nil {
		return nil, err
	}
	delete(d.fs.props, d.n.ID)
	delete(d.fs.dead, d.path)
	return []webdav.Propstat{{Status: http.StatusOK, Props: names}}, nil
}
