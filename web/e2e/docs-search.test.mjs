// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of Docs' search, import and export against the real
// server: import a Markdown file through the Docs home, find it by a word
// of its body with the search field ("/" focuses it), see the highlighted
// snippet, open it from the keyboard, download it as Markdown and read the
// file; import a sub-page, whose breadcrumb comes with the document; search
// within a page and its sub-pages; files the server refuses.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, signInByAPI, startServer, withCheckedPage } from "./harness.mjs";

const owner = { email: "amelie.laurent@ensemble.test", name: "Amélie Laurent", password: "docs search password 2026" };

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
const pathOf = (page) => new URL(page.url()).pathname;

const withPage = (options, fn) => withCheckedPage(browser, options, fn);

/** check screenshots the page and runs axe-core on it; with both, in dark mode and on a phone's width too. */
async function check(page, name, { both = false } = {}) {
  await screenshot(page, name);
  let violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name}:\n${violations.join("\n")}`);
  if (!both) return;
  const size = page.viewportSize();
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "dark"));
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name.replace(/-light$/, "") + "-dark-phone");
  violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name} (dark, phone):\n${violations.join("\n")}`);
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
  if (size) await page.setViewportSize(size);
}

const apiLogin = (page, who) => signInByAPI(page, server.url, who);

/**
 * searchFor types query into the search box of testId until a result
 * shows (the server indexes a change within a few seconds), and returns
 * the results' locator.
 */
async function searchFor(page, testId, query, timeoutMs = 15_000) {
  const box = page.getByTestId(testId);
  const input = box.getByTestId(`${testId}-input`);
  const hits = box.getByTestId("doc-search-hit");
  const until = Date.now() + timeoutMs;
  for (;;) {
    await input.fill("");
    await input.pressSequentially(query, { delay: 15 });
    await box.getByTestId(`${testId}-status`).filter({ hasText: query }).waitFor();
    if ((await hits.count()) > 0) return hits;
    if (Date.now() > until) assert.fail(`no result for ${query} within ${timeoutMs} ms`);
    await page.waitForTimeout(500);
  }
}

const word = "ornithorynque";
const markdown = `# Note de service sur les archives

Le classement des archives municipales suit le plan de 2026.

- Les registres de l'${word} sont numérisés.
- Les dossiers \`<img src=x onerror=alert(1)>\` restent au sous-sol.
`;

