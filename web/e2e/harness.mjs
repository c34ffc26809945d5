// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The parts the browser tests share: start the real `ensemble serve`,
// launch Debian's Chromium through playwright-core, watch every page for
// requests that leave the machine and for console errors (CSP violations
// are console errors), and run axe-core.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where screenshots go; git-ignored. */
export const screenshotDir = process.env.E2E_SCREENSHOTS || join(here, "screenshots");

const startTimeoutMs = 20_000;

/** ensembleBin returns $ENSEMBLE_BIN, or throws a message that says how to set it. */
export function ensembleBin() {
  const bin = process.env.ENSEMBLE_BIN;
  if (!bin) {
    throw new Error("ENSEMBLE_BIN is not set: build the server (make build) and run ENSEMBLE_BIN=/path/to/ensemble npm run e2e");
  }
  return bin;
}

/** makeDataDir creates a fresh, empty data folder for one server. */
export function makeDataDir() {
  return mkdtempSync(join(tmpdir(), "ensemble-e2e-"));
}

/**
 * runCli runs `$ENSEMBLE_BIN args…` to completion, with stdin as its
 * standard input, and resolves with its standard output; a non-zero exit
 * rejects with everything it printed.
 * @param {string[]} args
 * @param {string} [stdin]
 * @returns {Promise<string>}
 */
export function runCli(args, stdin = "") {
  const bin = ensembleBin();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (err += c));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${bin} ${args.join(" ")} exited with ${code}:\n${out}${err}`))));
    child.stdin.end(stdin);
  });
}

/**
 * startServer runs `$ENSEMBLE_BIN serve --listen 127.0.0.1:0 --data <dir>`
 * (a fresh temporary folder unless dataDir is given; it is removed at stop
 * in both cases), with `--blobs <blobs>` if given (an s3:// URL, see
 * s3.mjs), and resolves once the server prints its URL on stdout.
 * @param {{dataDir?: string, blobs?: string}} [options]
 * @returns {Promise<{url: string, stop: () => Promise<void>, output: () => string}>}
 */
export async function startServer(options = {}) {
  const bin = ensembleBin();
  const dataDir = options.dataDir ?? makeDataDir();
  const args = ["serve", "--listen", "127.0.0.1:0", "--data", dataDir, ...(options.blobs ? ["--blobs", options.blobs] : [])];
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env },
  });
  let log = "";
  const keep = (chunk) => {
    log += chunk;
    if (log.length > 64_000) log = log.slice(-32_000);
  };
  child.stderr.setEncoding("utf8").on("data", keep);

  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${bin} serve printed no http:// URL on stdout within ${startTimeoutMs / 1000} s; output so far:\n${stdout}${log}`));
    }, startTimeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      keep(chunk);
      stdout += chunk;
      const match = /http:\/\/[^\s"'<>]+/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0].endsWith("/") ? match[0] : match[0] + "/");
      }
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${bin}: ${err.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${bin} serve exited (code ${code}, signal ${signal}) before printing its URL; output:\n${stdout}${log}`));
    });
  });

  return {
    url,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        let timer;
        const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve("timeout"), 10_000)));
        const outcome = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (outcome === "timeout") {
          child.kill("SIGKILL");
          await exited;
          rmSync(dataDir, { recursive: true, force: true });
          throw new Error(`${bin} did not stop within 10 s of SIGTERM`);
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The flags that keep Chromium from calling home (see TESTING.md). */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Headless Chromium preloads its own omnibox pop-up (a WebUI app) with every
  // new context: CPU the tests need, for a pop-up a headless browser never shows.
  "--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup",
];

/** launchBrowser starts Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: chromiumArgs,
    headless: true,
  });
}

/**
 * openPage makes a fresh browser context (fresh storage) and a page in it,
 * and records every problem the page shows: a request to anything but
 * 127.0.0.1, a console error, an uncaught exception.
 * @param {import("playwright-core").Browser} browser
 * @param {{locale?: string, colorScheme?: "light"|"dark", viewport?: {width: number, height: number}}} [options]
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({
    locale: options.locale ?? "en-US",
    colorScheme: options.colorScheme ?? "light",
    viewport: options.viewport ?? { width: 1280, height: 860 },
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  /** @type {RegExp[]} */
  const allowedConsoleErrors = [];

  context.on("request", (req) => {
    const where = req.url();
    let ok = false;
    try {
      const u = new URL(where);
      ok = u.protocol === "data:" || u.protocol === "blob:" || ((u.protocol === "http:" || u.protocol === "ws:") && u.hostname === "127.0.0.1");
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`request leaves the machine: ${req.method()} ${where}`);
  });
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (allowedConsoleErrors.some((re) => re.test(text))) return;
    const loc = msg.location();
    problems.push(`console error: ${text}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));

  return {
    context,
    page,
    problems,
    /** allowConsoleError lets an expected console error through (a test that makes the API fail). */
    allowConsoleError(re) {
      allowedConsoleErrors.push(re);
    },
    async close() {
      await context.close();
    },
  };
}

let axeSource;

/**
 * axeViolations injects axe-core (from node_modules, through the DevTools
 * protocol, which the page's CSP does not restrict) and returns the
 * serious and critical violations, formatted for a failure message.
 * @param {import("playwright-core").Page} page
 */
export async function axeViolations(page) {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    // @ts-ignore -- injected above
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((/** @type {any} */ v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((/** @type {any} */ n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`);
}

/** screenshot saves a full-page PNG under screenshotDir and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * checkPage takes a screenshot of the page and fails the test on serious or
 * critical axe-core violations; with both, again in the other colour scheme
 * (the name's -light or -dark suffix changed), then puts the scheme back.
 */
export async function checkPage(page, name, { both = false } = {}) {
  await screenshot(page, name);
  let violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name}:\n${violations.join("\n")}`);
  if (!both) return;
  const scheme = await page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"));
  const other = scheme === "dark" ? "light" : "dark";
  await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), other);
  await screenshot(page, name.replace(/-(light|dark)$/, "") + "-" + other);
  violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core found serious or critical violations on ${name} (${other}):\n${violations.join("\n")}`);
  await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s ?? "light"), scheme);
}

/**
 * withCheckedPage runs fn on a fresh page of browser (see openPage), then
 * fails if the page made a request off the machine or logged an error.
 * @param {import("playwright-core").Browser} browser
 * @param {Parameters<typeof openPage>[1]} options
 * @param {(page: Awaited<ReturnType<typeof openPage>>) => Promise<void>} fn
 */
export async function withCheckedPage(browser, options, fn) {
  const p = await openPage(browser, options);
  try {
    await fn(p);
    assert.deepEqual(p.problems, [], "the page made requests off the machine or logged errors");
  } finally {
    await p.close();
  }
}

/**
 * signInByAPI signs the page's context in as who through the JSON login and
 * the web app's OpenID Connect sign-in, without drawing the login page.
 * @param {import("playwright-core").Page} page
 * @param {string} baseURL the server's URL
 * @param {{email: string, password: string}} who
 */
export async function signInByAPI(page, baseURL, who) {
  const url = (path) => new URL(path, baseURL).href;
  const res = await page.context().request.post(url("/login"), {
    data: { email: who.email, password: who.password, return_to: "/" },
    headers: { Accept: "application/json" },
  });
  assert.equal(res.status(), 200, `login of ${who.email}: ${await res.text()}`);
  const { redirect } = await res.json();
  const landed = await page.context().request.get(url(redirect), { headers: { Accept: "text/html" } });
  assert.equal(landed.status(), 200, `sign-in redirect ${redirect} ended at ${landed.url()}`);
}
