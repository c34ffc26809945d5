// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of "Connected applications" on the account page. The
// permission is given through the real OpenID Connect flow: an application
// registered with the command line before the server starts, the
// authorization request in the browser, the consent screen, and the
// redirect back to the application with a code. The application is a few
// lines of Node listening on 127.0.0.1 (so the harness's off-machine check
// has nothing to say about it): page.route cannot stand in for it, since
// Playwright routes only the first request of a redirect chain, and port 9
// (where nothing listens) is refused by Chromium as an unsafe port.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, screenshotDir, signInByAPI, startServer, withCheckedPage } from "./harness.mjs";

const person = { email: "denise.leroy@ensemble.test", name: "Denise Leroy", password: "a password for denise" };
/** The application's redirect URI, once its listener has a port. */
let redirectURI = "";
// PKCE, as the application would do it.
const verifier = randomBytes(32).toString("base64url");
const challenge = createHash("sha256").update(verifier).digest("base64url");

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("node:http").Server} */
let app;
const wiki = { id: "", secret: "" };

before(async () => {
  // The application: its callback shows a page, anything else (favicon) is empty.
  app = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://127.0.0.1").pathname === "/cb") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end('<!doctype html><html lang="en"><title>Wiki</title><h1>Wiki</h1></html>');
    } else {
      res.writeHead(204).end();
    }
  });
  await new Promise((resolve) => app.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = app.address();
  assert.ok(address && typeof address === "object");
  redirectURI = `http://127.0.0.1:${address.port}/cb`;

  const dataDir = makeDataDir();
  await runCli(["user", "add", "--email", person.email, "--name", person.name, "--password-stdin", "--data", dataDir], person.password + "\n");
  const out = await runCli(["oidc-client", "add", "--data", dataDir, "--name", "Wiki", "--redirect-uri", redirectURI]);
  wiki.id = /^client_id=(.+)$/m.exec(out)?.[1]?.trim() ?? "";
  wiki.secret = /^client_secret=(.+)$/m.exec(out)?.[1]?.trim() ?? "";
  assert.ok(wiki.id && wiki.secret, `oidc-client add printed a client_id and a client_secret:\n${out}`);
  [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
});

const url = (path) => new URL(path, server.url).href;

const withPage = (options, fn) => withCheckedPage(browser, options, fn);

