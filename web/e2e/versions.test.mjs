// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of document versions against the real server: save a named
// version, type more, view the version read-only, see what changed since
// and who changed it, restore it (with confirmation) and see the old text
// come back in the live editor; the state before the restore is listed as
// a version.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, signInByAPI, startServer } from "./harness.mjs";

const owner = { email: "ines.martin@ensemble.test", name: "Inès Martin", password: "versions owner password 2026" };

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

const apiLogin = (page, who) => signInByAPI(page, server.url, who);

async function noAxeViolations(page, name) {
  await screenshot(page, name);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name}:\n${violations.join("\n")}`);
}

const editor = (page) => page.locator('[data-testid="doc-editor"]');

describe("versions", () => {
  test("save a version, type, view it, restore it and see the old text again", async () => {
    const p = await openPage(browser, { locale: "en-US" });
    const { page } = p;
    try {
      await apiLogin(page, owner);
      const created = await page.context().request.post(url("/api/v1/docs"), { data: { title: "Plan de continuité" } });
      assert.equal(created.status(), 201);
      const { id } = await created.json();
      await page.goto(url(`/docs/${id}`));
      await page.getByTestId("doc-connection").and(page.locator('[data-state="connected"]')).waitFor();

      await editor(page).click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("The original wording of the plan.", { delay: 5 });
      await editor(page).filter({ hasText: "original wording" }).waitFor();

      await page.getByTestId("doc-versions").click();
      await page.getByTestId("versions-panel").getByTestId("versions-empty").waitFor();
      await page.getByTestId("versions-name").fill("First draft");
      await page.getByTestId("versions-save").click();
      await page.getByTestId("versions-notice").filter({ hasText: "First draft" }).waitFor();
      await page.getByTestId("version-item").filter({ hasText: "First draft" }).waitFor();
      await noAxeViolations(page, "versions-panel-en-light");
      await page.keyboard.press("Escape");
      await page.getByTestId("versions-panel").waitFor({ state: "hidden" });

      // More words at the end of the same paragraph.
      await editor(page).getByText("The original wording of the plan.").click();
      await page.keyboard.press("End");
      await page.keyboard.type(" A rewrite nobody wanted.", { delay: 5 });
      await editor(page).filter({ hasText: "nobody wanted" }).waitFor();

      await page.getByTestId("doc-versions").click();
      const item = page.getByTestId("version-item").filter({ hasText: "First draft" });
      await item.getByTestId("version-view").click();
      const content = item.getByTestId("version-content");
      await content.waitFor();
      assert.match((await content.textContent()) ?? "", /original wording/);
      assert.doesNotMatch((await content.textContent()) ?? "", /nobody wanted/);
      await item.getByTestId("version-compare").click();
      // What changed since: the paragraph, its new words marked as added, and who edited it.
      const changes = item.getByTestId("version-changes");
      await changes.filter({ hasText: "nobody wanted" }).waitFor();
      const changed = changes.getByTestId("version-diff").locator('li[data-op="changed"]');
      assert.equal(await changed.count(), 1, "one block changed");
      assert.match((await changed.locator("ins").textContent()) ?? "", /A rewrite nobody wanted\./);
      assert.equal(await changed.locator("del").count(), 0, "nothing removed");
      assert.equal(await changed.getByTestId("version-change-by").textContent(), "by Inès Martin");
      assert.match((await changes.textContent()) ?? "", /Blocks added: 0; removed: 0; changed: 1\./);
      const author = changes.getByTestId("version-author");
      assert.equal(await author.count(), 1);
      assert.match((await author.textContent()) ?? "", /Inès Martin — edited$/);
      await noAxeViolations(page, "versions-view-en-light");

      await item.getByTestId("version-restore").click();
      await page.getByTestId("confirm-button").click();
      await page.getByTestId("versions-notice").filter({ hasText: "restored" }).waitFor();
      await page.getByTestId("version-item").filter({ hasText: "Before restoring" }).waitFor();
      await page.keyboard.press("Escape");

      // The live editor shows the old text, received as an edit.
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid="doc-editor"]')?.textContent ?? "";
        return t.includes("original wording") && !t.includes("nobody wanted");
      }, undefined, { timeout: 10_000 });
      await screenshot(page, "versions-restored-en-light");
      assert.deepEqual(p.problems, [], "the page made requests off the machine or logged errors");
    } finally {
      await p.close();
    }
  });

  test("the drawer in French and in the dark scheme, with its versions", async () => {
    const p = await openPage(browser, { locale: "fr-FR", colorScheme: "dark" });
    const { page } = p;
    try {
      await apiLogin(page, owner);
      const list = await page.context().request.get(url("/api/v1/docs?filter=mine"));
      const { docs } = await list.json();
      const doc = docs.find((d) => d.title === "Plan de continuité");
      assert.ok(doc, "the document of the first test");
      await page.goto(url(`/docs/${doc.id}`));
      await page.getByTestId("doc-versions").filter({ hasText: "Versions" }).click();
      const panel = page.getByTestId("versions-panel");
      await panel.getByText("Versions de « Plan de continuité »").waitFor();
      await page.getByTestId("version-item").filter({ hasText: "Avant la restauration de « First draft »" }).waitFor();
      await page.getByTestId("versions-save").filter({ hasText: "Enregistrer une version" }).waitFor();
      await page.getByTestId("version-item").first().getByTestId("version-view").click();
      await page.getByTestId("version-content").waitFor();
      // Since "First draft", restored: nothing changed, and who worked on it, in French.
      const first = page.getByTestId("version-item").filter({ hasText: "First draft" }).filter({ hasNotText: "Avant" });
      await first.getByTestId("version-view").click();
      await first.getByTestId("version-compare").click();
      const changes = first.getByTestId("version-changes");
      await changes.filter({ hasText: "Rien n’a changé depuis cette version." }).waitFor();
      await changes.getByTestId("version-author").filter({ hasText: "a modifié" }).waitFor();
      await changes.getByTestId("version-author").filter({ hasText: "Inès Martin" }).filter({ hasText: "a enregistré ou restauré une version" }).waitFor();
      // Since the version before the restore (opening it closes the other): the sentence it had, struck through.
      const prior = page.getByTestId("version-item").filter({ hasText: "Avant la restauration" });
      await prior.getByTestId("version-view").click();
      await prior.getByTestId("version-compare").click();
      const removed = prior.getByTestId("version-diff").locator('li[data-op="changed"] del');
      await removed.filter({ hasText: "A rewrite nobody wanted." }).waitFor();
      assert.equal(await removed.evaluate((el) => getComputedStyle(el).textDecorationLine), "line-through");
      assert.match((await removed.textContent()) ?? "", /texte supprimé/, "the removal is announced in words");
      assert.equal(await prior.getByTestId("version-change-by").textContent(), "par Inès Martin");
      await noAxeViolations(page, "versions-panel-fr-dark");
      assert.deepEqual(p.problems, [], "the page made requests off the machine or logged errors");
    } finally {
      await p.close();
    }
  });
});
