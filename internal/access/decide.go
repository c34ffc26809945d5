// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package access

// Action is something a subject may want to do to an item.
type Action int

// The actions. ManageOwners is needed on top of Share to grant, change or
// remove the owner role.
const (
	Read           Action = iota // see the item and its content (and its children, by inheritance)
	Comment                      // add comments (signed in only: a comment has an author)
	Edit                         // change the content and the title
	CreateChild                  // add a sub-item under it
	Duplicate                    // copy it (the copy belongs to the subject)
	Favorite                     // mark it as a favourite, list it as recent
	Share                        // see and manage accesses below owner, change the link settings
	ManageOwners                 // grant, change or remove the owner role
	DecideRequests               // see, accept and refuse access requests
	RequestAccess                // ask the administrators for a role
	Move                         // move it elsewhere in the tree or reorder it
	Trash                        // put it (and its sub-items) in the trash
	Restore                      // take it out of the trash
	Purge                        // delete it for good (only from the trash)
)

// Actions lists every action, for tables and abilities.
var Actions = []Action{Read, Comment, Edit, CreateChild, Duplicate, Favorite, Share, ManageOwners, DecideRequests, RequestAccess, Move, Trash, Restore, Purge}

var actionNames = [...]string{"read", "comment", "edit", "create_child", "duplicate", "favorite", "share", "manage_owners", "decide_requests", "request_access", "move", "trash", "restore", "purge"}

// String returns the action's name, as used in abilities.
func (a Action) String() string {
	if a < 0 || int(a) >= len(actionNames) {
		return "unknown"
	}
	return actionNames[a]
}

// minimum is the least role an action needs on an item that is not in the
// trash.
var minimum = map[Action]Role{
	Read:           Reader,
	Comment:        Commenter,
	Edit:           Editor,
	CreateChild:    Editor,
	Duplicate:      Reader,
	Favorite:       Reader,
	Share:          Administrator,
	ManageOwners:   Owner,
	DecideRequests: Administrator,
	Move:           Administrator,
	Trash:          Owner,
}

// Decide reports whether subject s may do a to an item with facts f. It is
// the one permission rule of Ensemble's shared items; every path asks it.
//
//   - Roles come from grants (signed-in subjects only) and links, over the
//     item and its ancestors, whichever is greater (Effective).
//   - Anonymous subjects may at most read and edit what a public link
//     allows; everything that needs a name (comment, duplicate, favourite,
//     request access) needs signing in.
//   - Administration (share, manage owners, decide requests, move, trash,
//     restore, purge) needs a granted role: a link never gives it.
//   - An item in the trash can only be restored (the item that was put
//     there, not one of its sub-items) or purged, by an owner.
func Decide(s Subject, f Facts, a Action) bool {
	role := Effective(s, f)
	if f.Trashed {
		switch a {
		case Restore:
			return s.SignedIn() && f.TrashRoot && f.Granted == Owner
		case Purge:
			return s.SignedIn() && f.Granted == Owner
		}
		return false
	}
	switch a {
	case Restore, Purge:
		return false // only from the trash
	case RequestAccess:
		return s.SignedIn() && role.Rank() < Administrator.Rank()
	case Comment, Duplicate, Favorite, CreateChild:
		if !s.SignedIn() {
			return false
		}
	case Share, ManageOwners, DecideRequests, Move, Trash:
		if !s.SignedIn() {
			return false
		}
		role = f.Granted // administration comes from grants only
	}
	need, ok := minimum[a]
	return ok && role.AtLeast(need)
}

// Abilities lists what the subject may do, by action name, for the API.
func Abilities(s Subject, f Facts) map[string]bool {
	m := make(map[string]bool, len(Actions))
	for _, a := range Actions {
		m[a.String()] = Decide(s, f, a)
	}
	return m
}

// MayGrant reports whether subject s may change a grant on an item from
// role from to role to (None for "no grant"): owners handle ownership,
// administrators everything below.
func MayGrant(s Subject, f Facts, from, to Role) bool {
	if from == Owner || to == Owner {
		return Decide(s, f, ManageOwners)
	}
	return Decide(s, f, Share)
}
