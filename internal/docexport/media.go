// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Media reads the images uploaded into a document: *docmedia.Service.
// ReadAll applies the document's permission function again.
type Media interface {
	ReadAll(ctx context.Context, docID, mediaID, userID string, max int64) ([]byte, string, error)
}

// SetMedia lets exports embed the images uploaded into the document
// itself (the server wires it to docmedia); without it they stay links.
func (s *Service) SetMedia(m Media) { s.media = m }

// Bounds of embedding: one image (docconv embeds at most 10 MiB) and all
// the images of one export.
const (
	maxEmbedded      = 10 << 20
	maxEmbeddedTotal = 64 << 20
)

// embeddable are the image types the exporters can embed.
var embeddable = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true}

// embedMedia replaces, in the image blocks of blocks, the addresses of
// docID's own media (/api/v1/docs/{docID}/media/{mediaID}, as the editor
// stores them) by data: URLs, which the exporters embed. Other documents'
// media, other addresses, types the exporters cannot draw and images past
// the bounds keep their address (the exporters show a link).
func (s *Service) embedMedia(ctx context.Context, docID, userID string, blocks []docconv.Block, budget *int64) {
	for i := range blocks {
		b := &blocks[i]
		if len(b.Children) > 0 {
			s.embedMedia(ctx, docID, userID, b.Children, budget)
		}
		if b.Type != docconv.Image {
			continue
		}
		mediaID, ok := strings.CutPrefix(b.URL, "/api/v1/docs/"+docID+"/media/")
		if !ok || !ids.Valid(mediaID) {
			continue
		}
		data, typ, err := s.media.ReadAll(ctx, docID, mediaID, userID, min(maxEmbedded, *budget))
		if err != nil {
			s.log.Debug("docexport: image not embedded", "doc", docID, "media", mediaID, "err", err)
			continue
		}
		if !embeddable[typ] {
			continue
		}
		*budget -= int64(len(data))
		b.URL = "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(data)
	}
}
