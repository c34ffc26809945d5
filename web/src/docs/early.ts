// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A document opened by its address (a link, a reload) starts loading before
// the app has rendered anything: this module is the first the entry point
// imports, and it is small (no Yjs, no editor). It asks for the document's
// record and, once the record says the document may be read, opens the
// collaboration websocket asking for the whole document at once (?sync=full:
// the server answers as to the sync step 1 of an empty replica, without
// waiting for one), keeping what arrives. When the document page has loaded,
// its websocket provider adopts that socket (EarlySocket.factory): it sees an
// ordinary socket that opens and receives the buffered messages, and its own
// first "send me everything", now redundant, is not sent twice. What is not
// adopted within a while is closed.
import type { ApiResult } from "../api/client";
import { getDoc, type Doc } from "./api";
import { collabURL } from "./connection";

/** The y-websocket message "sync step 1" of an empty replica: messageSync, step 1, a one-byte state vector (no clients); ?sync=full answers it in advance. */
export const emptySyncStep1 = Uint8Array.of(0, 0, 1, 0);

/** How long what was started waits to be taken over before it is closed. */
const unclaimedMs = 15_000;

/** SocketLike is the part of a browser WebSocket that the y-websocket provider uses. */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: ArrayBufferLike | ArrayBufferView | Blob | string): void;
  close(code?: number, reason?: string): void;
}

/** SocketFactory makes a WebSocket (the global constructor, or a test's). */
export type SocketFactory = new (url: string, protocols?: string | string[]) => SocketLike;

/**
 * EarlySocket is a collaboration socket opened before anyone needed it. Until
 * it is adopted, it keeps every message and remembers whether it opened,
 * failed or closed.
 */
export class EarlySocket {
  /** The address a provider asks for (without the query that asks for the whole document). */
  readonly url: string;
  readonly socket: SocketLike;
  private buffered: MessageEvent[] = [];
  private opened = false;
  private errored: Event | null = null;
  private closed: CloseEvent | null = null;
  private adopter: AdoptedSocket | null = null;
  /** Told when the whole document has arrived, or the socket failed or closed. */
  private waiters: (() => void)[] = [];
  /** The adopter's first message, if it is the sync step 1 of an empty replica, is already answered: not sent. */
  private swallowStep1 = true;

