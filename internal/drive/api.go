// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// Request bodies of the REST API.
type (
	mkdirRequest struct {
		Name string `json:"name"`
	}
	moveRequest struct {
		Name     string `json:"name"`
		ParentID string `json:"parent_id"`
	}
	shareRequest struct {
		Email  string `json:"email"`
		UserID string `json:"user_id"`
		TeamID string `json:"team_id"`
		Role   string `json:"role"`
	}
	quotaRequest struct {
		// Bytes is the quota; null restores the default.
		Bytes *int64 `json:"bytes"`
	}
)

// API describes the REST routes for the OpenAPI document.
func (s *Service) API() []apidoc.Op {
	const tag = "Drive"
	item := Node{}
	items := apidoc.Object{"items": []Node{}}
	return append([]apidoc.Op{
		{Method: "GET", Path: "/api/v1/files/{id}", Tag: tag, Summary: "Get a file or folder (\"root\" is one's root folder)", Response: item},
		{Method: "PATCH", Path: "/api/v1/files/{id}", Tag: tag, Summary: "Rename an item and/or move it into another folder", Body: moveRequest{}, Response: item},
		{Method: "DELETE", Path: "/api/v1/files/{id}", Tag: tag, Summary: "Move an item (and what it holds) to the trash", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/files/{id}/children", Tag: tag, Summary: "List a folder: folders first, then by name", Response: items},
		{Method: "POST", Path: "/api/v1/files/{id}/folders", Tag: tag, Summary: "Create a folder in a folder", Body: mkdirRequest{}, Status: http.StatusCreated, Response: item},
		{Method: "PUT", Path: "/api/v1/files/{id}/children/{name}", Tag: tag, Summary: "Upload the raw request body as file {name} in folder {id} (a new version if it exists); X-Mtime sets the modification time", Status: http.StatusCreated, Response: item},
		{Method: "GET", Path: "/api/v1/files/{id}/content", Tag: tag, Summary: "Download a file (HTTP Range, ETag, If-None-Match; ?inline=1 for inline)", ContentType: "application/octet-stream",
			Query: []apidoc.Param{{Name: "inline", Description: "1 to answer with Content-Disposition: inline"}}},
		{Method: "GET", Path: "/api/v1/files/{id}/thumbnail", Tag: tag, Summary: "A thumbnail of a JPEG, PNG, GIF or WebP image (JPEG, or PNG if it has transparency), made on the first request; 415 for other files", ContentType: "image/jpeg",
			Query: []apidoc.Param{{Name: "size", Description: "64, 256 (default) or 1024: the longer side in pixels"}}},
		{Method: "GET", Path: "/api/v1/files/{id}/zip", Tag: tag, Summary: "Download a folder and everything in it as a ZIP archive, streamed", ContentType: "application/zip"},
		{Method: "PUT", Path: "/api/v1/files/{id}/content", Tag: tag, Summary: "Upload the raw request body as a new version of a file (If-Match refuses a stale write)", Response: item},
		{Method: "POST", Path: "/api/v1/files/{id}/copy", Tag: tag, Summary: "Copy an item into a folder (its own by default); the copy shares the bytes", Body: moveRequest{}, Status: http.StatusCreated, Response: item},
		{Method: "POST", Path: "/api/v1/files/{id}/restore", Tag: tag, Summary: "Take an item out of the trash, back where it was (renamed if the name was taken)", Response: item},
		{Method: "GET", Path: "/api/v1/files/{id}/versions", Tag: tag, Summary: "List a file's versions, newest first", Response: apidoc.Object{"items": []Version{}}},
		{Method: "POST", Path: "/api/v1/files/{id}/versions/{version}/restore", Tag: tag, Summary: "Make an earlier version the current content again (as a new version)", Response: item},
		{Method: "GET", Path: "/api/v1/files/{id}/accesses", Tag: tag, Summary: "List the accesses of an item and the folders above it", Response: apidoc.Object{"accesses": []access.Grant{}}},
		{Method: "POST", Path: "/api/v1/files/{id}/accesses", Tag: tag, Summary: "Share an item with a user (email or user_id) or a team, with a role up to administrator", Body: shareRequest{}, Status: http.StatusCreated, Response: access.Grant{}},
		{Method: "DELETE", Path: "/api/v1/files/{id}/accesses/{grant}", Tag: tag, Summary: "Remove an access", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/files/shared", Tag: tag, Summary: "List the items other people shared with one, with one's role", Response: apidoc.Object{"items": []SharedItem{}}},
		{Method: "GET", Path: "/api/v1/files/trash", Tag: tag, Summary: "List one's trash and its retention", Response: apidoc.Object{"items": []Node{}, "retention_days": 30}},
		{Method: "DELETE", Path: "/api/v1/files/trash/{id}", Tag: tag, Summary: "Delete a trashed item for good", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/files/quota", Tag: tag, Summary: "Get one's storage use and quota", Response: Usage{}},
		{Method: "OPTIONS", Path: uploadsPath, Tag: tag, Summary: "tus 1.0.0: the protocol version, extensions (creation, termination) and the largest upload one may start", Status: http.StatusNoContent},
		{Method: "POST", Path: uploadsPath, Tag: tag, Summary: "tus: start a resumable upload (Upload-Length; Upload-Metadata filename, parent_id); Location names it", Status: http.StatusCreated},
		{Method: "HEAD", Path: uploadsPath + "/{upload}", Tag: tag, Summary: "tus: how much of an upload the server has (Upload-Offset)"},
		{Method: "PATCH", Path: uploadsPath + "/{upload}", Tag: tag, Summary: "tus: append bytes at Upload-Offset (application/offset+octet-stream); the last byte makes the file (Ensemble-File-Id)", Status: http.StatusNoContent},
		{Method: "DELETE", Path: uploadsPath + "/{upload}", Tag: tag, Summary: "tus: abandon an upload", Status: http.StatusNoContent},
		{Method: "PUT", Path: "/api/v1/admin/users/{id}/drive-quota", Tag: tag, Summary: "Set a user's Drive quota, or null for the default (administrators)", Body: quotaRequest{}, Response: Usage{}},
		{Method: "GET", Path: "/api/v1/admin/drive-usage", Tag: tag, Summary: "Every user's Drive use and quota, and the default quota (administrators)", Response: allUsage{Items: []UserUsage{}}},
	}, s.linksAPI(tag)...)
}
