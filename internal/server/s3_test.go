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

// The whole server runs on a real S3 gateway when make test provides one
// (scripts/with-s3-gateway.sh); the s3blob package's own gateway test is
// the one that fails in CI if the gateway is missing.
func TestOnS3Gateway(t *testing.T) {
	raw := os.Getenv("ENSEMBLE_TEST_S3_URL")
	if raw == "" {
		t.Skip("ENSEMBLE_TEST_S3_URL not set: no real S3 gateway (make test starts one)")
	}
	// A bucket of our own, so that this test does not race the s3blob tests.
	raw = strings.Replace(raw, "s3://ensemble-test/", "s3://ensemble-server-test/", 1)
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
	ts := start(t, func(c *config.Config) {
		c.Blobs = raw
		c.S3AccessKeyID, c.S3SecretAccessKey = key, secret
	})
	if resp, body := ts.do(t, "GET", "/readyz", nil, nil); resp.StatusCode != 200 || !strings.Contains(string(body), `"blobs":"ok"`) {
		t.Fatalf("/readyz on S3 = %d %s", resp.StatusCode, body)
	}
	// Wrong credentials: a clear startup failure, not a server that is never ready.
	bad := config.Default()
	bad.Listen, bad.DataDir, bad.Blobs = "127.0.0.1:0", t.TempDir(), raw
	bad.S3AccessKeyID, bad.S3SecretAccessKey = "nobody", "wrong-secret"
	if _, err := newServer(t, bad); err == nil || !strings.Contains(err.Error(), "cannot open the blob store") {
		t.Fatalf("New with wrong S3 credentials = %v; want a blob store error", err)
	}
}
