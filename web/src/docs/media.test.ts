// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { languages } from "../i18n/languages";
import { MediaUploadError, mediaMessages, mediaUploader, uploadMedia } from "./media";

const docID = "0123456789abcdefghjkmnpqrs";

describe("media texts", () => {
  it("exist in every language", () => {
    for (const lang of languages) {
      const m = mediaMessages[lang];
      expect(Object.keys(m).sort()).toEqual(Object.keys(mediaMessages.en).sort());
      expect(m.failed("a.png", "why")).toContain("a.png");
      expect(m.failed("a.png", "why")).toContain("why");
      for (const k of ["network", "unexpected", "close"] as const) expect(m[k].trim()).not.toBe("");
    }
  });
});

describe("uploadMedia", () => {
  it("posts the file and returns the server's address", async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const answer = { id: "m", url: `/api/v1/docs/${docID}/media/abc`, name: "a.png", content_type: "image/png", size: 3 };
    const m = await uploadMedia(docID, new File(["abc"], "a.png"), "en", async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify(answer), { status: 201 });
    });
    expect(m).toEqual(answer);
    const [call] = calls;
    expect(call?.url).toBe(`/api/v1/docs/${docID}/media`);
    expect(call?.init?.method).toBe("POST");
    expect((call?.init?.body as FormData).get("file")).toBeInstanceOf(File);
  });

  it("fails with the server's message, in the interface's words", async () => {
    const errors: string[] = [];
    const upload = mediaUploader(docID, "fr", (m) => errors.push(m), async () =>
      new Response(JSON.stringify({ error: { code: "too_large", message: "The file is larger than 20 MiB, the most a document accepts." } }), { status: 413 }),
    );
    await expect(upload(new File(["x"], "gros.png"))).rejects.toBeInstanceOf(MediaUploadError);
    expect(errors).toEqual(["« gros.png » n’a pas pu être ajouté : The file is larger than 20 MiB, the most a document accepts."]);
  });

  it("refuses an answer that is not this document's media", async () => {
    const p = uploadMedia(docID, new File(["x"], "a.png"), "de", async () => new Response(JSON.stringify({ url: "https://evil.example/x" }), { status: 201 }));
    await expect(p).rejects.toThrow("unlesbar");
    const q = uploadMedia(docID, new File(["x"], "a.png"), "en", async () => {
      throw new TypeError("offline");
    });
    await expect(q).rejects.toMatchObject({ status: 0, message: "“a.png” could not be added: the server did not answer." });
  });
});
