// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Conformance of `ensemble serve` with the stock Yjs clients: several
// y-websocket providers edit one document concurrently (text with
// formatting, a map, an XML fragment as BlockNote stores it), the server
// restarts in the middle, and every client plus a freshly connected one
// must end with identical content. Needs ENSEMBLE_BIN (make build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";

const bin = process.env.ENSEMBLE_BIN;
if (!bin) throw new Error("ENSEMBLE_BIN is not set: make build, then ENSEMBLE_BIN=/path/to/ensemble npm test");

function run(args, stdin = "") {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.once("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${args.join(" ")}: ${code}\n${out}${err}`))));
    child.stdin.end(stdin);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function serve(dataDir, port) {
  const child = spawn(bin, ["serve", "--listen", `127.0.0.1:${port}`, "--data", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (c) => (log += c));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no URL within 20 s:\n" + log)), 20_000);
    child.stdout.on("data", (c) => {
      log += c;
      if (/http:\/\//.test(log)) { clearTimeout(timer); resolve(); }
    });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}:\n${log}`)); });
  });
  return {
    log: () => log,
    kill: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGKILL"); }),
    stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }),
  };
}

const until = async (what, cond, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting for " + what);
    await new Promise((r) => setTimeout(r, 20));
  }
};

function content(doc) {
  return JSON.stringify({
    text: doc.getText("t").toDelta(),
    // Key order of a map's JSON depends on arrival order: compare sorted.
    map: Object.entries(doc.getMap("m").toJSON()).sort(),
    xml: doc.getXmlFragment("document-store").toString(),
  });
}

// A small deterministic random source, so that a failure can be replayed.
function rng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function randomEdit(doc, rand, who) {
  const t = doc.getText("t");
  const r = rand();
  if (r < 0.45 || t.length === 0) {
    t.insert(Math.floor(rand() * (t.length + 1)), who + Math.floor(rand() * 100));
  } else if (r < 0.6) {
    const at = Math.floor(rand() * t.length);
    t.delete(at, Math.min(3, t.length - at));
  } else if (r < 0.7) {
    const at = Math.floor(rand() * t.length);
    t.format(at, Math.min(4, t.length - at), { bold: rand() < 0.5 ? true : null });
  } else if (r < 0.85) {
    doc.getMap("m").set("k" + Math.floor(rand() * 5), who + rand().toFixed(3));
  } else {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText(who + " wrote")]);
    const frag = doc.getXmlFragment("document-store");
    frag.insert(Math.floor(rand() * (frag.length + 1)), [p]);
  }
}

test("stock y-websocket clients converge through ensemble, across a restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ensemble-collabtest-"));
  const port = await freePort();
  let server;
  const providers = [];
  try {
    await run(["user", "add", "--email", "ada@mairie.fr", "--name", "Ada", "--password-stdin", "--data", dataDir], "correct horse battery\n");
    const token = await run(["token", "create", "--data", dataDir, "--email", "ada@mairie.fr", "--name", "collabtest"]);
    server = await serve(dataDir, port);
    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(base + "/api/v1/docs", {
      method: "POST",
      headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Conformance" }),
    });
    assert.equal(res.status, 201);
    const { id } = await res.json();

    const connect = () => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, id, doc, {
        WebSocketPolyfill: WebSocket, disableBc: true, params: { token }, maxBackoffTime: 200,
      });
      providers.push(provider);
      return { doc, provider };
    };
    const clients = [connect(), connect(), connect()];
    await until("clients to sync", () => clients.every((c) => c.provider.synced));

    const rands = clients.map((_, i) => rng(i + 1));
    const round = async (n) => {
      for (let step = 0; step < n; step++) {
        clients.forEach((c, i) => randomEdit(c.doc, rands[i], "c" + i));
        if (step % 5 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    };
    const converged = () => clients.every((c) => content(c.doc) === content(clients[0].doc));

    await round(60);
    try {
      await until("convergence before the restart", converged);
    } catch (e) {
      clients.forEach((c, i) => console.error("client", i, c.provider.wsconnected, content(c.doc)));
      console.error(server.log().split("\n").filter((l) => /collab|WARN|ERROR/.test(l)).slice(0, 20).join("\n"));
      throw e;
    }

    // One client drops off and edits offline; the server restarts.
    clients[2].provider.disconnect();
    randomEdit(clients[2].doc, rands[2], "offline");
    await server.stop();
    server = await serve(dataDir, port);
    clients[2].provider.connect();
    await until("clients to reconnect", () => clients.every((c) => c.provider.wsconnected && c.provider.synced));
    await round(40);
    await until("convergence after the restart", converged);

    const fresh = connect();
    await until("a fresh client to sync", () => fresh.provider.synced && content(fresh.doc) === content(clients[0].doc));
    assert.ok(clients[0].doc.getText("t").length > 0);
  } finally {
    providers.forEach((p) => p.destroy());
    if (server) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("nothing a client received is lost when the server is killed", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ensemble-collabtest-"));
  const port = await freePort();
  let server;
  const providers = [];
  try {
    await run(["user", "add", "--email", "ada@mairie.fr", "--name", "Ada", "--password-stdin", "--data", dataDir], "correct horse battery\n");
    const token = await run(["token", "create", "--data", dataDir, "--email", "ada@mairie.fr", "--name", "collabtest"]);
    server = await serve(dataDir, port);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/docs`, {
      method: "POST",
      headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Crash" }),
    });
    const { id } = await res.json();
    const connect = () => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, id, doc, {
        WebSocketPolyfill: WebSocket, disableBc: true, params: { token },
      });
      providers.push(provider);
      return { doc, provider };
    };
    const writer = connect(), watcher = connect();
    await until("clients to sync", () => writer.provider.synced && watcher.provider.synced);
    const rand = rng(42);
    for (let i = 0; i < 300; i++) {
      randomEdit(writer.doc, rand, "w");
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    // Kill as soon as the watcher has seen some of it, with edits in flight.
    await until("the watcher to receive updates", () => watcher.doc.getText("t").length > 0);
    await server.kill();
    const seen = content(watcher.doc);
    // The clients go away for good, so they cannot send anything again.
    providers.splice(0).forEach((p) => p.destroy());
    server = await serve(dataDir, port);
    const fresh = connect();
    await until("a fresh client to sync", () => fresh.provider.synced);
    await new Promise((r) => setTimeout(r, 100));
    // Everything the watcher saw is in the stored document: applying the
    // watcher's state to it changes nothing.
    const watcherState = Y.encodeStateAsUpdate(watcher.doc);
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(fresh.doc));
    Y.applyUpdate(merged, watcherState);
    assert.equal(content(merged), content(fresh.doc), "the restarted server lost updates a client had received");
    assert.deepEqual(Y.encodeStateVector(merged), Y.encodeStateVector(fresh.doc));
    assert.ok(seen.length > 0);
  } finally {
    providers.forEach((p) => p.destroy());
    if (server) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
