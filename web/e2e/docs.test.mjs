// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of Docs against the real server: the lists, the editor
// (BlockNote over /collab, content kept across a reload), two people
// editing one document in two browser contexts, sharing through the
// dialog, a reader who cannot type, and callouts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkPage as check, launchBrowser, makeDataDir, openPage, runCli, screenshot, signInByAPI, startServer, withCheckedPage } from "./harness.mjs";

const owner = { email: "claire.dubois@ensemble.test", name: "Claire Dubois", password: "docs owner password 2026" };
const colleague = { email: "jonas.weber@ensemble.test", name: "Jonas Weber", password: "docs colleague password 2026" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** The document the first test creates; later tests use it. */
let docPath = "";

before(async () => {
  const dataDir = makeDataDir();
  for (const who of [owner, colleague]) {
    await runCli(["user", "add", "--email", who.email, "--name", who.name, "--password-stdin", "--data", dataDir], who.password + "\n");
  }
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

/** editor returns the editing area of the document page. */
const editor = (page) => page.locator('[data-testid="doc-editor"]');

/** typeAtEnd puts the caret at the end of the document and types text. */
async function typeAtEnd(page, text) {
  await editor(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text, { delay: 5 });
}

/** waitText waits until the editor shows text. */
async function waitText(page, text, timeout = 10_000) {
  await editor(page).filter({ hasText: text }).waitFor({ timeout });
}

describe("docs", () => {
  test("create a document from the empty list, write in it, and find it again after a reload", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, owner);
      await page.goto(url("/"));
      await page.getByTestId("app-switcher").click();
      await page.locator("#ens-app-switcher").getByRole("link", { name: /Docs/ }).click();
      await page.getByTestId("docs-empty").waitFor();
      assert.equal(pathOf(page), "/docs");
      assert.match((await page.getByTestId("docs-empty").textContent()) ?? "", /No documents yet/);
      await check(page, "docs-empty-en-light", { both: true });
      await page.getByTestId("docs-tab-trash").click();
      await page.getByTestId("docs-empty").filter({ hasText: "The trash is empty" }).waitFor();
      assert.equal(new URL(page.url()).search, "?filter=trash");
      await page.getByTestId("docs-tab-all").click();

      await page.getByTestId("doc-new").first().click();
      await page.getByTestId("doc-page").waitFor();
      docPath = pathOf(page);
      assert.match(docPath, /^\/docs\/[^/]+$/);
      await page.getByTestId("doc-connection").and(page.locator('[data-state="connected"]')).waitFor();
      await page.getByTestId("doc-title").fill("Compte rendu du comité de pilotage");
      await page.getByTestId("doc-title").press("Enter");
      await page.getByTestId("doc-breadcrumb").filter({ hasText: "Compte rendu du comité de pilotage" }).waitFor();

      await typeAtEnd(page, "# Decisions\nThe committee approves the budget for 2027.\n");
      await page.keyboard.type("- Publish the minutes\n", { delay: 5 });
      await waitText(page, "approves the budget");
      // The emoji picker uses its bundled data: no request leaves the machine (withPage checks).
      await page.keyboard.type(":smil", { delay: 20 });
      await page.locator(".bn-grid-suggestion-menu-item").first().waitFor();
      // Delete the trigger first (deleting after Escape could reopen the menu), then make
      // sure the menu is gone before the accessibility check.
      for (let i = 0; i < 5; i++) await page.keyboard.press("Backspace");
      await page.keyboard.press("Escape");
      await page.locator(".bn-grid-suggestion-menu").waitFor({ state: "detached" });
      assert.equal(await editor(page).locator("h1").filter({ hasText: "Decisions" }).count(), 1, "markdown shortcut made a heading");
      await page.getByTestId("doc-favorite").click();
      await page.getByTestId("doc-favorite").and(page.locator('[aria-pressed="true"]')).waitFor();
      await check(page, "doc-owner-en-light", { both: true });

      // The print view keeps the title and the content, nothing of the frame or the tools.
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator(".ens-header").isVisible(), false);
      assert.equal(await page.getByTestId("doc-connection").isVisible(), false);
      assert.equal(await page.getByTestId("doc-subpages").isVisible(), false);
      assert.equal(await editor(page).locator("h1").filter({ hasText: "Decisions" }).isVisible(), true);
      await screenshot(page, "doc-print-en");
      await page.emulateMedia({ media: "screen" });

      // Wait for the server to have it: the badge says "Saved" once in step.
      await page.getByTestId("doc-connection").and(page.locator('[data-state="connected"]')).waitFor();
      await page.waitForTimeout(300);
      await page.reload();
      await waitText(page, "The committee approves the budget for 2027.");
      assert.equal(await page.getByTestId("doc-title").inputValue(), "Compte rendu du comité de pilotage");

      await page.goto(url("/docs"));
      await page.locator('[data-testid="doc-row"][data-title="Compte rendu du comité de pilotage"]').waitFor();
      await check(page, "docs-list-en-light", { both: true });
      await page.getByTestId("docs-tab-favorites").click();
      await page.locator('[data-testid="doc-row"][data-title="Compte rendu du comité de pilotage"]').waitFor();
    });

    // The content comes from the server, not from this browser's IndexedDB: a fresh context sees it.
    await withPage({ locale: "fr-FR", colorScheme: "dark" }, async ({ page }) => {
      await apiLogin(page, owner);
      await page.goto(url(docPath));
      await waitText(page, "The committee approves the budget for 2027.");
      await page.getByTestId("doc-connection").filter({ hasText: "Enregistré" }).waitFor();
      await check(page, "doc-owner-fr-dark");
    });
  });

  test("two people edit one document at once and see each other's text; a reader cannot type; a visitor reads a public link", async () => {
    assert.ok(docPath, "the first test created the document");
    const a = await openPage(browser, { locale: "en-US" });
    const b = await openPage(browser, { locale: "de-DE" });
    try {
      await apiLogin(a.page, owner);
      await apiLogin(b.page, colleague);

      // Jonas cannot open it yet; he asks for access.
      b.allowConsoleError(/Failed to load resource: the server responded with a status of 404/);
      await b.page.goto(url(docPath));
      await b.page.getByTestId("doc-no-access").waitFor();
      await check(b.page, "doc-no-access-de-light");
      await b.page.getByTestId("doc-ask-access").click();
      await b.page.getByTestId("doc-access-requested").waitFor();

      // Claire accepts the request in the share dialog, then makes him editor.
      await a.page.goto(url(docPath));
      await waitText(a.page, "approves the budget");
      await a.page.getByTestId("doc-share").click();
      await a.page.getByTestId("share-dialog").waitFor();
      await a.page.locator(`[data-testid="share-request"][data-email="${colleague.email}"]`).waitFor();
      await check(a.page, "doc-share-request-en-light");
      await a.page.getByTestId("share-request-accept").click();
      const row = a.page.locator(`[data-testid="share-access"][data-email="${colleague.email}"]`);
      await row.waitFor();
      await row.getByTestId("share-access-role").selectOption("editor");
      await a.page.getByTestId("share-notice").filter({ hasText: "Jonas Weber is now Editor." }).waitFor();
      // Sharing with a team: the team's members get the role.
      const team = await a.context.request.post(url("/api/v1/teams"), { data: { name: "Cabinet du ministre", description: "" } });
      assert.equal(team.status(), 201, await team.text());
      await a.page.keyboard.press("Escape");
      await a.page.getByTestId("doc-share").click();
      await a.page.getByTestId("share-kind").selectOption({ label: "Team Cabinet du ministre" });
      await a.page.getByTestId("share-role").selectOption("commenter");
      await a.page.getByTestId("share-submit").click();
      await a.page.locator('[data-testid="share-access"][data-team="Cabinet du ministre"]').waitFor();
      await a.page.getByTestId("share-kind").selectOption("person");
      // Sharing by email works too: an address without an account gets an invitation link.
      await a.page.getByTestId("share-email").fill("gaelle.martin@partenaire.test");
      await a.page.getByTestId("share-role").selectOption("reader");
      await a.page.getByTestId("share-submit").click();
      await a.page.getByTestId("share-invite-link").waitFor();
      await check(a.page, "doc-share-en-light", { both: true });
      await a.page.keyboard.press("Escape");

      await b.page.goto(url(docPath));
      await waitText(b.page, "approves the budget");
      await b.page.getByTestId("doc-connection").and(b.page.locator('[data-state="connected"]')).waitFor();

      await typeAtEnd(a.page, "Claire was here.");
      await waitText(b.page, "Claire was here.");
      await typeAtEnd(b.page, "\nJonas hat das gelesen.");
      await waitText(a.page, "Jonas hat das gelesen.");
      // Each sees the other in the presence list.
      await a.page.locator(`[data-testid="doc-presence"] [data-name="${colleague.name}"]`).waitFor();
      await b.page.locator(`[data-testid="doc-presence"] [data-name="${owner.name}"]`).waitFor();
      await check(b.page, "doc-editor-de-light");

      // Jonas goes offline: the badge says his edits stay on this device; they reach Claire when he is back.
      await b.context.setOffline(true);
      await b.page.getByTestId("doc-connection").and(b.page.locator('[data-state="offline"]')).waitFor();
      await check(b.page, "doc-offline-de-light");
      await typeAtEnd(b.page, " Offline geschrieben.");
      await b.context.setOffline(false);
      await b.page.getByTestId("doc-connection").and(b.page.locator('[data-state="connected"]')).waitFor({ timeout: 15_000 });
      await waitText(a.page, "Offline geschrieben.", 15_000);

      // Claire makes him a reader; after a reload he cannot type.
      await a.page.getByTestId("doc-share").click();
      await a.page.locator(`[data-testid="share-access"][data-email="${colleague.email}"] [data-testid="share-access-role"]`).selectOption("reader");
      await a.page.getByTestId("share-notice").waitFor();
      await a.page.keyboard.press("Escape");

      await b.page.reload();
      await waitText(b.page, "Jonas hat das gelesen.");
      await b.page.getByTestId("doc-readonly").waitFor();
      assert.equal(await editor(b.page).getAttribute("contenteditable"), "false");
      await editor(b.page).click();
      await b.page.keyboard.type("not allowed");
      assert.equal(await editor(b.page).filter({ hasText: "not allowed" }).count(), 0, "a reader's keystrokes change nothing");
      assert.equal(await b.page.getByTestId("doc-title").getAttribute("readonly"), "");
      await check(b.page, "doc-reader-de-light");

      // Claire opens the link to anyone; a visitor without an account reads the document, and cannot type.
      await a.page.getByTestId("doc-share").click();
      await a.page.getByTestId("share-reach").selectOption("public");
      await a.page.getByTestId("share-link-role").and(a.page.locator(":not([disabled])")).waitFor();
      await a.page.keyboard.press("Escape");
      await withPage({ locale: "fr-FR" }, async ({ page }) => {
        await page.goto(url(docPath));
        await waitText(page, "Jonas hat das gelesen.");
        await page.getByTestId("doc-readonly").filter({ hasText: "lien public" }).waitFor();
        assert.equal(await editor(page).getAttribute("contenteditable"), "false");
        assert.equal(await page.getByTestId("doc-share").count(), 0);
        await check(page, "doc-visitor-fr-light");
      });

      assert.deepEqual(a.problems, []);
      assert.deepEqual(b.problems, []);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("callouts: inserted from the slash menu in French, kind changed, exported and printed", async () => {
    await withPage({ locale: "fr-FR" }, async ({ page }) => {
      await apiLogin(page, owner);
      const created = await page.context().request.post(url("/api/v1/docs"), { data: { title: "Note de service" } });
      assert.equal(created.status(), 201);
      const { id } = await created.json();
      await page.goto(url(`/docs/${id}`));
      await page.getByTestId("doc-connection").and(page.locator('[data-state="connected"]')).waitFor();

      await typeAtEnd(page, "Introduction\n/avert");
      await page.locator(".bn-suggestion-menu-item").filter({ hasText: "Avertissement" }).click();
      const callout = editor(page).getByTestId("callout");
      await callout.and(page.locator('[data-kind="warning"]')).waitFor();
      await page.keyboard.type("Attention à la date limite du 3 mars.", { delay: 5 });
      await callout.filter({ hasText: "date limite" }).waitFor();
      assert.equal(await callout.getAttribute("role"), "note");
      assert.equal(await callout.getAttribute("aria-label"), "Avertissement");

      // The icon is a button that changes the kind.
      const kind = callout.getByTestId("callout-kind");
      assert.equal(await kind.getAttribute("aria-label"), "Avertissement: changer le type d’encadré");
      await kind.click();
      await page.getByRole("menuitem", { name: "Danger" }).click();
      await callout.and(page.locator('[data-kind="danger"]')).waitFor();
      await check(page, "doc-callout-fr-light", { both: true });

      // The server reads it from the Yjs document: a GitHub alert in Markdown, an aside in HTML.
      let md = "";
      for (let i = 0; i < 50 && !md.includes("date limite du 3 mars."); i++) {
        const r = await page.context().request.get(url(`/api/v1/docs/${id}/export?format=md`));
        md = await r.text();
        if (!md.includes("date limite du 3 mars.")) await page.waitForTimeout(200);
      }
      assert.match(md, /\n\nIntroduction\n\n> \[!CAUTION\]\n> Attention à la date limite du 3 mars\.\n$/);
      const html = await (await page.context().request.get(url(`/api/v1/docs/${id}/export?format=html`))).text();
      assert.match(html, /<aside role="note" class="callout callout-danger" data-kind="danger"><p>Attention à la date limite du 3 mars\.<\/p><\/aside>/);

      // Printed: the box keeps its colours, without the kind's button look.
      await page.emulateMedia({ media: "print" });
      assert.equal(await callout.isVisible(), true);
      const bg = await callout.evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(bg, "rgb(253, 236, 236)", "the danger callout's shade in print");
      await screenshot(page, "doc-callout-print-fr");
      await page.emulateMedia({ media: "screen" });
    });
  });

  test("sub-pages, trash and restore, duplicate with sub-pages, move", async () => {
    await withPage({ locale: "en-US" }, async ({ page }) => {
      await apiLogin(page, owner);
      await page.goto(url(docPath));
      await page.getByTestId("doc-subpage-new").click();
      await page.getByTestId("doc-page").waitFor();
      await page.waitForURL((u) => u.pathname !== docPath);
      await page.getByTestId("doc-title").fill("Annexe budgétaire");
      await page.getByTestId("doc-title").press("Enter");
      await page.getByTestId("doc-breadcrumb").getByRole("link", { name: "Compte rendu du comité de pilotage" }).waitFor();
      await check(page, "doc-subpage-en-light");

      await page.getByTestId("doc-menu").click();
      await page.getByTestId("doc-trash").click();
      await page.getByTestId("confirm-dialog").getByRole("button", { name: "Move to trash" }).click();
      await page.waitForURL((u) => u.pathname === docPath);
      await page.goto(url("/docs?filter=trash"));
      await page.locator('[data-testid="doc-row"][data-title="Annexe budgétaire"]').waitFor();
      await check(page, "docs-trash-en-light");
      await page.locator('[data-testid="doc-row"][data-title="Annexe budgétaire"] [data-testid="doc-row-restore"]').click();
      await page.getByTestId("docs-notice").waitFor();
      await page.getByTestId("docs-empty").waitFor();
      await page.goto(url(docPath));
      await page.getByTestId("doc-subpage").filter({ hasText: "Annexe budgétaire" }).waitFor();

      // Duplicate with the sub-pages: the copy opens, with its content and its own sub-page.
      await page.getByTestId("doc-menu").click();
      await page.getByTestId("doc-duplicate").click();
      await check(page, "doc-duplicate-en-light");
      await page.getByTestId("doc-duplicate-submit").click();
      await page.waitForURL((u) => u.pathname !== docPath);
      const copyPath = pathOf(page);
      assert.equal(await page.getByTestId("doc-title").inputValue(), "Compte rendu du comité de pilotage (copy)");
      await waitText(page, "approves the budget");
      await page.getByTestId("doc-subpage").filter({ hasText: "Annexe budgétaire" }).waitFor();

      // Move the copy under the original: the breadcrumb follows.
      await page.getByTestId("doc-menu").click();
      await page.getByTestId("doc-move").click();
      await page.getByTestId("doc-move-parent").selectOption({ label: "Compte rendu du comité de pilotage" });
      await page.getByTestId("doc-move-submit").click();
      await page.getByTestId("doc-breadcrumb").getByRole("link", { name: "Compte rendu du comité de pilotage" }).waitFor();
      assert.equal(pathOf(page), copyPath);

      // On a phone: everything is there, and nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await waitText(page, "approves the budget");
      for (const id of ["doc-title", "doc-share", "doc-favorite", "doc-menu", "doc-connection", "doc-subpages"]) {
        assert.equal(await page.getByTestId(id).isVisible(), true, `${id} is visible on a phone`);
      }
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scroll on a phone");
      await check(page, "doc-mobile-en-light");
      await page.goto(url("/docs"));
      await page.getByTestId("doc-row").first().waitFor();
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scroll on a phone");
      await check(page, "docs-mobile-en-light");
    });
  });
});
