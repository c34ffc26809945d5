// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Conformance of `ensemble serve` with the stock Yjs clients: several
// y-websocket providers make seeded random concurrent edits of one
// document (text with bold/italic and characters outside the BMP, a map,
// an array, XML as BlockNote stores it), drop off and come back, the
// server restarts in the middle, and every client plus a freshly connected
// one must end with identical content and state vectors. A failure prints
// the seed: COLLAB_SEED=n replays it. Then: a reader's edits are refused
// and a revoked reader is closed; an anonymous client reads a public
// document; a SIGKILL loses nothing a client had received. Needs
// ENSEMBLE_BIN (make build).
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

// content is everything a client shows of the shared types the test
// edits, for comparison: text with its formatting, map, array and XML as
// BlockNote stores it (document-store).
function content(doc) {
  const sortKeys = (v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
      : Array.isArray(v) ? v.map(sortKeys) : v;
  const frag = doc.getXmlFragment("document-store");
  return JSON.stringify({
    text: doc.getText("t").toDelta(),
    string: doc.getText("t").toString(),
    // Key order of a map's JSON depends on arrival order: compare sorted.
    map: sortKeys(doc.getMap("m").toJSON()),
    array: doc.getArray("a").toJSON(),
    xml: frag.toString(),
    xmlJSON: frag.toJSON(),
  });
}

// stateVector is a document's state vector as sorted [client, clock]
// pairs (the encoding's order depends on arrival order).
function stateVector(doc) {
  return JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]));
}

// A small deterministic random source, so that a failure can be replayed.
function rng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
// Pieces of text, some outside the BMP (UTF-16 surrogate pairs).
const WORDS = ["a", "é", "ß", "日本", "😀", "𝄞", "👩‍💻", " ", "x y", "Ω", "🇫🇷", "z"];

// wholeIndex moves index off the middle of a surrogate pair of s.
function wholeIndex(s, index) {
  const c = s.charCodeAt(index - 1);
  return index > 0 && index < s.length && c >= 0xd800 && c <= 0xdbff ? index - 1 : index;
}

// randomRange picks [at, at+len) in s that cuts no surrogate pair.
function randomRange(rand, s, maxLen) {
  const at = wholeIndex(s, Math.floor(rand() * s.length));
  const end = wholeIndex(s, Math.min(s.length, at + 1 + Math.floor(rand() * maxLen)));
  return [at, Math.max(0, end - at)];
}

function randomFormat(rand) {
  const r = rand();
  if (r < 0.3) return { bold: true };
  if (r < 0.5) return { italic: true };
  if (r < 0.6) return { bold: true, italic: true };
  return {};
}

// plain is the text of a Y.Text or Y.XmlText (whose toString is XML).
const plain = (t) => t.toDelta().map((op) => (typeof op.insert === "string" ? op.insert : " ")).join("");

function editText(t, rand, who) {
  const s = plain(t);
  const r = rand();
  if (r < 0.5 || s.length === 0) {
    t.insert(wholeIndex(s, Math.floor(rand() * (s.length + 1))), who + pick(rand, WORDS), randomFormat(rand));
  } else if (r < 0.75) {
    const [at, len] = randomRange(rand, s, 4);
    if (len > 0) t.delete(at, len);
  } else {
    const [at, len] = randomRange(rand, s, 6);
    const key = rand() < 0.5 ? "bold" : "italic";
    if (len > 0) t.format(at, len, { [key]: rand() < 0.6 ? true : null });
  }
}

// A BlockNote block: blockContainer > paragraph|heading > text.
function newBlock(rand, who) {
  const block = new Y.XmlElement("blockContainer");
  block.setAttribute("id", who + Math.floor(rand() * 1e6));
  const heading = rand() < 0.3;
  const content = new Y.XmlElement(heading ? "heading" : "paragraph");
  if (heading) content.setAttribute("level", String(1 + Math.floor(rand() * 3)));
  content.setAttribute("textAlignment", "left");
  const text = new Y.XmlText();
  content.insert(0, [text]);
  block.insert(0, [content]);
  return { block, text };
}

function editXml(doc, rand, who) {
  const frag = doc.getXmlFragment("document-store");
  if (frag.length === 0) {
    frag.insert(0, [new Y.XmlElement("blockGroup")]);
  }
  const group = frag.get(0);
  const r = rand();
  if (r < 0.35 || group.length === 0) {
    const { block, text } = newBlock(rand, who);
    group.insert(Math.floor(rand() * (group.length + 1)), [block]);
    text.insert(0, who + pick(rand, WORDS), randomFormat(rand));
    return;
  }
  const block = group.get(Math.floor(rand() * group.length));
  const inner = block instanceof Y.XmlElement ? block.get(0) : null;
  const text = inner instanceof Y.XmlElement ? inner.get(0) : null;
  if (r < 0.45) {
    group.delete(Math.floor(rand() * group.length), 1);
  } else if (r < 0.6 && inner instanceof Y.XmlElement) {
    inner.setAttribute("textAlignment", pick(rand, ["left", "center", "right"]));
  } else if (text instanceof Y.XmlText) {
    editText(text, rand, who);
  }
}

