// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { languages } from "../i18n/languages";
import { listVersions, versionLabel, versionsMessages } from "./VersionsPanel";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("versions panel texts", () => {
  it("exist in every language with the English keys and placeholders", () => {
    const en = versionsMessages.en;
    for (const lang of languages) {
      const dict = versionsMessages[lang];
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    }
  });
});

describe("listVersions", () => {
  it("reads the list and passes errors on", async () => {
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      if (String(input).includes("bad")) return new Response(JSON.stringify({ error: { code: "not_found", message: "no" } }), { status: 404 });
      return new Response(JSON.stringify({ versions: [{ id: "v1", name: "Draft", auto: false, created_at: "2026-11-23T09:00:00Z", created_by: null }] }), { status: 200 });
    }) as typeof fetch;
    try {
      const ok = await listVersions("d1");
      expect(ok.ok && ok.data.map((v) => v.name)).toEqual(["Draft"]);
      const bad = await listVersions("bad");
      expect(!bad.ok && bad.error.kind === "http" && bad.error.status).toBe(404);
      expect(calls).toEqual(["/api/v1/docs/d1/versions", "/api/v1/docs/bad/versions"]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe("versionLabel", () => {
  const v = (key: keyof typeof versionsMessages.fr, params?: Record<string, string | number>) =>
    versionsMessages.fr[key].replace(/\{(\w+)\}/g, (_, n: string) => String(params?.[n] ?? ""));
  const version = { id: "v", auto: false, created_at: "", created_by: null };
  it("translates the server's name of the version saved before a restore", () => {
    expect(versionLabel({ ...version, name: "Before restoring “Draft 1”" }, v)).toBe("Avant la restauration de « Draft 1 »");
    expect(versionLabel({ ...version, name: "Budget" }, v)).toBe("Budget");
    expect(versionLabel({ ...version, name: "", auto: true }, v)).toBe("Version automatique");
  });
});
