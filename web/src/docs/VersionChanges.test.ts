// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { languages } from "../i18n/languages";
import { changesMessages, foldUnchanged, type BlockChange } from "./VersionChanges";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("changes texts", () => {
  it("exist in every language with the English keys and placeholders", () => {
    const en = changesMessages.en;
    for (const lang of languages) {
      const dict = changesMessages[lang];
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    }
  });
});

describe("foldUnchanged", () => {
  const b = (op: BlockChange["op"], text: string): BlockChange => ({ op, type: "paragraph", text });
  const show = (blocks: BlockChange[]) =>
    foldUnchanged(blocks)
      .map((r) => ("folded" in r ? `…${r.folded}` : r.block.op + r.block.text))
      .join(" ");
  it("keeps one unchanged block on each side of a change and folds the rest", () => {
    const blocks = [b("=", "a"), b("=", "b"), b("=", "c"), b("+", "new"), b("=", "d"), b("=", "e"), b("-", "old"), b("=", "f"), b("=", "g"), b("=", "h")];
    expect(show(blocks)).toBe("…2 =c +new =d =e -old =f …2");
  });
  it("shows everything that changed and nothing else when nothing is kept", () => {
    expect(show([b("~", "x"), b("+", "y")])).toBe("~x +y");
    expect(show([b("=", "a"), b("=", "b")])).toBe("…2");
    expect(show([])).toBe("");
  });
});