/** check screenshots the page and its "Connected applications" section and runs axe-core, in both colour schemes. */
async function check(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const scheme of ["light", "dark"]) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await screenshot(page, `${name}-${scheme}`);
    mkdirSync(screenshotDir, { recursive: true });
    await page.locator("#apps").screenshot({ path: join(screenshotDir, `${name}-section-${scheme}.png`) });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name} (${scheme}):\n${violations.join("\n")}`);
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

const apiLogin = (page, who) => signInByAPI(page, server.url, who);

/**
 * The consent screen's Content-Security-Policy says form-action 'self', and
 * Chromium applies form-action to every redirect that follows a form
 * submission: Allow → /oauth/authorize/callback (same origin) → the
 * application (another origin) is blocked at the last hop, with this
 * console error (which names the form's address, not the blocked one).
 * The permission is saved by then. Until the server lets the consent
 * screen send the browser on to the client's redirect URI, allowWiki
 * tolerates exactly this error and asks again, which now needs no consent.
 */
const consentRedirectBlocked = /^Sending form data to '[^']*\/oauth\/consent' violates the following Content Security Policy directive: "form-action 'self'"/;

/**
 * allowWiki runs the authorization request in the page, answers the
 * consent screen with the button named allowText, and returns the code the
 * provider sends to the application, from the address the browser lands on.
 * @param {Awaited<ReturnType<typeof openPage>>} p
 * @param {string} allowText
 */
async function allowWiki(p, allowText) {
  const { page } = p;
  const q = new URLSearchParams({
    client_id: wiki.id,
    redirect_uri: redirectURI,
    response_type: "code",
    scope: "openid profile email",
    state: "x",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const authorize = url(`/oauth/authorize?${q}`);
  const atApp = (/** @type {URL} */ u) => u.href.startsWith(`${redirectURI}?`);
  await page.goto(authorize);
  const allow = page.locator('button[name="decision"][value="allow"]');
  await allow.waitFor();
  assert.equal(await allow.textContent(), allowText);
  p.allowConsoleError(consentRedirectBlocked);
  const blocked = page.waitForEvent("console", (m) => consentRedirectBlocked.test(m.text())).then(
    () => "blocked",
    () => "not blocked",
  );
  const arrived = page.waitForURL(atApp).then(
    () => "arrived",
    () => "not arrived",
  );
  // Allow → /oauth/authorize/callback → the application, with the code.
  await allow.click();
  // The blocked navigation may end waitForURL before the console error comes.
  let outcome = await Promise.race([arrived, blocked]);
  if (outcome === "not arrived") outcome = await blocked;
  assert.equal(["arrived", "blocked"].includes(outcome), true, `after Allow, the browser is at ${page.url()}, not at the application`);
  if (outcome === "blocked") {
    await page.goto(authorize);
    await page.waitForURL(atApp);
  }
  await page.locator("h1", { hasText: "Wiki" }).waitFor();
  const back = new URL(page.url());
  assert.equal(back.searchParams.get("state"), "x");
  const code = back.searchParams.get("code");
  assert.ok(code, `the application gets a code: ${page.url()}`);
  return code;
}

/** The application's side, from Node: exchange the code, use the access token. */
async function exchange(code) {
  const res = await fetch(url("/oauth/token"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${encodeURIComponent(wiki.id)}:${encodeURIComponent(wiki.secret)}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectURI, code_verifier: verifier }),
  });
  assert.equal(res.status, 200, `token exchange: ${await res.clone().text()}`);
  return (await res.json()).access_token;
}
const userinfo = (token) => fetch(url("/oauth/userinfo"), { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);

describe("connected applications", () => {
  test("someone allows an application, finds it on the account page and withdraws the permission", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      await apiLogin(page, person);
      await page.goto(url("/account#apps"));
      await page.getByTestId("apps-empty").waitFor();
      assert.match((await page.getByTestId("apps-empty").textContent()) ?? "", /No connected applications/);

      const code = await allowWiki(p, "Allow");
      const token = await exchange(code);
      assert.equal(await userinfo(token), 200, "the application's access token works");

      await page.goto(url("/account#apps"));
      const row = page.locator('[data-testid="app-row"][data-name="Wiki"]');
      await row.waitFor();
      assert.deepEqual(await row.getByTestId("app-scopes").locator("li").allTextContents(), ["Know who you are", "See your name and language", "See your email address"]);
      assert.match((await row.textContent()) ?? "", /Allowed /);
      await check(page, "account-apps-en");

      await row.getByTestId("app-withdraw").click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? "", /Withdraw the permission of “Wiki”\?/);
      await screenshot(page, "account-apps-withdraw-en-light");
      assert.deepEqual(await axeViolations(page), []);
      await dialog.getByTestId("confirm-button").click();
      await page.getByTestId("apps-empty").waitFor();
      assert.equal(await page.getByTestId("apps-notice").textContent(), "Wiki can no longer sign you in.");
      await check(page, "account-apps-empty-en");
      const after = await userinfo(token);
      assert.ok(after === 401 || after === 403, `the application's tokens are revoked (userinfo answers ${after})`);
    });
  });

  test("after a withdrawal the application must ask again; the list in German", async () => {
    await withPage({ locale: "de-DE" }, async (p) => {
      const { page } = p;
      await apiLogin(page, person);
      // The consent screen shows again: the permission was forgotten.
      await allowWiki(p, "Erlauben");
      await page.goto(url("/account#apps"));
      const row = page.locator('[data-testid="app-row"][data-name="Wiki"]');
      await row.waitFor();
      assert.equal(await page.locator("#apps-title").textContent(), "Verbundene Anwendungen");
      assert.deepEqual(await row.getByTestId("app-scopes").locator("li").allTextContents(), ["Wissen, wer Sie sind", "Ihren Namen und Ihre Sprache sehen", "Ihre E-Mail-Adresse sehen"]);
      assert.equal(await row.getByTestId("app-withdraw").getAttribute("aria-label"), "Erlaubnis von Wiki widerrufen");
      await check(page, "account-apps-de");

      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "account-apps-de-mobile");
      await page.locator("#apps").screenshot({ path: join(screenshotDir, "account-apps-de-mobile-section.png") });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll on a phone (${overflow}px)`);
    });
  });
});
