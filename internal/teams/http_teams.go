// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Mount registers the teams and invitations routes on mux. They expect
// identity's Authenticate middleware in front.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("GET /api/v1/teams", h(s.handleListMine))
	mux.Handle("POST /api/v1/teams", h(s.handleCreate))
	mux.Handle("GET /api/v1/teams/{id}", h(s.handleGet))
	mux.Handle("PATCH /api/v1/teams/{id}", h(s.handleUpdate))
	mux.Handle("DELETE /api/v1/teams/{id}", h(s.handleDelete))
	mux.Handle("GET /api/v1/teams/{id}/members", h(s.handleListMembers))
	mux.Handle("POST /api/v1/teams/{id}/members", h(s.handleAddMember))
	mux.Handle("PATCH /api/v1/teams/{id}/members/{userID}", h(s.handleSetRole))
	mux.Handle("DELETE /api/v1/teams/{id}/members/{userID}", h(s.handleRemoveMember))
	mux.Handle("GET /api/v1/teams/{id}/invitations", h(s.handleTeamInvitations))
	mux.Handle("GET /api/v1/invitations", h(s.handleListInvitations))
	mux.Handle("POST /api/v1/invitations", h(s.handleInvite))
	mux.Handle("DELETE /api/v1/invitations/{id}", h(s.handleRevokeInvitation))
	// The path of GET is an invitation link's secret, named {id} as in
	// DELETE: OpenAPI wants one name per path.
	mux.Handle("GET /api/v1/invitations/{id}", h(s.handleShowInvitation))
	mux.Handle("POST /api/v1/invitations/{secret}/accept", h(s.handleAcceptInvitation))
	mux.Handle("GET /api/v1/admin/teams", h(s.handleAdminList))
}

// pathID returns the path value name if it has the shape of an ID; garbage
// is errs.NotFound before it reaches the database.
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !ids.Valid(id) {
		return "", fmt.Errorf("teams: %s %q: %w", name, truncate(id, 40), errs.NotFound)
	}
	return id, nil
}

// record adds an event by p to the audit log.
func (s *Service) record(r *http.Request, p identity.User, action, targetType, targetID string, details map[string]any) {
	s.audit.Record(r.Context(), r, audit.Event{Action: action, ActorID: p.ID, ActorEmail: p.Email, TargetType: targetType, TargetID: targetID, Details: details})
}

func (s *Service) handleListMine(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.TeamsOf(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"teams": list})
	return nil
}

// createTeamRequest is the body of POST /api/v1/teams.
type createTeamRequest struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	var req createTeamRequest
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	t, err := s.CreateTeam(r.Context(), p.User, req.Name, req.Description)
	if err != nil {
		return err
	}
	s.record(r, p.User, "team.create", "team", t.ID, map[string]any{"name": t.Name})
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"team": t})
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	t, err := s.Team(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"team": t})
	return nil
}

func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	var req TeamPatch
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	t, err := s.UpdateTeam(r.Context(), p.User, id, req)
	if err != nil {
		return err
	}
	s.record(r, p.User, "team.update", "team", t.ID, map[string]any{"name": t.Name})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"team": t})
	return nil
}

func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	t, err := s.Team(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	if err := s.DeleteTeam(r.Context(), p.User, id); err != nil {
		return err
	}
	s.record(r, p.User, "team.delete", "team", id, map[string]any{"name": t.Name})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleAdminList(w http.ResponseWriter, r *http.Request) error {
	if _, err := identity.RequireAdmin(r); err != nil {
		return err
	}
	list, err := s.AllTeams(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"teams": list})
	return nil
}

// userAndTeam returns the signed-in caller and the well-formed team ID of
// the path, the first step of every team route.
func userAndTeam(r *http.Request) (identity.Principal, string, error) {
	p, err := identity.RequireUser(r)
	if err != nil {
		return p, "", err
	}
	id, err := pathID(r, "id")
	return p, id, err
}
