// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiResult } from "../api/client";
import type { Doc } from "./api";
import { AdoptedSocket, docFromPath, EarlyLoads, EarlySocket, emptySyncStep1, syncStep2Update, type SocketLike } from "./early";

/** FakeSocket records what is sent and lets the test play the server. */
class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  url: string;
  binaryType: BinaryType = "blob";
  readyState = 0;
  sent: Uint8Array[] = [];
  closedWith: number | undefined | null = null;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  constructor(url: string) {
    this.url = url;
    FakeSocket.made.push(this);
  }
  send(data: ArrayBufferLike | ArrayBufferView | Blob | string) {
    this.sent.push(new Uint8Array(data as Uint8Array));
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  receive(bytes: number[]) {
    this.onmessage?.(new MessageEvent("message", { data: Uint8Array.from(bytes).buffer }));
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" } as CloseEvent);
  }
}

/** The server's sync step 1 (empty state vector) and a sync step 2 carrying the update 7, 8, 9. */
const serverStep1 = [0, 0, 1, 0];
const wholeDoc = [0, 1, 3, 7, 8, 9];
const awareness = [1, 2, 5, 5];

/** handlers are what a y-websocket provider would set, recording what it sees. */
function provider(ws: SocketLike) {
  const seen: string[] = [];
  ws.binaryType = "arraybuffer";
  ws.onopen = () => {
    seen.push("open");
    ws.send(emptySyncStep1); // what the provider sends first for an empty replica
  };
  ws.onmessage = (ev) => seen.push(`message ${Array.from(new Uint8Array(ev.data as ArrayBuffer)).join(",")}`);
  ws.onclose = (ev) => seen.push(`close ${ev.code}`);
  ws.onerror = () => seen.push("error");
  return seen;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  FakeSocket.made = [];
});

describe("EarlySocket", () => {
  it("asks for the whole document, keeps what arrives and replays it to its adopter after the open", async () => {
    const early = new EarlySocket("ws://h/collab/d1", FakeSocket);
    const ws = FakeSocket.made[0]!;
    expect(ws.url).toBe("ws://h/collab/d1?sync=full");
    expect(ws.binaryType).toBe("arraybuffer");
    ws.open();
    ws.receive(serverStep1);
    ws.receive(awareness);

    const adopted = early.adopt();
    expect(adopted.readyState).toBe(AdoptedSocket.CONNECTING);
    const seen = provider(adopted);
    await tick();
    expect(seen).toEqual(["open", `message ${serverStep1.join(",")}`, `message ${awareness.join(",")}`]);
    // The provider's empty sync step 1 was answered in advance: not sent.
    expect(ws.sent).toEqual([]);
    // From now on everything goes straight through, both ways.
    expect(adopted.readyState).toBe(1);
    ws.receive(wholeDoc);
    expect(seen.at(-1)).toBe(`message ${wholeDoc.join(",")}`);
    adopted.send(Uint8Array.of(0, 2, 1, 4));
    expect(ws.sent.map((b) => Array.from(b))).toEqual([[0, 2, 1, 4]]);
    ws.drop(1008);
    expect(seen.at(-1)).toBe("close 1008");
  });

  it("hands over the whole document once, for a replica to start with", async () => {
    const early = new EarlySocket("ws://h/collab/d1", FakeSocket);
    const ws = FakeSocket.made[0]!;
    ws.open();
    let arrived = false;
    const waiting = early.documentArrived(5_000).then(() => (arrived = true));
    ws.receive(serverStep1);
    await tick();
    expect(arrived).toBe(false);
    ws.receive(wholeDoc);
    await waiting;
    expect(Array.from(early.takeDocument() ?? [])).toEqual([7, 8, 9]);
    expect(early.takeDocument()).toBeNull();
    // The adopter does not see it again, so its sync step 1 goes out (an empty
    // document leaves the replica empty: that step 1 must still be answered).
    const seen = provider(early.adopt());
    await tick();
    expect(seen).toEqual(["open", `message ${serverStep1.join(",")}`]);
    expect(ws.sent.map((b) => Array.from(b))).toEqual([Array.from(emptySyncStep1)]);
  });

  it("sends the adopter's first message when it is not the empty sync step 1", async () => {
    const early = new EarlySocket("ws://h/collab/d1", FakeSocket);
    const ws = FakeSocket.made[0]!;
    ws.open();
    const adopted = early.adopt();
    adopted.onopen = () => adopted.send(Uint8Array.of(0, 0, 3, 1, 5, 2));
    await tick();
    expect(ws.sent.map((b) => Array.from(b))).toEqual([[0, 0, 3, 1, 5, 2]]);
  });

  it("tells its adopter of a close that came before the adoption, and stops waiting for the document", async () => {
    const early = new EarlySocket("ws://h/collab/d1", FakeSocket);
    const ws = FakeSocket.made[0]!;
    const waiting = early.documentArrived(60_000);
    ws.drop(1011);
    await waiting;
    expect(early.usable()).toBe(false);
  });

  it("makes new sockets for reconnections, and for a first one once it is unusable", () => {
    const early = new EarlySocket("ws://h/collab/d1", FakeSocket);
    const make = early.factory(FakeSocket);
    const first = new make("ws://h/collab/d1");
    expect(first).toBeInstanceOf(AdoptedSocket);
    const again = new make("ws://h/collab/d1");
    expect(again).toBeInstanceOf(FakeSocket);
    expect(() => early.adopt()).toThrow();

    const failed = new EarlySocket("ws://h/collab/d2", FakeSocket);
    FakeSocket.made.at(-1)!.drop(1006);
    expect(new (failed.factory(FakeSocket))("ws://h/collab/d2")).toBeInstanceOf(FakeSocket);
  });
});

