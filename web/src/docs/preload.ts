// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Opening a document starts its two slow requests as early as possible:
// the document's record (GET /api/v1/docs/<id>) as soon as the document
// page's module is evaluated, in parallel with the session and the rest of
// the page, and its replica's websocket (/collab/<id>, whose first answer
// is the whole document) as soon as the record says it may be read, before
// the page has rendered it. The page then takes them over (takeDocRecord,
// takeReplica); the local IndexedDB copy is attached by useCollab when it
// knows the user. What is not taken over within a while is closed.
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { ApiResult } from "../api/client";
import { getDoc, type Doc } from "./api";
import { collabURL } from "./connection";

/** The close code the server sends when the caller's access is revoked. */
export const policyViolation = 1008;

/** How long a started replica waits to be taken over before it is closed. */
const unclaimedMs = 15_000;

/** Replica is a document's Y.Doc and websocket provider, with what the provider said before the page listened. */
export interface Replica {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Failed connection attempts so far (provider "connection-close"). */
  failures: number;
  /** The server closed the connection for good (provider "closed"). */
  denied: boolean;
  /** The provider has been connected at least once. */
  everConnected: boolean;
}

interface Preloaded {
  record: Promise<ApiResult<Doc>> | null;
  /** The replica: waiting for the record, opened, or none (taken over, or the record was refused). */
  replica: Replica | "waiting" | null;
  stop: () => void;
}

const started = new Map<string, Preloaded>();

/** openReplica makes a document's Y.Doc and connects its provider to the collaboration server. */
export function openReplica(docID: string): Replica {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabURL(window.location), docID, doc, {
    disableBc: true,
    maxBackoffTime: 5000,
    // The server closes with 1008 when the caller's access is revoked: trying again is pointless.
    shouldReconnect: (event: CloseEvent) => event.code !== policyViolation && !(event.code >= 4400 && event.code < 4500),
  });
  const replica: Replica = { doc, provider, failures: 0, denied: false, everConnected: false };
  const onStatus = ({ status }: { status: string }) => {
    if (status === "connected") {
      replica.everConnected = true;
      replica.failures = 0;
    }
  };
  const onClose = () => replica.failures++;
  const onClosed = () => (replica.denied = true);
  provider.on("status", onStatus);
  provider.on("connection-close", onClose);
  provider.on("closed", onClosed);
  return replica;
}

/** preloadDoc starts loading a document's record and replica, once; it does nothing if they are already started. */
export function preloadDoc(docID: string) {
  if (started.has(docID) || typeof window === "undefined" || typeof WebSocket === "undefined") return;
  const record = getDoc(docID);
  const entry: Preloaded = { record, replica: "waiting", stop: () => {} };
  // The replica connects once the record says the document may be read (else the websocket would be refused),
  // right away, before the page renders it.
  void record.then((r) => {
    if (entry.replica !== "waiting") return;
    entry.replica = r.ok && started.get(docID) === entry ? openReplica(docID) : null;
    settle(docID, entry);
  });
  const timer = window.setTimeout(() => {
    if (started.get(docID) !== entry) return;
    started.delete(docID);
    if (entry.replica && entry.replica !== "waiting") {
      entry.replica.provider.destroy();
      entry.replica.doc.destroy();
    }
  }, unclaimedMs);
  entry.stop = () => window.clearTimeout(timer);
  started.set(docID, entry);
}

/** preloadFromLocation preloads the document of the page's address, if it is a document's. */
export function preloadFromLocation() {
  if (typeof window === "undefined") return;
  const m = /^\/docs\/([^/]+)\/?$/.exec(window.location.pathname);
  if (!m?.[1]) return;
  try {
    preloadDoc(decodeURIComponent(m[1]));
  } catch {
    // A malformed address: the page says "not found".
  }
}

function settle(docID: string, entry: Preloaded) {
  if (!entry.record && !entry.replica) {
    entry.stop();
    started.delete(docID);
  }
}

/** takeDocRecord hands over the preloaded record request of a document, once, or null. */
export function takeDocRecord(docID: string): Promise<ApiResult<Doc>> | null {
  const entry = started.get(docID);
  if (!entry?.record) return null;
  const r = entry.record;
  entry.record = null;
  settle(docID, entry);
  return r;
}

/** takeReplica hands over the preloaded replica of a document, once, or null: the caller then owns (and destroys) it. */
export function takeReplica(docID: string): Replica | null {
  const entry = started.get(docID);
  if (!entry?.replica) return null;
  const r = entry.replica;
  entry.replica = null;
  settle(docID, entry);
  return r === "waiting" ? null : r;
}
