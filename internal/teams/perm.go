// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Role is a member's standing in a team: member < administrator < owner.
type Role string

// The roles. The zero Role is no role: not a member.
const (
	RoleMember        Role = "member"
	RoleAdministrator Role = "administrator"
	RoleOwner         Role = "owner"
)

// rank orders roles; 0 is not a member, or not a role at all.
func (r Role) rank() int {
	switch r {
	case RoleMember:
		return 1
	case RoleAdministrator:
		return 2
	case RoleOwner:
		return 3
	}
	return 0
}

// ParseRole returns the role named s; an empty s is RoleMember.
func ParseRole(s string) (Role, error) {
	if s == "" {
		return RoleMember, nil
	}
	if r := Role(s); r.rank() > 0 {
		return r, nil
	}
	return "", fmt.Errorf("teams: role %q (want member, administrator or owner): %w", s, errs.Invalid)
}

// action is something a principal may want to do to a team.
type action int

const (
	actView          action = iota // see the team and its members
	actLeave                       // remove oneself
	actEdit                        // change the name and description
	actManageMembers               // add, remove, invite and change members and administrators
	actManageOwners                // grant or take away ownership, remove an owner
	actDelete                      // delete the team
)

var actionNames = [...]string{"view", "leave", "edit", "manage members", "manage owners", "delete"}

func (a action) String() string { return actionNames[a] }

// can reports whether someone with role may do a to a team. It is the one
// permission rule of the package: every path asks it. The zero Role (not a
// member) may do nothing.
func can(role Role, a action) bool {
	switch a {
	case actView, actLeave:
		return role.rank() >= RoleMember.rank()
	case actEdit, actManageMembers:
		return role.rank() >= RoleAdministrator.rank()
	case actManageOwners, actDelete:
		return role == RoleOwner
	}
	return false
}

// changeAction is the action needed to move a member from one role to
// another (the zero Role for "not a member"): anything that touches
// ownership is the owners' business.
func changeAction(from, to Role) action {
	if from == RoleOwner || to == RoleOwner {
		return actManageOwners
	}
	return actManageMembers
}

// effectiveRole is the role a principal acts with: their membership, or
// owner for a site administrator.
func effectiveRole(member Role, siteAdmin bool) Role {
	if siteAdmin {
		return RoleOwner
	}
	return member
}

// authorize turns can's answer into an error: errs.NotFound for someone
// outside the team (who must not learn that it exists), errs.Forbidden for
// a member without the right.
func authorize(teamID string, role Role, a action) error {
	if role.rank() == 0 {
		return fmt.Errorf("teams: team %q: %w", teamID, errs.NotFound)
	}
	if !can(role, a) {
		return fmt.Errorf("teams: %s of team %q needs more than %s: %w", a, teamID, role, errs.Forbidden)
	}
	return nil
}
