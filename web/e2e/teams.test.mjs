// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of teams, invitations, the sign-in providers and the
// administrators' list of teams, against the real server. Accounts are
// created with the command line before the server starts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkPage as check, launchBrowser, makeDataDir, runCli, screenshot, signInByAPI, startServer, withCheckedPage } from "./harness.mjs";

const admin = { email: "alice.martin@ensemble.test", name: "Alice Martin", password: "correct horse battery staple" };
const owner = { email: "odile.roux@ensemble.test", name: "Odile Roux", password: "owner password 2026" };
const colleague = { email: "bruno.petit@ensemble.test", name: "Bruno Petit", password: "first password 2026" };
const guest = { email: "gaston.lagaffe@partenaire.test", name: "Gaston Lagaffe", password: "a guest's own password" };
const late = { email: "lea.tardive@ensemble.test", name: "Léa Tardive", password: "late but here 2026" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** The team the first test creates; later tests use it. */
let teamPath = "";

before(async () => {
  const dataDir = makeDataDir();
  await runCli(["user", "add", "--email", admin.email, "--name", admin.name, "--admin", "--password-stdin", "--data", dataDir], admin.password + "\n");
  await runCli(["user", "add", "--email", owner.email, "--name", owner.name, "--password-stdin", "--data", dataDir], owner.password + "\n");
  await runCli(["user", "add", "--email", colleague.email, "--name", colleague.name, "--password-stdin", "--data", dataDir], colleague.password + "\n");
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (path) => new URL(path, server.url).href;
const pathOf = (page) => new URL(page.url()).pathname;

const withPage = (options, fn) => withCheckedPage(browser, options, fn);

/** check screenshots the page and runs axe-core on it; with both, in the other colour scheme too. */
const apiLogin = (page, who) => signInByAPI(page, server.url, who);

describe("teams", () => {
  test("create a team, add a colleague, invite a guest who creates an account from the link", async () => {
    let link = "";
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, owner);
      await page.goto(url("/"));
      await page.getByTestId("user-menu").click();
      await page.getByTestId("user-teams").click();
      await page.getByTestId("teams-empty").waitFor();
      assert.match((await page.getByTestId("teams-empty").textContent()) ?? "", /You are in no team yet — create one/);
      await check(page, "teams-empty-en-light", { both: true });

      await page.getByTestId("team-create-open").click();
      await page.getByTestId("team-name").fill("Communication interministérielle");
      await page.getByTestId("team-description").fill("Press releases, the website and social networks.");
      await check(page, "team-create-en-light");
      await page.getByTestId("team-submit").click();
      await page.getByTestId("team-title").filter({ hasText: "Communication interministérielle" }).waitFor();
      teamPath = pathOf(page);
      assert.match(teamPath, /^\/teams\/[^/]+$/);
      assert.match((await page.getByTestId("team-my-role").textContent()) ?? "", /Owner/);

      // Someone with an account is added at once.
      await page.getByTestId("invite-email").fill(colleague.email);
      await page.getByTestId("invite-submit").click();
      await page.getByTestId("team-notice").filter({ hasText: `${colleague.name} (${colleague.email}) was added` }).waitFor();
      await page.locator(`[data-testid="member-row"][data-email="${colleague.email}"]`).waitFor();

      // An address without an account gets a link to pass on.
      await page.getByTestId("invite-email").fill(guest.email);
      await page.getByTestId("invite-submit").click();
      await page.getByTestId("invite-link").waitFor();
      assert.match((await page.getByTestId("invite-link").textContent()) ?? "", /Mail delivery is not configured on this server/);
      link = await page.getByTestId("invite-link-value").inputValue();
      assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/invite\/.+/);
      await page.locator(`[data-testid="invitation-row"][data-email="${guest.email}"]`).waitFor();
      await check(page, "team-owner-en-light", { both: true });
    });

    await withPage({ locale: "en-US", colorScheme: "dark" }, async (p) => {
      const { page } = p;
      await page.goto(link);
      await page.getByTestId("invite-form").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Join Communication interministérielle");
      assert.match((await page.getByTestId("invite-summary").textContent()) ?? "", /Odile Roux invites you to join the team Communication interministérielle as Member\./);
      await check(page, "invite-en-dark", { both: true });
      await page.getByTestId("invite-name").fill(guest.name);
      await page.getByTestId("invite-password").fill(guest.password);
      await page.getByTestId("invite-confirm").fill("not the same password");
      await page.getByTestId("invite-submit").click();
      await page.getByTestId("invite-error").filter({ hasText: "The two passwords are not the same." }).waitFor();
      await page.getByTestId("invite-confirm").fill(guest.password);
      await page.getByTestId("invite-submit").click();
      // Through /auth/login, signed in, on the team page.
      await page.getByTestId("team-title").waitFor();
      assert.equal(pathOf(page), teamPath);
      assert.equal(await page.getByTestId("user-menu").getAttribute("aria-label"), `Account: ${guest.name}`);
      await page.locator(`[data-testid="member-row"][data-email="${guest.email}"][data-role="member"]`).waitFor();
      // A member may view and leave, nothing else.
      assert.equal(await page.getByTestId("team-leave").count(), 1);
      assert.equal(await page.getByTestId("team-edit").count(), 0);
      assert.equal(await page.getByTestId("team-delete").count(), 0);
      assert.equal(await page.getByTestId("invite-form").count(), 0);
      assert.equal(await page.getByTestId("member-remove").count(), 0);
      await check(page, "team-member-en-dark");

      // The link worked once; the used link is answered 404.
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 404/);
      await page.goto(link);
      await page.getByTestId("invite-invalid").waitFor();
      await check(page, "invite-invalid-en-dark");
    });
  });

  test("the last owner cannot leave; an owner promotes a colleague and removes a member", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 409/);
      await apiLogin(page, owner);
      await page.goto(url("/teams"));
      await page.getByTestId("team-card").first().waitFor();
      await check(page, "teams-en-light", { both: true });
      await page.getByTestId("team-card").first().click();
      await page.getByTestId("team-title").waitFor();

      await page.getByTestId("team-leave").click();
      const dialog = page.getByRole("dialog");
      await dialog.getByTestId("confirm-button").click();
      await dialog.getByRole("alert").filter({ hasText: "A team keeps at least one owner" }).waitFor();
      await check(page, "team-last-owner-en-light");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });

      const bruno = page.locator(`[data-testid="member-row"][data-email="${colleague.email}"]`);
      await bruno.getByTestId("member-role").selectOption("administrator");
      await page.getByTestId("team-notice").filter({ hasText: `${colleague.name} is now Administrator.` }).waitFor();
      await page.locator(`[data-testid="member-row"][data-email="${colleague.email}"][data-role="administrator"]`).waitFor();

      const gaston = page.locator(`[data-testid="member-row"][data-email="${guest.email}"]`);
      await gaston.getByTestId("member-remove").click();
      assert.match((await dialog.textContent()) ?? "", /Remove Gaston Lagaffe from “Communication interministérielle”\?/);
      await dialog.getByTestId("confirm-button").click();
      await gaston.waitFor({ state: "detached" });

      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "team-owner-en-mobile");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll on a phone (${overflow}px)`);
    });
  });

  test("an invitation to an address that has an account by now: sign in, then accept", async () => {
    let link = "";
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, owner);
      const res = await page.context().request.post(url(`/api/v1${teamPath}/members`), { data: { email: late.email, role: "member" }, headers: { Accept: "application/json" } });
      assert.equal(res.status(), 201);
      link = (await res.json()).url;
    });
    await withPage({ locale: "en-US" }, async ({ page }) => {
      // The account appears after the invitation was sent.
      await apiLogin(page, admin);
      const res = await page.context().request.post(url("/api/v1/admin/users"), { data: { email: late.email, name: late.name, password: late.password }, headers: { Accept: "application/json" } });
      assert.equal(res.status(), 201, await res.text());
      // Signed in as someone else: the page explains it.
      await page.goto(link);
      await page.getByTestId("invite-other-account").waitFor();
      await check(page, "invite-other-account-en-light");
    });
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(link);
      await page.getByTestId("invite-sign-in").waitFor();
      await check(page, "invite-sign-in-en-light");
      await page.getByTestId("invite-sign-in-button").click();
      await page.getByTestId("login-email").fill(late.email);
      await page.getByTestId("login-password").fill(late.password);
      await page.getByTestId("login-submit").click();
      await page.getByTestId("invite-accept").click();
      await page.locator(`[data-testid="member-row"][data-email="${late.email}"]`).waitFor();
      assert.equal(pathOf(page), teamPath);
    });
  });

  test("a team administrator sees the invitations others sent and revokes those they may; a member does not see them", async () => {
    const newcomer = "zoe.moreau@partenaire.test";
    const heir = "victor.lenoir@partenaire.test";
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, owner);
      for (const [email, role] of [
        [newcomer, "member"],
        [heir, "owner"],
      ]) {
        const res = await page.context().request.post(url(`/api/v1${teamPath}/members`), { data: { email, role }, headers: { Accept: "application/json" } });
        assert.equal(res.status(), 201, await res.text());
      }
    });

    // Bruno, an administrator of the team since the second test, sent none of them.
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, colleague);
      await page.goto(url(teamPath));
      await page.getByTestId("team-title").waitFor();
      assert.match((await page.getByTestId("team-my-role").textContent()) ?? "", /Administrator/);
      const section = page.getByTestId("section-invitations");
      await section.waitFor();
      assert.match((await section.textContent()) ?? "", /whoever sent them/);
      const zoe = page.locator(`[data-testid="invitation-row"][data-email="${newcomer}"]`);
      const victor = page.locator(`[data-testid="invitation-row"][data-email="${heir}"]`);
      assert.match((await zoe.getByTestId("invitation-meta").textContent()) ?? "", /^Member · sent by Odile Roux · expires /);
      assert.match((await victor.getByTestId("invitation-meta").textContent()) ?? "", /^Owner · sent by Odile Roux · expires /);
      // Ownership is the owners' business: no Revoke for the invitation as owner.
      assert.equal(await victor.getByTestId("invitation-revoke").count(), 0);
      await check(page, "team-invitations-admin-en-light", { both: true });

      await zoe.getByTestId("invitation-revoke").click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      assert.ok(((await dialog.textContent()) ?? "").includes(`Revoke the invitation of ${newcomer}?`));
      await dialog.getByTestId("confirm-button").click();
      await page.getByTestId("team-notice").filter({ hasText: `The invitation of ${newcomer} was revoked.` }).waitFor();
      await zoe.waitFor({ state: "detached" });
      assert.equal(await victor.count(), 1);
    });

    // A plain member is not shown the invitations (and the page does not ask: no 403 in the console).
    await withPage({ locale: "fr-FR" }, async ({ page }) => {
      /** @type {string[]} */
      const asked = [];
      page.on("request", (r) => asked.push(new URL(r.url()).pathname));
      await apiLogin(page, late);
      await page.goto(url(teamPath));
      await page.locator('[data-testid="member-row"]').first().waitFor();
      assert.match((await page.getByTestId("team-my-role").textContent()) ?? "", /Membre/);
      assert.equal(await page.getByTestId("section-invitations").count(), 0);
      assert.ok(!asked.some((path) => path.endsWith("/invitations")), `a member's page asks for no invitations: ${asked.join(", ")}`);
      await check(page, "team-member-fr-light");
    });
  });

  test("an administrator adds a sign-in provider; the login page then offers it", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 400/);
      await apiLogin(page, admin);
      await page.goto(url("/admin/providers"));
      await page.getByTestId("providers-empty").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Sign-in providers");
      assert.match(await page.getByTestId("provider-redirect-value").inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/auth\/upstream\/callback$/);
      await check(page, "admin-providers-empty-en-light", { both: true });

      await page.getByTestId("provider-create-open").click();
      await page.getByTestId("provider-name").fill("ProConnect");
      await page.getByTestId("provider-issuer").fill("auth.example.gouv.fr");
      await page.getByTestId("provider-client-id").fill("ensemble-test");
      await page.getByTestId("provider-secret").fill("a client secret");
      await page.getByTestId("provider-submit").click();
      // The server says which field is wrong.
      await page.getByTestId("provider-error").filter({ hasText: "The issuer must be" }).waitFor();
      // Nothing listens on port 1: the provider is configured but unreachable.
      await page.getByTestId("provider-issuer").fill("http://127.0.0.1:1/realms/agents");
      await page.getByTestId("provider-domains").fill("ensemble.test, @partenaire.test");
      await page.getByTestId("provider-link").check();
      await check(page, "admin-provider-form-en-light", { both: true });
      await page.getByTestId("provider-submit").click();
      await page.getByTestId("providers-notice").filter({ hasText: "ProConnect was added." }).waitFor();
      const row = page.locator('[data-testid="provider-row"][data-name="ProConnect"]');
      await row.waitFor();
      assert.match((await row.textContent()) ?? "", /ensemble\.test, partenaire\.test/);
      assert.match((await row.textContent()) ?? "", /Linked when verified/);
      await check(page, "admin-providers-en-light");

      await page.getByTestId("tab-teams").click();
      const team = page.locator('[data-testid="admin-team-row"][data-name="Communication interministérielle"]');
      await team.waitFor();
      assert.equal((await team.getByTestId("admin-team-members").textContent())?.trim(), "3", "Odile, Bruno and Léa");
      assert.equal(await page.locator("h1").textContent(), "Teams");
      await check(page, "admin-teams-en-light", { both: true });
    });

    await withPage({ locale: "fr-FR" }, async ({ page }) => {
      await page.goto(url("/login"));
      const button = page.getByTestId("login-provider");
      await button.waitFor();
      assert.equal(await button.textContent(), "Se connecter avec ProConnect");
      assert.match((await button.getAttribute("href")) ?? "", /^\/auth\/upstream\/[^/]+\/start\?return_to=%2F$/);
      await check(page, "login-providers-fr-light", { both: true });
      // The provider cannot be reached: the login page says so.
      await button.click();
      await page.getByTestId("login-problem").waitFor();
      assert.match(page.url(), /error=upstream&reason=provider_unreachable/);
      assert.match((await page.getByTestId("login-problem").textContent()) ?? "", /Le fournisseur de connexion est injoignable/);
      await check(page, "login-upstream-error-fr-light");
    });
  });
});
