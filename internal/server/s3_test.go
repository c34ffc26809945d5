// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"os"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/ensemble-suite/ensemble/internal/blob/s3blob"
	"github.com/ensemble-suite/ensemble/internal/config"
)

// onS3Gateway returns a configuration change that puts the server's bytes
// in a bucket of its own on the real S3 gateway that make test provides
// (scripts/with-s3-gateway.sh), or skips t when there is none; the s3blob
// package's own gateway test is the one that fails in CI if it is missing.
func onS3Gateway(t *testing.T, bucket string) func(*config.Config) {
	t.Helper()
	raw := os.Getenv("ENSEMBLE_TEST_S3_URL")
	if raw == "" {
		t.Skip("ENSEMBLE_TEST_S3_URL not set: no real S3 gateway (make test starts one)")
	}
	// A bucket of its own, so that the test does not race the others.
	raw = strings.Replace(raw, "s3://ensemble-test/", "s3://"+bucket+"/", 1)
	cfg, err := s3blob.ParseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	client, err := minio.New(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(key, secret, ""), Secure: cfg.TLS, Region: cfg.Region})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := client.BucketExists(t.Context(), cfg.Bucket); err != nil {
		t.Fatal(err)
	} else if !ok {
		if err := client.MakeBucket(t.Context(), cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
			t.Fatal(err)
		}
	}
	return func(c *config.Config) {
		c.Blobs = raw
		c.S3AccessKeyID, c.S3SecretAccessKey = key, secret
	}
}

// The whole server runs on a real S3 gateway when make test provides one.
func TestOnS3Gateway(t *testing.T) {
	onS3 := onS3Gateway(t, "ensemble-server-test")
	ts := start(t, onS3)
	if resp, body := ts.do(t, "GET", "/readyz", nil, nil); resp.StatusCode != 200 || !strings.Contains(string(body), `"blobs":"ok"`) {
		t.Fatalf("/readyz on S3 = %d %s", resp.StatusCode, body)
	}
	// Wrong credentials: a clear startup failure, not a server that is never ready.
	bad := config.Default()
	onS3(&bad)
	bad.Listen, bad.DataDir = "127.0.0.1:0", t.TempDir()
	bad.S3AccessKeyID, bad.S3SecretAccessKey = "nobody", "wrong-secret"
	if _, err := newServer(t, bad); err == nil || !strings.Contains(err.Error(), "cannot open the blob store") {
		t.Fatalf("New with wrong S3 credentials = %v; want a blob store error", err)
	}
}
