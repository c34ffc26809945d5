// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"net/http"
	"time"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// API describes the /api/v1 routes that Mount registers, for the OpenAPI
// description (internal/server checks it against the real routes).
func (s *Service) API() []apidoc.Op {
	const tag = "Teams"
	team := apidoc.Object{"team": Team{}}
	teams := apidoc.Object{"teams": []Team{}}
	invitations := apidoc.Object{"invitations": []Invitation{}}
	accepted := apidoc.Object{"user": identity.User{}, "invitation": Invitation{}, "signed_in": false, "redirect": ""}
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/teams", Tag: tag,
			Summary: "List the teams one belongs to, with one's role", Response: teams},
		{Method: "POST", Path: "/api/v1/teams", Tag: tag,
			Summary: "Create a team, of which one becomes the owner",
			Body:    createTeamRequest{}, Status: http.StatusCreated, Response: team},
		{Method: "GET", Path: "/api/v1/teams/{id}", Tag: tag,
			Summary: "Get a team one belongs to", Response: team},
		{Method: "PATCH", Path: "/api/v1/teams/{id}", Tag: tag,
			Summary: "Rename a team or change its description (administrators and owners of the team)",
			Body:    TeamPatch{}, Response: team},
		{Method: "DELETE", Path: "/api/v1/teams/{id}", Tag: tag,
			Summary: "Delete a team (its owners)", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/teams/{id}/members", Tag: tag,
			Summary: "List a team's members and their roles", Response: apidoc.Object{"members": []Member{}}},
		{Method: "POST", Path: "/api/v1/teams/{id}/members", Tag: tag,
			Summary: "Add the account with this email to the team, or invite the email if it has no account",
			Body:    inviteRequest{}, Status: http.StatusCreated, Response: inviteAnswer{}},
		{Method: "PATCH", Path: "/api/v1/teams/{id}/members/{userID}", Tag: tag,
			Summary: "Change a member's role (member, administrator or owner); a team keeps at least one owner",
			Body:    roleRequest{}, Response: apidoc.Object{"member": Member{}}},
		{Method: "DELETE", Path: "/api/v1/teams/{id}/members/{userID}", Tag: tag,
			Summary: "Remove a member from the team, or leave it oneself; a team keeps at least one owner",
			Status:  http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/teams/{id}/invitations", Tag: tag,
			Summary: "List a team's pending invitations (those who manage its members)", Response: invitations},

		{Method: "GET", Path: "/api/v1/invitations", Tag: tag,
			Summary: "List the invitations one sent", Response: invitations},
		{Method: "POST", Path: "/api/v1/invitations", Tag: tag,
			Summary: "Invite an email to a team, or to Ensemble without a team; the link is shown once in the answer",
			Body:    inviteRequest{}, Status: http.StatusCreated, Response: inviteAnswer{}},
		{Method: "DELETE", Path: "/api/v1/invitations/{id}", Tag: tag,
			Summary: "Revoke a pending invitation, by its ID", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/invitations/{id}", Tag: tag, Public: true,
			Summary: "Show what an invitation link invites to; the path holds the link's secret, not the invitation ID",
			Response: apidoc.Object{"invitation": apidoc.Object{
				"email": "", "team_id": "", "team_name": "", "role": Role(""),
				"inviter_name": "", "expires_at": time.Time{}, "account_exists": false,
			}}},
		{Method: "POST", Path: "/api/v1/invitations/{secret}/accept", Tag: tag, Public: true,
			Summary: "Accept an invitation link: as the signed-in account (200), or by creating the account from name and password (201)",
			Body:    acceptRequest{}, Response: accepted},

		{Method: "GET", Path: "/api/v1/admin/teams", Tag: "Administration",
			Summary: "List every team with its member count (administrators)", Response: teams},
	}
}
