// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser test of comments against the real server: a commenter (who may
// not edit) selects text, comments on it, reacts; the owner replies and
// resolves; a reader sees the threads without a comment box. axe-core on
// the drawer in English (light) and French (dark). The owner's reply
// mentions the reader, whose header bell then shows it. The commented
// text is highlighted in the editor and the highlight follows the word
// through another person's edits (Yjs relative positions).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeViolations, launchBrowser, makeDataDir, openPage, runCli, screenshot, signInByAPI, startServer } from "./harness.mjs";

const owner = { email: "ines.martin@ensemble.test", name: "Inès Martin", password: "comments owner password 2026" };
const commenter = { email: "paul.durand@ensemble.test", name: "Paul Durand", password: "comments commenter password 2026" };
const reader = { email: "lea.roux@ensemble.test", name: "Léa Roux", password: "comments reader password 2026" };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  const dataDir = makeDataDir();
  for (const u of [owner, commenter, reader]) {
    await runCli(["user", "add", "--email", u.email, "--name", u.name, "--password-stdin", "--data", dataDir], u.password + "\n");
  }
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

/** selectText selects the first occurrence of text in the editor, as a mouse would. */
async function selectText(page, text) {
  const done = await page.evaluate((text) => {
    const root = document.querySelector('[data-testid="doc-editor"]');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent.indexOf(text);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + text.length);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
      return true;
    }
    return false;
  }, text);
  assert.ok(done, `${text} is not in the editor`);
}
let docID = "";

