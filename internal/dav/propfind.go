// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"path"
	"strconv"

	"golang.org/x/net/webdav"
)

// propfind answers PROPFIND with Depth 0 or 1 and writes the multistatus
// as it goes. The database is read before the first byte: the item, its
// children and their stored properties, the user's locks and usage.
func (q *request) propfind(body []byte, depth string) error {
	pf, err := parsePropfind(body)
	if err != nil {
		return err
	}
	ctx := q.r.Context()
	fs := newFS(q)
	n, err := fs.node(ctx, q.path)
	if err != nil {
		return statusError(http.StatusNotFound, "Not found.")
	}
	items := []*davFile{{fs: fs, ctx: ctx, path: q.path, n: n}}
	if depth == "1" && n.Dir {
		kids, err := items[0].Readdir(0)
		if err != nil {
			return err
		}
		for _, k := range kids {
			p := path.Join(q.path, k.Name())
			items = append(items, &davFile{fs: fs, ctx: ctx, path: p, n: k.(fileInfo).n})
		}
	}
	// The first item loads what every item's computed properties need.
	first, err := items[0].deadList()
	if err != nil {
		return err
	}
	// From here on the status is sent: a failure cuts the answer short
	// (the client sees a malformed multistatus) and is only logged.
	w := &multistatus{w: q.w}
	w.start()
	for i, it := range items {
		dead := first
		if i > 0 {
			if dead, err = it.deadList(); err != nil {
				q.h.log.Error("dav: PROPFIND failed midway", "path", it.path, "err", err)
				w.flush()
				return nil
			}
		}
		w.response(it, pf, dead)
		if w.err != nil {
			break
		}
	}
	w.end()
	if err := w.flush(); err != nil {
		q.h.log.Debug("dav: PROPFIND answer not sent", "path", q.path, "err", err)
	}
	return nil
}

// multistatus writes a 207 answer in the form x/net/webdav writes it.
type multistatus struct {
	w   http.ResponseWriter
	buf []byte
	err error
}

// The prefix and suffix of the answer, and of the live properties.
const (
	msStart       = `<?xml version="1.0" encoding="UTF-8"?><D:multistatus xmlns:D="DAV:">`
	msEnd         = `</D:multistatus>`
	statusOK      = `<D:status>HTTP/1.1 200 OK</D:status></D:propstat>`
	statusMissing = `<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>`
	collection    = `<D:collection xmlns:D="DAV:"/>`
)

func (m *multistatus) start() {
	m.w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	m.w.WriteHeader(http.StatusMultiStatus)
	m.buf = append(m.buf, msStart...)
}

func (m *multistatus) end() { m.buf = append(m.buf, msEnd...) }

// flush writes what is buffered.
func (m *multistatus) flush() error {
	if m.err == nil && len(m.buf) > 0 {
		_, m.err = m.w.Write(m.buf)
	}
	m.buf = m.buf[:0]
	return m.err
}

// response writes the answer for one item: the properties found (200),
// then those not found (404).
func (m *multistatus) response(d *davFile, pf propfindRequest, dead []webdav.Property) {
	m.buf = append(m.buf, "<D:response><D:href>"...)
	m.buf = appendEscaped(m.buf, href(d.path, d.n.Dir), false)
	m.buf = append(m.buf, "</D:href>"...)
	switch {
	case pf.propname:
		m.buf = append(m.buf, "<D:propstat><D:prop>"...)
		for _, name := range liveNames {
			if _, ok := d.live(name); ok {
				m.prop(name, "", nil)
			}
		}
		for _, p := range dead {
			if _, live := d.live(p.XMLName); !live {
				m.prop(p.XMLName, "", nil)
			}
		}
		m.buf = append(m.buf, "</D:prop>"+statusOK...)
	case pf.allprop:
		m.buf = append(m.buf, "<D:propstat><D:prop>"...)
		for _, name := range liveNames {
			if _, ok := findDead(dead, name); ok {
				continue // written with the dead ones
			}
			if v, ok := d.live(name); ok {
				m.prop(name, "", v)
			}
		}
		for _, p := range dead {
			m.prop(p.XMLName, p.Lang, p.InnerXML)
		}
		var missing []xml.Name
		for _, name := range pf.names { // include
			if _, ok := findDead(dead, name); ok {
				continue
			}
			if _, ok := d.live(name); !ok {
				missing = append(missing, name)
			}
		}
		m.buf = append(m.buf, "</D:prop>"+statusOK...)
		m.missing(missing)
	default:
		var missing []xml.Name
		found := false
		for _, name := range pf.names {
			p, isDead := findDead(dead, name)
			v, isLive := d.live(name)
			if !isDead && !isLive {
				missing = append(missing, name)
				continue
			}
			if !found {
				m.buf = append(m.buf, "<D:propstat><D:prop>"...)
				found = true
			}
			if isDead {
				m.prop(name, p.Lang, p.InnerXML)
			} else {
				m.prop(name, "", v)
			}
		}
		if !found && len(missing) == 0 {
			m.buf = append(m.buf, "<D:propstat><D:prop>"...)
		}
		if found || len(missing) == 0 {
			m.buf = append(m.buf, "</D:prop>"+statusOK...)
		}
		m.missing(missing)
	}
	m.buf = append(m.buf, "</D:response>"...)
	if len(m.buf) >= 32<<10 {
		m.flush()
	}
}

