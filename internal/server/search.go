// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"context"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docs"
)

// searchSource gives the search indexer what to index of a document: its
// title from the document record and its text from the collaboration
// engine (the BlockNote content under document-store).
type searchSource struct {
	docs   *docs.Service
	collab *collab.Service
}

// Document returns docID's title and plain text.
func (s searchSource) Document(ctx context.Context, docID string) (string, string, error) {
	d, err := s.docs.Record(ctx, docID)
	if err != nil {
		return "", "", err
	}
	c, err := s.collab.Content(ctx, docID)
	if err != nil {
		return "", "", err
	}
	var b strings.Builder
	for _, n := range c.XML("document-store") {
		b.WriteString(n.PlainText())
	}
	return d.Title, b.String(), nil
}
