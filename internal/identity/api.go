// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"net/http"
	"time"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/audit"
)

// API describes the /api/v1 routes that Mount registers, for the OpenAPI
// description (internal/server checks it against the real routes).
func (s *Service) API() []apidoc.Op {
	user := apidoc.Object{"user": User{}}
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/auth/session", Tag: "Identity", Public: true,
			Summary:  "Tell who is signed in: the user and how they authenticated, or a null user for a visitor",
			Response: sessionAnswer{}},
		{Method: "POST", Path: "/api/v1/auth/reset-password", Tag: "Identity", Public: true,
			Summary: "Set a new password with the token of a reset link",
			Body:    resetPasswordRequest{}, Response: apidoc.Object{"email": ""}},

		{Method: "GET", Path: "/api/v1/me", Tag: "Account",
			Summary:  "Get the signed-in user and how they authenticated (session or token)",
			Response: apidoc.Object{"user": User{}, "via": ""}},
		{Method: "PATCH", Path: "/api/v1/me", Tag: "Account",
			Summary: "Change one's own name or language",
			Body:    Profile{}, Response: user},
		{Method: "POST", Path: "/api/v1/me/password", Tag: "Account",
			Summary: "Change one's own password, ending one's other sessions",
			Body:    changePasswordRequest{}, Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/me/sessions", Tag: "Account",
			Summary:  "List one's open sessions, the current one marked",
			Response: apidoc.Object{"sessions": []Session{}}},
		{Method: "DELETE", Path: "/api/v1/me/sessions/{id}", Tag: "Account",
			Summary: "End one of one's sessions", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/me/tokens", Tag: "Account",
			Summary:  "List one's personal access tokens (never their secrets)",
			Response: apidoc.Object{"tokens": []Token{}}},
		{Method: "POST", Path: "/api/v1/me/tokens", Tag: "Account",
			Summary: "Create a personal access token from a browser session; its secret is shown only in this answer",
			Body:    createTokenRequest{}, Status: http.StatusCreated,
			Response: apidoc.Object{"token": Token{}, "secret": ""}},
		{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", Tag: "Account",
			Summary: "Revoke one of one's personal access tokens", Status: http.StatusNoContent},

		{Method: "GET", Path: "/api/v1/admin/users", Tag: "Administration",
			Summary:  "List accounts, optionally those whose name or email contains q (administrators)",
			Query:    []apidoc.Param{{Name: "q", Description: "Part of a name or email address."}},
			Response: apidoc.Object{"users": []User{}}},
		{Method: "POST", Path: "/api/v1/admin/users", Tag: "Administration",
			Summary: "Create an account (administrators)",
			Body:    adminCreateUserRequest{}, Status: http.StatusCreated, Response: user},
		{Method: "PATCH", Path: "/api/v1/admin/users/{id}", Tag: "Administration",
			Summary: "Disable, enable, or grant or remove administrator rights to an account (administrators)",
			Body:    adminUpdateUserRequest{}, Response: user},
		{Method: "POST", Path: "/api/v1/admin/users/{id}/reset-link", Tag: "Administration",
			Summary: "Make a single-use link that lets an account set a new password (administrators); emailed says whether it was also mailed to the account (--smtp)",
			Status:  http.StatusCreated, Response: apidoc.Object{"url": "", "expires_at": time.Time{}, "emailed": false}},
		{Method: "GET", Path: "/api/v1/admin/audit", Tag: "Administration",
			Summary: "List audit events, newest first, filtered (administrators); format=jsonl exports them as JSON lines",
			Query: []apidoc.Param{
				{Name: "action", Description: "Only events of this action, such as login or token.create."},
				{Name: "actor", Description: "Only events by this user ID."},
				{Name: "actor_email", Description: "Only events by actors whose email contains this."},
				{Name: "outcome", Description: "success or failure."},
				{Name: "since", Description: "Only events at or after this RFC 3339 time."},
				{Name: "until", Description: "Only events before this RFC 3339 time."},
				{Name: "before", Description: "Only events older than this event ID, to page."},
				{Name: "limit", Description: "How many events at most (100 by default, 1000 at most)."},
				{Name: "format", Description: "jsonl to download every matching event as JSON lines (application/x-ndjson)."},
			},
			Response: apidoc.Object{"events": []audit.Event{}}},
	}
}