  constructor(url: string, factory: SocketFactory) {
    this.url = url;
    this.socket = new factory(`${url}?sync=full`);
    this.socket.binaryType = "arraybuffer";
    this.socket.onopen = (ev) => {
      this.opened = true;
      if (this.adopter?.live) this.adopter.onopen?.(ev);
    };
    this.socket.onmessage = (ev) => {
      if (this.adopter?.live) {
        this.adopter.onmessage?.(ev);
        return;
      }
      this.buffered.push(ev);
      if (syncStep2Update(ev.data)) this.wake();
    };
    this.socket.onerror = (ev) => {
      this.errored = ev;
      this.wake();
      if (this.adopter?.live) this.adopter.onerror?.(ev);
    };
    this.socket.onclose = (ev) => {
      this.closed = ev;
      this.wake();
      if (this.adopter?.live) this.adopter.onclose?.(ev);
    };
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * documentArrived resolves once the whole document is here (takeDocument
   * has it), the socket failed or closed, or after ms: a replica made then
   * starts with the document, and its editor renders it once.
   */
  documentArrived(ms: number): Promise<void> {
    if (this.buffered.some((ev) => syncStep2Update(ev.data)) || this.errored || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * takeDocument removes the whole document the server sent (a sync step 2
   * with everything, as one Yjs update) from what was received, and
   * returns its update; null if it has not arrived. Applied to a replica before
   * its provider and editor listen, it costs no update event and no second
   * rendering.
   */
  takeDocument(): Uint8Array | null {
    for (let i = 0; i < this.buffered.length; i++) {
      const update = syncStep2Update(this.buffered[i]!.data);
      if (update) {
        this.buffered.splice(i, 1);
        // The adopter never sees this answer: its own sync step 1 must go out, and be answered.
        this.swallowStep1 = false;
        return update;
      }
    }
    return null;
  }

  /**
   * factory is the WebSocket constructor for the provider that adopts this
   * socket: its first socket is this one, if still usable; any other (a
   * reconnection) comes from make.
   */
  factory(make: SocketFactory): SocketFactory {
    let first = true;
    const early = this;
    return function AdoptingWebSocket(url: string, protocols?: string | string[]): SocketLike {
      const adopt = first && url === early.url && early.usable();
      first = false;
      return adopt ? early.adopt() : new make(url, protocols);
    } as unknown as SocketFactory;
  }

  /** close closes the socket (it was taken, then not wanted). */
  close() {
    this.socket.close();
  }

  /** usable says whether the socket can still be adopted: not failed, not closed, not adopted yet. */
  usable(): boolean {
    return !this.adopter && !this.errored && !this.closed;
  }

  /** adopt hands the socket to a provider: the returned object behaves as a WebSocket just made. */
  adopt(): AdoptedSocket {
    if (this.adopter) throw new Error("early socket adopted twice");
    const a = new AdoptedSocket(this);
    this.adopter = a;
    // The provider sets its handlers right after construction: replay what happened so far after that.
    setTimeout(() => this.replay(a), 0);
    return a;
  }

  private replay(a: AdoptedSocket) {
    if (this.opened) a.onopen?.(new Event("open"));
    for (const ev of this.buffered) a.onmessage?.(ev);
    this.buffered = [];
    a.live = true;
    if (this.errored) a.onerror?.(this.errored);
    if (this.closed) a.onclose?.(this.closed);
  }

  /** send sends data, but not the adopter's first message if it is the sync step 1 of an empty replica (already answered). */
  send(data: ArrayBufferLike | ArrayBufferView | Blob | string) {
    if (this.swallowStep1) {
      this.swallowStep1 = false;
      if (sameBytes(data, emptySyncStep1)) return;
    }
    this.socket.send(data);
  }
}

/** AdoptedSocket is what a provider gets in place of a new WebSocket: the early socket, with its past replayed. */
export class AdoptedSocket implements SocketLike {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  /** The past has been replayed: new messages and the close go straight to the handlers. */
  live = false;
  private readonly early: EarlySocket;

  constructor(early: EarlySocket) {
    this.early = early;
  }

  get binaryType(): BinaryType {
    return "arraybuffer";
  }
  set binaryType(_: BinaryType) {
    // Always "arraybuffer", as the provider asks.
  }
  get readyState(): number {
    // Until the past is replayed, the provider must see the socket it just made: not open yet.
    return this.live ? this.early.socket.readyState : AdoptedSocket.CONNECTING;
  }
  send(data: ArrayBufferLike | ArrayBufferView | Blob | string) {
    this.early.send(data);
  }
  close(code?: number, reason?: string) {
    this.early.socket.close(code, reason);
  }
}

/** readVarUint reads a lib0 variable-length unsigned integer at b[pos], or null at the end. */
function readVarUint(b: Uint8Array, pos: number): { n: number; next: number } | null {
  let n = 0;
  for (let shift = 0, i = pos; i < b.length && shift < 53; i++, shift += 7) {
    n += (b[i]! & 0x7f) * 2 ** shift;
    if (b[i]! < 0x80) return { n, next: i + 1 };
  }
  return null;
}

/** syncStep2Update returns the update of a y-websocket "sync step 2" message (0, 1, length, update), or null for any other message. */
export function syncStep2Update(data: unknown): Uint8Array | null {
  if (!(data instanceof ArrayBuffer)) return null;
  const b = new Uint8Array(data);
  if (b.length < 3 || b[0] !== 0 || b[1] !== 1) return null;
  const len = readVarUint(b, 2);
  if (!len || len.next + len.n !== b.length) return null;
  return b.subarray(len.next);
}

function sameBytes(data: unknown, want: Uint8Array): boolean {
  let got: Uint8Array;
  if (data instanceof Uint8Array) got = data;
  else if (data instanceof ArrayBuffer) got = new Uint8Array(data);
  else return false;
  return got.length === want.length && got.every((b, i) => b === want[i]);
}

/** Early is what was started for one document. */
interface Early {
  record: Promise<ApiResult<Doc>> | null;
  socket: EarlySocket | null;
}

/** EarlyLoads holds what was started for the document of the page's address, until the page takes it. */
export class EarlyLoads {
  private readonly started = new Map<string, Early>();
  private readonly factory: SocketFactory;
  private readonly fetchRecord: (id: string) => Promise<ApiResult<Doc>>;

  constructor(factory: SocketFactory, fetchRecord: (id: string) => Promise<ApiResult<Doc>> = getDoc) {
    this.factory = factory;
    this.fetchRecord = fetchRecord;
  }

  /**
   * start asks for a document's record and, if it may be read, opens its
   * socket at base (ws[s]://host/collab); nothing if they are started already.
   * The page calls it too when a document is opened from another page.
   */
  start(docID: string, base: string) {
    if (this.started.has(docID)) return;
    const record = this.fetchRecord(docID);
    const entry: Early = { record, socket: null };
    this.started.set(docID, entry);
    void record.then((r) => {
      if (r.ok && this.started.get(docID) === entry) entry.socket = new EarlySocket(`${base}/${docID}`, this.factory);
    });
    setTimeout(() => {
      if (this.started.get(docID) !== entry) return;
      this.started.delete(docID);
      if (entry.socket?.usable()) entry.socket.socket.close();
    }, unclaimedMs);
  }

  /** takeRecord hands over the record request of a document, once, or null. */
  takeRecord(docID: string): Promise<ApiResult<Doc>> | null {
    const entry = this.started.get(docID);
    if (!entry?.record) return null;
    const r = entry.record;
    entry.record = null;
    return r;
  }

  /** takeSocket hands over a document's early socket, once, if it can still be adopted; else null (and closes it). */
  takeSocket(docID: string): EarlySocket | null {
    const entry = this.started.get(docID);
    if (!entry) return null;
    this.started.delete(docID);
    if (entry.socket?.usable()) return entry.socket;
    entry.socket?.socket.close();
    return null;
  }
}

/** docFromPath is the document ID of a document page's path, or null. */
export function docFromPath(pathname: string): string | null {
  const m = /^\/docs\/([^/]+)\/?$/.exec(pathname);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null; // A malformed address: the page says "not found".
  }
}

/** earlyLoads is the page's one set of early loads (null where there is no browser). */
export const earlyLoads: EarlyLoads | null =
  typeof window !== "undefined" && typeof WebSocket !== "undefined" ? new EarlyLoads(WebSocket as unknown as SocketFactory) : null;

// Start now, with the app's first module.
if (earlyLoads) {
  const id = docFromPath(window.location.pathname);
  if (id) earlyLoads.start(id, collabURL(window.location));
}
