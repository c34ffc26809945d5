// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The Docs benchmark of issue 5 (bench/docs/README.md): typing lag seen by
// a real browser while 19 simulated editors type, cold opening of a
// 100,000-character document, and export to every format. Stdout is the
// markdown section for BENCHMARKS.md; progress goes to stderr.
//   BIN=bin/ensemble TRACE=… node bench/docs/bench.mjs
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { readdirSync, readFileSync } from "node:fs";
import { launch, clockOffset, coldOpen, openDoc, seenMarkers, signedInContext, typeInBrowser, watchMarkers } from "./browser.mjs";
import { traceDoc, typingDoc } from "./content.mjs";
import { importMarkdown, memKB, startServer, timedExport } from "./server.mjs";
import { connectTypist, typeAll } from "./typists.mjs";

const env = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const cfg = {
  bin: process.env.BIN || "bin/ensemble",
  trace: process.env.TRACE || "../shared/data/editing-traces/sequential_traces_automerge-paper.json.gz",
  typists: env("TYPISTS", 19),
  rate: env("RATE", 5),
  warmupS: env("WARMUP", 3),
  windowS: env("WINDOW", 25),
  drainS: 2,
  loads: env("LOADS", 5),
  exportRuns: env("EXPORT_RUNS", 3),
  budgetS: env("BUDGET", 280),
  // ONLY=open runs only the cold opening (no export, no typing).
  openOnly: process.env.ONLY === "open",
  // RTT (ms) and MBPS (Mbit/s): the cold openings over an emulated network.
  network: process.env.RTT ? { rttMs: env("RTT", 0), mbps: env("MBPS", 50) } : null,
};
const formats = ["md", "html", "odt", "docx", "pdf"];

const log = (...a) => console.error("bench/docs:", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)) + " ms";
const mib = (kb) => (kb / 1024).toFixed(1) + " MiB";
const num = (n) => n.toLocaleString("en-US");
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

/** cpuSeconds reads a process's user + system time from /proc/PID/stat. */
function cpuSeconds(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

// Every y-websocket provider listens for the process's exit.
process.setMaxListeners(cfg.typists + 10);

/** browserCPU sums the CPU seconds of this process's descendants but the server: Chromium's processes. */
function browserCPU(serverPid) {
  const procs = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      procs.push({ pid: Number(d), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.pid) && mine.has(p.ppid) && p.pid !== serverPid) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return procs.filter((p) => p.pid !== process.pid && mine.has(p.pid)).reduce((n, p) => n + p.cpu, 0);
}

/** machineBusy reads the machine's non-idle CPU time in seconds from /proc/stat. */
function machineBusy() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] || 0);
  return (f.reduce((a, b) => a + b, 0) - idle) / 100;
}

let srv;
let browser;
const typists = [];
async function cleanup() {
  for (const t of typists) t.close();
  await browser?.close().catch(() => {});
  await srv?.stop().catch(() => {});
}
const watchdog = setTimeout(async () => {
  log(`the run took more than ${cfg.budgetS} s: stopping`);
  await cleanup();
  process.exit(2);
}, cfg.budgetS * 1000);

