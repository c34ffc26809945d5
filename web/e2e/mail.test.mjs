// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Browser tests of the pages that change when the server sends mail
// (serve --smtp): a reset link and a team invitation say that the link
// was also sent by email, and the message really reached an SMTP server.
// That server is a small SMTP sink written here on node:net, listening on
// 127.0.0.1; the Go tests (internal/mail) cover STARTTLS, AUTH and retries.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { checkPage, launchBrowser, makeDataDir, runCli, signInByAPI, startServer, withCheckedPage } from "./harness.mjs";

const admin = { email: "alice.martin@ensemble.test", name: "Alice Martin", password: "correct horse battery staple" };
const user = { email: "bruno.petit@ensemble.test", name: "Bruno Petit", password: "first password 2026" };

/** startSink runs an SMTP server that accepts every message into `messages`. */
function startSink() {
  /** @type {{ from: string, to: string[], data: string }[]} */
  const messages = [];
  const waiters = [];
  const srv = createServer((sock) => {
    sock.setEncoding("utf8");
    let buf = "";
    let inData = false;
    let cur = { from: "", to: [], data: "" };
    sock.write("220 sink ESMTP\r\n");
    sock.on("data", (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          cur.data = buf.slice(0, end + 2).replace(/\r\n\.\./g, "\r\n.");
          buf = buf.slice(end + 5);
          inData = false;
          messages.push(cur);
          cur = { from: "", to: [], data: "" };
          waiters.splice(0).forEach((w) => w());
          sock.write("250 queued\r\n");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.split(" ")[0].toUpperCase();
        if (verb === "EHLO" || verb === "HELO") sock.write("250-sink\r\n250 8BITMIME\r\n");
        else if (verb === "MAIL") (cur.from = line.replace(/^MAIL FROM:<([^>]*)>.*$/i, "$1")), sock.write("250 ok\r\n");
        else if (verb === "RCPT") cur.to.push(line.replace(/^RCPT TO:<([^>]*)>.*$/i, "$1")), sock.write("250 ok\r\n");
        else if (verb === "DATA") (inData = true), sock.write("354 go ahead\r\n");
        else if (verb === "QUIT") sock.end("221 bye\r\n");
        else sock.write("250 ok\r\n");
      }
    });
    sock.on("error", () => {});
  });
  return new Promise((resolve) =>
    srv.listen(0, "127.0.0.1", () =>
      resolve({
        port: srv.address().port,
        messages,
        close: () => new Promise((r) => srv.close(r)),
        /** waitFor resolves with the first message to `to` once it has arrived. */
        waitFor: async (to, timeoutMs = 30_000) => {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const m = messages.find((x) => x.to.includes(to));
            if (m) return m;
            if (Date.now() > deadline) throw new Error(`no mail to ${to} after ${timeoutMs} ms; got ${messages.map((x) => x.to).join(", ")}`);
            await new Promise((r) => {
              waiters.push(r);
              setTimeout(r, 500);
            });
          }
        },
      }),
    ),
  );
}

/** quotedPrintable decodes a quoted-printable body. */
const quotedPrintable = (s) => Buffer.from(s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");

let server;
let browser;
let sink;

before(async () => {
  sink = await startSink();
  const dataDir = makeDataDir();
  await runCli(["user", "add", "--email", admin.email, "--name", admin.name, "--admin", "--password-stdin", "--data", dataDir], admin.password + "\n");
  await runCli(["user", "add", "--email", user.email, "--name", user.name, "--password-stdin", "--data", dataDir], user.password + "\n");
  process.env.ENSEMBLE_SMTP = `smtp://127.0.0.1:${sink.port}?starttls=off`;
  process.env.ENSEMBLE_MAIL_FROM = "Ensemble <noreply@ensemble.test>";
  try {
    [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
  } finally {
    delete process.env.ENSEMBLE_SMTP;
    delete process.env.ENSEMBLE_MAIL_FROM;
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

const url = (path) => new URL(path, server.url).href;

describe("mail", () => {
  test("a reset link is shown to the administrator and mailed to the user", async () => {
    await withCheckedPage(browser, { locale: "en-US" }, async ({ page }) => {
      await signInByAPI(page, server.url, admin);
      await page.goto(url("/admin"));
      await page.getByTestId("user-table").waitFor();
      const row = page.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
      await row.getByTestId("user-actions").click();
      await page.getByTestId("user-reset-link").click();
      await page.getByTestId("reset-link-dialog").filter({ hasText: `It was also sent to ${user.email} by email` }).waitFor();
      const link = await page.getByTestId("reset-link-value").inputValue();
      await checkPage(page, "mail-resetlink-sent-en-light");
      const m = await sink.waitFor(user.email);
      assert.equal(m.from, "noreply@ensemble.test");
      assert.ok(quotedPrintable(m.data).includes(link), `the mail lacks the link ${link}:\n${m.data}`);
    });
  });

  test("a guest invitation says the link was sent, in French", async () => {
    const guest = "invitee@ensemble.test";
    await withCheckedPage(browser, { locale: "fr-FR" }, async ({ page }) => {
      await signInByAPI(page, server.url, admin);
      // An address without an account has no language of its own: the
      // mail speaks the inviter's.
      const me = await page.context().request.patch(url("/api/v1/me"), { data: { locale: "fr" }, headers: { Accept: "application/json" } });
      assert.equal(me.status(), 200, await me.text());
      const res = await page.context().request.post(url("/api/v1/teams"), { data: { name: "Communication" }, headers: { Accept: "application/json" } });
      assert.equal(res.status(), 201, await res.text());
      const team = await res.json();
      await page.goto(url(`/teams/${(team.team ?? team).id}`));
      await page.getByTestId("invite-email").fill(guest);
      await page.getByTestId("invite-submit").click();
      await page.getByTestId("invite-link").filter({ hasText: "Ce lien lui a été envoyé par courriel" }).waitFor();
      const link = await page.getByTestId("invite-link-value").inputValue();
      await checkPage(page, "mail-invite-sent-fr-light");
      const m = await sink.waitFor(guest);
      const body = quotedPrintable(m.data);
      assert.ok(body.includes(link), `the mail lacks the link ${link}:\n${body}`);
      assert.match(body, /rejoindre l'équipe «\u00a0Communication\u00a0»/);
    });
  });

  test("sharing a document with an address without an account says the link was mailed", async () => {
    const invitee = "gaelle.martin@partenaire.test";
    await withCheckedPage(browser, { locale: "en-US" }, async ({ page }) => {
      await signInByAPI(page, server.url, user);
      const res = await page.context().request.post(url("/api/v1/docs"), { data: { title: "Budget 2027" }, headers: { Accept: "application/json" } });
      assert.equal(res.status(), 201, await res.text());
      const doc = await res.json();
      await page.goto(url(`/docs/${doc.id}`));
      await page.getByTestId("doc-share").click();
      await page.getByTestId("share-dialog").waitFor();
      await page.getByTestId("share-email").fill(invitee);
      await page.getByTestId("share-role").selectOption("editor");
      await page.getByTestId("share-submit").click();
      await page.getByTestId("share-notice").filter({ hasText: `${invitee} has no account yet: the invitation link below was sent to them by email.` }).waitFor();
      const link = await page.getByTestId("share-invite-link").inputValue();
      await checkPage(page, "mail-doc-invite-sent-en-light");
      const m = await sink.waitFor(invitee);
      const body = quotedPrintable(m.data);
      assert.ok(body.includes(link), `the mail lacks the link ${link}:\n${body}`);
      assert.match(body, /Bruno Petit invited you to the document “Budget 2027” as editor/);
    });
  });
});
