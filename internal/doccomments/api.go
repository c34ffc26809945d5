// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// API describes the comments and notifications routes for the OpenAPI
// description.
func (s *Service) API() []apidoc.Op {
	const tag, base = "Docs", "/api/v1/docs/{id}/threads"
	return []apidoc.Op{
		{Method: "GET", Path: base, Tag: tag, Public: true,
			Summary:  "List a document's comment threads, oldest first, with their comments and reactions (readers)",
			Response: apidoc.Object{"threads": []Thread{}}},
		{Method: "POST", Path: base, Tag: tag,
			Summary: "Start a thread on a range of a document: the client's anchor, the quoted text and a first comment (plain text as a string or rich text as JSON); people mentioned by user ID must be able to read the document and are notified in the app (commenters)",
			Body:    NewThread{}, Status: http.StatusCreated, Response: Thread{}},
		{Method: "POST", Path: base + "/{tid}/comments", Tag: tag,
			Summary: "Reply in a thread (commenters)", Body: Message{}, Status: http.StatusCreated, Response: Comment{}},
		{Method: "PATCH", Path: base + "/{tid}/comments/{cid}", Tag: tag,
			Summary: "Edit a comment (its author)", Body: Message{}, Response: Comment{}},
		{Method: "DELETE", Path: base + "/{tid}/comments/{cid}", Tag: tag,
			Summary: "Delete a comment (its author or an administrator of the document); a thread whose comments are all deleted goes", Status: http.StatusNoContent},
		{Method: "POST", Path: base + "/{tid}/resolve", Tag: tag,
			Summary: "Resolve a thread (commenters)", Response: Thread{}},
		{Method: "POST", Path: base + "/{tid}/reopen", Tag: tag,
			Summary: "Reopen a resolved thread (commenters)", Response: Thread{}},
		{Method: "PUT", Path: base + "/{tid}/comments/{cid}/reactions/{emoji}", Tag: tag,
			Summary: "React to a comment with an emoji; twice is the same as once (commenters)", Response: Comment{}},
		{Method: "DELETE", Path: base + "/{tid}/comments/{cid}/reactions/{emoji}", Tag: tag,
			Summary: "Take back a reaction (commenters)", Response: Comment{}},
		{Method: "GET", Path: "/api/v1/me/notifications", Tag: tag,
			Summary:  "List the caller's newest notifications (mentions in comments), of documents they may still read",
			Response: apidoc.Object{"notifications": []Notification{}}},
		{Method: "POST", Path: "/api/v1/me/notifications/{nid}/read", Tag: tag,
			Summary: "Mark a notification as read", Status: http.StatusNoContent},
	}
}
