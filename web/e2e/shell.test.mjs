// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of the web shell against the real server binary
// ($ENSEMBLE_BIN). Every page is checked with axe-core, for requests that
// leave 127.0.0.1 and for console errors (which include CSP violations).
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { checkPage, launchBrowser, openPage, screenshot, startServer, withCheckedPage } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {{product: string, version: string, modules: {id: string, name: string, path: string}[]}} */
let shell;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(new URL("/api/v1/shell", server.url));
  assert.equal(res.status, 200, "GET /api/v1/shell");
  shell = await res.json();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** url resolves a path against the server. */
const url = (path) => new URL(path, server.url).href;

/**
 * withPage opens a fresh page, runs fn, and then fails the test on any
 * problem the page recorded; the context is closed in any case.
 * @param {Parameters<typeof openPage>[1]} options
 * @param {(p: Awaited<ReturnType<typeof openPage>>) => Promise<void>} fn
 */
const withPage = (options, fn) => withCheckedPage(browser, options, fn);

/** checkPage runs axe and saves a screenshot named name. */
/** ready waits for the home page to have asked the server for the shell. */
async function ready(page) {
  await page.locator('[data-testid="server-status"][data-status="ready"]').waitFor();
}

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const scheme = (page) => page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"));

describe("shell", () => {
  test("renders the home page with its landmarks and the server's version", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      const res = await page.goto(url("/"));
      assert.equal(res?.status(), 200);
      await ready(page);
      assert.equal(await page.locator("h1").textContent(), "Welcome to Ensemble");
      assert.equal(await page.title(), "Ensemble");
      assert.equal(await htmlLang(page), "en");
      assert.equal(await scheme(page), "light");
      for (const landmark of ["header", "nav", "main", "footer"]) {
        assert.equal(await page.locator(landmark).count(), 1, `one <${landmark}>`);
      }
      assert.equal(await page.getByTestId("server-version").textContent(), `Version ${shell.version}`);
      if (shell.modules.length === 0) {
        await page.getByTestId("apps-empty").waitFor();
      } else {
        assert.equal(await page.locator('[data-testid="apps"] a').count(), shell.modules.length);
      }
      await checkPage(page, "home-en-light");
    });
  });

  test("app switcher lists Home and the modules, and closes with Escape", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      const button = page.getByTestId("app-switcher");
      await button.click();
      assert.equal(await button.getAttribute("aria-expanded"), "true");
      const panel = page.locator("#ens-app-switcher");
      await panel.waitFor();
      assert.equal(await panel.getByRole("link", { name: "Home" }).getAttribute("aria-current"), "page");
      assert.equal(await panel.getByRole("link").count(), 1 + shell.modules.length);
      if (shell.modules.length === 0) {
        assert.match((await panel.textContent()) ?? "", /Modules appear here as your administrator enables them/);
      }
      await checkPage(page, "switcher-en-light");
      await page.keyboard.press("Escape");
      await panel.waitFor({ state: "hidden" });
      assert.equal(await button.getAttribute("aria-expanded"), "false");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "app-switcher", "focus returns to the button");
    });
  });

  test("a visitor sees a Sign in link that comes back to the page", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(url("/no/such/page?x=1"));
      const link = page.getByTestId("user-menu");
      await link.waitFor();
      assert.equal(await link.textContent(), "Sign in");
      // Signing in goes through the web app's OpenID Connect sign-in (a full page load).
      assert.equal(await link.getAttribute("href"), "/auth/login?return_to=%2Fno%2Fsuch%2Fpage%3Fx%3D1");
      await link.click();
      await page.getByTestId("login-page").waitFor();
      assert.match(await page.locator('input[name="return_to"]').inputValue(), /^\/oauth\/login-complete\?/);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "email", "the email field has the focus");
    });
  });

  test("language switch changes the text and <html lang>, and is remembered", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);

      await page.getByTestId("language-menu").click();
      await page.getByTestId("language-fr").click();
      await page.locator("h1", { hasText: "Bienvenue sur Ensemble" }).waitFor();
      assert.equal(await htmlLang(page), "fr");
      await page.reload();
      await ready(page);
      assert.equal(await page.locator("h1").textContent(), "Bienvenue sur Ensemble");
      assert.equal(await htmlLang(page), "fr");
      await checkPage(page, "home-fr-light");

      await page.getByTestId("language-menu").click();
      await page.getByTestId("language-de").click();
      await page.locator("h1", { hasText: "Willkommen bei Ensemble" }).waitFor();
      assert.equal(await htmlLang(page), "de");
      await page.reload();
      await ready(page);
      assert.equal(await htmlLang(page), "de");
      assert.equal(await page.getByTestId("language-menu").getAttribute("aria-label"), "Sprache: Deutsch");
      await checkPage(page, "home-de-light");
    });
  });

  test("the first language comes from the browser", async () => {
    await withPage({ locale: "de-AT" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      assert.equal(await page.locator("h1").textContent(), "Willkommen bei Ensemble");
      assert.equal(await htmlLang(page), "de");
    });
  });

  test("theme switch toggles dark mode and is remembered", async () => {
    await withPage({ locale: "en-US", colorScheme: "light" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      assert.equal(await scheme(page), "light");
      const toggle = page.getByTestId("theme-toggle");
      assert.equal(await toggle.getAttribute("aria-label"), "Switch to dark theme");
      await toggle.click();
      assert.equal(await scheme(page), "dark");
      assert.equal(await toggle.getAttribute("aria-label"), "Switch to light theme");
      await page.reload();
      await ready(page);
      assert.equal(await scheme(page), "dark", "dark theme survives a reload");
      await checkPage(page, "home-en-dark");
      await page.getByTestId("theme-toggle").click();
      assert.equal(await scheme(page), "light");
    });
  });

  test("the first theme follows prefers-color-scheme", async () => {
    await withPage({ locale: "fr-FR", colorScheme: "dark" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      assert.equal(await scheme(page), "dark");
      await checkPage(page, "home-fr-dark");
    });
  });

  test("skip link moves keyboard focus to the main content", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        top: document.activeElement?.getBoundingClientRect().top ?? -1,
      }));
      assert.equal(focused.text, "Skip to main content");
      assert.ok(focused.top >= 0, "the focused skip link is on screen");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    });
    // Where main has a link, the Tab after the skip link reaches it, past the header.
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(url("/not/here"));
      await page.getByTestId("not-found").waitFor();
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Back to home");
    });
  });

  test("header controls are reachable by keyboard in order", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      await page.getByTestId("user-menu").waitFor();
      const names = [];
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press("Tab");
        names.push(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") || document.activeElement?.textContent?.trim()));
      }
      assert.deepEqual(names, ["Skip to main content", "EnsembleSovereign workspace", "Apps", "Language: English", "Switch to dark theme", "Sign in"]);
      // The language menu opens and works from the keyboard.
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Shift+Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "language-menu");
      await page.keyboard.press("Enter");
      await page.getByRole("menu").waitFor();
      // Français, English, Deutsch: walk down to Deutsch and choose it.
      for (let i = 0; i < 3 && (await page.evaluate(() => document.activeElement?.textContent)) !== "Deutsch"; i++) {
        await page.keyboard.press("ArrowDown");
      }
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Deutsch");
      await page.keyboard.press("Enter");
      await page.locator("h1", { hasText: "Willkommen bei Ensemble" }).waitFor();
      assert.equal(await htmlLang(page), "de");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "language-menu", "focus returns to the menu button");
    });
  });

  test("unknown routes show the 404 page, with a way home", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      const res = await page.goto(url("/no/such/page"));
      assert.equal(res?.status(), 200, "client routes are served by index.html");
      await page.getByTestId("not-found").waitFor();
      assert.equal(await page.locator("h1").textContent(), "Page not found");
      assert.equal(await page.title(), "Page not found – Ensemble");
      assert.match((await page.getByTestId("not-found").textContent()) ?? "", /\/no\/such\/page/);
      await checkPage(page, "404-en-light");

      await page.getByTestId("theme-toggle").click();
      assert.equal(await scheme(page), "dark");
      await checkPage(page, "404-en-dark");

      await page.getByRole("link", { name: "Back to home" }).click();
      await page.locator("h1", { hasText: "Welcome to Ensemble" }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "ens-page-title", "focus moves to the new page's heading");
    });
  });

  test("404 page in German and French", async () => {
    await withPage({ locale: "de-DE" }, async ({ page }) => {
      await page.goto(url("/gibt/es/nicht"));
      await page.locator("h1", { hasText: "Seite nicht gefunden" }).waitFor();
      assert.equal(await htmlLang(page), "de");
      await checkPage(page, "404-de-light");
    });
    await withPage({ locale: "fr-FR", colorScheme: "dark" }, async ({ page }) => {
      await page.goto(url("/introuvable"));
      await page.locator("h1", { hasText: "Page introuvable" }).waitFor();
      await checkPage(page, "404-fr-dark");
    });
  });

  test("a server error is explained, and Try again recovers", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 503/);
      await page.route("**/api/v1/shell", (route) =>
        route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Maintenance in progress." } }) }),
      );
      await page.goto(url("/"));
      await page.locator('[data-testid="server-status"][data-status="error"]').waitFor();
      const alert = page.getByRole("alert");
      assert.match((await alert.textContent()) ?? "", /The server reports a problem.*The server answered: “Maintenance in progress\.” \(error 503\)\./);
      await checkPage(page, "home-en-error");
      await page.unroute("**/api/v1/shell");
      await page.getByRole("button", { name: "Try again" }).click();
      await ready(page);
    });
  });

  test("mobile width keeps every control and no horizontal scroll", async () => {
    await withPage({ locale: "fr-FR", viewport: { width: 360, height: 740 } }, async ({ page }) => {
      await page.goto(url("/"));
      await ready(page);
      await page.getByTestId("user-menu").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, "the page is wider than the screen");
      for (const id of ["app-switcher", "language-menu", "theme-toggle", "user-menu"]) {
        assert.equal(await page.getByTestId(id).isVisible(), true, `${id} is visible`);
      }
      await checkPage(page, "home-fr-mobile");
      await page.getByTestId("app-switcher").click();
      await page.locator("#ens-app-switcher").waitFor();
      await checkPage(page, "switcher-fr-mobile");
    });
  });
});

