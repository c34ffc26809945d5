// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The real browser: Debian's Chromium through playwright-core (the flags of
// web/e2e/harness.mjs), signed in through the JSON login and the web app's
// OpenID Connect sign-in, with a document open in the web UI.
import { chromium } from "playwright-core";
import { benchUser } from "./server.mjs";
import { markerSource, now } from "./typists.mjs";

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Chromium's headless mode preloads its own omnibox pop-up (a WebUI app,
  // chrome://omnibox-popup.top-chrome) in a renderer of its own with every
  // new context: ~0.4 s of CPU on the 2 cores the page needs, at random
  // moments of a load. A headless browser shows no omnibox.
  "--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup",
];

/** launch starts Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: chromiumArgs, headless: true });
}

/** signedInContext makes a fresh context (no cache, no storage) and signs it in. */
export async function signedInContext(browser, base) {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(20_000);
  const res = await context.request.post(base + "/login", {
    data: { email: benchUser.email, password: benchUser.password, return_to: "/" },
    headers: { Accept: "application/json" },
  });
  if (res.status() !== 200) throw new Error(`login: ${res.status()} ${await res.text()}`);
  const { redirect } = await res.json();
  const landed = await context.request.get(new URL(redirect, base).href, { headers: { Accept: "text/html" } });
  if (landed.status() !== 200) throw new Error(`sign-in redirect ${redirect} ended at ${landed.url()} (${landed.status()})`);
  return context;
}

const editorSel = '[data-testid="doc-editor"]';

/**
 * clockOffset estimates page clock − Node clock (ms) from the round trip
 * with the smallest delay among 20.
 */
export async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const t1 = now();
    const tp = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t2 = now();
    if (t2 - t1 < best.rtt) best = { rtt: t2 - t1, offset: tp - (t1 + t2) / 2 };
  }
  return best;
}

/**
 * watchMarkers installs a MutationObserver on the editor that records, for
 * every marker, the wall-clock time it is first seen in the DOM.
 */
export async function watchMarkers(page) {
  await page.evaluate(
    ({ sel, src }) => {
      const re = new RegExp(src, "g");
      const seen = new Map();
      /** @type {any} */ (window).__benchSeen = seen;
      const root = document.querySelector(sel);
      const obs = new MutationObserver((records) => {
        const t = performance.timeOrigin + performance.now();
        const blocks = new Set();
        for (const r of records) {
          const el = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
          if (el) blocks.add(el.closest(".bn-block-content") ?? el);
        }
        for (const b of blocks) {
          for (const m of (b.textContent ?? "").matchAll(re)) {
            const key = m[1] + m[2];
            if (!seen.has(key)) seen.set(key, t);
          }
        }
      });
      obs.observe(root, { subtree: true, childList: true, characterData: true });
    },
    { sel: editorSel, src: markerSource },
  );
}

/** seenMarkers returns the markers the page saw, key → time. */
export async function seenMarkers(page) {
  return new Map(await page.evaluate(() => [.../** @type {any} */ (window).__benchSeen.entries()]));
}

/** openDoc navigates to the document and waits until its editor is connected and shows `paragraphs` paragraphs. */
export async function openDoc(page, base, docID, paragraphs) {
  await page.goto(`${base}/docs/${docID}`);
  await page.getByTestId("doc-connection").and(page.locator('[data-state="connected"]')).waitFor();
  await page.waitForFunction(
    ({ sel, n }) => document.querySelectorAll(`${sel} .bn-block-content[data-content-type="paragraph"]`).length >= n,
    { sel: editorSel, n: paragraphs },
  );
}

/**
 * typeInBrowser makes the browser's user type letters at `rate` keys a
 * second at the end of paragraph number `paragraph`, until stop().
 */
export async function typeInBrowser(page, paragraph, rate) {
  const block = page.locator(`${editorSel} .bn-block-content[data-content-type="paragraph"]`).nth(paragraph);
  await block.click();
  await page.keyboard.press("End");
  const letters = "lorem ipsum dolor sit amet ";
  let i = 0;
  let stopped = false;
  let keys = 0;
  const t0 = performance.now();
  const loop = (async () => {
    const period = 1000 / rate;
    let next = performance.now();
    while (!stopped) {
      await page.keyboard.type(letters[i++ % letters.length]);
      keys++;
      next += period;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { keys, seconds: (performance.now() - t0) / 1000 };
    },
  };
}

/**
 * coldOpen measures one cold load of a document in a fresh context: the
 * time from navigation start until the editor shows the last paragraph's
 * text (shown), and until a key typed at the end of the document appears
 * in it (editable). Both come from the page's performance.now(), whose
 * origin is the navigation start.
 */
export async function coldOpen(browser, base, docID, lastText, network = null) {
  const context = await signedInContext(browser, base);
  try {
    const page = await context.newPage();
    if (network) {
      // Chromium's network emulation (DevTools' throttling): a round-trip
      // time added to every HTTP request and a download and upload rate.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      const bytesPerSecond = (network.mbps * 1e6) / 8;
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: network.rttMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
    }
    const tail = lastText.slice(-60);
    await page.goto(`${base}/docs/${docID}`, { waitUntil: "commit" });
    // Earlier loads typed a "Q" each at the end (appended to the last
    // paragraph or in BlockNote's trailing empty one): the end of the
    // document is the last paragraph's text followed by some Qs.
    const waitQs = async (min, timeout) =>
      (
        await page.waitForFunction(
          ({ sel, tail, min }) => {
            const ed = document.querySelector(sel);
            if (!ed || !ed.isContentEditable) return false;
            const end = [...ed.querySelectorAll(".bn-block-content")]
              .slice(-8)
              .map((b) => (b.textContent ?? "").replace(/\s+/g, " ").trim())
              .join("");
            const qs = /Q*$/.exec(end)[0].length;
            if (!end.slice(0, end.length - qs).endsWith(tail) || qs < min) return false;
            return { t: performance.now(), qs };
          },
          { sel: editorSel, tail, min },
          { polling: 5, timeout },
        )
      ).jsonValue();
    const shown = await waitQs(0, 30_000);
    await page.locator(editorSel).focus();
    await page.keyboard.press("Control+End");
    // The key goes where the caret is: wait until it is in the last block
    // (a key typed before the editor moved it there would land elsewhere).
    await page.waitForFunction(
      (sel) => {
        const blocks = document.querySelector(sel)?.querySelectorAll(".bn-block-content");
        const focus = window.getSelection()?.focusNode;
        return !!blocks?.length && !!focus && blocks[blocks.length - 1].contains(focus);
      },
      editorSel,
      { polling: 5, timeout: 10_000 },
    );
    await page.keyboard.type("Q");
    const editable = await waitQs(shown.qs + 1, 10_000);
    const nav = await page.evaluate(() => {
      const n = /** @type {PerformanceNavigationTiming|undefined} */ (performance.getEntriesByType("navigation")[0]);
      return n ? { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null;
    });
    return { shown: shown.t, editable: editable.t, nav };
  } finally {
    await context.close();
  }
}
