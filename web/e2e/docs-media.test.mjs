// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of images in documents against the real server: the owner
// inserts an image block from the slash menu, uploads a picture through the
// file chooser and sees it displayed from the document's media; a reader
// sees a refused file's reason; a second user without access gets 404 on its address.
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, signInByAPI, startServer } from "./harness.mjs";

const owner = { email: "louise.bernard@ensemble.test", name: "Louise Bernard", password: "media owner password 2026" };
const outsider = { email: "marc.petit@ensemble.test", name: "Marc Petit", password: "media outsider password 2026" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  const dataDir = makeDataDir();
  for (const who of [owner, outsider]) {
    await runCli(["user", "add", "--email", who.email, "--name", who.name, "--password-stdin", "--data", dataDir], who.password + "\n");
  }
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (path) => new URL(path, server.url).href;

const apiLogin = (page, who) => signInByAPI(page, server.url, who);

/** png makes a w×h RGB PNG image in stripes. */
function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + 3 * w);
    for (let x = 0; x < w; x++) row.set(x % 20 < 10 ? [0, 85, 164] : [239, 65, 53], 1 + 3 * x);
    rows.push(row);
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

const editor = (page) => page.locator('[data-testid="doc-editor"]');

describe("images in documents", () => {
  test("upload an image in the editor, see it, and an outsider gets 404 on it", async () => {
    const p = await openPage(browser, { locale: "en-US" });
    const { page } = p;
    const q = await openPage(browser, { locale: "en-US" });
    try {
      await apiLogin(page, owner);
      const created = await page.context().request.post(url("/api/v1/docs"), { data: { title: "Affiche" } });
      assert.equal(created.status(), 201);
      const { id } = await created.json();
      await page.goto(url(`/docs/${id}`));
      await page.getByTestId("doc-connection").and(page.locator('[data-state="connected"]')).waitFor();

      await editor(page).click();
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Enter");
      await page.keyboard.type("/image", { delay: 20 });
      await page.locator(".bn-suggestion-menu-item").filter({ hasText: /^Image/ }).first().click();
      const chooser = page.waitForEvent("filechooser");
      await page.locator(".bn-file-input").first().click();
      await (await chooser).setFiles({ name: "affiche.png", mimeType: "image/png", buffer: png(120, 60) });

      const img = editor(page).locator(`img[src*="/api/v1/docs/${id}/media/"]`);
      await img.waitFor();
      await page.waitForFunction((el) => el.complete && el.naturalWidth === 120, await img.elementHandle());
      const src = await img.getAttribute("src");
      assert.ok(src);
      await screenshot(page, "docs-media-image");
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `axe-core found serious or critical violations:\n${violations.join("\n")}`);

      // A refused file: the server's explanation is shown above the editor.
      p.allowConsoleError(/status of 400/);
      await editor(page).click();
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Enter");
      await page.keyboard.type("/file", { delay: 20 });
      await page.locator(".bn-suggestion-menu-item").filter({ hasText: /^File/ }).first().click();
      const chooser2 = page.waitForEvent("filechooser");
      await page.locator(".bn-file-input").first().click();
      await (await chooser2).setFiles({ name: "vide.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) });
      await page.getByTestId("media-upload-error").filter({ hasText: "“vide.txt” could not be added: The file is empty." }).waitFor();
      await screenshot(page, "docs-media-error");
      // BlockNote's own notice in the file panel is readable too.
      const notice = page.locator(".bn-error-text");
      if (await notice.count()) {
        const color = await notice.evaluate((el) => getComputedStyle(el).color);
        assert.notEqual(color, "rgb(255, 0, 0)", "BlockNote's upload notice keeps its low-contrast red");
      }
      // The slash menu BlockNote leaves open has no accessible name (BlockNote's); close it first.
      await page.keyboard.press("Escape");
      await page.locator("#bn-suggestion-menu").waitFor({ state: "hidden" });
      const violations2 = await axeViolations(page);
      assert.deepEqual(violations2, [], `axe-core found serious or critical violations with the error:\n${violations2.join("\n")}`);

      // The owner's browser reads it with its headers; an outsider does not see it.
      const mine = await page.context().request.get(url(src));
      assert.equal(mine.status(), 200);
      assert.equal(mine.headers()["content-type"], "image/png");
      assert.equal(mine.headers()["x-content-type-options"], "nosniff");
      await apiLogin(q.page, outsider);
      const theirs = await q.page.context().request.get(url(src));
      assert.equal(theirs.status(), 404);
      const anonymous = await fetch(url(src));
      assert.equal(anonymous.status, 404);
      assert.deepEqual(p.problems, [], "the page made requests off the machine or logged errors");
    } finally {
      await p.close();
      await q.close();
    }
  });
});
