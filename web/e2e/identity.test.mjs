// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of the identity pages (login, account, reset link,
// administration) against the real server. The accounts are created with
// the command line (`ensemble user add … --password-stdin`) in a fresh data
// folder before the server starts, as an operator would.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkPage, launchBrowser, makeDataDir, openPage, runCli, startServer, withCheckedPage } from "./harness.mjs";

const admin = { email: "alice.martin@ensemble.test", name: "Alice Martin", password: "correct horse battery staple" };
const user = { email: "bruno.petit@ensemble.test", name: "Bruno Petit", password: "first password 2026" };
const newcomer = { email: "claire.dubois@ensemble.test", name: "Claire Dubois", password: "a brand new password" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  const dataDir = makeDataDir();
  await runCli(["user", "add", "--email", admin.email, "--name", admin.name, "--admin", "--password-stdin", "--data", dataDir], admin.password + "\n");
  await runCli(["user", "add", "--email", user.email, "--name", user.name, "--password-stdin", "--data", dataDir], user.password + "\n");
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (path) => new URL(path, server.url).href;
const pathOf = (page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

/**
 * withPage opens a fresh context and page, runs fn, and fails on any
 * problem the page recorded.
 * @param {Parameters<typeof openPage>[1]} options
 * @param {(p: Awaited<ReturnType<typeof openPage>>) => Promise<void>} fn
 */
const withPage = (options, fn) => withCheckedPage(browser, options, fn);

/** apiLogin signs the page's context in through the JSON API (faster than the form, for tests about other pages). */
async function apiLogin(page, who) {
  const res = await page.context().request.post(url("/login"), {
    data: { email: who.email, password: who.password, return_to: "/" },
    headers: { Accept: "application/json" },
  });
  assert.equal(res.status(), 200, `login of ${who.email}: ${await res.text()}`);
  // The answer's redirect runs the web app's own OpenID Connect sign-in
  // (/auth/login → provider → /auth/callback), which sets the app session.
  const { redirect } = await res.json();
  const landed = await page.context().request.get(url(redirect), { headers: { Accept: "text/html" } });
  assert.equal(landed.status(), 200, `sign-in redirect ${redirect} ended at ${landed.url()}`);
}

/** formLogin fills the login form that is on the page and submits it. */
async function formLogin(page, who) {
  await page.getByTestId("login-email").fill(who.email);
  await page.getByTestId("login-password").fill(who.password);
  await page.getByTestId("login-submit").click();
}

async function me(page) {
  const res = await page.context().request.get(url("/api/v1/me"), { headers: { Accept: "application/json" } });
  return res.status();
}

describe("identity", () => {
  test("a page that needs a user leads to the login page, which explains a wrong password and then comes back", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 401/);
      await page.goto(url("/account"));
      // The page sends the visitor through the web app's OpenID Connect
      // sign-in; the provider, having no single sign-on session, shows the
      // login page, which then returns to the provider's flow.
      await page.getByTestId("login-page").waitFor();
      assert.match(pathOf(page), /^\/login\?return_to=%2Foauth%2Flogin-complete/);
      assert.equal(await page.title(), "Sign in – Ensemble");
      assert.equal(await page.locator('form[data-testid="login-form"]').getAttribute("method"), "post");
      assert.match(await page.locator('input[name="return_to"]').inputValue(), /^\/oauth\/login-complete\?/);
      assert.equal(await page.getByTestId("user-menu").textContent(), "Sign in");
      await checkPage(page, "login-en-light");

      await formLogin(page, { ...admin, password: "not the password" });
      const error = page.getByTestId("login-error");
      await error.waitFor();
      assert.match((await error.textContent()) ?? "", /Wrong email address or password\./);
      assert.equal(await page.getByTestId("login-password").inputValue(), "", "the wrong password is cleared");
      await checkPage(page, "login-en-error");

      await formLogin(page, admin);
      await page.locator("h1", { hasText: "My account" }).waitFor();
      assert.equal(pathOf(page), "/account");
      assert.equal(await page.getByTestId("user-menu").getAttribute("aria-label"), `Account: ${admin.name}`);
    });
  });

  test("login explains an unreachable server and rate limiting", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource/);
      await page.goto(url("/login"));
      await page.getByTestId("login-page").waitFor();
      await page.route("**/login", (route) => (route.request().method() === "POST" ? route.abort("connectionrefused") : route.continue()));
      await formLogin(page, { email: "ghost@ensemble.test", password: "whatever it is" });
      await page.getByTestId("login-error").waitFor();
      assert.match((await page.getByTestId("login-error").textContent()) ?? "", /The server cannot be reached/);
      await page.unroute("**/login");

      // Five failures per account are allowed, the next one must wait.
      for (let i = 0; i < 5; i++) {
        const res = await page.context().request.post(url("/login"), { data: { email: "ghost@ensemble.test", password: "wrong guess " + i }, headers: { Accept: "application/json" } });
        assert.equal(res.status(), 401);
      }
      await formLogin(page, { email: "ghost@ensemble.test", password: "yet another guess" });
      await page.getByTestId("login-error").filter({ hasText: "Too many" }).waitFor();
      assert.match((await page.getByTestId("login-error").textContent()) ?? "", /Too many failed attempts\. Wait \d+ seconds, then try again\./);
    });
  });

  test("the user menu links to the account and signs out", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, user);
      await page.goto(url("/"));
      const button = page.getByTestId("user-menu");
      await button.click();
      const panel = page.locator("#ens-user-panel");
      await panel.waitFor();
      assert.match((await panel.textContent()) ?? "", new RegExp(`${user.name}.*${user.email}`));
      assert.equal(await panel.getByRole("link", { name: "Administration" }).count(), 0, "no Administration link for a user");
      await checkPage(page, "usermenu-en-light");
      await panel.getByTestId("sign-out").click();
      await page.getByTestId("logged-out").waitFor();
      assert.equal(pathOf(page), "/login?logged_out=1");
      assert.equal(await me(page), 401);
    });
  });

  test("a user changes their password and signs in with the new one", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 403/);
      await apiLogin(page, user);
      await page.goto(url("/account"));
      const form = page.getByTestId("password-form");
      await form.waitFor();
      const next = "second password 2026";
      await page.getByTestId("password-current").fill("not my password");
      await page.getByTestId("password-new").fill(next);
      await page.getByTestId("password-confirm").fill(next);
      await page.getByTestId("password-submit").click();
      await page.getByTestId("password-message").filter({ hasText: "The current password is wrong." }).waitFor();

      await page.getByTestId("password-current").fill(user.password);
      await page.getByTestId("password-submit").click();
      await page.getByTestId("password-message").filter({ hasText: "Password changed." }).waitFor();
      user.password = next;

      await page.getByTestId("user-menu").click();
      await page.getByTestId("sign-out").click();
      await page.getByTestId("logged-out").waitFor();
      await formLogin(page, user);
      await page.locator("h1", { hasText: "Welcome to Ensemble" }).waitFor();
      assert.equal(await me(page), 200);
    });
  });

  test("a user creates a token, sees its secret once, uses it and revokes it (dark theme)", async () => {
    await withPage({ locale: "en-US", colorScheme: "dark" }, async ({ page }) => {
      await apiLogin(page, user);
      await page.goto(url("/account#tokens"));
      await page.getByTestId("tokens-empty").waitFor();
      await page.getByTestId("token-name").fill("Backup script");
      await page.getByTestId("token-expiry").selectOption("720");
      await page.getByTestId("token-create").click();
      await page.getByTestId("token-secret").waitFor();
      const secret = await page.getByTestId("token-secret-value").inputValue();
      assert.ok(secret.length > 20, `a secret is shown: ${secret}`);
      assert.equal(await page.getByTestId("token-row").count(), 1);
      await checkPage(page, "account-en-dark");

      const bearer = () => fetch(url("/api/v1/me"), { headers: { Authorization: `Bearer ${secret}`, Accept: "application/json" } });
      assert.equal((await bearer()).status, 200, "the token works");

      await page.getByTestId("token-secret-done").click();
      await page.getByTestId("token-secret").waitFor({ state: "detached" });
      await page.getByTestId("token-revoke").click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? "", /Revoke the token “Backup script”\?/);
      await checkPage(page, "token-revoke-en-dark");
      await dialog.getByTestId("confirm-button").click();
      await page.getByTestId("tokens-empty").waitFor();
      assert.equal((await bearer()).status, 401, "the revoked token no longer works");
    });
  });

  test("an administrator creates a user and a reset link; the newcomer sets a password with it", async () => {
    let link = "";
    await withPage({ locale: "fr-FR" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 409/);
      await apiLogin(page, admin);
      await page.goto(url("/admin"));
      await page.getByTestId("user-table").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Utilisateurs");
      assert.equal(await page.getByTestId("user-row").count(), 2);
      await checkPage(page, "admin-users-fr-light");

      await page.getByTestId("user-create-open").click();
      await page.getByTestId("user-create-form").waitFor();
      await page.getByTestId("create-email").fill(newcomer.email);
      await page.getByTestId("create-name").fill(newcomer.name);
      await checkPage(page, "admin-create-fr-light");
      await page.getByTestId("create-submit").click();
      await page.getByTestId("users-notice").filter({ hasText: newcomer.email }).waitFor();
      const row = page.locator(`[data-testid="user-row"][data-email="${newcomer.email}"]`);
      await row.waitFor();

      // The same address again is refused with a clear message.
      await page.getByTestId("user-create-open").click();
      await page.getByTestId("create-email").fill(newcomer.email.toUpperCase());
      await page.getByTestId("create-name").fill("Someone Else");
      await page.getByTestId("create-submit").click();
      await page.getByTestId("create-error").filter({ hasText: "Un compte existe déjà" }).waitFor();
      await page.keyboard.press("Escape");
      await page.getByTestId("user-create-form").waitFor({ state: "detached" });

      await page.getByTestId("user-search").fill("claire");
      await page.getByTestId("user-search").press("Enter");
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 1);

      await row.getByTestId("user-actions").click();
      await page.getByTestId("user-reset-link").click();
      await page.getByTestId("reset-link-dialog").waitFor();
      link = await page.getByTestId("reset-link-value").inputValue();
      assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/reset-password\/.+/);
      await checkPage(page, "admin-resetlink-fr-light");
    });

    await withPage({ locale: "de-DE" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 40[14]/);
      await page.goto(link);
      await page.getByTestId("reset-page").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Neues Passwort wählen");
      await checkPage(page, "reset-de-light");
      await page.getByTestId("reset-new").fill(newcomer.password);
      await page.getByTestId("reset-confirm").fill(newcomer.password);
      await page.getByTestId("reset-submit").click();
      await page.getByTestId("reset-done").waitFor();
      assert.match((await page.getByTestId("reset-done").textContent()) ?? "", new RegExp(newcomer.email.replace(/\./g, "\\.")));

      // The link works once.
      await page.goto(link);
      await page.getByTestId("reset-new").fill("another password 42");
      await page.getByTestId("reset-confirm").fill("another password 42");
      await page.getByTestId("reset-submit").click();
      await page.getByTestId("reset-error").filter({ hasText: "bereits benutzt" }).waitFor();

      await page.goto(url("/login"));
      await formLogin(page, newcomer);
      await page.locator("h1", { hasText: "Willkommen bei Ensemble" }).waitFor();
      assert.equal(await me(page), 200);
    });
  });

  test("an administrator disables a user, who then cannot sign in", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      await apiLogin(page, admin);
      await page.goto(url("/admin"));
      const row = page.locator(`[data-testid="user-row"][data-email="${newcomer.email}"]`);
      await row.waitFor();
      await row.getByTestId("user-actions").click();
      await page.getByTestId("user-disable").click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? "", /Disable Claire Dubois\?/);
      await checkPage(page, "admin-disable-en-light");
      await dialog.getByTestId("confirm-button").click();
      await row.getByTestId("user-status").filter({ hasText: "Disabled" }).waitFor();
      await checkPage(page, "admin-users-en-light");
    });
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 401/);
      await page.goto(url("/login"));
      await formLogin(page, newcomer);
      await page.getByTestId("login-error").filter({ hasText: "Wrong email address or password." }).waitFor();
    });
  });

  test("the audit log shows login failures, pages and exports", async () => {
    await withPage({ locale: "en-US", colorScheme: "dark" }, async ({ page }) => {
      await apiLogin(page, admin);
      await page.goto(url("/admin/audit"));
      await page.getByTestId("audit-table").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Audit log");
      await page.getByTestId("audit-action").selectOption("login");
      await page.getByTestId("audit-outcome").selectOption("failure");
      await page.getByTestId("audit-apply").click();
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) => r.getAttribute("data-outcome") === "failure" && r.getAttribute("data-action") === "login"));
      const rows = page.getByTestId("audit-row");
      const texts = await rows.allTextContents();
      assert.ok(texts.some((t) => t.includes(admin.email) && t.includes("bad_password")), `the wrong password of the first test is logged:\n${texts.join("\n")}`);
      assert.ok(texts.some((t) => t.includes(newcomer.email) && t.includes("disabled")), "the disabled user's attempt is logged");
      await page.getByTestId("audit-end").waitFor();
      await checkPage(page, "admin-audit-en-dark");

      const href = await page.getByTestId("audit-export").getAttribute("href");
      assert.match(href ?? "", /^\/api\/v1\/admin\/audit\?.*format=jsonl/);
      const res = await page.context().request.get(url(href ?? ""));
      assert.equal(res.status(), 200);
      const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
      assert.ok(lines.length >= 2 && lines.every((e) => e.action === "login" && e.outcome === "failure"));
    });
  });

  test("an administrator registers, edits and deletes a connected app (OIDC client)", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, admin);
      await page.goto(url("/admin/apps"));
      await page.getByTestId("clients-empty").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Connected apps");
      await checkPage(page, "admin-apps-empty-en-light");

      await page.getByTestId("client-create-open").click();
      await page.getByTestId("client-name").fill("Team wiki");
      await page.getByTestId("client-redirects").fill("https://wiki.example/callback*");
      await page.getByTestId("client-submit").click();
      await page.getByTestId("client-error").filter({ hasText: "is not an absolute URI" }).waitFor();
      await page.getByTestId("client-redirects").fill("https://wiki.example/oidc/callback\nhttps://wiki.example/other/callback");
      await checkPage(page, "admin-apps-form-en-light");
      await page.getByTestId("client-submit").click();
      await page.getByTestId("client-secret").waitFor();
      const id = await page.getByTestId("client-id-value").inputValue();
      const secret = await page.getByTestId("client-secret-value").inputValue();
      assert.ok(id && secret.length > 20, "client id and secret are shown");
      const row = page.locator('[data-testid="client-row"][data-name="Team wiki"]');
      await row.waitFor();
      await checkPage(page, "admin-apps-en-light");
      await page.getByTestId("client-secret-done").click();

      await row.getByTestId("client-edit").click();
      await page.getByTestId("client-trusted").check();
      await page.getByTestId("client-submit").click();
      await page.getByTestId("clients-notice").filter({ hasText: "Team wiki was saved." }).waitFor();
      await row.filter({ hasText: "Trusted" }).waitFor();

      await row.getByTestId("client-delete").click();
      await page.getByRole("dialog").getByTestId("confirm-button").click();
      await page.getByTestId("clients-empty").waitFor();
    });
  });

  test("someone who is not an administrator gets a 403 page at /admin", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, user);
      await page.goto(url("/admin"));
      await page.getByTestId("forbidden").waitFor();
      assert.equal(await page.title(), "Access denied – Ensemble");
      await checkPage(page, "forbidden-en-light");
    });
  });

  test("the account page in French: profile language switches the interface", async () => {
    await withPage({ locale: "fr-FR" }, async ({ page }) => {
      await apiLogin(page, user);
      await page.goto(url("/account"));
      await page.locator("h1", { hasText: "Mon compte" }).waitFor();
      await page.getByTestId("session-list").waitFor();
      await checkPage(page, "account-fr-light");
      await page.getByTestId("profile-language").selectOption("de");
      await page.getByTestId("profile-save").click();
      await page.locator("h1", { hasText: "Mein Konto" }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
    });
  });

  test("a user turns email notifications off in the profile, and the setting is kept", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, admin);
      await page.goto(url("/account"));
      // Found by its accessible name, as a screen reader announces it.
      const box = page.getByRole("checkbox", { name: "Email me notifications" });
      await box.waitFor();
      assert.equal(await box.isChecked(), true, "on by default");
      await checkPage(page, "account-email-notifications-en-light");
      await box.uncheck();
      await page.getByTestId("profile-save").click();
      await page.getByText("Profile saved.").waitFor();
      const res = await page.context().request.get(url("/api/v1/me"), { headers: { Accept: "application/json" } });
      assert.equal((await res.json()).user.email_notifications, false);
      await page.reload();
      await page.getByRole("checkbox", { name: "Email me notifications" }).waitFor();
      assert.equal(await page.getByRole("checkbox", { name: "Email me notifications" }).isChecked(), false, "kept after a reload");
      await page.getByRole("checkbox", { name: "Email me notifications" }).check();
      await page.getByTestId("profile-save").click();
      await page.getByText("Profile saved.").waitFor();
      await checkPage(page, "account-email-notifications-saved-en-light");
    });
  });
});
