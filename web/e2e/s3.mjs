// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests against S3 storage: with E2E_BLOBS=s3, a test file starts
// its server with --blobs on the real S3 gateway that
// scripts/with-s3-gateway.sh runs (make e2e does), in a bucket made here
// and under a prefix of its own.
import { createHash, createHmac, randomBytes } from "node:crypto";

/** wantS3 tells whether the browser tests are asked to run on S3 storage. */
export const wantS3 = process.env.E2E_BLOBS === "s3";

/**
 * s3Blobs returns the --blobs URL of a fresh prefix on the gateway (making
 * its bucket if needed), or a reason to skip when no gateway is at hand:
 * ENSEMBLE_TEST_S3_URL is unset because versitygw is not built. In CI a
 * missing gateway is an error, not a skip.
 * @returns {Promise<{url: string, skip: false} | {url: "", skip: string}>}
 */
export async function s3Blobs() {
  const base = process.env.ENSEMBLE_TEST_S3_URL;
  if (!base) {
    const why =
      "no S3 gateway: ENSEMBLE_TEST_S3_URL is unset. Build it (GOBIN=bin/tools go install github.com/versity/versitygw/cmd/versitygw@v1.8.0) " +
      "and run through scripts/with-s3-gateway.sh bin/tools/versitygw …, as make e2e does";
    if (process.env.CI) throw new Error(why);
    return { url: "", skip: why };
  }
  const u = new URL(base);
  const bucket = u.hostname;
  const endpoint = u.searchParams.get("endpoint");
  const region = u.searchParams.get("region") || "us-east-1";
  if (!endpoint) throw new Error(`ENSEMBLE_TEST_S3_URL ${base} has no endpoint`);
  await makeBucket(endpoint, bucket, region);
  const prefix = `e2e-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  return { url: `s3://${bucket}/${prefix}?${u.searchParams}`, skip: false };
}

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const hmac = (key, s) => createHmac("sha256", key).update(s).digest();

/** makeBucket creates bucket over plain HTTP with a SigV4-signed PUT (path style); one that exists already is fine. */
async function makeBucket(endpoint, bucket, region) {
  const key = process.env.AWS_ACCESS_KEY_ID ?? "";
  const secret = process.env.AWS_SECRET_ACCESS_KEY ?? "";
  const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const payload = sha256("");
  const path = `/${encodeURIComponent(bucket)}`;
  const signed = "host;x-amz-content-sha256;x-amz-date";
  const canonical = ["PUT", path, "", `host:${endpoint}`, `x-amz-content-sha256:${payload}`, `x-amz-date:${amzDate}`, "", signed, payload].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), "s3"), "aws4_request");
  const signature = createHmac("sha256", signingKey).update(toSign).digest("hex");
  const res = await fetch(`http://${endpoint}${path}`, {
    method: "PUT",
    headers: {
      "x-amz-content-sha256": payload,
      "x-amz-date": amzDate,
      Authorization: `AWS4-HMAC-SHA256 Credential=${key}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    },
  });
  const text = await res.text();
  if (res.ok || /BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(text)) return;
  throw new Error(`creating bucket ${bucket} at ${endpoint}: ${res.status} ${text}`);
}
