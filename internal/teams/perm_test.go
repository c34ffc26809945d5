// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"errors"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// TestCan is the permission table: every role against every action.
func TestCan(t *testing.T) {
	const (
		Y = true
		n = false
	)
	actions := []action{actView, actLeave, actEdit, actManageMembers, actManageOwners, actDelete}
	table := []struct {
		role Role
		want []bool // in the order of actions
	}{
		{"", []bool{n, n, n, n, n, n}},
		{"guest", []bool{n, n, n, n, n, n}}, // not a role
		{RoleMember, []bool{Y, Y, n, n, n, n}},
		{RoleAdministrator, []bool{Y, Y, Y, Y, n, n}},
		{RoleOwner, []bool{Y, Y, Y, Y, Y, Y}},
	}
	for _, row := range table {
		for i, a := range actions {
			if got := can(row.role, a); got != row.want[i] {
				t.Errorf("can(%q, %s) = %v; want %v", row.role, a, got, row.want[i])
			}
		}
	}
}

// TestChangeAction: touching ownership is the owners' business, the rest
// the administrators'.
func TestChangeAction(t *testing.T) {
	roles := []Role{"", RoleMember, RoleAdministrator, RoleOwner}
	for _, from := range roles {
		for _, to := range roles {
			want := actManageMembers
			if from == RoleOwner || to == RoleOwner {
				want = actManageOwners
			}
			if got := changeAction(from, to); got != want {
				t.Errorf("changeAction(%q, %q) = %s; want %s", from, to, got, want)
			}
		}
	}
}

func TestAuthorize(t *testing.T) {
	if err := authorize("t", "", actView); !errors.Is(err, errs.NotFound) {
		t.Errorf("outsider viewing = %v; want NotFound", err)
	}
	if err := authorize("t", RoleMember, actEdit); !errors.Is(err, errs.Forbidden) {
		t.Errorf("member editing = %v; want Forbidden", err)
	}
	if err := authorize("t", RoleAdministrator, actEdit); err != nil {
		t.Errorf("administrator editing = %v", err)
	}
	if effectiveRole("", true) != RoleOwner || effectiveRole(RoleMember, true) != RoleOwner || effectiveRole(RoleMember, false) != RoleMember {
		t.Error("site administrators must act as owners, others with their role")
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{"": RoleMember, "member": RoleMember, "administrator": RoleAdministrator, "owner": RoleOwner} {
		if got, err := ParseRole(in); got != want || err != nil {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"Owner", "admin", "root", " member"} {
		if _, err := ParseRole(bad); !errors.Is(err, errs.Invalid) {
			t.Errorf("ParseRole(%q) = %v; want Invalid", bad, err)
		}
	}
}
