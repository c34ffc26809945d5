// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// The folder at the root that holds the items shared with the user is
// named in their language. It is computed, not stored: nothing can be
// added to it directly, and it shadows a real folder of the same name.
var sharedNames = map[string]string{"fr": "Partagés avec moi", "de": "Mit mir geteilt", "en": "Shared with me"}

func (q *request) sharedName() string {
	if n, ok := sharedNames[q.user.Locale]; ok {
		return n
	}
	return sharedNames["en"]
}

// virtual reports whether n is the computed shared folder.
func virtual(n drive.Node) bool { return n.ID == "" && n.Dir }

// sharedEntry is an item shared with the user, under the name it has in
// the shared folder (made unique: two people may share "Budget").
type sharedEntry struct {
	label string
	node  drive.Node
}

// shared lists the items shared with the user, once per request.
func (q *request) shared() ([]sharedEntry, error) {
	if q.sharedList != nil {
		return q.sharedList, nil
	}
	items, err := q.h.drive.SharedWithMe(q.r.Context(), q.user.ID)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	q.sharedList = []sharedEntry{}
	for _, it := range items {
		label := it.Name
		key := drive.NameKey(label)
		if seen[key] > 0 {
			label = numbered(it.Name, seen[key]+1)
		}
		seen[key]++
		q.sharedList = append(q.sharedList, sharedEntry{label: label, node: it.Node})
	}
	return q.sharedList, nil
}

// numbered returns "name (i).ext".
func numbered(name string, i int) string {
	ext := ""
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		name, ext = name[:dot], name[dot:]
	}
	return name + " (" + itoa(i) + ")" + ext
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// sharedFolder is the computed folder node; its ETag changes whenever
// the list of shared items or one of their ETags does.
func (q *request) sharedFolder() (drive.Node, error) {
	list, err := q.shared()
	if err != nil {
		return drive.Node{}, err
	}
	h := sha256.New()
	n := drive.Node{Dir: true, Name: q.sharedName(), OwnerID: q.user.ID, ParentID: "-"}
	for _, e := range list {
		h.Write([]byte(e.label + "\x00" + e.node.ETag + "\x00"))
		if e.node.Modified.After(n.Modified) {
			n.Modified = e.node.Modified
		}
	}
	n.Created = n.Modified
	n.ETag = `"s-` + hex.EncodeToString(h.Sum(nil))[:24] + `"`
	return n, nil
}

// lookup resolves a path of the user's WebDAV tree: their own drive, and
// the shared folder with the items shared with them below it.
func (q *request) lookup(p string) (drive.Node, error) {
	first, rest, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if first == "" || drive.NameKey(first) != drive.NameKey(q.sharedName()) {
		return q.h.drive.Lookup(q.r.Context(), q.user.ID, p)
	}
	if has, err := q.hasShared(); err != nil || !has {
		if err != nil {
			return drive.Node{}, err
		}
		return q.h.drive.Lookup(q.r.Context(), q.user.ID, p)
	}
	if strings.Trim(rest, "/") == "" {
		return q.sharedFolder()
	}
	name, below, _ := strings.Cut(rest, "/")
	list, err := q.shared()
	if err != nil {
		return drive.Node{}, err
	}
	for _, e := range list {
		if drive.NameKey(e.label) == drive.NameKey(name) {
			return q.h.drive.LookupFrom(q.r.Context(), q.user.ID, e.node, below)
		}
	}
	return drive.Node{}, errs.NotFound
}

func (q *request) hasShared() (bool, error) {
	if q.has == nil {
		has, err := q.h.drive.HasShared(q.r.Context(), q.user.ID)
		if err != nil {
			return false, err
		}
		q.has = &has
	}
	return *q.has, nil
}

// errVirtual refuses changes to the computed shared folder itself.
var errVirtual = statusError(http.StatusForbidden, "The shared folder is computed: items cannot be added to it or removed from it here.")

// notVirtual returns errVirtual for the shared folder.
func notVirtual(n drive.Node, err error) (drive.Node, error) {
	if err == nil && virtual(n) {
		return n, errVirtual
	}
	return n, err
}
