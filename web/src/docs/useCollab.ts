// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// useCollab connects one document to the collaboration server with the
// stock Yjs clients: a Y.Doc, kept in IndexedDB (so that edits made offline
// survive a reload and are merged when the connection returns) and synced
// over y-websocket at /collab/<id> on the page's own host (the session
// cookie authenticates it).
import { useEffect, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { connectionState, localStoreName, peersFrom, type ConnectionFacts, type ConnectionState, type Peer } from "./connection";
import { openReplica, whenReady, type Replica } from "./preload";

/** Collab is one document's live replica and how it is doing. */
export interface Collab {
  doc: Y.Doc;
  provider: WebsocketProvider;
  state: ConnectionState;
  /** The local copy has been read from IndexedDB (or there is no IndexedDB). */
  localReady: boolean;
  peers: Peer[];
}

/** useCollab opens the replica of docID for userID, and closes it when either changes or the page leaves. */
export function useCollab(docID: string, userID: string): Collab | null {
  const [parts, setParts] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [facts, setFacts] = useState<ConnectionFacts>(initialFacts);
  const [localReady, setLocalReady] = useState(false);
  const [peers, setPeers] = useState<Peer[]>([]);

  useEffect(() => {
    let cancelled = false;
    let detach: (() => void) | null = null;
    setLocalReady(false);
    setFacts({ ...initialFacts, online: navigator.onLine });
    // A document started early is on its way: the replica (and so the editor) starts with it.
    void whenReady(docID).then((early) => {
      if (cancelled) early?.close();
      else detach = attach(openReplica(docID, early));
    });
    return () => {
      cancelled = true;
      detach?.();
      setParts(null);
    };
  }, [docID, userID]);

  /** attach follows a replica (IndexedDB copy, provider events) and returns what undoes it. */
  function attach({ doc, provider }: Replica): () => void {
    let local: IndexeddbPersistence | null = null;
    try {
      local = new IndexeddbPersistence(localStoreName(userID, docID), doc);
      void local.whenSynced.then(
        () => setLocalReady(true),
        () => setLocalReady(true),
      );
    } catch {
      setLocalReady(true); // No IndexedDB (private mode, policy): the page works online only.
    }

    const onStatus = ({ status }: { status: ConnectionFacts["status"] }) =>
      setFacts((f) => (status === "connected" ? { ...f, status, everConnected: true, failures: 0 } : { ...f, status, synced: status === "connecting" ? f.synced : false }));
    const onSync = (synced: boolean) => setFacts((f) => ({ ...f, synced }));
    const onClose = () => setFacts((f) => ({ ...f, failures: f.failures + 1, synced: false }));
    const onClosed = () => setFacts((f) => ({ ...f, denied: true, status: "disconnected", synced: false }));
    const onOnline = () => setFacts((f) => ({ ...f, online: true }));
    const onOffline = () => setFacts((f) => ({ ...f, online: false }));
    const onAwareness = () => setPeers(peersFrom(provider.awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID));

    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    provider.on("closed", onClosed);
    provider.awareness.on("change", onAwareness);
    onAwareness();
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    setParts({ doc, provider });

    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      provider.awareness.off("change", onAwareness);
      provider.destroy();
      void local?.destroy();
      doc.destroy();
    };
  }

  if (!parts) return null;
  return { ...parts, state: connectionState(facts), localReady, peers };
}

const initialFacts: ConnectionFacts = { status: "connecting", synced: false, everConnected: false, online: true, failures: 0, denied: false };
