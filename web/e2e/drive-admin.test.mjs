// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of Drive's part of the administrators' user list against
// the real server: each user's storage as a meter, setting a user's quota
// in GB, the warning when it is below their use, a refused amount, and
// putting the default back; in English and French, axe-core on each view.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkPage as check, launchBrowser, makeDataDir, runCli, signInByAPI, startServer, withCheckedPage } from "./harness.mjs";

const admin = { email: "chloe.admin@ensemble.test", name: "Chloé Admin", password: "drive quota admin password 2026" };
const user = { email: "noah.petit@ensemble.test", name: "Noah Petit", password: "drive quota user password 2026" };
const GiB = 1024 ** 3;

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  const dataDir = makeDataDir();
  await runCli(["user", "add", "--admin", "--email", admin.email, "--name", admin.name, "--password-stdin", "--data", dataDir], admin.password + "\n");
  await runCli(["user", "add", "--email", user.email, "--name", user.name, "--password-stdin", "--data", dataDir], user.password + "\n");
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (path) => new URL(path, server.url).href;

describe("drive quotas in the admin user list", () => {
  test("see each user's storage, set a quota in GB, put the default back", async () => {
    // The user stores 3 MiB.
    await withCheckedPage(browser, {}, async ({ page }) => {
      await signInByAPI(page, server.url, user);
      const put = await page.context().request.put(url("/api/v1/files/root/children/archive.bin"), { data: Buffer.alloc(3 * 1024 * 1024, 7) });
      assert.equal(put.status(), 201, await put.text());
    });

    await withCheckedPage(browser, { locale: "en-US" }, async ({ page }) => {
      await signInByAPI(page, server.url, admin);
      await page.goto(url("/admin"));
      const row = page.locator('[data-testid="user-row"]', { hasText: user.email });
      const cell = row.locator('[data-testid="user-storage"]');
      await cell.getByText("3 MB of 10 GB").waitFor();
      assert.match(await cell.innerText(), /default/);
      const meter = page.getByRole("meter", { name: `Storage used by ${user.name}` });
      assert.equal(await meter.getAttribute("aria-valuetext"), "3\u00a0MB of 10\u00a0GB");
      assert.equal(await meter.getAttribute("aria-valuenow"), "0");
      await check(page, "drive-admin-users-en-light");

      // Set 2 GB.
      await row.locator('[data-testid="user-actions"]').click();
      await page.locator('[data-testid="user-quota"]').click();
      const form = page.locator('[data-testid="quota-form"]');
      assert.equal(await form.locator('[data-testid="quota-amount"]').inputValue(), "10");
      assert.equal(await form.locator('[data-testid="quota-unit"]').inputValue(), "GB");
      await form.locator('[data-testid="quota-amount"]').fill("2");
      await check(page, "drive-admin-quota-dialog-en-light");
      await form.locator('[data-testid="quota-submit"]').click();
      await page.locator('[data-testid="users-notice"]', { hasText: `Storage quota of ${user.email} set to 2\u00a0GB.` }).waitFor();
      await cell.getByText("3 MB of 2 GB").waitFor();
      assert.match(await cell.innerText(), /set for this user/);
      const listed = async () => {
        const res = await page.context().request.get(url("/api/v1/admin/drive-usage"));
        assert.equal(res.status(), 200);
        const body = await res.json();
        const users = await (await page.context().request.get(url("/api/v1/admin/users"))).json();
        const id = users.users.find((u) => u.email === user.email).id;
        return body.items.find((u) => u.user_id === id);
      };
      const set = await listed();
      assert.equal(set.quota, 2 * GiB);
      assert.equal(set.custom, true);
      assert.equal(set.used, 3 * 1024 * 1024);

      // A quota below the use warns; nonsense is refused; then the default comes back.
      await row.locator('[data-testid="user-actions"]').click();
      await page.locator('[data-testid="user-quota"]').click();
      await form.locator('[data-testid="quota-unit"]').selectOption("MB");
      await form.locator('[data-testid="quota-amount"]').fill("1");
      await form.locator('[data-testid="quota-below"]').waitFor();
      await form.locator('[data-testid="quota-amount"]').fill("a lot");
      await form.locator('[data-testid="quota-submit"]').click();
      await form.locator('[data-testid="quota-error"]', { hasText: "Give a number, 0 or more." }).waitFor();
      await form.locator('[data-testid="quota-reset"]').click();
      await page.locator('[data-testid="users-notice"]', { hasText: "has the default storage quota again (10\u00a0GB)" }).waitFor();
      await cell.getByText("3 MB of 10 GB").waitFor();
      assert.equal((await listed()).custom, false);
    });

    // In French.
    await withCheckedPage(browser, { locale: "fr-FR" }, async ({ page }) => {
      await signInByAPI(page, server.url, admin);
      await page.goto(url("/admin"));
      await page.getByRole("columnheader", { name: "Stockage" }).waitFor();
      const cell = page.locator('[data-testid="user-row"]', { hasText: user.email }).locator('[data-testid="user-storage"]');
      await cell.getByText("3 Mo sur 10 Go").waitFor();
      await page.getByRole("meter", { name: `Stockage utilisé par ${user.name}` }).waitFor();
      await check(page, "drive-admin-users-fr-light");
    });
  });
});
