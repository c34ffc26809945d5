// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package access

import (
	"errors"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// allowed spells the actions Decide allows as a string of letters, one per
// action in Actions order (R C E K D F S O Q A M T X P), '.' for refused.
func allowed(s Subject, f Facts) string {
	const letters = "RCEKDFSOQAMTXP"
	var b strings.Builder
	for i, a := range Actions {
		if Decide(s, f, a) {
			b.WriteByte(letters[i])
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

var (
	user = Subject{UserID: "u1"}
	anon = Subject{}
)

// TestDecideRolesTable is the roles × actions table for a signed-in user
// on a restricted item that is not in the trash.
//
//	R read, C comment, E edit, K create child, D duplicate, F favourite,
//	S share, O manage owners, Q decide requests, A request access,
//	M move, T trash, X restore, P purge
func TestDecideRolesTable(t *testing.T) {
	for _, c := range []struct {
		role Role
		want string
	}{
		{None, ".........A...."},
		{Reader, "R...DF...A...."},
		{Commenter, "RC..DF...A...."},
		{Editor, "RCEKDF...A...."},
		{Administrator, "RCEKDFS.Q.M..."},
		{Owner, "RCEKDFSOQ.MT.."},
		{"root", ".........A...."}, // not a role: nothing
	} {
		f := Facts{Granted: c.role, Links: []Link{{Restricted, Editor}}}
		if got := allowed(user, f); got != c.want {
			t.Errorf("%q: %s; want %s", c.role, got, c.want)
		}
		if got := allowed(anon, f); got != ".............." {
			t.Errorf("anonymous with a grant of %q: %s; want nothing", c.role, got)
		}
	}
}

// TestDecideLinksTable is reach × link role × signed in or not, without
// any grant: links never give administration.
func TestDecideLinksTable(t *testing.T) {
	for _, c := range []struct {
		reach          Reach
		role           Role
		signedIn, anon string
	}{
		{Restricted, Reader, ".........A....", ".............."},
		{Restricted, Editor, ".........A....", ".............."},
		{Authenticated, Reader, "R...DF...A....", ".............."},
		{Authenticated, Commenter, "RC..DF...A....", ".............."},
		{Authenticated, Editor, "RCEKDF...A....", ".............."},
		{Public, Reader, "R...DF...A....", "R............."},
		{Public, Commenter, "RC..DF...A....", "R............."},
		{Public, Editor, "RCEKDF...A....", "R.E..........."},
		{Public, Owner, "RCEKDF...A....", "R.E..........."}, // a stored owner link is capped at editor
	} {
		f := Facts{Links: []Link{{c.reach, c.role}}}
		if got := allowed(user, f); got != c.signedIn {
			t.Errorf("%s/%s signed in: %s; want %s", c.reach, c.role, got, c.signedIn)
		}
		if got := allowed(anon, f); got != c.anon {
			t.Errorf("%s/%s anonymous: %s; want %s", c.reach, c.role, got, c.anon)
		}
	}
}

// TestDecideTrash: an item in the trash can only be restored (if it is the
// one that was put there) or purged, by an owner.
func TestDecideTrash(t *testing.T) {
	for _, c := range []struct {
		role Role
		root bool
		want string
	}{
		{Owner, true, "............XP"},
		{Owner, false, ".............P"},
		{Administrator, true, ".............."},
		{Editor, true, ".............."},
		{None, true, ".............."},
	} {
		f := Facts{Granted: c.role, Links: []Link{{Public, Editor}}, Trashed: true, TrashRoot: c.root}
		if got := allowed(user, f); got != c.want {
			t.Errorf("trashed (root %v) %q: %s; want %s", c.root, c.role, got, c.want)
		}
		if got := allowed(anon, f); got != ".............." {
			t.Errorf("trashed, anonymous: %s", got)
		}
	}
}

// TestEffectiveInheritance: the greatest of grants and links over the
// lineage wins; a narrower link below never narrows.
func TestEffectiveInheritance(t *testing.T) {
	f := Facts{Granted: Commenter, Links: []Link{{Restricted, Reader}, {Authenticated, Editor}, {Public, Reader}}}
	if got := Effective(user, f); got != Editor {
		t.Errorf("signed in: %q; want editor (authenticated link of an ancestor)", got)
	}
	if got := Effective(anon, f); got != Reader {
		t.Errorf("anonymous: %q; want reader (public link)", got)
	}
	if !LinkOnly(user, f) || LinkOnly(user, Facts{Granted: Editor, Links: f.Links}) {
		t.Error("LinkOnly wrong")
	}
}

// TestDecideMonotonic: more role never loses an action (outside the
// request-access action, which only those without administration need).
func TestDecideMonotonic(t *testing.T) {
	for _, reach := range []Reach{Restricted, Authenticated, Public} {
		for i := 1; i < len(Roles); i++ {
			lo := Facts{Granted: Roles[i-1], Links: []Link{{reach, Reader}}}
			hi := Facts{Granted: Roles[i], Links: []Link{{reach, Reader}}}
			for _, a := range Actions {
				if a != RequestAccess && Decide(user, lo, a) && !Decide(user, hi, a) {
					t.Errorf("%s: %s may %s but %s may not", reach, Roles[i-1], a, Roles[i])
				}
			}
		}
	}
}

func TestMayGrant(t *testing.T) {
	admin, owner := Facts{Granted: Administrator}, Facts{Granted: Owner}
	for _, c := range []struct {
		f        Facts
		from, to Role
		want     bool
	}{
		{admin, None, Editor, true},
		{admin, Reader, Administrator, true},
		{admin, None, Owner, false},
		{admin, Owner, Editor, false},
		{owner, Owner, Reader, true},
		{owner, None, Owner, true},
		{Facts{Granted: Editor}, None, Reader, false},
	} {
		if got := MayGrant(user, c.f, c.from, c.to); got != c.want {
			t.Errorf("%s: %q→%q = %v; want %v", c.f.Granted, c.from, c.to, got, c.want)
		}
	}
}

func TestParseAndErrorf(t *testing.T) {
	for _, s := range []string{"", "admin", "OWNER"} {
		if _, err := ParseRole(s); !errors.Is(err, errs.Invalid) {
			t.Errorf("ParseRole(%q) = %v", s, err)
		}
	}
	if _, err := ParseLinkRole("administrator"); !errors.Is(err, errs.Invalid) {
		t.Error("a link may not give administrator")
	}
	if r, err := ParseReach("public"); err != nil || r != Public {
		t.Error("ParseReach(public)")
	}
	if _, err := ParseReach("world"); !errors.Is(err, errs.Invalid) {
		t.Error("ParseReach(world)")
	}
	if err := Errorf(user, Facts{}, Edit, "doc"); !errors.Is(err, errs.NotFound) {
		t.Errorf("outsider: %v; want NotFound", err)
	}
	if err := Errorf(user, Facts{Granted: Reader}, Edit, "doc"); !errors.Is(err, errs.Forbidden) {
		t.Errorf("reader editing: %v; want Forbidden", err)
	}
	if got := Max(None, "bogus"); got != None {
		t.Errorf("Max of non-roles = %q", got)
	}
}

// TestDecideGrantsTimesReach is the full cross of granted role × link
// reach (with a commenter link) × signed in or not: the greater of grant
// and link wins, and administration only comes from grants.
func TestDecideGrantsTimesReach(t *testing.T) {
	rows := []struct {
		role                              Role
		restricted, authenticated, public string
	}{
		{None, ".........A....", "RC..DF...A....", "RC..DF...A...."},
		{Reader, "R...DF...A....", "RC..DF...A....", "RC..DF...A...."},
		{Commenter, "RC..DF...A....", "RC..DF...A....", "RC..DF...A...."},
		{Editor, "RCEKDF...A....", "RCEKDF...A....", "RCEKDF...A...."},
		{Administrator, "RCEKDFS.Q.M...", "RCEKDFS.Q.M...", "RCEKDFS.Q.M..."},
		{Owner, "RCEKDFSOQ.MT..", "RCEKDFSOQ.MT..", "RCEKDFSOQ.MT.."},
	}
	for _, r := range rows {
		for reach, want := range map[Reach]string{Restricted: r.restricted, Authenticated: r.authenticated, Public: r.public} {
			f := Facts{Granted: r.role, Links: []Link{{Restricted, Reader}, {reach, Commenter}}}
			if got := allowed(user, f); got != want {
				t.Errorf("%q with a %s commenter link: %s; want %s", r.role, reach, got, want)
			}
			wantAnon := ".............."
			if reach == Public {
				wantAnon = "R............."
			}
			if got := allowed(anon, f); got != wantAnon {
				t.Errorf("anonymous, grant %q, %s commenter link: %s; want %s", r.role, reach, got, wantAnon)
			}
		}
	}
}
