// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { languages } from "../i18n/languages";
import { bodyText, commentsMessages, listThreads, react, type Comment } from "./CommentsPanel";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("comments panel texts", () => {
  it("exist in every language with the English keys and placeholders", () => {
    const en = commentsMessages.en;
    for (const lang of languages) {
      const dict = commentsMessages[lang];
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    }
  });
});

describe("bodyText", () => {
  it("reads plain text and BlockNote blocks", () => {
    expect(bodyText("Bonjour")).toBe("Bonjour");
    const blocks = [
      { type: "paragraph", content: [{ type: "text", text: "Chiffre " }, { type: "text", text: "faux", styles: { bold: true } }], children: [] },
      { type: "paragraph", content: "Deuxième", children: [] },
    ];
    expect(bodyText(blocks)).toBe("Chiffre faux\nDeuxième");
    expect(bodyText(null)).toBe("");
  });
});

describe("comments API calls", () => {
  it("list threads and encode reactions in the path", async () => {
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${String(input)}`);
      if (String(input).includes("bad")) return new Response(JSON.stringify({ error: { code: "not_found", message: "no" } }), { status: 404 });
      if (String(input).endsWith("/threads")) return new Response(JSON.stringify({ threads: [{ id: "t1", quote: "le budget", comments: [] }] }), { status: 200 });
      return new Response(JSON.stringify({ id: "c1" }), { status: 200 });
    }) as typeof fetch;
    try {
      const ok = await listThreads("d1");
      expect(ok.ok && ok.data.map((t) => t.quote)).toEqual(["le budget"]);
      const bad = await listThreads("bad");
      expect(!bad.ok && bad.error.kind === "http" && bad.error.status).toBe(404);
      const c = { id: "c1", thread_id: "t1" } as Comment;
      await react("d1", c, "👍", true);
      await react("d1", c, "👍", false);
      expect(calls).toEqual([
        "GET /api/v1/docs/d1/threads",
        "GET /api/v1/docs/bad/threads",
        "PUT /api/v1/docs/d1/threads/t1/comments/c1/reactions/%F0%9F%91%8D",
        "DELETE /api/v1/docs/d1/threads/t1/comments/c1/reactions/%F0%9F%91%8D",
      ]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