describe("docs search, import and export", () => {
  test("import a Markdown file, find it by a word of its body, open it and download it as Markdown", async () => {
    await withPage({ locale: "en-US" }, async (p) => {
      const { page } = p;
      await apiLogin(page, owner);
      await page.goto(url("/docs"));
      await page.getByTestId("docs-home").waitFor();

      // A file the import does not take is refused before any upload.
      await page.getByTestId("doc-import-file").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("not a document") });
      await page.getByTestId("doc-import-error").filter({ hasText: "“photo.png” cannot be imported" }).waitFor();
      // Files the server refuses: its reason is shown, nothing opens.
      p.allowConsoleError(/Failed to load resource: the server responded with a status of 400/);
      await page.getByTestId("doc-import-file").setInputFiles({ name: "rapport.docx", mimeType: "application/octet-stream", buffer: Buffer.from("plain text, not a zip") });
      const refused = page.getByTestId("doc-import-error").filter({ hasText: "“rapport.docx” was not imported." });
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? "", /400/);
      await page.getByTestId("doc-import-file").setInputFiles({ name: "piege.md", mimeType: "text/markdown", buffer: Buffer.from("# Piège\n\n<script>alert(1)</script>\n") });
      await page.getByTestId("doc-import-error").filter({ hasText: "“piege.md” was not imported." }).filter({ hasText: "script" }).waitFor();
      await screenshot(page, "docs-import-refused-en-light");
      assert.equal(pathOf(page), "/docs");

      await page.getByTestId("doc-import-file").setInputFiles({ name: "note-de-service.md", mimeType: "text/markdown", buffer: Buffer.from(markdown) });
      await page.getByTestId("doc-page").waitFor();
      const docPath = pathOf(page);
      assert.match(docPath, /^\/docs\/[^/]+$/);
      await page.locator('[data-testid="doc-editor"]').filter({ hasText: `Les registres de l'${word} sont numérisés.` }).waitFor();
      assert.equal(await page.locator("#ens-page-title").count(), 1);
      const title = await page.getByTestId("doc-title").inputValue();
      assert.ok(title.length > 0, "the imported document has a title");

      // Search from the home page: "/" focuses the field.
      await page.goto(url("/docs"));
      await page.getByTestId("doc-list").waitFor();
      await page.keyboard.press("/");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "doc-search-input");
      const hits = await searchFor(page, "doc-search", word);
      assert.equal(await hits.count(), 1);
      const mark = hits.first().locator("mark");
      assert.equal(((await mark.first().textContent()) ?? "").toLowerCase(), word);
      assert.match((await page.getByTestId("doc-search-status").textContent()) ?? "", /^1 document matches “ornithorynque”\.$/);
      await check(page, "docs-search-results-en-light", { both: true });

      // Markup in the text comes back as text in the snippet, never as elements.
      const scripted = await searchFor(page, "doc-search", "dossiers");
      assert.match((await scripted.first().getByTestId("doc-search-snippet").textContent()) ?? "", /<img src=x onerror=alert\(1\)>/);
      assert.equal(await page.evaluate(() => document.querySelectorAll(".ens-docs-search-snippet *:not(mark):not(span)").length), 0);

      // No result: said in words.
      await page.getByTestId("doc-search-input").fill("zzqxjvw");
      await page.getByTestId("doc-search-status").filter({ hasText: "No document matches “zzqxjvw”." }).waitFor();
      assert.equal(await page.getByTestId("doc-search-hit").count(), 0);
      await check(page, "docs-search-none-en-light");

      // Down arrow to the result, Enter opens it.
      await searchFor(page, "doc-search", word);
      await page.getByTestId("doc-search-input").press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.getByTestId("doc-page").waitFor();
      assert.equal(pathOf(page), docPath);

      // Export as Markdown: a download with the document's text.
      await page.getByTestId("doc-menu").click();
      await page.getByTestId("doc-export").click();
      await page.getByTestId("doc-export-pdf").waitFor();
      await screenshot(page, "doc-export-menu-en-light");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("doc-export-md").click()]);
      assert.match(download.suggestedFilename(), /\.md$/);
      const file = await download.path();
      const text = await readFile(file, "utf8");
      assert.match(text, new RegExp(`Les registres de l'${word} sont numérisés\\.`));
      assert.match(text, /Le classement des archives municipales suit le plan de 2026\./);
      const [pdf] = await Promise.all([page.waitForEvent("download"), (await page.getByTestId("doc-menu").click(), await page.getByTestId("doc-export").click(), page.getByTestId("doc-export-pdf").click())]);
      assert.match(pdf.suggestedFilename(), /\.pdf$/);
      assert.equal((await readFile(await pdf.path())).subarray(0, 5).toString(), "%PDF-");
    });
  });

  test("import a sub-page; its breadcrumb comes with it; search within a page and its sub-pages", async () => {
    await withPage({ locale: "fr-FR" }, async ({ page }) => {
      await apiLogin(page, owner);
      const parent = await page.context().request.post(url("/api/v1/docs"), { data: { title: "Dossier des archives" } });
      assert.equal(parent.status(), 201, await parent.text());
      const parentID = (await parent.json()).id;
      const other = await page.context().request.post(url("/api/v1/docs"), { data: { title: "Autre dossier" } });
      assert.equal(other.status(), 201);
      await page.goto(url(`/docs/${parentID}`));
      await page.getByTestId("doc-page").waitFor();

      // A larger file over a slow line: the progress shows, the upload is not cut short.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 250_000 });
      const paragraph = "Registre paroissial numérisé, cote et date relevées pour chaque volume du fonds.\n\n";
      await page.getByTestId("doc-subpage-import-file").setInputFiles({
        name: "registres.md",
        mimeType: "text/markdown",
        buffer: Buffer.from("# Registres\n\n" + paragraph.repeat(6000)),
      });
      const progress = page.getByTestId("doc-subpage-import-progress");
      await progress.filter({ hasText: /Import de « registres\.md »… [1-9]\d? %/ }).waitFor();
      await screenshot(page, "doc-subpage-import-progress-fr-light");
      await page.waitForURL((u) => u.pathname !== `/docs/${parentID}`, { timeout: 20_000 });
      await page.getByTestId("doc-breadcrumb").getByRole("link", { name: "Dossier des archives" }).waitFor();
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await page.goto(url(`/docs/${parentID}`));
      await page.getByTestId("doc-page").waitFor();

      await page.getByTestId("doc-subpage-import-file").setInputFiles({
        name: "inventaire.md",
        mimeType: "text/markdown",
        buffer: Buffer.from("# Inventaire\n\nLe fonds du castor est inventorié.\n"),
      });
      await page.waitForURL((u) => u.pathname !== `/docs/${parentID}`);
      await page.getByTestId("doc-page").waitFor();
      // The breadcrumb names the parent without asking the server for it.
      const parentGets = [];
      page.on("request", (r) => r.url().includes(`/api/v1/docs/${parentID}`) && r.method() === "GET" && parentGets.push(r.url()));
      await page.reload();
      await page.getByTestId("doc-breadcrumb").getByRole("link", { name: "Dossier des archives" }).waitFor();
      assert.deepEqual(parentGets, [], "the breadcrumb fetched its parent");

      // Search within the parent: the sub-page is found, the other top page is not.
      await page.goto(url(`/docs/${parentID}`));
      await page.getByTestId("doc-subpage").filter({ hasText: "Inventaire" }).waitFor();
      const within = await searchFor(page, "doc-subtree-search", "castor");
      assert.equal(await within.count(), 1);
      assert.match((await page.getByTestId("doc-subtree-search-status").textContent()) ?? "", /^1 document correspond à « castor »\.$/);
      await check(page, "doc-subtree-search-fr-light");
      await page.getByTestId("doc-subtree-search-input").fill("dossier");
      await page.getByTestId("doc-subtree-search-status").filter({ hasText: "« dossier »" }).waitFor();
      const titles = await page.getByTestId("doc-subtree-search").getByTestId("doc-search-hit").evaluateAll((els) => els.map((e) => e.getAttribute("data-title")));
      assert.ok(!titles.includes("Autre dossier"), `the search within the page found ${titles}`);
    });
  });
});
