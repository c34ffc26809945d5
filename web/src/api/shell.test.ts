// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it, vi } from "vitest";
import { fetchShell, parseShell, shellPath } from "./shell";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("fetchShell", () => {
  it("returns the shell on success", async () => {
    const fetch = vi.fn(async () => json(200, { product: "Ensemble", version: "1.0.0", modules: [{ id: "docs", name: "Docs", path: "/docs" }] }));
    const result = await fetchShell({ fetch });
    expect(result).toEqual({ ok: true, shell: { product: "Ensemble", version: "1.0.0", modules: [{ id: "docs", name: "Docs", path: "/docs" }] } });
    expect(fetch).toHaveBeenCalledWith(shellPath, expect.objectContaining({ credentials: "same-origin" }));
  });

  it("accepts an empty module list", async () => {
    const result = await fetchShell({ fetch: async () => json(200, { product: "Ensemble", version: "dev", modules: [] }) });
    expect(result).toEqual({ ok: true, shell: { product: "Ensemble", version: "dev", modules: [] } });
  });

  it("reports a network failure", async () => {
    const result = await fetchShell({
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    expect(result).toEqual({ ok: false, error: { kind: "network", message: "Failed to fetch" } });
  });

  it("reports an API error with its code and message", async () => {
    const result = await fetchShell({ fetch: async () => json(503, { error: { code: "unavailable", message: "The database is down." } }) });
    expect(result).toEqual({ ok: false, error: { kind: "http", status: 503, code: "unavailable", message: "The database is down." } });
  });

  it("reports an HTTP error without a JSON body", async () => {
    const result = await fetchShell({ fetch: async () => new Response("<html>Bad Gateway</html>", { status: 502 }) });
    expect(result).toEqual({ ok: false, error: { kind: "http", status: 502 } });
  });

  it("reports a 200 that is not JSON (a dev server's index.html)", async () => {
    const result = await fetchShell({ fetch: async () => new Response("<!doctype html><html></html>", { status: 200 }) });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind).toBe("invalid");
  });

  it("reports JSON of the wrong shape", async () => {
    const result = await fetchShell({ fetch: async () => json(200, { product: "Ensemble" }) });
    expect(!result.ok && result.error.kind).toBe("invalid");
  });

  it("rethrows when the caller aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      fetchShell({
        signal: controller.signal,
        fetch: async () => {
          throw new DOMException("aborted", "AbortError");
        },
      }),
    ).rejects.toThrow("aborted");
  });
});

describe("parseShell", () => {
  it.each([
    ["null", null],
    ["an array", []],
    ["a missing version", { product: "Ensemble", modules: [] }],
    ["a numeric version", { product: "Ensemble", version: 1, modules: [] }],
    ["modules not an array", { product: "Ensemble", version: "1", modules: {} }],
    ["a module without a path", { product: "Ensemble", version: "1", modules: [{ id: "docs", name: "Docs" }] }],
    ["a module path to another host", { product: "Ensemble", version: "1", modules: [{ id: "x", name: "X", path: "//evil.example/x" }] }],
    ["a module with an absolute URL", { product: "Ensemble", version: "1", modules: [{ id: "x", name: "X", path: "https://evil.example/" }] }],
    ["a javascript: path", { product: "Ensemble", version: "1", modules: [{ id: "x", name: "X", path: "javascript:alert(1)" }] }],
  ])("rejects %s", (_, body) => {
    expect(parseShell(body)).toBeNull();
  });

  it("treats missing or null modules as none", () => {
    expect(parseShell({ product: "Ensemble", version: "1" })).toEqual({ product: "Ensemble", version: "1", modules: [] });
    expect(parseShell({ product: "Ensemble", version: "1", modules: null })).toEqual({ product: "Ensemble", version: "1", modules: [] });
  });

  it("drops unknown fields", () => {
    expect(parseShell({ product: "Ensemble", version: "1", extra: true, modules: [{ id: "a", name: "A", path: "/a", icon: "x" }] })).toEqual({
      product: "Ensemble",
      version: "1",
      modules: [{ id: "a", name: "A", path: "/a" }],
    });
  });
});
