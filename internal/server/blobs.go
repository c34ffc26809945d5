// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"context"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/config"
)

// openBlobs opens the configured blob store and checks that it is usable.
func openBlobs(ctx context.Context, cfg config.Config) (blob.Store, error) {
	var (
		s   blob.Store
		err error
	)
	switch {
	case cfg.Blobs == "":
		s, err = diskblob.New(cfg.BlobDir())
	default:
		return nil, fmt.Errorf("s3 not yet wired")
	}
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		return nil, err
	}
	return s, nil
}
