// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Replays a sequential editing trace in-process with yjs: types it into a
// document, one transaction per trace transaction, keeping each update (the
// incremental updates a server receives from a yjs client), writes them to
// a file for Ensemble's BenchmarkTrace, then times applying them to a fresh
// document. Prints one JSON line.
//
//   node trace-local.mjs TRACE.json.gz UPDATES.bin [PREFIX]
//
// PREFIX (default: all) also times applying only the first PREFIX updates,
// to compare with a Go run limited to them.
//
// UPDATES.bin: records of a little-endian uint32 length and that many
// bytes; the first record is endContent (UTF-8), then one per update.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import { loadTrace, typeTxn } from "./trace-common.mjs";

const [tracePath, outPath, prefixArg] = process.argv.slice(2);
if (!tracePath || !outPath) throw new Error("usage: node trace-local.mjs TRACE.json.gz UPDATES.bin");
const trace = loadTrace(readFileSync(tracePath), gunzipSync);

const src = new Y.Doc();
const updates = [];
src.on("update", (u) => updates.push(u));
const text = src.getText("text");
for (const txn of trace.txns) src.transact(() => typeTxn(text, txn));
if (text.toString() !== trace.endContent) throw new Error("typing the trace did not give endContent");

const end = Buffer.from(trace.endContent, "utf8");
let size = 4 + end.length;
for (const u of updates) size += 4 + u.length;
const out = Buffer.alloc(size);
let at = out.writeUInt32LE(end.length, 0);
at += end.copy(out, at);
let bytes = 0;
for (const u of updates) {
  at = out.writeUInt32LE(u.length, at);
  out.set(u, at);
  at += u.length;
  bytes += u.length;
}
writeFileSync(outPath, out);

const applyMs = [];
let equal = true;
let stateBytes = 0;
for (let round = 0; round < 5; round++) {
  const doc = new Y.Doc();
  const t0 = performance.now();
  for (const u of updates) Y.applyUpdate(doc, u);
  applyMs.push(performance.now() - t0);
  equal &&= doc.getText("text").toString() === trace.endContent;
  stateBytes = Y.encodeStateAsUpdate(doc).length;
}
const prefix = Math.min(Number(prefixArg) || updates.length, updates.length);
const prefixMs = [];
for (let round = 0; round < 3; round++) {
  const doc = new Y.Doc();
  const t0 = performance.now();
  for (let i = 0; i < prefix; i++) Y.applyUpdate(doc, updates[i]);
  prefixMs.push(performance.now() - t0);
}
console.log(JSON.stringify({ updates: updates.length, bytes, applyMs, equal, stateBytes, prefix, prefixMs }));
