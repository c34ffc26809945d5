// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What the editor tells its user about the link to the server, worked out
// from the websocket provider's events, the browser's online flag and the
// local (IndexedDB) copy. Pure functions, so they are easy to test.

/** ConnectionState is the one word the page shows. */
export type ConnectionState =
  /** First connection under way; nothing received from the server yet. */
  | "connecting"
  /** Connected and in step with the server: every edit is saved there. */
  | "connected"
  /** Was connected, lost it, trying again while the browser says it is online. */
  | "reconnecting"
  /** The browser is offline (or the server unreachable for a while): edits stay on this device. */
  | "offline"
  /** The server closed the connection for good: access revoked or refused. */
  | "denied";

/** ConnectionFacts are what the provider and the browser have said so far. */
export interface ConnectionFacts {
  /** The provider's last status event. */
  status: "connecting" | "connected" | "disconnected";
  /** The provider has completed a sync with the server since it last connected. */
  synced: boolean;
  /** It has been connected at least once since the page opened. */
  everConnected: boolean;
  /** navigator.onLine. */
  online: boolean;
  /** Failed attempts in a row since the last successful connection. */
  failures: number;
  /** The server closed with "policy violation" (1008, access revoked). */
  denied: boolean;
}

/** After this many failed attempts in a row, a connection that never came is called offline. */
export const offlineAfterFailures = 3;

/** connectionState maps the facts to the state shown. */
export function connectionState(f: ConnectionFacts): ConnectionState {
  if (f.denied) return "denied";
  if (!f.online) return "offline";
  if (f.status === "connected") return f.synced ? "connected" : f.everConnected ? "reconnecting" : "connecting";
  if (f.failures >= offlineAfterFailures) return "offline";
  return f.everConnected ? "reconnecting" : "connecting";
}

/** The colours given to people's cursors: dark enough for white text (AA, 4.5:1), distinct from each other. */
export const cursorColors = ["#1c5fc9", "#c2255c", "#23773a", "#a14f00", "#6741d9", "#0b6a78", "#8f1941", "#4a6f0b", "#b83c0b", "#364fc7"] as const;

/** contrastWithWhite is the WCAG contrast ratio of white text on the colour hex (#rrggbb). */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (l + 0.05);
}

/** userColor picks a stable colour for a user id (the same on every device). */
export function userColor(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return cursorColors[(h >>> 0) % cursorColors.length]!;
}

/** collabURL is the websocket base address of the collaboration server, on the page's own host. */
export function collabURL(loc: Pick<Location, "protocol" | "host">): string {
  return `${loc.protocol === "https:" ? "wss" : "ws"}://${loc.host}/collab`;
}

/** localStoreName names the IndexedDB copy of a document for one user, so that two people sharing a browser never mix. */
export function localStoreName(userID: string, docID: string): string {
  return `ensemble-doc:${userID}:${docID}`;
}

/** Peer is someone else in the document, from the awareness states. */
export interface Peer {
  clientID: number;
  name: string;
  color: string;
}

/** peersFrom lists the other people connected, from awareness states, without duplicates of one person's tabs. */
export function peersFrom(states: Map<number, Record<string, unknown>>, selfClientID: number): Peer[] {
  const out: Peer[] = [];
  const seen = new Set<string>();
  for (const [clientID, state] of states) {
    if (clientID === selfClientID) continue;
    const user = state.user as { name?: unknown; color?: unknown } | undefined;
    if (!user || typeof user.name !== "string" || user.name === "") continue;
    const color = typeof user.color === "string" && /^#[0-9a-fA-F]{3,8}$/.test(user.color) ? user.color : "#495057";
    const key = `${user.name}\u0000${color}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ clientID, name: user.name, color });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
