// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of Drive share links against the real server: the owner
// makes a password-protected link in the share dialog and copies its
// address; a visitor who is not signed in opens /s/<token>, gives a wrong
// then the right password and downloads the file; the owner deletes the
// link and the page says so. axe-core on every view.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, startServer } from "./harness.mjs";

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

async function check(page, name) {
  await screenshot(page, name);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name}:\n${violations.join("\n")}`);
}

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
});