describe("EarlyLoads", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const ok: ApiResult<Doc> = { ok: true, data: { id: "d1" } as Doc };
  const refused: ApiResult<Doc> = { ok: false, error: { kind: "http", status: 403 } };

  it("opens the socket only once the record says the document may be read", async () => {
    const loads = new EarlyLoads(FakeSocket, async (id) => (id === "d1" ? ok : refused));
    loads.start("d1", "ws://h/collab");
    loads.start("d2", "ws://h/collab");
    loads.start("d1", "ws://h/collab"); // started already: nothing new
    expect(await loads.takeRecord("d1")).toBe(ok);
    expect(loads.takeRecord("d1")).toBeNull();
    expect(await loads.takeRecord("d2")).toBe(refused);
    expect(FakeSocket.made.map((s) => s.url)).toEqual(["ws://h/collab/d1?sync=full"]);
    expect(loads.takeSocket("d1")?.url).toBe("ws://h/collab/d1");
    expect(loads.takeSocket("d1")).toBeNull();
    expect(loads.takeSocket("d2")).toBeNull();
  });

  it("closes what nobody took", async () => {
    const loads = new EarlyLoads(FakeSocket, async () => ok);
    loads.start("d1", "ws://h/collab");
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(16_000);
    expect(FakeSocket.made[0]!.closedWith).toBeUndefined();
    expect(FakeSocket.made[0]!.readyState).toBe(3);
    expect(loads.takeSocket("d1")).toBeNull();
  });
});

describe("syncStep2Update", () => {
  it("reads the update of a sync step 2 and nothing else", () => {
    expect(Array.from(syncStep2Update(Uint8Array.from(wholeDoc).buffer) ?? [])).toEqual([7, 8, 9]);
    expect(syncStep2Update(Uint8Array.from(serverStep1).buffer)).toBeNull();
    expect(syncStep2Update(Uint8Array.from([0, 1, 5, 7]).buffer)).toBeNull(); // length past the end
    expect(syncStep2Update(Uint8Array.from([0, 1, 0x80]).buffer)).toBeNull(); // unfinished length
    expect(syncStep2Update("text")).toBeNull();
    const big = new Uint8Array(4 + 200); // a two-byte length: 200
    big.set([0, 1, 0xc8, 0x01]);
    expect(syncStep2Update(big.buffer)?.length).toBe(200);
  });
});

describe("docFromPath", () => {
  it("finds the document of a document page's address only", () => {
    expect(docFromPath("/docs/abc")).toBe("abc");
    expect(docFromPath("/docs/abc/")).toBe("abc");
    expect(docFromPath("/docs")).toBeNull();
    expect(docFromPath("/docs/abc/versions")).toBeNull();
    expect(docFromPath("/drive/abc")).toBeNull();
    expect(docFromPath("/docs/%E0%A4%A")).toBeNull();
  });
});
