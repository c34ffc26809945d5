// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/httpx"
)

func (s *Service) handleListMembers(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	list, err := s.Members(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"members": list})
	return nil
}

// inviteRequest is the body that invites an email, to a team or not; no
// role means member.
type inviteRequest struct {
	Email  string `json:"email"`
	TeamID string `json:"team_id,omitempty"`
	Role   string `json:"role,omitempty"`
}

// handleAddMember adds the account with an email to the team, or invites
// that email if it has none.
func (s *Service) handleAddMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req inviteRequest
	if err := httpx.DecodeJSON(w, r, &req, 16<<10); err != nil {
		return err
	}
	if req.TeamID != "" && req.TeamID != id {
		return httpx.NewError(http.StatusBadRequest, "invalid", "team_id, if given, must be the team of the path.")
	}
	req.TeamID = id
	return s.invite(w, r, req)
}

// roleRequest is the body of PATCH /api/v1/teams/{id}/members/{userID}.
type roleRequest struct {
	Role string `json:"role"`
}

func (s *Service) handleSetRole(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	userID, err := pathID(r, "userID")
	if err != nil {
		return err
	}
	var req roleRequest
	if err := httpx.DecodeJSON(w, r, &req, 16<<10); err != nil {
		return err
	}
	if req.Role == "" {
		return httpx.NewError(http.StatusBadRequest, "invalid", "Say which role: member, administrator or owner.")
	}
	role, err := ParseRole(req.Role)
	if err != nil {
		return err
	}
	m, err := s.SetRole(r.Context(), p.User, id, userID, role)
	if err != nil {
		return lastOwnerError(err)
	}
	s.record(r, p.User, "team.member.role", "team", id, map[string]any{"user_id": userID, "role": role})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"member": m})
	return nil
}

func (s *Service) handleRemoveMember(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	userID, err := pathID(r, "userID")
	if err != nil {
		return err
	}
	role, err := s.RemoveMember(r.Context(), p.User, id, userID)
	if err != nil {
		return lastOwnerError(err)
	}
	action := "team.member.remove"
	if userID == p.User.ID {
		action = "team.member.leave"
	}
	s.record(r, p.User, action, "team", id, map[string]any{"user_id": userID, "role": role})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleTeamInvitations lists a team's pending invitations for those who
// manage its members, whoever sent them.
func (s *Service) handleTeamInvitations(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	list, err := s.TeamInvitations(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"invitations": list})
	return nil
}
