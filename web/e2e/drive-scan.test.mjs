// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of Drive's thumbnails and malware scanning against the real
// server started with --clamd pointing at a clamd-protocol server written
// here (INSTREAM; the EICAR test string is FOUND): a picture shows as a
// server-made thumbnail in the grid, an infected file gets the "Blocked"
// badge and no download; axe-core on the views.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { crc32, deflateSync } from "node:zlib";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, startServer } from "./harness.mjs";

const owner = { email: "ines.moreau@ensemble.test", name: "Inès Moreau", password: "drive scan password 2026" };
const eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("node:net").Server} */
let clamd;

/** startClamd answers INSTREAM: chunks with a 4-byte big-endian length, ended by a zero length. */
function startClamd() {
  const srv = createServer((sock) => {
    let buf = Buffer.alloc(0);
    let data = Buffer.alloc(0);
    let started = false;
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!started) {
        const end = buf.indexOf(0);
        if (end < 0) return;
        started = true;
        buf = buf.subarray(end + 1);
      }
      while (buf.length >= 4) {
        const n = buf.readUInt32BE(0);
        if (n === 0) {
          sock.end(data.includes(Buffer.from(eicar, "latin1")) ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0");
          return;
        }
        if (buf.length < 4 + n) return;
        data = Buffer.concat([data, buf.subarray(4, 4 + n)]);
        buf = buf.subarray(4 + n);
      }
    });
    sock.on("error", () => {});
  });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve(srv)));
}

before(async () => {
  clamd = await startClamd();
  process.env.ENSEMBLE_CLAMD = `127.0.0.1:${clamd.address().port}`;
  const dataDir = makeDataDir();
  await runCli(["user", "add", "--email", owner.email, "--name", owner.name, "--password-stdin", "--data", dataDir], owner.password + "\n");
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  clamd?.close();
});

const url = (path) => new URL(path, server.url).href;

/** png makes a w×h RGB gradient. */
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = Math.round((x / w) * 255);
      raw[o + 1] = Math.round((y / h) * 200);
      raw[o + 2] = 180;
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** check screenshots the page and runs axe-core on it, in light then dark. */
async function check(page, name) {
  for (const scheme of ["light", "dark"]) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await screenshot(page, `${name}-${scheme}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name} (${scheme}):\n${violations.join("\n")}`);
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

const item = (page, name) => page.locator(`[data-testid="drive-item"][data-name="${name}"]`);

describe("drive scanning and thumbnails", () => {
  test("a picture shows as a thumbnail; an infected file is blocked", async () => {
    const p = await openPage(browser, { locale: "en-US" });
    try {
      const { page } = p;
      const api = page.context().request;
      const login = await api.post(url("/login"), { data: { email: owner.email, password: owner.password, return_to: "/" }, headers: { Accept: "application/json" } });
      assert.equal(login.status(), 200, await login.text());
      const landed = await api.get(url((await login.json()).redirect), { headers: { Accept: "text/html" } });
      assert.equal(landed.status(), 200);

      for (const [name, body, type] of [
        ["vacances.png", png(900, 600), "image/png"],
        ["facture.exe", Buffer.from("MZ " + eicar, "latin1"), "application/octet-stream"],
      ]) {
        const res = await api.put(url(`/api/v1/files/root/children/${encodeURIComponent(name)}`), { data: body, headers: { "Content-Type": type } });
        assert.equal(res.status(), 201, await res.text());
      }
      // The worker scans every 2 s.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const res = await api.get(url("/api/v1/files/root/children"));
        const { items } = await res.json();
        const states = Object.fromEntries(items.map((n) => [n.name, n.scan_state]));
        if (states["vacances.png"] === "clean" && states["facture.exe"] === "blocked") break;
        assert.ok(Date.now() < deadline, `scan states: ${JSON.stringify(states)}`);
        await new Promise((r) => setTimeout(r, 250));
      }

      await page.goto(url("/drive"));
      await item(page, "facture.exe").waitFor();
      const badge = item(page, "facture.exe").locator('[data-testid="drive-scan-badge"]');
      assert.equal(await badge.getAttribute("data-state"), "blocked");
      assert.equal((await badge.textContent())?.trim(), "Blocked");
      assert.match((await badge.getAttribute("title")) ?? "", /Malware was found/);
      await check(page, "drive-scan-blocked-list-en");

      await item(page, "facture.exe").locator('[data-testid="drive-item-menu"]').click();
      await page.locator('[data-testid="drive-item-menu-dropdown"]').waitFor();
      assert.equal(await page.locator('[data-testid="drive-action-download"]').count(), 0, "a blocked file offers no download");
      await page.keyboard.press("Escape");

      await page.locator('[data-testid="drive-view"] label').filter({ hasText: "Grid" }).click();
      await page.locator('ul[data-testid="drive-items"]').waitFor();
      const thumb = item(page, "vacances.png").locator(".ens-drive-thumb img");
      await page.waitForFunction(() => [...document.querySelectorAll(".ens-drive-thumb img")].every((i) => i.complete && i.naturalWidth > 0));
      assert.match((await thumb.getAttribute("src")) ?? "", /\/thumbnail\?size=256$/);
      assert.equal(await thumb.evaluate((i) => i.naturalWidth), 256, "the grid loads the 256-pixel thumbnail, not the 900-pixel picture");
      await check(page, "drive-scan-grid-en");

      const blocked = await api.get(url("/api/v1/files/root/children")).then((r) => r.json());
      const exe = blocked.items.find((n) => n.name === "facture.exe");
      const dl = await api.get(url(`/api/v1/files/${exe.id}/content`));
      assert.equal(dl.status(), 403);
      assert.match(await dl.text(), /quarantined/);
      assert.deepEqual(p.problems, [], "the page made requests off the machine or logged errors");
    } finally {
      await p.close();
    }
  });
});
