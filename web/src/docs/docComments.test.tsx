// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDocComments, type DocComments } from "./docComments";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let realFetch: typeof fetch;
let threads: { id: string; quote: string; comments: unknown[] }[];
let asked: number;

beforeEach(() => {
  vi.useFakeTimers();
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
  realFetch = globalThis.fetch;
  threads = [{ id: "t1", quote: "le budget", comments: [] }];
  asked = 0;
  globalThis.fetch = (async () => {
    asked++;
    return new Response(JSON.stringify({ threads }), { status: 200 });
  }) as typeof fetch;
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  globalThis.fetch = realFetch;
  vi.useRealTimers();
});

function Probe({ enabled, out }: { enabled: boolean; out: { current: DocComments | null } }) {
  out.current = useDocComments("d1", enabled, 1_000);
  return null;
}

const tick = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

describe("useDocComments", () => {
  it("asks again while the page is visible: others' comments appear, an unchanged list stays the same object", async () => {
    const out: { current: DocComments | null } = { current: null };
    await act(async () => root.render(<Probe enabled out={out} />));
    await tick(0);
    expect(out.current!.threads?.map((t) => t.id)).toEqual(["t1"]);
    const shown = out.current!.threads;

    await tick(1_000);
    expect(asked).toBe(2);
    expect(out.current!.threads).toBe(shown);

    threads = [...threads, { id: "t2", quote: "la date", comments: [] }];
    await tick(1_000);
    expect(out.current!.threads?.map((t) => t.id)).toEqual(["t1", "t2"]);

    // Hidden: no more requests until it is visible again, then one at once.
    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    const before = asked;
    await tick(3_000);
    expect(asked).toBe(before);
    visibility.mockReturnValue("visible");
    await act(async () => void document.dispatchEvent(new Event("visibilitychange")));
    await tick(0);
    expect(asked).toBe(before + 1);
  });

  it("asks nothing for a document whose comments are not shown", async () => {
    const out: { current: DocComments | null } = { current: null };
    await act(async () => root.render(<Probe enabled={false} out={out} />));
    await tick(5_000);
    expect(asked).toBe(0);
    expect(out.current!.threads).toEqual([]);
  });
});