// missing writes the 404 propstat of names, if any.
func (m *multistatus) missing(names []xml.Name) {
	if len(names) == 0 {
		return
	}
	m.buf = append(m.buf, "<D:propstat><D:prop>"...)
	for _, name := range names {
		m.prop(name, "", nil)
	}
	m.buf = append(m.buf, "</D:prop>"+statusMissing...)
}

// prop writes one property: DAV: ones with the D prefix, others with
// their namespace as the default one; inner is written as is.
func (m *multistatus) prop(name xml.Name, lang string, inner []byte) {
	m.buf = append(m.buf, '<')
	if name.Space == "DAV:" {
		m.buf = append(m.buf, "D:"...)
	}
	m.buf = append(m.buf, name.Local...)
	if name.Space != "DAV:" && name.Space != "" {
		m.buf = append(m.buf, ` xmlns="`...)
		m.buf = appendEscaped(m.buf, name.Space, true)
		m.buf = append(m.buf, '"')
	}
	if lang != "" {
		m.buf = append(m.buf, ` xml:lang="`...)
		m.buf = appendEscaped(m.buf, lang, true)
		m.buf = append(m.buf, '"')
	}
	if len(inner) == 0 {
		m.buf = append(m.buf, "/>"...)
		return
	}
	m.buf = append(m.buf, '>')
	m.buf = append(m.buf, inner...)
	m.buf = append(m.buf, "</"...)
	if name.Space == "DAV:" {
		m.buf = append(m.buf, "D:"...)
	}
	m.buf = append(m.buf, name.Local...)
	m.buf = append(m.buf, '>')
}

// appendEscaped appends s escaped for XML text or, if attr, for an
// attribute value in double quotes.
func appendEscaped(b []byte, s string, attr bool) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && (!attr || c != '"')
	}
	if plain {
		return append(b, s...)
	}
	var buf bytes.Buffer
	xml.EscapeText(&buf, []byte(s))
	return append(b, buf.Bytes()...)
}

// liveNames are the live properties of x/net/webdav that have a value, in
// the order allprop and propname list them.
var liveNames = []xml.Name{
	{Space: "DAV:", Local: "resourcetype"},
	{Space: "DAV:", Local: "displayname"},
	{Space: "DAV:", Local: "getcontentlength"},
	{Space: "DAV:", Local: "getlastmodified"},
	{Space: "DAV:", Local: "getcontenttype"},
	{Space: "DAV:", Local: "getetag"},
}

// live returns the value of live property name of the item, as inner
// XML, and whether it has one: folders have no length, type or ETag.
func (d *davFile) live(name xml.Name) ([]byte, bool) {
	if name.Space != "DAV:" {
		return nil, false
	}
	switch name.Local {
	case "resourcetype":
		if d.n.Dir {
			return []byte(collection), true
		}
		return nil, true
	case "displayname":
		if d.path == "/" {
			return nil, true
		}
		return appendEscaped(nil, fileInfo{n: d.n}.Name(), false), true
	case "getlastmodified":
		return d.n.Modified.UTC().AppendFormat(nil, http.TimeFormat), true
	}
	if d.n.Dir {
		return nil, false
	}
	switch name.Local {
	case "getcontentlength":
		return strconv.AppendInt(nil, d.n.Size, 10), true
	case "getcontenttype":
		return appendEscaped(nil, d.n.ContentType, false), true
	case "getetag":
		return appendEscaped(nil, d.n.ETag, false), true
	}
	return nil, false
}

// findDead returns the dead property name, if the item has it.
func findDead(dead []webdav.Property, name xml.Name) (webdav.Property, bool) {
	for _, p := range dead {
		if p.XMLName == name {
			return p, true
		}
	}
	return webdav.Property{}, false
}