async function main() {
  const loadBefore = load();
  const started = new Date();
  const typing = typingDoc();
  const trace = traceDoc(cfg.trace);
  log(`load average ${loadBefore}; typing document ${num(typing.chars)} chars in ${typing.paragraphs} paragraphs; trace document ${num(trace.chars)} chars in ${trace.paragraphs} paragraphs`);

  srv = await startServer(cfg.bin);
  const typingID = await importMarkdown(srv, "typing-benchmark.md", typing.markdown);
  const traceID = await importMarkdown(srv, "automerge-paper.md", trace.markdown);
  log(`server pid ${srv.pid} at ${srv.base}; documents ${typingID}, ${traceID}`);

  if (cfg.openOnly) return openOnly(started, loadBefore, trace, traceID);

  // 3. Export (first, on a quiet server).
  const hwmBefore = memKB(srv.pid).hwm;
  const exports = [];
  for (const f of formats) {
    const runs = [];
    for (let i = 0; i < cfg.exportRuns; i++) runs.push(await timedExport(srv, traceID, f));
    exports.push({ format: f, ms: median(runs.map((r) => r.ms)), bytes: runs[0].bytes, rssDeltaKB: Math.max(...runs.map((r) => r.rssDeltaKB)), rssBeforeKB: runs[0].rssBeforeKB, hwmKB: memKB(srv.pid).hwm });
    log(`export ${f}: ${runs.map((r) => r.ms.toFixed(1)).join(", ")} ms, ${num(runs[0].bytes)} bytes, +${mib(Math.max(...runs.map((r) => r.rssDeltaKB)))} RSS`);
  }

  // 1. Typing lag.
  browser = await launch();
  const context = await signedInContext(browser, srv.base);
  const page = await context.newPage();
  await openDoc(page, srv.base, typingID, typing.paragraphs);
  const editors = cfg.typists + 1;
  for (let i = 0; i < cfg.typists; i++) {
    typists.push(await connectTypist(srv, typingID, i, Math.floor((i * typing.paragraphs) / editors)));
  }
  const browserParagraph = Math.floor((cfg.typists * typing.paragraphs) / editors);
  await watchMarkers(page);
  const clock = await clockOffset(page);
  log(`${cfg.typists} typists connected; page clock − node clock ${clock.offset.toFixed(2)} ms (round trip ${clock.rtt.toFixed(2)} ms)`);
  const typingRun = typeAll(typists, cfg.rate);
  const browserTyping = await typeInBrowser(page, browserParagraph, cfg.rate);
  await sleep(cfg.warmupS * 1000);
  typists.forEach((t) => t.drop());
  const keys0 = typists.reduce((n, t) => n + t.keystrokes, 0);
  const cpu0 = { server: cpuSeconds(srv.pid), node: process.cpuUsage(), machine: machineBusy(), browser: browserCPU(srv.pid), t: performance.now() };
  await sleep(cfg.windowS * 1000);
  const sent = new Map();
  for (const t of typists) for (const [k, v] of t.sent) sent.set(k, v);
  const keys1 = typists.reduce((n, t) => n + t.keystrokes, 0);
  const wall = (performance.now() - cpu0.t) / 1000;
  const serverCores = (cpuSeconds(srv.pid) - cpu0.server) / wall;
  const nodeCPU = process.cpuUsage(cpu0.node);
  const nodeCores = (nodeCPU.user + nodeCPU.system) / 1e6 / wall;
  const machineCores = (machineBusy() - cpu0.machine) / wall;
  const browserCores = (browserCPU(srv.pid) - cpu0.browser) / wall;
  const { lateKeys } = typingRun.stop();
  const browserKeys = await browserTyping.stop();
  await sleep(cfg.drainS * 1000);
  const seen = await seenMarkers(page);
  const lat = [];
  let missed = 0;
  for (const [k, t] of sent) {
    const s = seen.get(k);
    if (s === undefined) missed++;
    else lat.push(s - clock.offset - t);
  }
  if (lat.length === 0) throw new Error(`the browser saw none of the ${sent.size} markers sent`);
  const typingRSS = memKB(srv.pid);
  log(`typing: ${sent.size} markers, ${missed} never seen, p50 ${quantile(lat, 0.5)?.toFixed(1)} ms, p99 ${quantile(lat, 0.99)?.toFixed(1)} ms; server ${serverCores.toFixed(2)} cores, Chromium ${browserCores.toFixed(2)} cores, machine ${machineCores.toFixed(2)} cores`);
  for (const t of typists.splice(0)) t.close();
  await context.close();

  // 2. Cold opening of the 100,000-character document.
  const { opens, failed, openMachineCores, chromiumVersion } = await coldOpensThenStop(traceID, trace);
  const loadAfter = load();

  // The section for BENCHMARKS.md.
  const out = heading(started, chromiumVersion, loadBefore, loadAfter);
  out.push(`### Typing lag: ${editors} editors in a ${num(typing.chars)}-character document`, "");
  out.push(
    `${cfg.typists} simulated editors (stock \`yjs\` + \`y-websocket\` in Node) and one real Chromium with the document open in the web UI, each typing ${cfg.rate} keystrokes/s ` +
      `(one Yjs update per keystroke) in its own paragraph. Latency: from the simulated editor sending the keystroke that completes a marker until the marker is in the browser's DOM ` +
      `(a MutationObserver in the page), over ${cfg.windowS} s after ${cfg.warmupS} s of warm-up. Page clock − Node clock ${clock.offset.toFixed(2)} ms (corrected).`,
    "",
  );
  out.push(`| markers | not seen | p50 | p90 | p99 | max | goal p99 | keystrokes/s (simulated + browser) | server CPU | Node (${cfg.typists} editors) CPU | Chromium CPU | machine CPU (all processes) |`);
  out.push("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
  const p99 = quantile(lat, 0.99);
  out.push(
    `| ${lat.length} | ${missed} | ${ms(quantile(lat, 0.5))} | ${ms(quantile(lat, 0.9))} | ${ms(p99)} | ${ms(Math.max(...lat))} | < 100 ms: ${p99 < 100 ? "**met**" : "**missed**"} | ` +
      `${((keys1 - keys0) / wall).toFixed(1)} + ${(browserKeys.keys / browserKeys.seconds).toFixed(1)} | ${serverCores.toFixed(2)} cores | ${nodeCores.toFixed(2)} cores | ${browserCores.toFixed(2)} cores | ${machineCores.toFixed(2)} of ${cpus().length} cores |`,
    "",
  );
  if (lateKeys) out.push(`${lateKeys} simulated keystrokes were more than one period late (the load generator could not keep up).`, "");
  out.push(`Server resident set after typing: ${mib(typingRSS.rss)} (peak ${mib(typingRSS.hwm)}).`, "");
  out.push(...openSection(trace, opens, failed, openMachineCores));
  out.push(`### Export of the ${num(trace.chars)}-character document`, "");
  out.push(
    `\`GET /api/v1/docs/{id}/export?format=…\` with a bearer token, time to the last byte (median of ${cfg.exportRuns}); memory: the server's VmRSS sampled every 2 ms during each request, ` +
      `highest rise over the VmRSS before it (max of the ${cfg.exportRuns} runs). Server VmHWM ${mib(hwmBefore)} before the exports.`,
    "",
  );
  out.push("| format | time | size | peak RSS rise | VmHWM after |");
  out.push("|---|---:|---:|---:|---:|");
  for (const e of exports) out.push(`| ${e.format} | ${ms(e.ms)} | ${num(e.bytes)} B | ${mib(e.rssDeltaKB)} | ${mib(e.hwmKB)} |`);
  out.push("");
  process.stdout.write(out.join("\n"));
}

/** coldOpens makes cfg.loads cold openings of the trace document, with the machine's busy cores meanwhile. */
async function coldOpens(traceID, trace) {
  const opens = [];
  const open0 = { machine: machineBusy(), t: performance.now() };
  const failed = [];
  for (let i = 0; i < cfg.loads; i++) {
    try {
      const o = await coldOpen(browser, srv.base, traceID, trace.last, cfg.network);
      opens.push(o);
      log(`open ${i + 1}: shown ${o.shown.toFixed(0)} ms, editable ${o.editable.toFixed(0)} ms`);
    } catch (err) {
      // Counted and told, not hidden: the figures are of the loads that ended.
      failed.push(String(err?.message ?? err).split("\n")[0]);
      log(`open ${i + 1} failed: ${failed.at(-1)}`);
    }
  }
  if (opens.length === 0) throw new Error(`every cold opening failed: ${failed.join("; ")}`);
  return { opens, failed, openMachineCores: (machineBusy() - open0.machine) / ((performance.now() - open0.t) / 1000) };
}

/** coldOpensThenStop makes the cold openings, then closes the browser and stops the server. */
async function coldOpensThenStop(traceID, trace) {
  const result = await coldOpens(traceID, trace);
  const chromiumVersion = browser.version();
  await browser.close();
  browser = undefined;
  await srv.stop();
  srv = undefined;
  return { ...result, chromiumVersion };
}

/** heading is the start of the markdown section: when, where, on what. */
function heading(started, chromiumVersion, loadBefore, loadAfter) {
  const rev = (() => {
    try {
      return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  })();
  const out = [];
  out.push("## Docs (issue 5)", "");
  out.push(
    `Measured ${started.toISOString().slice(0, 16)}Z by \`bench/docs/run.sh\` (method: \`bench/docs/README.md\`), commit ${rev}, ` +
      `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${chromiumVersion}; ` +
      `everything on this machine over loopback (server, simulated editors, browser). Load average ${loadBefore} before, ${loadAfter} after.`,
    "",
  );
  return out;
}

/** openSection is the markdown of the cold openings. */
function openSection(trace, opens, failed, openMachineCores) {
  const lines = [];
  lines.push(`### Opening the ${num(trace.chars)}-character document (automerge-paper), cold`, "");
  lines.push(
    `\`endContent\` of the automerge-paper trace (${num(trace.endContentChars)} characters) split at blank lines into ${trace.paragraphs} paragraphs, imported as Markdown. ` +
      `${cfg.loads} loads, each in a new browser context (no cache, no IndexedDB), signed in beforehand; times from navigation start. ` +
        (cfg.network ? `Network emulated by Chromium: ${cfg.network.rttMs} ms round trip added to every HTTP request, ${cfg.network.mbps} Mbit/s each way. ` : "") +
        `The machine (all processes) was busy ${openMachineCores.toFixed(2)} of ${cpus().length} cores during the loads.`,
    "",
  );
  lines.push("| | median | min | max | goal |");
  lines.push("|---|---:|---:|---:|---|");
  const row = (name, xs, goal) => `| ${name} | ${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))} | ${goal} |`;
  lines.push(row("last paragraph shown in the editable editor", opens.map((o) => o.shown), ""));
  const editable = opens.map((o) => o.editable);
  const verdict = failed.length ? `**missed**: ${failed.length} loads failed` : median(editable) < 1000 ? "**met**" : "**missed**";
  lines.push(row("a key typed at the end appears (editable)", editable, `< 1 s: ${verdict}`));
  if (opens.every((o) => o.nav)) lines.push(row("`load` event", opens.map((o) => o.nav.load), ""));
  lines.push("");
  if (failed.length) lines.push(`**${failed.length} of ${opens.length + failed.length} loads failed** and are not in the figures: ${failed.join("; ")}.`, "");
  return lines;
}

/** openOnly runs only the cold openings (ONLY=open) and prints their section. */
async function openOnly(started, loadBefore, trace, traceID) {
  browser = await launch();
  const { opens, failed, openMachineCores, chromiumVersion } = await coldOpensThenStop(traceID, trace);
  const out = heading(started, chromiumVersion, loadBefore, load());
  out.push(...openSection(trace, opens, failed, openMachineCores));
  process.stdout.write(out.join("\n"));
}

main()
  .then(() => {
    clearTimeout(watchdog);
  })
  .catch(async (err) => {
    console.error(err);
    if (srv) console.error(srv.log());
    await cleanup();
    clearTimeout(watchdog);
    process.exitCode = 1;
  });
