// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/blobtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// gatewayEnv names the variable holding the URL of a real S3 gateway;
// scripts/with-s3-gateway.sh starts one and sets it.
const gatewayEnv = "ENSEMBLE_TEST_S3_URL"

// TestGateway runs the conformance suite against a real S3 server, under a
// fresh prefix that it removes afterwards. It creates the URL's bucket if
// the server lacks it. CI must run it: there, a missing URL is a failure.
func TestGateway(t *testing.T) {
	raw := os.Getenv(gatewayEnv)
	if raw == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is not: CI always runs the S3 suite against a real gateway; run the tests through scripts/with-s3-gateway.sh", gatewayEnv)
		}
		t.Skipf("%s is not set: not testing against a real S3 gateway (run through scripts/with-s3-gateway.sh, or set it to an s3:// URL with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)", gatewayEnv)
	}
	cfg, err := ParseURL(raw)
	if err != nil {
		t.Fatalf("%s: %v", gatewayEnv, err)
	}
	cfg = cfg.WithEnv(os.Getenv)
	client, err := newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ensureBucket(t, client, cfg)
	var b [6]byte
	rand.Read(b[:])
	run := fmt.Sprintf("%sensemble-test-%s-%s/", cfg.Prefix, time.Now().UTC().Format("20060102T150405"), hex.EncodeToString(b[:]))
	t.Logf("testing against %s, bucket %q, under %q", cfg.Endpoint, cfg.Bucket, run)
	t.Cleanup(func() { cleanUp(t, client, cfg.Bucket, run) })

	n := 0
	t.Run("Conformance", func(t *testing.T) {
		blobtest.Run(t, func(t *testing.T) blob.Store {
			n++
			c := cfg
			c.Prefix = fmt.Sprintf("%s%03d/", run, n)
			return mustNew(t, c)
		})
	})
	t.Run("WrongSecret", func(t *testing.T) {
		if cfg.AccessKeyID == "" {
			t.Skip("anonymous access")
		}
		c := cfg
		c.SecretAccessKey += "-wrong"
		c.MaxRetries = 1
		_, err := New(t.Context(), c)
		if !errors.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), "credentials") {
			t.Errorf("New with a wrong secret = %v, want errs.Unavailable about the credentials", err)
		}
	})
	t.Run("MissingBucket", func(t *testing.T) {
		c := cfg
		c.Bucket = "ensemble-missing-" + hex.EncodeToString(b[:])
		_, err := New(t.Context(), c)
		if !errors.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("New with a missing bucket = %v, want errs.Unavailable saying so", err)
		}
	})
}

func ensureBucket(t *testing.T, client *minio.Client, cfg Config) {
	t.Helper()
	ok, err := client.BucketExists(t.Context(), cfg.Bucket)
	if err != nil {
		t.Fatalf("gateway at %s: %v", cfg.Endpoint, err)
	}
	if ok {
		return
	}
	if err := client.MakeBucket(t.Context(), cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		t.Fatalf("creating bucket %q: %v", cfg.Bucket, err)
	}
	t.Logf("created bucket %q", cfg.Bucket)
}

// cleanUp removes every object and unfinished upload under prefix. An
// unfinished upload is also a failure: a failed Put must abort its own.
func cleanUp(t *testing.T, client *minio.Client, bucket, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for up := range client.ListIncompleteUploads(ctx, bucket, prefix, true) {
		if up.Err != nil {
			t.Logf("listing unfinished uploads: %v", up.Err)
			break
		}
		t.Errorf("unfinished multipart upload left behind: %q", up.Key)
		client.RemoveIncompleteUpload(ctx, bucket, up.Key)
	}
	objects := client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true})
	removed := 0
	for e := range client.RemoveObjects(ctx, bucket, objects, minio.RemoveObjectsOptions{}) {
		t.Errorf("cleaning up %q: %v", e.ObjectName, e.Err)
	}
	for oi := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if oi.Err == nil {
			removed++
			client.RemoveObject(ctx, bucket, oi.Key, minio.RemoveObjectOptions{})
		}
	}
	if removed > 0 {
		t.Logf("%d objects needed a second pass to remove", removed)
	}
}