/**
 * get makes a raw HTTP request (no automatic decompression) and returns the
 * status, headers and body length.
 */
function get(path, headers = {}, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = request(url(path), { method, headers }, (res) => {
      let size = 0;
      res.on("data", (chunk) => (size += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, size }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("how the server serves the UI", () => {
  test("index.html: no-cache, CSP without inline scripts, precompressed", async () => {
    const res = await get("/", { "Accept-Encoding": "br, gzip" });
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
    assert.equal(res.headers["cache-control"], "no-cache");
    assert.equal(res.headers["content-encoding"], "br");
    assert.match(String(res.headers.vary), /Accept-Encoding/i);
    const csp = String(res.headers["content-security-policy"]);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
  });

  test("hashed assets are immutable and come compressed", async () => {
    const html = await (await fetch(url("/"))).text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(scripts.length >= 2, `index.html references its script and stylesheet under /assets/: ${scripts}`);
    for (const path of scripts) {
      const plain = await get(path, { "Accept-Encoding": "identity" });
      assert.equal(plain.status, 200, path);
      assert.equal(plain.headers["cache-control"], "public, max-age=31536000, immutable", path);
      assert.equal(plain.headers["content-encoding"], undefined, path);
      if (plain.size < 512) {
        // The build does not compress files this small (web/build/compress.ts): sent as they are.
        const small = await get(path, { "Accept-Encoding": "gzip, deflate, br" });
        assert.equal(small.headers["content-encoding"], undefined, path);
        assert.equal(small.size, plain.size, path);
        continue;
      }
      const gz = await get(path, { "Accept-Encoding": "gzip" });
      assert.equal(gz.headers["content-encoding"], "gzip", path);
      assert.ok(gz.size < plain.size, `${path}: gzip copy is smaller`);
      const br = await get(path, { "Accept-Encoding": "gzip, deflate, br" });
      assert.equal(br.headers["content-encoding"], "br", path);
      assert.match(String(br.headers["content-type"]), path.endsWith(".js") ? /^text\/javascript/ : /^text\/css/, path);
    }
  });

  test("missing assets and API routes are real 404s; client routes are not", async () => {
    assert.equal((await get("/assets/missing-0000.js")).status, 404);
    const api = await fetch(url("/api/v1/no-such-route"));
    assert.equal(api.status, 404);
    assert.match(api.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal((await api.json()).error.code, "not_found");
    assert.equal((await get("/some/client/route")).status, 200);
    assert.equal((await get("/favicon.svg")).status, 200);
  });

  test("only GET and HEAD reach the UI", async () => {
    assert.equal((await get("/", {}, "HEAD")).status, 200);
    const post = await get("/some/page", { "Content-Length": "0" }, "POST");
    assert.equal(post.status, 405);
    assert.match(String(post.headers.allow), /GET/);
  });
});
