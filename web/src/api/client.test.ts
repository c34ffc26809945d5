// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it, vi } from "vitest";
import { apiCall, onUnauthorized, parseRetryAfter } from "./client";
import { auditExportPath, auditQuery, login, parseUriList } from "./identity";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("apiCall", () => {
  it("sends JSON with Accept and decodes the answer", async () => {
    const fetch = vi.fn(async (_input: string, _init?: RequestInit) => json(200, { user: { id: "u1" } }));
    const r = await apiCall("PATCH", "/api/v1/me", { name: "Ada" }, { fetch });
    expect(r).toEqual({ ok: true, data: { user: { id: "u1" } } });
    const [path, init] = fetch.mock.calls[0]!;
    expect(path).toBe("/api/v1/me");
    expect(init?.method).toBe("PATCH");
    expect(init?.body).toBe('{"name":"Ada"}');
    expect(init?.headers).toEqual({ Accept: "application/json", "Content-Type": "application/json" });
    expect(init?.credentials).toBe("same-origin");
  });

  it("sends no body and no Content-Type without a body, and takes 204 as success", async () => {
    const fetch = vi.fn(async (_input: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    const r = await apiCall("DELETE", "/api/v1/me/tokens/t1", undefined, { fetch });
    expect(r).toEqual({ ok: true, data: undefined });
    expect(fetch.mock.calls[0]![1]?.headers).toEqual({ Accept: "application/json" });
    expect(fetch.mock.calls[0]![1]?.body).toBeUndefined();
  });

  it("returns the API error code and message of an error status", async () => {
    const r = await apiCall("POST", "/api/v1/me/password", {}, { fetch: async () => json(403, { error: { code: "wrong_password", message: "The current password is wrong.", request_id: "r1" } }) });
    expect(r).toEqual({ ok: false, error: { kind: "http", status: 403, code: "wrong_password", message: "The current password is wrong." } });
  });

  it("reads Retry-After on 429", async () => {
    const r = await login("a@b.fr", "x", "/", { fetch: async () => json(429, { error: { code: "too_many_requests", message: "Wait." } }, { "Retry-After": "31" }) });
    expect(r).toEqual({ ok: false, error: { kind: "http", status: 429, code: "too_many_requests", message: "Wait.", retryAfter: 31 } });
  });

  it("keeps the status of an error without a JSON body", async () => {
    const r = await apiCall("GET", "/api/v1/me", undefined, { fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }) });
    expect(r).toEqual({ ok: false, error: { kind: "http", status: 502 } });
  });

  it("tells a network failure from an answer", async () => {
    const r = await apiCall("GET", "/api/v1/me", undefined, {
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    expect(r).toEqual({ ok: false, error: { kind: "network", message: "Failed to fetch" } });
  });

  it("says when a success has a body that is not JSON", async () => {
    const r = await apiCall("GET", "/api/v1/me", undefined, { fetch: async () => new Response("<!doctype html>", { status: 200 }) });
    expect(r).toEqual({ ok: false, error: { kind: "invalid", message: "unexpected response from /api/v1/me" } });
  });

  it("rethrows when the caller aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      apiCall("GET", "/api/v1/me", undefined, {
        signal: controller.signal,
        fetch: async () => {
          throw new DOMException("aborted", "AbortError");
        },
      }),
    ).rejects.toThrow("aborted");
  });

  it("tells listeners when the session is gone, but not on a wrong password", async () => {
    const seen = vi.fn();
    const off = onUnauthorized(seen);
    await apiCall("POST", "/login", {}, { fetch: async () => json(401, { error: { code: "invalid_credentials" } }) });
    expect(seen).not.toHaveBeenCalled();
    await apiCall("GET", "/api/v1/me/tokens", undefined, { fetch: async () => json(401, { error: { code: "unauthenticated" } }) });
    expect(seen).toHaveBeenCalledTimes(1);
    off();
    await apiCall("GET", "/api/v1/me/tokens", undefined, { fetch: async () => json(401, { error: { code: "unauthenticated" } }) });
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["31", 31],
    [" 5 ", 5],
    ["0", 0],
    ["Wed, 21 Oct 2015 07:28:00 GMT", undefined],
    ["-3", undefined],
    ["1.5", undefined],
    [null, undefined],
  ])("%s → %s", (value, want) => expect(parseRetryAfter(value)).toBe(want));
});

describe("audit queries", () => {
  it("leaves out empty filters and encodes the rest", () => {
    expect(auditQuery({ action: "login", outcome: "", since: "2026-11-23T00:00:00Z" }, { before: 42, limit: 50, format: undefined })).toBe(
      "action=login&since=2026-11-23T00%3A00%3A00Z&before=42&limit=50",
    );
    expect(auditExportPath({})).toBe("/api/v1/admin/audit?format=jsonl");
    expect(auditExportPath({ outcome: "failure" })).toBe("/api/v1/admin/audit?outcome=failure&format=jsonl");
  });
});

describe("parseUriList", () => {
  it("reads one URI per line, skipping blank lines", () => {
    expect(parseUriList(" https://a.example/cb \n\nhttp://127.0.0.1:8080/cb\r\ncom.example.app:/oauth\n")).toEqual({
      ok: true,
      uris: ["https://a.example/cb", "http://127.0.0.1:8080/cb", "com.example.app:/oauth"],
    });
    expect(parseUriList("")).toEqual({ ok: true, uris: [] });
  });
  it.each(["/relative/cb", "https://a.example/cb#frag", "https://*.example/cb", "https://a.example/c b", "not a uri"])("refuses %s", (bad) => {
    expect(parseUriList(`https://ok.example/cb\n${bad}`)).toEqual({ ok: false, bad });
  });
});
