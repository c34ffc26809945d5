// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { mkdtempSync, readFileSync, existsSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { precompressDir } from "./compress";

describe("precompressDir", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes .gz and .br copies of large text files only", async () => {
    dir = mkdtempSync(join(tmpdir(), "ensemble-compress-"));
    mkdirSync(join(dir, "assets"));
    const js = "export const greeting = 'bonjour';\n".repeat(100);
    writeFileSync(join(dir, "assets", "app-abc.js"), js);
    writeFileSync(join(dir, "tiny.css"), "a{}");
    writeFileSync(join(dir, "assets", "font-abc.woff2"), Buffer.alloc(4096, 7));

    await precompressDir(dir);

    expect(gunzipSync(readFileSync(join(dir, "assets", "app-abc.js.gz"))).toString()).toBe(js);
    expect(brotliDecompressSync(readFileSync(join(dir, "assets", "app-abc.js.br"))).toString()).toBe(js);
    expect(existsSync(join(dir, "tiny.css.gz"))).toBe(false);
    expect(existsSync(join(dir, "assets", "font-abc.woff2.gz"))).toBe(false);
  });
});
