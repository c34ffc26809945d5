// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package access is Ensemble's one permission model for shared items
// (documents now, Drive files and folders next).
//
// Roles, from least to most: reader < commenter < editor < administrator <
// owner. They are granted to users and to teams, on an item or on one of
// its ancestors: an item inherits every grant and link of its ancestors, so
// a sub-item may widen access but never narrow it. An item also has a link
// reach (restricted < authenticated < public) with a link role (reader,
// commenter or editor) that anyone the reach covers gets.
//
// One function, Decide, answers "may this subject do this action to an
// item with these facts"; Effective gives the role it acts with. Every
// path (REST, websocket, export, search, media, WebDAV) asks it. The
// domain gathers the facts with Store.Resolve and its own Tree.
package access

import (
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Role is what a principal may do with an item. The zero Role is none.
type Role string

// The roles, from least to most.
const (
	None          Role = ""
	Reader        Role = "reader"
	Commenter     Role = "commenter"
	Editor        Role = "editor"
	Administrator Role = "administrator"
	Owner         Role = "owner"
)

// Roles lists the real roles from least to most.
var Roles = []Role{Reader, Commenter, Editor, Administrator, Owner}

// Rank orders the roles: 0 for None or a string that is not a role.
func (r Role) Rank() int {
	switch r {
	case Reader:
		return 1
	case Commenter:
		return 2
	case Editor:
		return 3
	case Administrator:
		return 4
	case Owner:
		return 5
	}
	return 0
}

// Valid reports whether r is a real role.
func (r Role) Valid() bool { return r.Rank() > 0 }

// AtLeast reports whether r is o or more; None is at least nothing real.
func (r Role) AtLeast(o Role) bool { return r.Rank() >= o.Rank() && r.Rank() > 0 }

// CanRead reports whether r may see an item and its content.
func (r Role) CanRead() bool { return r.AtLeast(Reader) }

// CanWrite reports whether r may change an item's content.
func (r Role) CanWrite() bool { return r.AtLeast(Editor) }

// Max returns the greater of a and b (None if neither is a role).
func Max(a, b Role) Role {
	if b.Rank() > a.Rank() {
		return b
	}
	if a.Rank() == 0 {
		return None
	}
	return a
}

// ParseRole returns the role named s, or errs.Invalid.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	return None, errs.Explain(errs.Invalid, "role: one of reader, commenter, editor, administrator, owner")
}

// Reach is who a link lets in: restricted (nobody through the link),
// authenticated (anyone signed in) or public (anyone, even anonymous).
type Reach string

// The reaches, from narrowest to widest.
const (
	Restricted    Reach = "restricted"
	Authenticated Reach = "authenticated"
	Public        Reach = "public"
)

// ParseReach returns the reach named s, or errs.Invalid.
func ParseReach(s string) (Reach, error) {
	switch r := Reach(s); r {
	case Restricted, Authenticated, Public:
		return r, nil
	}
	return "", errs.Explain(errs.Invalid, "link_reach: one of restricted, authenticated, public")
}

// ParseLinkRole returns the link role named s (reader, commenter or
// editor: a link never makes someone an administrator), or errs.Invalid.
func ParseLinkRole(s string) (Role, error) {
	switch r := Role(s); r {
	case Reader, Commenter, Editor:
		return r, nil
	}
	return None, errs.Explain(errs.Invalid, "link_role: one of reader, commenter, editor")
}

// Link is an item's link setting.
type Link struct {
	Reach Reach `json:"link_reach"`
	Role  Role  `json:"link_role"`
}

// roleFor returns the role the link gives a subject, signed in or not.
func (l Link) roleFor(signedIn bool) Role {
	r := l.Role
	if r.Rank() > Editor.Rank() {
		r = Editor // a link never gives more than editor, whatever was stored
	}
	switch {
	case l.Reach == Public, l.Reach == Authenticated && signedIn:
		return r
	}
	return None
}

// Subject is who asks: a signed-in user, or anonymous (UserID empty).
type Subject struct {
	UserID string
}

// SignedIn reports whether the subject is a signed-in user.
func (s Subject) SignedIn() bool { return s.UserID != "" }

// Facts are what the decision needs to know about one item, gathered over
// the item and all its ancestors (Store.Resolve does it).
type Facts struct {
	// Granted is the highest role granted to the subject, directly or
	// through a team, on the item or any ancestor.
	Granted Role
	// Links are the link settings of the item and its ancestors.
	Links []Link
	// Trashed says the item or one of its ancestors is in the trash.
	Trashed bool
	// TrashRoot says the item itself was put in the trash (not only an
	// ancestor): only such an item can be restored.
	TrashRoot bool
}

// Effective returns the role the subject acts with on an item: the
// greater of its grants and of what the links of the item and its
// ancestors give it. An anonymous subject has no grants.
func Effective(s Subject, f Facts) Role {
	r := None
	if s.SignedIn() {
		r = f.Granted
	}
	for _, l := range f.Links {
		r = Max(r, l.roleFor(s.SignedIn()))
	}
	return r
}

// LinkOnly reports whether the subject's effective role comes only from a
// link (no grant would give as much).
func LinkOnly(s Subject, f Facts) bool {
	e := Effective(s, f)
	return e.Valid() && (!s.SignedIn() || f.Granted.Rank() < e.Rank())
}

// Errorf is a helper for domains: the error to return when Decide says no.
// A subject that may not even read the item (an item in the trash is read
// by no one) gets errs.NotFound: it does not exist for them; one that may
// read it gets errs.Forbidden.
func Errorf(s Subject, f Facts, a Action, what string) error {
	if !Decide(s, f, Read) {
		return fmt.Errorf("access: %s: %w", what, errs.NotFound)
	}
	return fmt.Errorf("access: %s: %s needs more than %q: %w", what, a, Effective(s, f), errs.Forbidden)
}
