// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Types a sequential editing trace through a y-websocket server with the
// stock clients: one yjs + y-websocket client types every transaction of
// the trace as fast as it can (yielding to the event loop every 500 edits,
// so that sending and receiving overlap), another watches, and the time is
// measured from the first edit until the watcher's text equals endContent.
// A third client then connects afresh and must load the same text. Prints
// one JSON line.
//
//   BENCH_WS=ws://127.0.0.1:8080/collab BENCH_DOC=<id> BENCH_TOKEN=<token> node trace-net.mjs TRACE.json.gz [EDITS]
//
// EDITS (default: all) types only the first EDITS transactions; the text
// expected is then the one they give, computed locally.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { loadTrace, typeTxn } from "./trace-common.mjs";

const tracePath = process.argv[2];
const { BENCH_WS: url, BENCH_DOC: room, BENCH_TOKEN: token } = process.env;
if (!tracePath || !url || !room) throw new Error("usage: BENCH_WS=… BENCH_DOC=… [BENCH_TOKEN=…] node trace-net.mjs TRACE.json.gz");
const trace = loadTrace(readFileSync(tracePath), gunzipSync);
const txns = trace.txns.slice(0, Number(process.argv[3]) || trace.txns.length);
let expected = trace.endContent;
if (txns.length < trace.txns.length) {
  const local = new Y.Doc().getText("text");
  for (const txn of txns) typeTxn(local, txn);
  expected = local.toString();
}
const limit = Date.now() + 8 * 60_000;

function client() {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket,
    disableBc: true,
  });
  return { doc, provider, text: doc.getText("text") };
}

function until(what, cond) {
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() > limit) return reject(new Error("timed out waiting for " + what));
      setTimeout(tick, 5);
    };
    tick();
  });
}

const typer = client();
const watcher = client();
await until("the clients to sync", () => typer.provider.synced && watcher.provider.synced);

let done = false;
watcher.doc.on("afterTransaction", () => {
  if (!done && watcher.text.length === expected.length && watcher.text.toString() === expected) done = performance.now();
});

const t0 = performance.now();
let n = 0;
for (const txn of txns) {
  typer.doc.transact(() => typeTxn(typer.text, txn));
  if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
}
const typeMs = performance.now() - t0;
await until("the watcher to reach endContent", () => done !== false);
const totalMs = done - t0;
const equal = watcher.text.toString() === expected;

const fresh = client();
await until("a fresh client to sync", () => fresh.provider.synced);
const freshEqual = fresh.text.toString() === expected;

for (const c of [typer, watcher, fresh]) c.provider.destroy();
console.log(JSON.stringify({ edits: n, typeMs, totalMs, equal, freshEqual, endContent: expected === trace.endContent, length: watcher.text.length }));
process.exit(0);
