// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"context"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/blob/s3blob"
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
		var c s3blob.Config
		c, err = s3blob.ParseURL(cfg.Blobs)
		if err != nil {
			return nil, err
		}
		c.AccessKeyID, c.SecretAccessKey, c.SessionToken = cfg.S3AccessKeyID, cfg.S3SecretAccessKey, cfg.S3SessionToken
		s, err = s3blob.New(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		return nil, err
	}
	return s, nil
}
