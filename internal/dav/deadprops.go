// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"encoding/xml"
	"net/http"
	"strconv"

	"golang.org/x/net/webdav"

	"github.com/ensemble-suite/ensemble/internal/drive"
)

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
	list, err := d.deadList()
	if err != nil {
		return nil, err
	}
	m := make(map[xml.Name]webdav.Property, len(list))
	for _, p := range list {
		m[p.XMLName] = p
	}
	return m, nil
}

// deadList returns the properties of deadProps in order: those computed
// here, then the stored ones (PROPPATCH cannot store a computed one).
func (d *davFile) deadList() ([]webdav.Property, error) {
	stored, ok := d.fs.props[d.n.ID]
	if !ok {
		var err error
		if stored, err = d.fs.q.h.drive.Props(d.ctx, d.n); err != nil {
			return nil, err
		}
		d.fs.props[d.n.ID] = stored
	}
	if d.fs.locks == nil {
		locks, err := d.fs.q.h.locks.covering(d.ctx, d.fs.q.h.locks.db, d.fs.q.user.ID, "/", true)
		if err != nil {
			return nil, err
		}
		d.fs.locks = append(locks, lock{}) // non-nil even when empty; the zero lock covers nothing
	}
	list := make([]webdav.Property, 0, len(stored)+4)
	var active []byte
	if len(d.fs.locks) > 1 {
		key := lockKey(d.path)
		for _, l := range d.fs.locks {
			if l.token != "" && covers(l, key) {
				active = append(active, activeLock(l, href(d.path, d.n.Dir))...)
			}
		}
	}
	list = append(list, webdav.Property{XMLName: nameLockDiscovery, InnerXML: active},
		webdav.Property{XMLName: nameSupportedLock, InnerXML: supportedLock})
	if d.n.Dir {
		if d.fs.usage == nil {
			u, err := d.fs.q.h.drive.Usage(d.ctx, d.fs.q.user.ID)
			if err != nil {
				return nil, err
			}
			d.fs.usage = &u
		}
		list = append(list, webdav.Property{XMLName: nameQuotaUsed, InnerXML: []byte(strconv.FormatInt(d.fs.usage.Used, 10))},
			webdav.Property{XMLName: nameQuotaAvailable, InnerXML: []byte(strconv.FormatInt(d.fs.usage.Available, 10))})
	}
	for _, p := range stored {
		name := xml.Name{Space: p.Space, Local: p.Local}
		if !computed(name) {
			list = append(list, webdav.Property{XMLName: name, Lang: p.Lang, InnerXML: []byte(p.Inner)})
		}
	}
	return list, nil
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
