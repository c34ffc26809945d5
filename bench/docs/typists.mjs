// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The simulated editors: stock yjs + y-websocket clients (the same versions
// as the web app) connected to /collab, each typing one character per
// transaction (so one Yjs update per keystroke) at the end of its own
// paragraph of BlockNote's fragment "document-store". What they type is a
// stream of markers "#EESSS! " (editor EE, number SSS): the keystroke "!"
// completes marker EESSS, and its send time is kept for the latency.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/** The fragment BlockNote keeps its blocks in (web/src/docs/DocEditor.tsx). */
export const fragmentName = "document-store";

/** markerRe finds complete markers in text; the page uses the same pattern. */
export const markerSource = "#(\\d{2})(\\d{3})!";

/** now is a wall-clock time in ms with sub-ms resolution, comparable with the page's. */
export const now = () => performance.timeOrigin + performance.now();

/** paragraphTexts returns the XmlText of every paragraph block, in order. */
export function paragraphTexts(fragment) {
  const out = [];
  const walk = (node) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) {
        if (child.nodeName === "paragraph") {
          const t = child.toArray().find((c) => c instanceof Y.XmlText);
          if (t) out.push(t);
        } else {
          walk(child);
        }
      }
    }
  };
  walk(fragment);
  return out;
}

/**
 * connectTypist opens one client on the document and resolves once it is
 * synced and has found its paragraph (number `paragraph` of the document).
 */
export async function connectTypist(srv, docID, index, paragraph) {
  const doc = new Y.Doc();
  const wsBase = srv.base.replace(/^http/, "ws") + "/collab";
  const provider = new WebsocketProvider(wsBase, docID, doc, {
    WebSocketPolyfill: WebSocket,
    params: { token: srv.token },
    disableBc: true,
    resyncInterval: -1,
  });
  provider.awareness.setLocalStateField("user", { name: `Typist ${index + 1}`, color: "#1c7ed6" });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`typist ${index}: not synced within 15 s`)), 15_000);
    const check = () => {
      if (!provider.synced) return;
      clearTimeout(t);
      resolve();
    };
    provider.on("sync", check);
    check();
  });
  const texts = paragraphTexts(doc.getXmlFragment(fragmentName));
  if (texts.length <= paragraph) throw new Error(`typist ${index}: the document has ${texts.length} paragraphs, wants number ${paragraph}`);
  const text = texts[paragraph];
  let seq = 0;
  let pending = "";
  /** @type {Map<string, number>} marker key → send time of its last keystroke */
  const sent = new Map();
  const tag = String(index).padStart(2, "0");
  return {
    index,
    sent,
    keystrokes: 0,
    /** key types the next character; when it completes a marker, records its send time. */
    key() {
      if (pending === "") {
        pending = `#${tag}${String(seq % 1000).padStart(3, "0")}! `;
        seq++;
      }
      const ch = pending[0];
      pending = pending.slice(1);
      const completes = ch === "!";
      const t = now();
      doc.transact(() => text.insert(text.length, ch));
      this.keystrokes++;
      if (completes) sent.set(tag + String((seq - 1) % 1000).padStart(3, "0"), t);
    },
    /** drop forgets the markers sent so far (the warm-up). */
    drop() {
      sent.clear();
    },
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * typeAll makes every typist press a key `rate` times a second, on a fixed
 * schedule with a random phase per typist (open loop: a late key is typed
 * at once, the schedule does not slip), until stop() is called.
 */
export function typeAll(typists, rate) {
  const period = 1000 / rate;
  const timers = [];
  let late = 0;
  for (const ty of typists) {
    let next = performance.now() + Math.random() * period;
    const tick = () => {
      const lag = performance.now() - next;
      if (lag > period) late++;
      ty.key();
      next += period;
      timers[ty.index] = setTimeout(tick, Math.max(0, next - performance.now()));
    };
    timers[ty.index] = setTimeout(tick, Math.max(0, next - performance.now()));
  }
  return {
    stop() {
      timers.forEach((t) => clearTimeout(t));
      return { lateKeys: late };
    },
  };
}
