// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"net/http"
	"time"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// API describes the /api/v1 routes that Mount registers, for the OpenAPI
// description (internal/server checks it against the real routes).
func (s *Service) API() []apidoc.Op {
	const tag = "Docs"
	docs := apidoc.Object{"docs": []Doc{}}
	role := apidoc.Object{"role": ""}
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/docs", Tag: tag,
			Summary:  "List one's documents (filter all, mine, shared, favorites, recent or trash), or the sub-pages of parent_id in order",
			Query:    []apidoc.Param{{Name: "filter", Description: "all (default), mine, shared, favorites, recent or trash"}, {Name: "parent_id", Description: "list this page's sub-pages instead"}},
			Response: docs},
		{Method: "POST", Path: "/api/v1/docs", Tag: tag,
			Summary: "Create a document, at the top level or as the last sub-page of parent_id (editors of the parent)",
			Body:    apidoc.Object{"title": "", "parent_id": ""}, Status: http.StatusCreated, Response: Doc{}},
		{Method: "GET", Path: "/api/v1/docs/{id}", Tag: tag, Public: true,
			Summary: "Get a document with one's role and abilities, and the pages above it one may read (ancestors, top first); without signing in for public links", Response: Doc{}},
		{Method: "PATCH", Path: "/api/v1/docs/{id}", Tag: tag,
			Summary: "Rename a document (editors) or change its link reach and role (administrators)",
			Body:    Patch{}, Response: Doc{}},
		{Method: "DELETE", Path: "/api/v1/docs/{id}", Tag: tag,
			Summary: "Put a document and its sub-pages in the trash, or with permanent=true purge it from the trash (owners)",
			Query:   []apidoc.Param{{Name: "permanent", Description: "true to purge a document that is in the trash"}},
			Status:  http.StatusNoContent},
		{Method: "POST", Path: "/api/v1/docs/{id}/restore", Tag: tag,
			Summary: "Take a document out of the trash with its sub-pages (owners)", Response: Doc{}},
		{Method: "GET", Path: "/api/v1/docs/{id}/children", Tag: tag, Public: true,
			Summary: "List a document's sub-pages in order", Response: docs},
		{Method: "POST", Path: "/api/v1/docs/{id}/move", Tag: tag,
			Summary: "Move a document under another (or to the top level with null) at a position among its siblings",
			Body:    apidoc.Object{"parent_id": "", "position": 0}, Response: Doc{}},
		{Method: "POST", Path: "/api/v1/docs/{id}/duplicate", Tag: tag,
			Summary: "Copy a document with its content, and its sub-pages if with_children; the copy is one's own",
			Body:    apidoc.Object{"with_children": false}, Status: http.StatusCreated, Response: Doc{}},
		{Method: "PUT", Path: "/api/v1/docs/{id}/favorite", Tag: tag,
			Summary: "Mark a document as a favourite", Status: http.StatusNoContent},
		{Method: "DELETE", Path: "/api/v1/docs/{id}/favorite", Tag: tag,
			Summary: "Unmark a favourite", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/docs/{id}/accesses", Tag: tag,
			Summary: "List who has which role on a document, with the accesses it inherits", Response: apidoc.Object{"accesses": []Access{}}},
		{Method: "POST", Path: "/api/v1/docs/{id}/accesses", Tag: tag,
			Summary: "Share a document with the account of an email, a team one is in, or invite an email without an account (the link is in the answer, once)",
			Body:    apidoc.Object{"email": "", "team_id": "", "role": ""}, Status: http.StatusCreated, Response: Access{}},
		{Method: "PATCH", Path: "/api/v1/docs/{id}/accesses/{aid}", Tag: tag,
			Summary: "Change the role of an access (owners for ownership); a document keeps an owner", Body: role, Response: Access{}},
		{Method: "DELETE", Path: "/api/v1/docs/{id}/accesses/{aid}", Tag: tag,
			Summary: "Remove an access, or one's own; a document keeps an owner", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/docs/{id}/invitations", Tag: tag,
			Summary:  "List the pending invitations of emails without an account to a document (administrators)",
			Response: apidoc.Object{"invitations": []PendingInvitation{}}},
		{Method: "DELETE", Path: "/api/v1/docs/{id}/invitations/{iid}", Tag: tag,
			Summary: "Revoke a pending invitation to a document (administrators)", Status: http.StatusNoContent},
		{Method: "POST", Path: "/api/v1/docs/{id}/access-requests", Tag: tag,
			Summary: "Ask the administrators of a document for a role", Body: role, Status: http.StatusCreated,
			Response: apidoc.Object{"id": "", "role": "", "created_at": time.Time{}}},
		{Method: "GET", Path: "/api/v1/docs/{id}/access-requests", Tag: tag,
			Summary: "List the access requests of a document (administrators)", Response: apidoc.Object{"requests": []AccessRequest{}}},
		{Method: "POST", Path: "/api/v1/docs/{id}/access-requests/{rid}/accept", Tag: tag,
			Summary: "Accept an access request, with the asked role or another (administrators)", Body: role, Status: http.StatusNoContent},
		{Method: "DELETE", Path: "/api/v1/docs/{id}/access-requests/{rid}", Tag: tag,
			Summary: "Refuse an access request (administrators)", Status: http.StatusNoContent},
	}
}
