// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of Drive share links against the real server: the owner
// makes a password-protected link in the share dialog and copies its
// address; a visitor who is not signed in opens /s/<token>, gives a wrong
// then the right password and downloads the file; the owner deletes the
// link and the page says so. An editor link of a folder (a file drop): a
// visitor adds files from the public page, a taken name is kept under a
// new one, and a reader link shows no upload box. axe-core on every view.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkPage as check, launchBrowser, makeDataDir, openPage, runCli, startServer } from "./harness.mjs";

const owner = { email: "lea.martin@ensemble.test", name: "Léa Martin", password: "drive links owner password 2026" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  const dataDir = makeDataDir();
  await runCli(["user", "add", "--email", owner.email, "--name", owner.name, "--password-stdin", "--data", dataDir], owner.password + "\n");
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (path) => new URL(path, server.url).href;

async function login(page) {
  const api = page.context().request;
  const res = await api.post(url("/login"), { data: { email: owner.email, password: owner.password, return_to: "/" }, headers: { Accept: "application/json" } });
  assert.equal(res.status(), 200, await res.text());
  const { redirect } = await res.json();
  await api.get(url(redirect), { headers: { Accept: "text/html" } });
}

describe("drive share links", () => {
  test("a password link: made in the dialog, opened without an account, deleted", async () => {
    const o = await openPage(browser, { locale: "fr-FR" });
    const v = await openPage(browser, { locale: "en-US" });
    try {
      const { page } = o;
      await login(page);
      await page.goto(url("/drive"));
      await page.locator('[data-testid="drive-files-input"]').setInputFiles([{ name: "compte-rendu.txt", mimeType: "text/plain", buffer: Buffer.from("ordre du jour") }]);
      const row = page.locator('[data-testid="drive-item"][data-name="compte-rendu.txt"]');
      await row.waitFor();
      await row.locator('[data-testid="drive-item-menu"]').click();
      await page.locator('[data-testid="drive-action-share"]').click();
      const links = page.locator('[data-testid="drive-links"]');
      await links.locator('[data-testid="drive-links-max"]').fill("3");
      await links.locator('[data-testid="drive-links-password"]').fill("mot de passe");
      await links.locator('[data-testid="drive-links-submit"]').click();
      await links.locator('[data-testid="drive-link"]').waitFor();
      const address = await links.locator('[data-testid="drive-links-url"]').inputValue();
      assert.match(address, /\/s\/[A-Za-z0-9_-]{43}$/);
      await check(page, "drive-links-fr-light");

      // The visitor: password, then the file.
      const vp = v.page;
      v.allowConsoleError(/401/);
      await vp.goto(address);
      await vp.locator('[data-testid="share-password-form"]').waitFor();
      await check(vp, "drive-share-page-password-en-light");
      await vp.locator('[data-testid="share-password"]').fill("wrong");
      await vp.locator('[data-testid="share-unlock"]').click();
      await vp.locator('[data-testid="share-password-error"]').waitFor();
      await vp.locator('[data-testid="share-password"]').fill("mot de passe");
      await vp.locator('[data-testid="share-unlock"]').click();
      await vp.locator('[data-testid="share-file"]').waitFor();
      await check(vp, "drive-share-page-file-en-light");
      const href = await vp.locator('[data-testid="share-download"]').getAttribute("href");
      const res = await vp.context().request.get(url(href ?? ""));
      assert.equal(res.status(), 200);
      assert.equal(await res.text(), "ordre du jour");

      // Deleted: the page says the link is gone.
      await links.locator('[data-testid="drive-link-delete"]').click();
      await links.locator('[data-testid="drive-link"]').waitFor({ state: "detached" });
      v.allowConsoleError(/404/);
      await vp.reload();
      await vp.locator('[data-testid="share-gone"]').waitFor();
      await check(vp, "drive-share-page-gone-en-light");
    } finally {
      await o.close();
      await v.close();
    }
  });

  test("an editor link of a folder: a visitor adds files; a reader link cannot", async () => {
    const o = await openPage(browser, { locale: "de-DE" });
    const v = await openPage(browser, { locale: "en-US" });
    try {
      const { page } = o;
      await login(page);
      const api = page.context().request;
      const made = await api.post(url("/api/v1/files/root/folders"), { data: { name: "Abgabe" } });
      assert.equal(made.status(), 201, await made.text());
      const folder = await made.json();
      const first = await api.put(url(`/api/v1/files/${folder.id}/children/brief.txt`), { data: Buffer.from("vom Team"), headers: { "Content-Type": "text/plain" } });
      assert.equal(first.status(), 201, await first.text());
      const original = await first.json();

      // The owner makes an upload link in the share dialog.
      await page.goto(url("/drive"));
      const row = page.locator('[data-testid="drive-item"][data-name="Abgabe"]');
      await row.locator('[data-testid="drive-item-menu"]').click();
      await page.locator('[data-testid="drive-action-share"]').click();
      const links = page.locator('[data-testid="drive-links"]');
      await links.locator('[data-testid="drive-links-role"]').selectOption("editor");
      await links.locator('[data-testid="drive-links-submit"]').click();
      await links.locator('[data-testid="drive-link"]', { hasText: "Hochladen erlaubt" }).waitFor();
      const address = await links.locator('[data-testid="drive-links-url"]').inputValue();
      await check(page, "drive-links-editor-de-light");

      // The visitor, not signed in, adds two files; one name is taken.
      const vp = v.page;
      await vp.goto(address);
      await vp.locator('[data-testid="share-upload"]').waitFor();
      await check(vp, "drive-share-page-upload-en-light");
      await vp.locator('[data-testid="share-upload-input"]').setInputFiles([
        { name: "brief.txt", mimeType: "text/plain", buffer: Buffer.from("from outside") },
        { name: "photo.txt", mimeType: "text/plain", buffer: Buffer.from("a picture, in words") },
      ]);
      const sent = vp.locator('[data-testid="share-upload-item"][data-state="done"]');
      await sent.nth(1).waitFor();
      assert.match(await vp.locator('[data-testid="share-upload-list"]').innerText(), /“brief \(2\)\.txt” added/);
      await vp.locator('[data-testid="share-item"]').nth(2).waitFor();
      await check(vp, "drive-share-page-uploaded-en-light");
      await vp.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "dark"));
      await check(vp, "drive-share-page-uploaded-en-dark");

      // In the owner's folder, the first file is untouched and the new ones are there.
      const kids = await (await api.get(url(`/api/v1/files/${folder.id}/children`))).json();
      assert.deepEqual(kids.items.map((n) => n.name).sort(), ["brief (2).txt", "brief.txt", "photo.txt"]);
      const added = kids.items.find((n) => n.name === "brief (2).txt");
      assert.equal(await (await api.get(url(`/api/v1/files/${added.id}/content`))).text(), "from outside");
      assert.equal(await (await api.get(url(`/api/v1/files/${original.id}/content`))).text(), "vom Team");

      // A reader link of the same folder: no upload box, and the server refuses.
      const reader = await api.post(url(`/api/v1/files/${folder.id}/links`), { data: { role: "reader" } });
      assert.equal(reader.status(), 201, await reader.text());
      const { token } = await reader.json();
      await vp.goto(url(`/s/${token}`));
      await vp.locator('[data-testid="share-items"]').waitFor();
      assert.equal(await vp.locator('[data-testid="share-upload"]').count(), 0);
      const refused = await vp.context().request.put(url(`/api/v1/share/${token}/children/x.txt`), { data: Buffer.from("x") });
      assert.equal(refused.status(), 403);
    } finally {
      await o.close();
      await v.close();
    }
  });
});
