// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of Drive against the real server: uploads with progress
// (a picker, a drop, a whole folder), a new folder, an image preview, the
// trash (delete, restore), versions (a new one, then restore the old),
// sharing through the dialog and "Shared with me"; axe-core on every view,
// in light and dark. With E2E_BLOBS=s3 (make e2e runs it a second time so)
// the server keeps its bytes on the real S3 gateway instead (see s3.mjs).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { crc32, deflateSync } from "node:zlib";
import { request } from "playwright-core";
import { checkPage as check, launchBrowser, makeDataDir, openPage, runCli, screenshot, startServer } from "./harness.mjs";
import { s3Blobs, wantS3 } from "./s3.mjs";

const owner = { email: "amelie.laurent@ensemble.test", name: "Amélie Laurent", password: "drive owner password 2026" };
const colleague = { email: "tobias.klein@ensemble.test", name: "Tobias Klein", password: "drive colleague password 2026" };
const admin = { email: "admin.drive@ensemble.test", name: "Drive Admin", password: "drive admin password 2026" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
let scratch = "";
let dataDir = "";

/** On S3 storage: the --blobs URL, or why the tests skip. */
const s3 = wantS3 ? await s3Blobs() : null;
const skip = s3?.skip || false;

before(async () => {
  if (skip) return;
  dataDir = makeDataDir();
  for (const who of [owner, colleague]) {
    await runCli(["user", "add", "--email", who.email, "--name", who.name, "--password-stdin", "--data", dataDir], who.password + "\n");
  }
  await runCli(["user", "add", "--admin", "--email", admin.email, "--name", admin.name, "--password-stdin", "--data", dataDir], admin.password + "\n");
  scratch = mkdtempSync(join(tmpdir(), "ensemble-drive-e2e-"));
  [server, browser] = await Promise.all([startServer({ dataDir, blobs: s3?.url || undefined }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const url = (path) => new URL(path, server.url).href;

/** Chromium's own PDF viewer loads its parts from chrome:// and chrome-extension:// addresses: they stay on the machine. */
const pdfViewer = /^request leaves the machine: GET chrome(-extension)?:\/\//;

async function withPage(options, fn) {
  const p = await openPage(browser, options);
  try {
    await fn(p);
    assert.deepEqual(
      p.problems.filter((x) => !pdfViewer.test(x)),
      [],
      "the page made requests off the machine or logged errors",
    );
  } finally {
    await p.close();
  }
}

/** check screenshots the page and runs axe-core on it; with both, in the other colour scheme too. */
/** apiLogin signs the context in through the JSON login and the web app's OpenID Connect sign-in. */
async function apiLogin(page, who) {
  await requestLogin(page.context().request, who);
}

/** requestLogin signs an API request context in. */
async function requestLogin(api, who) {
  const res = await api.post(url("/login"), {
    data: { email: who.email, password: who.password, return_to: "/" },
    headers: { Accept: "application/json" },
  });
  assert.equal(res.status(), 200, `login of ${who.email}: ${await res.text()}`);
  const { redirect } = await res.json();
  const landed = await api.get(url(redirect), { headers: { Accept: "text/html" } });
  assert.equal(landed.status(), 200, `sign-in redirect ${redirect} ended at ${landed.url()}`);
}

/** png makes a w×h RGB picture (a gradient), so that the preview has something to show. */
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
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = Math.round((x / w) * 255);
      raw[o + 1] = Math.round((y / h) * 200);
      raw[o + 2] = 180;
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** pdf makes a one-page PDF that says text. */
function pdf(text) {
  const stream = `BT /F1 24 Tf 40 100 Td (${text}) Tj ET`;
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** wav makes seconds of a 440 Hz tone, 8 kHz mono 16-bit PCM. */
function wav(seconds) {
  const rate = 8000;
  const samples = rate * seconds;
  const b = Buffer.alloc(44 + samples * 2);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write("WAVEfmt ", 8, "latin1");
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36, "latin1");
  b.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return b;
}

const item = (page, name) => page.locator(`[data-testid="drive-item"][data-name="${name}"]`);

/** act opens the menu of the item named name and picks an action. */
async function act(page, name, action) {
  await item(page, name).locator('[data-testid="drive-item-menu"]').click();
  await page.locator(`[data-testid="drive-action-${action}"]`).click();
}

describe(s3 ? "drive on S3 storage" : "drive", { skip }, () => {
  test("upload with progress, a folder, a drop; a new folder; an image preview; trash and restore", async () => {
    await withPage({ locale: "en-US" }, async ({ page, context }) => {
      await apiLogin(page, owner);
      await page.goto(url("/drive"));
      await page.locator('[data-testid="drive-empty"]').waitFor();
      await page.locator('[data-testid="drive-quota"]').getByText(/of .* used/).waitFor();
      // The gauge is a meter that says the use in words, not a bare percentage.
      const gauge = page.getByRole("meter", { name: "Storage used" });
      assert.match((await gauge.getAttribute("aria-valuetext")) ?? "", /^0\u00a0B of 10\u00a0GB used$/);
      assert.equal(await gauge.getAttribute("aria-valuenow"), "0");
      await check(page, "drive-empty-en-light", { both: true });

      // Two files through the picker, with the upload slowed down so that progress shows between 0 and 100.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1_500_000 });
      const big = Buffer.alloc(2_400_000, 7);
      await page.locator('[data-testid="drive-files-input"]').setInputFiles([
        { name: "rapport annuel.bin", mimeType: "application/octet-stream", buffer: big },
        { name: "photo.png", mimeType: "image/png", buffer: png(320, 200) },
      ]);
      const panel = page.locator('[data-testid="drive-uploads"]');
      await panel.waitFor();
      const bigRow = panel.locator('[data-testid="drive-upload"][data-name="rapport annuel.bin"]');
      await page.waitForFunction(() => {
        const bar = document.querySelector('[data-testid="drive-upload"][data-name="rapport annuel.bin"] [role="progressbar"]');
        const v = Number(bar?.getAttribute("aria-valuenow"));
        return v > 0 && v < 100;
      }, null, { timeout: 10_000 });
      const overall = Number(await panel.locator('[data-testid="drive-uploads-overall"] [role="progressbar"], [data-testid="drive-uploads-overall"][role="progressbar"]').first().getAttribute("aria-valuenow"));
      assert.ok(overall > 0 && overall < 100, `overall progress mid-upload is ${overall}`);
      await screenshot(page, "drive-uploading-en-light");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await bigRow.and(page.locator('[data-state="done"]')).waitFor({ timeout: 20_000 });
      await panel.locator('[data-testid="drive-upload"][data-name="photo.png"][data-state="done"]').waitFor();
      await item(page, "rapport annuel.bin").waitFor();
      await item(page, "photo.png").waitFor();
      await check(page, "drive-uploads-en-light");

      // A drop anywhere on the folder view uploads too.
      await page.evaluate(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["dropped text"], "dropped.txt", { type: "text/plain" }));
        const target = document.querySelector('[data-testid="drive-folder"]');
        for (const type of ["dragenter", "dragover", "drop"]) target?.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await item(page, "dropped.txt").waitFor();
      await page.locator('[data-testid="drive-files-input"]').setInputFiles([
        { name: "compte rendu.pdf", mimeType: "application/pdf", buffer: pdf("Bonjour Drive") },
        { name: "bip.wav", mimeType: "audio/wav", buffer: wav(2) },
      ]);
      await item(page, "compte rendu.pdf").waitFor();
      await item(page, "bip.wav").waitFor();

      // A whole folder through the folder picker: its tree is created.
      const tree = join(scratch, "Projet");
      mkdirSync(join(tree, "plans"), { recursive: true });
      writeFileSync(join(tree, "budget.csv"), "a;b\n1;2\n");
      writeFileSync(join(tree, "plans", "étage.txt"), "plan");
      await page.locator('[data-testid="drive-folder-input"]').setInputFiles(tree);
      await item(page, "Projet").waitFor();
      await page.locator('[data-testid="drive-uploads-close"]').click();

      // A new folder, opened: the breadcrumb leads back.
      await page.locator('[data-testid="drive-new-folder"]').click();
      await page.locator('[data-testid="drive-folder-dialog-name"]').fill("Comptes rendus");
      await check(page, "drive-new-folder-en-light");
      await page.locator('[data-testid="drive-folder-dialog-submit"]').click();
      await item(page, "Comptes rendus").waitFor();
      await check(page, "drive-list-en-light", { both: true });
      await item(page, "Projet").locator('[data-testid="drive-item-open"]').click();
      await page.locator('[data-testid="drive-folder-name"]', { hasText: "Projet" }).waitFor();
      await item(page, "plans").locator('[data-testid="drive-item-open"]').click();
      await item(page, "étage.txt").waitFor();
      await check(page, "drive-subfolder-en-light");
      await page.getByRole("navigation", { name: "Folder path" }).getByRole("link", { name: "My files" }).click();
      await item(page, "photo.png").waitFor();

      // The grid, then the image preview.
      await page.locator('[data-testid="drive-view"] label').filter({ hasText: "Grid" }).click();
      await page.locator('ul[data-testid="drive-items"]').waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll(".ens-drive-thumb img")].every((i) => i.complete && i.naturalWidth > 0));
      await check(page, "drive-grid-en-light", { both: true });
      await item(page, "photo.png").locator('[data-testid="drive-item-open"]').click();
      const img = page.locator('[data-testid="drive-preview-image"]');
      await img.waitFor();
      await page.waitForFunction(() => {
        const i = document.querySelector('[data-testid="drive-preview-image"]');
        return i instanceof HTMLImageElement && i.complete && i.naturalWidth === 320;
      });
      await check(page, "drive-preview-en-light", { both: true });
      // The arrow keys go through the previewable files; the PDF shows in the browser's viewer, under the server's CSP.
      await page.keyboard.press("ArrowLeft");
      const frame = page.locator('[data-testid="drive-preview-pdf"]');
      await frame.waitFor();
      // Chromium shows a PDF through its viewer extension, in a frame of its own: its presence says the PDF opened.
      for (let i = 0; i < 50 && !page.frames().some((f) => f.url().startsWith("chrome-extension://") && f.url().endsWith("/index.html")); i++) await page.waitForTimeout(100);
      assert.ok(page.frames().some((f) => f.url().startsWith("chrome-extension://")), "the PDF viewer did not open");
      await screenshot(page, "drive-preview-pdf-en-light");
      // Audio plays from the server with Range requests: its length is known, and it seeks.
      await page.keyboard.press("ArrowLeft");
      await page.locator('[data-testid="drive-preview-audio"]').waitFor();
      await page.waitForFunction(() => {
        const a = document.querySelector('[data-testid="drive-preview-audio"]');
        return a instanceof HTMLAudioElement && a.readyState >= 1 && Math.abs(a.duration - 2) < 0.05;
      });
      await page.evaluate(() => {
        const a = /** @type {HTMLAudioElement} */ (document.querySelector('[data-testid="drive-preview-audio"]'));
        a.currentTime = 1.5;
      });
      await page.waitForFunction(() => {
        const a = document.querySelector('[data-testid="drive-preview-audio"]');
        return a instanceof HTMLAudioElement && !a.seeking && Math.abs(a.currentTime - 1.5) < 0.1 && a.error === null;
      });
      await check(page, "drive-preview-audio-en-light");
      await page.keyboard.press("Escape");
      await page.locator('[data-testid="drive-view"] label').filter({ hasText: "List" }).click();

      // Move to the trash, find it there, restore it.
      // Delete on a focused item moves it to the trash.
      await item(page, "dropped.txt").locator('[data-testid="drive-item-open"]').focus();
      await page.keyboard.press("Delete");
      await page.locator('[data-testid="drive-notice"]', { hasText: "moved to the trash" }).waitFor();
      await item(page, "dropped.txt").waitFor({ state: "detached" });
      await page.locator('[data-testid="drive-nav-trash"]').click();
      await item(page, "dropped.txt").waitFor();
      await check(page, "drive-trash-en-light", { both: true });
      await item(page, "dropped.txt").locator('[data-testid="drive-trash-restore"]').click();
      await page.locator('[data-testid="drive-trash-empty"]').waitFor();
      await page.locator('[data-testid="drive-nav-mine"]').click();
      await item(page, "dropped.txt").waitFor();

      // Several at once: select two files, move them into a folder.
      await item(page, "dropped.txt").locator('[data-testid="drive-item-select"]').check();
      await item(page, "compte rendu.pdf").locator('[data-testid="drive-item-select"]').check();
      await page.locator('[data-testid="drive-selection"]', { hasText: "2 selected" }).waitFor();
      await check(page, "drive-selection-en-light", { both: true });
      await page.locator('[data-testid="drive-selection-move"]').click();
      await page.locator('[data-testid="drive-picker-folder"][data-name="Comptes rendus"]').click();
      await page.locator('[data-testid="drive-picker-current"]', { hasText: "Comptes rendus" }).waitFor();
      await page.locator('[data-testid="drive-picker-submit"]').click();
      await page.locator('[data-testid="drive-notice"]', { hasText: "Moved to “Comptes rendus”: 2." }).waitFor();
      await item(page, "dropped.txt").waitFor({ state: "detached" });
      await item(page, "compte rendu.pdf").waitFor({ state: "detached" });

      // On a phone the navigation goes above the list, and the date column away.
      await page.setViewportSize({ width: 390, height: 844 });
      await check(page, "drive-phone-en-light");
    });
  });

  test("a large file goes in chunks; after a cut, Retry resumes where it stopped", async () => {
    await withPage({ locale: "en-US" }, async ({ page, allowConsoleError }) => {
      allowConsoleError(/net::ERR_FAILED/);
      await apiLogin(page, owner);
      await page.goto(url("/drive"));
      await page.locator('[data-testid="drive-upload"]').waitFor();
      const big = Buffer.alloc(16 * 1024 * 1024 + 4096);
      for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 251;
      /** @type {number[]} */
      const offsets = [];
      let patches = 0;
      await page.route("**/api/v1/uploads/*", async (route) => {
        const req = route.request();
        if (req.method() !== "PATCH") return route.continue();
        offsets.push(Number(req.headers()["upload-offset"]));
        // The second chunk never arrives: the network "breaks".
        if (++patches === 2) return route.abort("failed");
        return route.continue();
      });
      // A path, not a buffer: Playwright hands a local file to Chromium as it is, where a buffer crawls through the protocol.
      const bigPath = join(scratch, "archive.tar");
      writeFileSync(bigPath, big);
      await page.locator('[data-testid="drive-files-input"]').setInputFiles(bigPath);
      const row = page.locator('[data-testid="drive-upload"][data-name="archive.tar"]');
      await row.and(page.locator('[data-state="error"]')).waitFor({ timeout: 20_000 });
      await screenshot(page, "drive-upload-failed-en-light");
      await row.locator('[data-testid="drive-upload-retry"]').click();
      await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 20_000 });
      await page.unroute("**/api/v1/uploads/*");
      assert.deepEqual(offsets, [0, 8 * 1024 * 1024, 8 * 1024 * 1024, 16 * 1024 * 1024], "the retry went on from the first chunk");
      const list = await (await page.context().request.get(url("/api/v1/files/root/children"))).json();
      const f = list.items.find((/** @type {any} */ n) => n.name === "archive.tar");
      assert.equal(f.size, big.length);
      assert.equal(f.sha256, createHash("sha256").update(big).digest("hex"));
    });
  });

  test("a new version, then the old one restored; sharing, and Shared with me", async () => {
    await withPage({ locale: "fr-FR", colorScheme: "dark" }, async ({ page }) => {
      await apiLogin(page, owner);
      await page.goto(url("/drive"));
      await page.locator('[data-testid="drive-files-input"]').setInputFiles([{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("première version") }]);
      await item(page, "notes.txt").waitFor();
      await act(page, "notes.txt", "versions");
      const dialog = page.locator('[data-testid="drive-versions"]');
      await dialog.locator('[data-testid="drive-version"]').first().waitFor();
      await dialog.locator('[data-testid="drive-version-input"]').setInputFiles([{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("deuxième version, plus longue") }]);
      await dialog.locator('[data-testid="drive-versions-notice"]').waitFor();
      await dialog.locator('[data-testid="drive-version"]').nth(1).waitFor();
      await check(page, "drive-versions-fr-dark", { both: true });
      const id = await page.evaluate(async () => {
        const r = await fetch("/api/v1/files/root/children");
        return (await r.json()).items.find((/** @type {any} */ n) => n.name === "notes.txt").id;
      });
      let body = await (await page.context().request.get(url(`/api/v1/files/${id}/content`))).text();
      assert.equal(body, "deuxième version, plus longue");
      await dialog.locator('[data-testid="drive-version"][data-current="false"] [data-testid="drive-version-restore"]').click();
      await dialog.locator('[data-testid="drive-version"]').nth(2).waitFor();
      body = await (await page.context().request.get(url(`/api/v1/files/${id}/content`))).text();
      assert.equal(body, "première version");
      await page.keyboard.press("Escape");

      // Share a folder with a colleague.
      await page.locator('[data-testid="drive-new-folder"]').click();
      await page.locator('[data-testid="drive-folder-dialog-name"]').fill("Équipe");
      await page.locator('[data-testid="drive-folder-dialog-submit"]').click();
      await item(page, "Équipe").waitFor();
      await act(page, "Équipe", "share");
      const share = page.locator('[data-testid="drive-share"]');
      await share.locator('[data-testid="drive-share-email"]').fill(colleague.email);
      await share.locator('[data-testid="drive-share-role"]').selectOption("editor");
      await share.locator('[data-testid="drive-share-submit"]').click();
      await share.locator(`[data-testid="drive-share-access"][data-email="${colleague.email}"]`).waitFor();
      await check(page, "drive-share-fr-dark", { both: true });
      await page.keyboard.press("Escape");
      // The folder picker of "Move…".
      await act(page, "notes.txt", "move");
      await page.locator('[data-testid="drive-picker-folder"][data-name="Équipe"]').click();
      await page.locator('[data-testid="drive-picker-current"]', { hasText: "Équipe" }).waitFor();
      await check(page, "drive-move-fr-dark");
      await page.locator('[data-testid="drive-picker-submit"]').click();
      await item(page, "notes.txt").waitFor({ state: "detached" });
      // F2 on a focused item renames it; the name's stem is selected, so typing keeps the extension.
      await item(page, "rapport annuel.bin").locator('[data-testid="drive-item-open"]').focus();
      await page.keyboard.press("F2");
      await page.locator('[data-testid="drive-rename-name"]').waitFor();
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="drive-rename-name"]');
        return el instanceof HTMLInputElement && document.activeElement === el && el.selectionEnd === "rapport annuel".length;
      });
      await page.keyboard.type("rapport 2026");
      await page.locator('[data-testid="drive-rename-submit"]').click();
      await item(page, "rapport 2026.bin").waitFor();

      // A copy into the same folder takes the next free name; deleted, then deleted for good.
      await act(page, "photo.png", "copy");
      await page.locator('[data-testid="drive-picker-submit"]').click();
      await item(page, "photo (2).png").waitFor();
      await act(page, "photo (2).png", "delete");
      await item(page, "photo (2).png").waitFor({ state: "detached" });
      await page.locator('[data-testid="drive-nav-trash"]').click();
      await item(page, "photo (2).png").locator('[data-testid="drive-trash-purge"]').click();
      await page.locator('[data-testid="confirm-button"]').click();
      await item(page, "photo (2).png").waitFor({ state: "detached" });
      await page.locator('[data-testid="drive-nav-mine"]').click();
      await item(page, "photo.png").waitFor();
    });
    await withPage({ locale: "de-DE" }, async ({ page, allowConsoleError }) => {
      allowConsoleError(/status of 413/); // the upload over quota, below
      await apiLogin(page, colleague);
      await page.goto(url("/drive/shared"));
      await item(page, "Équipe").waitFor();
      await check(page, "drive-shared-de-light", { both: true });
      await item(page, "Équipe").locator('[data-testid="drive-item-open"]').click();
      await item(page, "notes.txt").waitFor();
      await page.getByRole("navigation", { name: "Ordnerpfad" }).getByRole("link", { name: "Mit mir geteilt" }).waitFor();
      await check(page, "drive-shared-folder-de-light");

      // Over quota: the upload fails with the server's words, and Retry is offered.
      const { user } = await (await page.context().request.get(url("/api/v1/auth/session"))).json();
      const api = await request.newContext();
      try {
        await requestLogin(api, admin);
        const set = await api.put(url(`/api/v1/admin/users/${user.id}/drive-quota`), { data: { bytes: 1000 } });
        assert.equal(set.status(), 200, await set.text());
      } finally {
        await api.dispose();
      }
      await page.locator('[data-testid="drive-nav-mine"]').click();
      await page.locator('[data-testid="drive-empty"]').waitFor();
      await page.locator('[data-testid="drive-files-input"]').setInputFiles([{ name: "zu groß.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(4000, 1) }]);
      const row = page.locator('[data-testid="drive-upload"][data-name="zu groß.bin"][data-state="error"]');
      await row.waitFor();
      assert.match(await row.innerText(), /Nicht genug Speicher: .*quota of 1000 bytes/);
      await row.locator('[data-testid="drive-upload-retry"]').waitFor();
      await page.locator('[data-testid="drive-quota"]', { hasText: "von 1.000 B" }).waitFor();
      assert.equal(await page.getByRole("meter", { name: "Belegter Speicher" }).getAttribute("aria-valuetext"), "0\u00a0B von 1.000\u00a0B belegt");
      await check(page, "drive-over-quota-de-light");
    });
  });

  test("on S3 storage, no file's bytes are on the local disk", { skip: !s3 }, () => {
    const files = (dir) => {
      try {
        return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      } catch {
        return [];
      }
    };
    assert.deepEqual(
      files(join(dataDir, "blobs")).map((e) => e.name),
      [],
      "the server wrote blobs to its data folder although it was given --blobs s3://…",
    );
  });
});
