// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The server under test: a fresh `ensemble serve` on a temporary data
// folder, a user and an access token made with the CLI (as
// bench/collab/servers.go does), and what the benchmark asks of it over
// HTTP: import a Markdown file, export a document, read /proc for memory.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The user the benchmark signs in as. */
export const benchUser = { email: "bench.docs@ensemble.test", name: "Bench Docs", password: "bench docs password 2026" };

function cli(bin, args, stdin = "") {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${bin} ${args.join(" ")}: ${err.message}\n${stdout}${stderr}`)) : resolve(stdout.trim()),
    );
    child.stdin.end(stdin);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * startServer prepares a data folder (user + token), starts `bin serve` on
 * a loopback port and resolves once /readyz answers 200.
 * @param {string} bin
 */
export async function startServer(bin) {
  const dir = mkdtempSync(join(tmpdir(), "ensemble-bench-docs-"));
  let child;
  try {
    await cli(bin, ["user", "add", "--email", benchUser.email, "--name", benchUser.name, "--password-stdin", "--data", dir], benchUser.password + "\n");
    const token = await cli(bin, ["token", "create", "--email", benchUser.email, "--name", "bench-docs", "--data", dir]);
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    child = spawn(bin, ["serve", "--listen", host, "--data", dir, "--log-level", "warn"], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const keep = (c) => {
      log += c;
      if (log.length > 64_000) log = log.slice(-32_000);
    };
    child.stdout.setEncoding("utf8").on("data", keep);
    child.stderr.setEncoding("utf8").on("data", keep);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const base = `http://${host}`;
    const end = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`ensemble serve exited with ${child.exitCode}:\n${log}`);
      try {
        const r = await fetch(base + "/readyz", { signal: AbortSignal.timeout(1000) });
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > end) throw new Error(`ensemble serve not ready after 20 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      base,
      token,
      pid: child.pid,
      log: () => log,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(t);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * importMarkdown creates a document from a Markdown file through
 * POST /api/v1/docs/import and returns its ID.
 */
export async function importMarkdown(srv, name, markdown) {
  const form = new FormData();
  form.append("file", new Blob([markdown], { type: "text/markdown" }), name);
  const r = await fetch(srv.base + "/api/v1/docs/import", {
    method: "POST",
    headers: { Authorization: "Bearer " + srv.token },
    body: form,
    signal: AbortSignal.timeout(60_000),
  });
  const body = await r.text();
  if (r.status !== 201) throw new Error(`import ${name}: ${r.status} ${body}`);
  return JSON.parse(body).id;
}

/** memKB reads VmRSS and VmHWM (kB) of a process from /proc/PID/status. */
export function memKB(pid) {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const get = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s) ?? [])[1] ?? NaN);
  return { rss: get("VmRSS"), hwm: get("VmHWM") };
}

/**
 * timedExport downloads the export of doc in format once, sampling the
 * server's VmRSS every 2 ms meanwhile; it returns the time to the last
 * byte, the size and the peak VmRSS above the one before the request.
 */
export async function timedExport(srv, doc, format) {
  const before = memKB(srv.pid).rss;
  let peak = before;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, memKB(srv.pid).rss);
    } catch {
      // the process is gone; the request fails below
    }
  }, 2);
  const t0 = performance.now();
  try {
    const r = await fetch(`${srv.base}/api/v1/docs/${doc}/export?format=${format}`, {
      headers: { Authorization: "Bearer " + srv.token },
      signal: AbortSignal.timeout(60_000),
    });
    const buf = await r.arrayBuffer();
    const ms = performance.now() - t0;
    if (r.status !== 200) throw new Error(`export ${format}: ${r.status} ${Buffer.from(buf).toString()}`);
    peak = Math.max(peak, memKB(srv.pid).rss);
    return { ms, bytes: buf.byteLength, rssBeforeKB: before, rssDeltaKB: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
