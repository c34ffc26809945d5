// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A document's replica: its Y.Doc and websocket provider. When the document
// was started early (early.ts: by the app's first module for a document
// opened by its address, or by the page for one opened from another page),
// the replica begins with the whole document the server already sent,
// applied before anything listens to it, and its provider adopts the
// socket that brought it.
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { ApiResult } from "../api/client";
import { getDoc, type Doc } from "./api";
import { collabURL } from "./connection";
import { earlyLoads, type EarlySocket } from "./early";

/** The close code the server sends when the caller's access is revoked. */
export const policyViolation = 1008;

/** Replica is a document's Y.Doc and websocket provider. */
export interface Replica {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** How long a replica waits for the document an early socket is bringing, at most. */
const documentWaitMs = 3000;

/**
 * whenReady takes the early socket of a document, if any, and resolves with
 * it once the whole document has arrived on it (or it failed, or after a
 * while); with null at once if there is none.
 */
export async function whenReady(docID: string): Promise<EarlySocket | null> {
  const early = earlyLoads?.takeSocket(docID) ?? null;
  if (early) await early.documentArrived(documentWaitMs);
  return early;
}

/**
 * openReplica makes a document's Y.Doc and connects its provider to the
 * collaboration server, through the early socket if there is one (see
 * whenReady).
 */
export function openReplica(docID: string, early: EarlySocket | null): Replica {
  const doc = new Y.Doc();
  const update = early?.takeDocument();
  if (update) Y.applyUpdate(doc, update, "server");
  const provider = new WebsocketProvider(collabURL(window.location), docID, doc, {
    disableBc: true,
    maxBackoffTime: 5000,
    // The socket started early, if any, then new ones.
    WebSocketPolyfill: (early ? early.factory(WebSocket as never) : WebSocket) as unknown as typeof WebSocket,
    // The server closes with 1008 when the caller's access is revoked: trying again is pointless.
    shouldReconnect: (event: CloseEvent) => event.code !== policyViolation && !(event.code >= 4400 && event.code < 4500),
  });
  return { doc, provider };
}

/** preloadDoc starts loading a document opened from another page: its record, then its socket (early.ts). */
export function preloadDoc(docID: string) {
  if (typeof window === "undefined") return;
  earlyLoads?.start(docID, collabURL(window.location));
}

/** loadDocRecord is the document's record: the request started early, else a new one. */
export function loadDocRecord(docID: string): Promise<ApiResult<Doc>> {
  return earlyLoads?.takeRecord(docID) ?? getDoc(docID);
}