function editMap(doc, rand, who) {
  const m = doc.getMap("m");
  const key = "k" + Math.floor(rand() * 6);
  const r = rand();
  if (r < 0.2) m.delete(key);
  else if (r < 0.4) m.set(key, { by: who, n: Math.floor(rand() * 100), list: [1, "two", null] });
  else if (r < 0.5) m.set(key, pick(rand, WORDS));
  else m.set(key, who + rand().toFixed(3));
}

function editArray(doc, rand, who) {
  const a = doc.getArray("a");
  if (rand() < 0.7 || a.length === 0) {
    a.insert(Math.floor(rand() * (a.length + 1)), [pick(rand, [who, 42, true, { w: who }, [who, 1]])]);
  } else {
    const at = Math.floor(rand() * a.length);
    a.delete(at, Math.min(a.length - at, 1 + Math.floor(rand() * 2)));
  }
}

// randomEdit makes one transaction of one to three changes.
function randomEdit(doc, rand, who) {
  doc.transact(() => {
    const n = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) {
      const r = rand();
      if (r < 0.4) editText(doc.getText("t"), rand, who);
      else if (r < 0.6) editMap(doc, rand, who);
      else if (r < 0.75) editArray(doc, rand, who);
      else editXml(doc, rand, who);
    }
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// setup starts a server on a fresh data folder with the user Ada, her
// token and one document.
async function setup(title) {
  const dataDir = mkdtempSync(join(tmpdir(), "ensemble-collabtest-"));
  const port = await freePort();
  await run(["user", "add", "--email", "ada@mairie.fr", "--name", "Ada", "--password-stdin", "--data", dataDir], "correct horse battery\n");
  const token = await run(["token", "create", "--data", dataDir, "--email", "ada@mairie.fr", "--name", "collabtest"]);
  const env = { dataDir, port, token, base: `http://127.0.0.1:${port}`, providers: [], server: await serve(dataDir, port) };
  const res = await api(env, token, "POST", "/api/v1/docs", { title });
  assert.equal(res.status, 201);
  env.id = (await res.json()).id;
  env.connect = (opts = {}) => {
    const doc = new Y.Doc();
    const params = opts.token === null ? {} : { token: opts.token ?? token };
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, env.id, doc, {
      WebSocketPolyfill: WebSocket, disableBc: true, params, maxBackoffTime: 200,
    });
    env.providers.push(provider);
    return { doc, provider };
  };
  env.close = async () => {
    env.providers.forEach((p) => p.destroy());
    if (env.server) await env.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return env;
}

function api(env, token, method, path, body) {
  return fetch(env.base + path, {
    method,
    headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// addUser creates a user with a token and gives them role on the document.
async function addUser(env, email, role) {
  await run(["user", "add", "--email", email, "--name", email, "--password-stdin", "--data", env.dataDir], "correct horse battery\n");
  const token = await run(["token", "create", "--data", env.dataDir, "--email", email, "--name", "collabtest"]);
  const res = await api(env, env.token, "POST", `/api/v1/docs/${env.id}/accesses`, { email, role });
  const body = await res.text();
  assert.ok(res.status === 201 || res.status === 200, `share with ${email}: ${res.status} ${body}`);
  return { token, accessID: JSON.parse(body).id };
}

// Permission-denied messages are logged by the stock client with
// console.warn; count them.
let denied = 0;
const warn = console.warn;
console.warn = (...args) => {
  if (String(args[0]).startsWith("Permission denied")) denied++;
  else warn(...args);
};

test("stock y-websocket clients converge through random edits, disconnects and a restart", async () => {
  const seed = Number(process.env.COLLAB_SEED) || Math.floor(Math.random() * 2 ** 31);
  const rand = rng(seed);
  const env = await setup("Conformance");
  const clients = [];
  const dump = (what) => {
    console.error(`FAILED (${what}); replay with COLLAB_SEED=${seed}`);
    const first = JSON.parse(content(clients[0].doc));
    clients.forEach((c, i) => {
      const mine = JSON.parse(content(c.doc));
      const differ = Object.keys(mine).filter((k) => JSON.stringify(mine[k]) !== JSON.stringify(first[k]));
      console.error("client", i, "connected", c.provider.wsconnected, "synced", c.provider.synced, stateVector(c.doc), "differs from client 0 in", differ.join(", ") || "nothing");
      for (const k of differ) {
        const a = JSON.stringify(mine[k]), b = JSON.stringify(first[k]);
        let at = 0;
        while (at < a.length && a[at] === b[at]) at++;
        console.error("  ", k, "at", at, a.slice(Math.max(0, at - 150), at + 150), "\n   client 0:", b.slice(Math.max(0, at - 150), at + 150));
      }
    });
    console.error(env.server.log().split("\n").filter((l) => /collab|WARN|ERROR/.test(l)).slice(0, 20).join("\n"));
  };
  try {
    for (let i = 0; i < 4; i++) clients.push({ ...env.connect(), rand: rng(seed + i + 1), who: "c" + i });
    await until("clients to sync", () => clients.every((c) => c.provider.synced));

    const online = (c) => c.provider.shouldConnect;
    // step edits as every client, and now and then takes one off line or
    // brings one back; an off-line client keeps editing.
    const steps = async (n) => {
      for (let i = 0; i < n; i++) {
        for (const c of clients) randomEdit(c.doc, c.rand, c.who);
        const r = rand();
        const c = pick(rand, clients);
        if (r < 0.04 && online(c)) c.provider.disconnect();
        else if (r < 0.12 && !online(c)) c.provider.connect();
        if (i % 4 === 0) await sleep(Math.floor(rand() * 8));
      }
    };
    const converged = () => {
      const want = content(clients[0].doc), sv = stateVector(clients[0].doc);
      return clients.every((c) => content(c.doc) === want && stateVector(c.doc) === sv);
    };
    const settle = async (what) => {
      clients.forEach((c) => online(c) || c.provider.connect());
      try {
        await until(what, () => clients.every((c) => c.provider.synced) && converged());
      } catch (e) {
        dump(what);
        throw e;
      }
    };

    await steps(120);
    await settle("convergence before the restart");

    // The server restarts while the clients keep editing.
    const stopping = env.server.stop();
    await steps(30);
    await stopping;
    await steps(20);
    env.server = await serve(env.dataDir, env.port);
    await steps(120);
    await settle("convergence after the restart");

    const fresh = env.connect();
    try {
      await until("a fresh client to sync", () => fresh.provider.synced && content(fresh.doc) === content(clients[0].doc));
    } catch (e) {
      dump("fresh client");
      console.error("fresh", content(fresh.doc));
      throw e;
    }
    assert.equal(stateVector(fresh.doc), stateVector(clients[0].doc), `state vectors differ; replay with COLLAB_SEED=${seed}`);
    assert.ok(clients[0].doc.getText("t").length > 0);
    assert.ok(clients[0].doc.getXmlFragment("document-store").length > 0);
  } finally {
    await env.close();
  }
});

test("a reader syncs and receives, its edits are refused; a revoked reader is closed", async () => {
  const env = await setup("Lecture");
  try {
    const bob = await addUser(env, "bob@mairie.fr", "reader");
    const ada = env.connect();
    ada.doc.getText("t").insert(0, "published");
    const reader = env.connect({ token: bob.token });
    await until("the reader to sync", () => reader.provider.synced && reader.doc.getText("t").toString() === "published");

    const before = denied;
    reader.doc.getText("t").insert(0, "vandalised ");
    reader.doc.getMap("m").set("x", 1);
    await until("the permission-denied messages", () => denied >= before + 2);
    ada.doc.getText("t").insert(9, "!");
    await until("the reader to receive an update", () => reader.doc.getText("t").toString().endsWith("!"));
    const fresh = env.connect();
    await until("a fresh client to sync", () => fresh.provider.synced && fresh.doc.getText("t").toString() === "published!");
    assert.equal(ada.doc.getText("t").toString(), "published!");
    assert.equal(fresh.doc.getMap("m").size, 0);

    // Ada removes Bob's access: his open connection is closed with 1008,
    // at once when the docs service tells the engine, else at his next
    // message (his presence is refreshed every 300 ms here).
    const closes = [];
    reader.provider.on("connection-close", (event) => event && closes.push(event.code));
    const res = await api(env, env.token, "DELETE", `/api/v1/docs/${env.id}/accesses/${bob.accessID}`);
    assert.equal(res.status, 204);
    const beat = setInterval(() => reader.provider.awareness.setLocalStateField("t", Date.now()), 300);
    try {
      await until("the revoked reader to be closed", () => closes.includes(1008), 15_000);
    } finally {
      clearInterval(beat);
    }
    // It cannot come back: the upgrade is refused.
    await sleep(500);
    assert.equal(reader.provider.wsconnected, false);
  } finally {
    await env.close();
  }
});

test("an anonymous client reads a public document, read-only", async () => {
  const env = await setup("Public");
  try {
    const ada = env.connect();
    ada.doc.getText("t").insert(0, "hello");
    await until("ada to sync", () => ada.provider.synced);
    const res = await api(env, env.token, "PATCH", `/api/v1/docs/${env.id}`, { link_reach: "public", link_role: "editor" });
    assert.equal(res.status, 200, await res.text());
    const anon = env.connect({ token: null });
    await until("the anonymous reader to sync", () => anon.provider.synced && anon.doc.getText("t").toString() === "hello");
    const before = denied;
    anon.doc.getText("t").insert(0, "spam ");
    await until("the permission-denied message", () => denied > before);
    const fresh = env.connect();
    await until("a fresh client to sync", () => fresh.provider.synced);
    await sleep(100);
    assert.equal(fresh.doc.getText("t").toString(), "hello");
  } finally {
    await env.close();
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