describe("comments", () => {
  test("a commenter comments on selected text; the owner replies and resolves", async () => {
    const o = await openPage(browser, { locale: "en-US" });
    const c = await openPage(browser, { locale: "en-US" });
    try {
      await apiLogin(o.page, owner);
      const created = await o.page.context().request.post(url("/api/v1/docs"), { data: { title: "Budget 2027" } });
      assert.equal(created.status(), 201);
      docID = (await created.json()).id;
      for (const [who, role] of [[commenter, "commenter"], [reader, "reader"]]) {
        const shared = await o.page.context().request.post(url(`/api/v1/docs/${docID}/accesses`), { data: { email: who.email, role } });
        assert.equal(shared.status(), 201, await shared.text());
      }
      await o.page.goto(url(`/docs/${docID}`));
      await o.page.getByTestId("doc-connection").and(o.page.locator('[data-state="connected"]')).waitFor();
      await editor(o.page).click();
      await o.page.keyboard.type("The total of the budget is wrong.", { delay: 5 });
      await editor(o.page).filter({ hasText: "total of the budget" }).waitFor();

      const { page } = c;
      await apiLogin(page, commenter);
      await page.goto(url(`/docs/${docID}`));
      await editor(page).filter({ hasText: "total of the budget" }).waitFor({ timeout: 15_000 });
      // Select "total of the budget" in the (read-only) editor.
      await selectText(page, "total of the budget");
      await page.getByTestId("doc-comments").click();
      const panel = page.getByTestId("comments-panel");
      await panel.getByTestId("comments-new-quote").filter({ hasText: "total of the budget" }).waitFor();
      await page.getByTestId("comments-text").fill("Which total? Please check line 4.");
      await page.getByTestId("comments-send").click();
      const thread = page.getByTestId("comment-thread").filter({ hasText: "Please check line 4" });
      await thread.getByTestId("comment-quote").filter({ hasText: "total of the budget" }).waitFor();
      await thread.getByTestId("comment-reaction").filter({ hasText: "👍" }).click();
      await thread.getByTestId("comment-reaction").filter({ hasText: "👍 1" }).waitFor();
      await noAxeViolations(page, "comments-panel-en-light");

      // The owner replies and resolves.
      await o.page.getByTestId("doc-comments").click();
      const othread = o.page.getByTestId("comment-thread").filter({ hasText: "Please check line 4" });
      // The reply mentions the reader: "@Lé" offers Léa, Enter chooses her.
      const replyBox = othread.getByTestId("comment-reply-text");
      await replyBox.click();
      await replyBox.pressSequentially("Fixed, thanks. @Lé", { delay: 5 });
      await o.page.getByTestId("mention-option").filter({ hasText: reader.name }).waitFor();
      await o.page.keyboard.press("Enter");
      assert.equal(await replyBox.inputValue(), `Fixed, thanks. @${reader.name} `);
      await othread.getByTestId("comment-reply").click();
      await othread.getByTestId("comment-body").filter({ hasText: `Fixed, thanks. @${reader.name}` }).waitFor();
      await othread.getByTestId("comment-resolve").click();
      await o.page.getByTestId("comments-toggle-resolved").waitFor();
      assert.equal(await o.page.getByTestId("comment-thread").count(), 0, "a resolved thread is hidden");
      await o.page.getByTestId("comments-toggle-resolved").click();
      await o.page.locator('[data-testid="comment-thread"][data-resolved="true"]').waitFor();
      await screenshot(o.page, "comments-resolved-en-light");
      assert.deepEqual(c.problems, [], "the commenter's page made requests off the machine or logged errors");
      assert.deepEqual(o.problems, [], "the owner's page made requests off the machine or logged errors");
    } finally {
      await c.close();
      await o.close();
    }
  });

  test("a reader sees the threads without a comment box, in French and dark", async () => {
    const p = await openPage(browser, { locale: "fr-FR", colorScheme: "dark" });
    const { page } = p;
    try {
      await apiLogin(page, reader);
      await page.goto(url(`/docs/${docID}`));
      // The owner's mention shows in the reader's bell; choosing it marks it read.
      const bell = page.getByTestId("notifications-button");
      await page.getByTestId("notifications-count").filter({ hasText: "1" }).waitFor();
      assert.match(await bell.getAttribute("aria-label"), /1/);
      await bell.click();
      const note = page.getByTestId("notification").filter({ hasText: "Inès Martin vous a mentionné dans « Budget 2027 »" });
      await note.waitFor();
      await noAxeViolations(page, "notifications-fr-dark");
      await note.click();
      await page.waitForURL(url(`/docs/${docID}`));
      await page.getByTestId("notifications-count").waitFor({ state: "detached" });
      await page.getByTestId("doc-comments").filter({ hasText: "Commentaires" }).click();
      await page.getByTestId("comments-readonly").waitFor();
      assert.equal(await page.getByTestId("comments-text").count(), 0);
      await page.getByTestId("comments-toggle-resolved").click();
      await page.getByTestId("comment-thread").filter({ hasText: "Fixed, thanks." }).waitFor();
      await noAxeViolations(page, "comments-panel-fr-dark");
      assert.deepEqual(p.problems, [], "the page made requests off the machine or logged errors");
    } finally {
      await p.close();
    }
  });
  test("the commented word stays highlighted through another person's edits; clicking it opens its thread", async () => {
    const o = await openPage(browser, { locale: "en-US" });
    const c = await openPage(browser, { locale: "en-US" });
    const r = await openPage(browser, { locale: "fr-FR", colorScheme: "dark" });
    try {
      await apiLogin(o.page, owner);
      const created = await o.page.context().request.post(url("/api/v1/docs"), { data: { title: "Highlights" } });
      assert.equal(created.status(), 201);
      const id = (await created.json()).id;
      for (const [who, role] of [[commenter, "commenter"], [reader, "reader"]]) {
        const shared = await o.page.context().request.post(url(`/api/v1/docs/${id}/accesses`), { data: { email: who.email, role } });
        assert.equal(shared.status(), 201, await shared.text());
      }
      await o.page.goto(url(`/docs/${id}`));
      await o.page.getByTestId("doc-connection").and(o.page.locator('[data-state="connected"]')).waitFor();
      await editor(o.page).click();
      await o.page.keyboard.type("Check the budget again.", { delay: 5 });

      // The commenter (A) comments on "budget".
      const { page } = c;
      await apiLogin(page, commenter);
      await page.goto(url(`/docs/${id}`));
      await editor(page).filter({ hasText: "Check the budget again." }).waitFor({ timeout: 15_000 });
      await selectText(page, "budget");
      await page.getByTestId("doc-comments").click();
      await page.getByTestId("comments-new-quote").filter({ hasText: /^budget$/ }).waitFor();
      await page.getByTestId("comments-text").fill("Which budget?");
      await page.getByTestId("comments-send").click();
      await page.getByTestId("comment-thread").filter({ hasText: "Which budget?" }).waitFor();
      await page.keyboard.press("Escape");
      await page.getByTestId("comments-panel").waitFor({ state: "detached" });
      const highlight = editor(page).getByTestId("comment-highlight");
      await highlight.filter({ hasText: /^budget$/ }).waitFor();

      // The owner (B) types before the word and right after it.
      await selectText(o.page, "Check");
      await o.page.keyboard.press("ArrowLeft");
      await o.page.keyboard.type("Please ", { delay: 5 });
      await selectText(o.page, " again");
      await o.page.keyboard.press("ArrowLeft");
      await o.page.keyboard.type("s", { delay: 5 });
      // (The editor's text also holds the owner's cursor label, right after the "s".)
      await editor(page).filter({ hasText: "Please Check the budgets" }).waitFor();
      assert.equal(await highlight.count(), 1);
      assert.equal(await highlight.textContent(), "budget", "the highlight covers exactly the commented word");
      assert.equal(await highlight.getAttribute("role"), "button", "in a read-only editor a highlight is a button");
      await noAxeViolations(page, "comments-highlight-en-light");

      // Clicking the highlight opens its thread, which gets the focus; the highlight is then the active one.
      await highlight.click();
      const thread = page.getByTestId("comment-thread").filter({ hasText: "Which budget?" });
      await thread.and(page.locator('[data-active="true"]')).waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "comment-thread");
      await editor(page).locator('[data-testid="comment-highlight"][data-active="true"]').waitFor();
      await noAxeViolations(page, "comments-highlight-open-en-light");
      await page.keyboard.press("Escape");
      await page.getByTestId("comments-panel").waitFor({ state: "detached" });
      // Enter on the focused highlight opens it too.
      await highlight.focus();
      await page.keyboard.press("Enter");
      await thread.and(page.locator('[data-active="true"]')).waitFor();

      // A reader sees the highlight too (French, dark).
      await apiLogin(r.page, reader);
      await r.page.goto(url(`/docs/${id}`));
      await editor(r.page).getByTestId("comment-highlight").filter({ hasText: /^budget$/ }).waitFor({ timeout: 15_000 });
      await noAxeViolations(r.page, "comments-highlight-fr-dark");

      // Resolving removes the highlight; reopening shows it again.
      await thread.getByTestId("comment-resolve").click();
      await page.getByTestId("comments-toggle-resolved").waitFor();
      await highlight.waitFor({ state: "detached" });
      await page.getByTestId("comments-toggle-resolved").click();
      await page.getByTestId("comment-thread").getByTestId("comment-resolve").filter({ hasText: "Reopen" }).click();
      await page.keyboard.press("Escape");
      await highlight.filter({ hasText: /^budget$/ }).waitFor();

      // The owner deletes the word: no highlight, and the thread says so.
      await selectText(o.page, "budgets");
      await o.page.keyboard.press("Backspace");
      await highlight.waitFor({ state: "detached" });
      await editor(page).filter({ hasText: "Please Check the" }).filter({ hasNotText: "budget" }).waitFor();
      await page.getByTestId("doc-comments").click();
      await page.getByTestId("comment-thread").getByTestId("comment-text-deleted").filter({ hasText: "The commented text was deleted." }).waitFor();
      await noAxeViolations(page, "comments-text-deleted-en-light");

      // A thread made before anchors had positions (a block ID only) is found again by its quote in that block.
      const blockID = await editor(page).locator("[data-id]").filter({ hasText: "again" }).last().getAttribute("data-id");
      const legacy = await o.page.context().request.post(url(`/api/v1/docs/${id}/threads`), { data: { anchor: { block_id: blockID }, quote: "again", body: "Old style." } });
      assert.equal(legacy.status(), 201, await legacy.text());
      await page.reload();
      await editor(page).getByTestId("comment-highlight").filter({ hasText: /^again$/ }).waitFor({ timeout: 15_000 });
      assert.deepEqual(c.problems, [], "the commenter's page made requests off the machine or logged errors");
      assert.deepEqual(o.problems, [], "the owner's page made requests off the machine or logged errors");
      assert.deepEqual(r.problems, [], "the reader's page made requests off the machine or logged errors");
    } finally {
      await r.close();
      await c.close();
      await o.close();
    }
  });
});
