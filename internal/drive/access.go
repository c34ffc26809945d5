// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Action is what a caller wants to do to an item.
type Action int

const (
	// ActRead lists a folder, reads a file, its versions and properties.
	ActRead Action = iota + 1
	// ActWrite uploads, creates children, renames, sets properties.
	ActWrite
	// ActDelete moves to the trash, restores and purges.
	ActDelete
)

// authorize is the one decision of this package: may actor do act to n?
// Every path (REST, WebDAV) reaches items through it. For now only the
// owner may do anything; others are told the item does not exist, so
// that IDs leak nothing.
func (s *Service) authorize(_ context.Context, actor string, n Node, act Action) error {
	if actor != "" && n.OwnerID == actor {
		return nil
	}
	return fmt.Errorf("drive: item %q, action %d: %w", n.ID, act, errs.NotFound)
}
