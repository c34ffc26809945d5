// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { MantineProvider } from "@mantine/core";
import { act, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiResult } from "../api/client";
import { I18nProvider } from "../i18n/context";
import { normalizeDoc } from "./api";
import { exportFileName, exportURL, importable, normalizeHits, snippetParts, unescapeEntities, type SearchHit } from "./search";
import { SearchBox, SnippetText } from "./SearchBox";
import { useDocSearch, type SearchFn, type SearchState } from "./useDocSearch";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  document.body.innerHTML = "";
});

const wait = (ms: number) => act(async () => new Promise((r) => setTimeout(r, ms)));

async function render(node: ReactNode) {
  await act(async () =>
    root.render(
      <MantineProvider>
        <I18nProvider initial="en">{node}</I18nProvider>
      </MantineProvider>,
    ),
  );
}

describe("snippetParts", () => {
  it("splits on the mark tags", () => {
    expect(snippetParts("le conseil <mark>municipal</mark> de <mark>Lyon</mark>.")).toEqual([
      { text: "le conseil ", mark: false },
      { text: "municipal", mark: true },
      { text: " de ", mark: false },
      { text: "Lyon", mark: true },
      { text: ".", mark: false },
    ]);
  });

  it("unescapes entities into text and keeps escaped markup as text", () => {
    expect(snippetParts("a &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <mark>b&#34;</mark>")).toEqual([
      { text: "a <script>alert('x')</script> & ", mark: false },
      { text: 'b"', mark: true },
    ]);
  });

  it("shows other tags, even unescaped, as text", () => {
    expect(snippetParts("<b>x</b><mark><img src=x onerror=alert(1)></mark>")).toEqual([
      { text: "<b>x</b>", mark: false },
      { text: "<img src=x onerror=alert(1)>", mark: true },
    ]);
  });

  it("copes with unbalanced tags and empty runs", () => {
    expect(snippetParts("<mark></mark>x</mark>y<mark>z")).toEqual([
      { text: "xy", mark: false },
      { text: "z", mark: true },
    ]);
    expect(snippetParts("")).toEqual([]);
  });
});

describe("unescapeEntities", () => {
  it("reads named, decimal and hex references, and leaves unknown ones", () => {
    expect(unescapeEntities("&lt;&gt;&amp;&quot;&apos;&#233;&#xE9;")).toBe("<>&\"'éé");
    expect(unescapeEntities("&constructor; &toString; &bogus; &#0; &#xD800; & amp")).toBe("&constructor; &toString; &bogus; &#0; &#xD800; & amp");
    expect(unescapeEntities("&amp;lt;")).toBe("&lt;");
  });
});

describe("SnippetText", () => {
  it("renders a snippet with script in it as text, never as elements", async () => {
    await render(
      <p id="snippet">
        <SnippetText snippet={"&lt;script&gt;window.hacked=1&lt;/script&gt; <mark>budget</mark> <img src=x>"} />
      </p>,
    );
    const p = container.querySelector("#snippet")!;
    expect(p.querySelector("script")).toBeNull();
    expect(p.querySelector("img")).toBeNull();
    expect(p.textContent).toBe("<script>window.hacked=1</script> budget <img src=x>");
    const marks = p.querySelectorAll("mark");
    expect(marks).toHaveLength(1);
    expect(marks[0]?.textContent).toBe("budget");
    expect((window as { hacked?: number }).hacked).toBeUndefined();
  });
});

describe("normalizeHits", () => {
  it("keeps the documents with an id", () => {
    expect(
      normalizeHits({
        results: [
          { type: "doc", id: "d1", title: "Budget", snippet: "<mark>budget</mark>" },
          { type: "file", id: "f1", title: "x" },
          { type: "doc", title: "no id" },
          { id: "d2" },
          null,
        ],
      }),
    ).toEqual([
      { id: "d1", title: "Budget", snippet: "<mark>budget</mark>" },
      { id: "d2", title: "", snippet: "" },
    ]);
    expect(normalizeHits({ results: null })).toEqual([]);
    expect(normalizeHits({ docs: [] })).toBeNull();
  });
});

describe("export and import helpers", () => {
  it("builds the export address and a safe file name", () => {
    expect(exportURL("a/b", "docx")).toBe("/api/v1/docs/a%2Fb/export?format=docx");
    expect(exportFileName("Compte rendu: 12/11", "md")).toBe("Compte rendu 12 11.md");
    expect(exportFileName("  ", "pdf")).toBe("document.pdf");
    expect(exportFileName("..hidden", "odt")).toBe("hidden.odt");
  });

  it("takes Markdown, DOCX and ODT by name", () => {
    expect(["a.md", "b.MARKDOWN", "c.docx", "d.odt"].every(importable)).toBe(true);
    expect(["e.doc", "f.pdf", "g.md.exe", "md"].some(importable)).toBe(false);
  });

  it("reads the ancestors of a document when the answer has them", () => {
    const base = { id: "d", title: "D", owner_id: "u", created_at: "2026-11-20T10:00:00Z" };
    expect(normalizeDoc({ ...base, ancestors: [{ id: "r", title: "Root" }, { title: "no id" }] })?.ancestors).toEqual([{ id: "r", title: "Root" }]);
    expect(normalizeDoc({ ...base, ancestors: [] })?.ancestors).toEqual([]);
    expect(normalizeDoc(base)?.ancestors).toBeUndefined();
  });
});

/** fakeSearch answers each call when told, and records the calls and their signals. */
function fakeSearch() {
  const calls: { q: string; parentID?: string; signal: AbortSignal; answer: (r: ApiResult<SearchHit[]>) => void }[] = [];
  const fn: SearchFn = (q, o) => new Promise((resolve) => calls.push({ q, parentID: o.parentID, signal: o.signal, answer: resolve }));
  return { fn, calls };
}

const hit = (id: string): SearchHit => ({ id, title: id, snippet: `<mark>${id}</mark>` });

describe("useDocSearch", () => {
  function Probe({ q, parent, fn, out }: { q: string; parent?: string; fn: SearchFn; out: { current: SearchState | null } }) {
    out.current = useDocSearch(q, parent, fn, 20);
    return null;
  }

  it("waits for a pause in typing, then sends only the last query", async () => {
    const { fn, calls } = fakeSearch();
    const out: { current: SearchState | null } = { current: null };
    for (const q of ["b", "bu", "bud"]) await render(<Probe q={q} parent="p1" fn={fn} out={out} />);
    expect(calls).toHaveLength(0);
    expect(out.current).toMatchObject({ loading: true, hits: null });
    await wait(60);
    expect(calls.map((c) => [c.q, c.parentID])).toEqual([["bud", "p1"]]);
    await act(async () => calls[0]?.answer({ ok: true, data: [hit("d1")] }));
    expect(out.current).toMatchObject({ query: "bud", hits: [hit("d1")], loading: false, error: null });
  });

  it("aborts the request in flight when the query changes, and ignores its late answer", async () => {
    const { fn, calls } = fakeSearch();
    const out: { current: SearchState | null } = { current: null };
    await render(<Probe q="old" fn={fn} out={out} />);
    await wait(60);
    expect(calls).toHaveLength(1);
    await render(<Probe q="new" fn={fn} out={out} />);
    expect(calls[0]?.signal.aborted).toBe(true);
    await wait(60);
    expect(calls).toHaveLength(2);
    await act(async () => calls[1]?.answer({ ok: true, data: [hit("n")] }));
    await act(async () => calls[0]?.answer({ ok: true, data: [hit("o")] }));
    expect(out.current).toMatchObject({ query: "new", hits: [hit("n")] });
  });

  it("is idle for blank queries and reports errors", async () => {
    const { fn, calls } = fakeSearch();
    const out: { current: SearchState | null } = { current: null };
    await render(<Probe q="   " fn={fn} out={out} />);
    await wait(40);
    expect(calls).toHaveLength(0);
    expect(out.current).toMatchObject({ query: "", hits: null, loading: false });
    await render(<Probe q="x" fn={fn} out={out} />);
    await wait(40);
    await act(async () => calls[0]?.answer({ ok: false, error: { kind: "network", message: "down" } }));
    expect(out.current).toMatchObject({ query: "x", hits: null, error: { kind: "network" } });
  });
});

describe("SearchBox", () => {
  it("shows the results with their highlighted snippets and announces the count", async () => {
    const fn = vi.fn<SearchFn>(async (q) => ({ ok: true, data: q === "zzz" ? [] : [hit("Alpha"), { id: "b", title: "", snippet: "&lt;b&gt; <mark>x</mark>" }] }));
    await render(<SearchBox label="Search" search={fn} />);
    const input = container.querySelector("input")!;
    const type = async (v: string) => {
      await act(async () => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        setter.call(input, v);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await wait(400);
    };
    await type("alp");
    const status = container.querySelector('[role="status"]')!;
    expect(status.textContent).toBe("2 documents match “alp”.");
    const hits = container.querySelectorAll('[data-testid="doc-search-hit"]');
    expect(hits).toHaveLength(2);
    expect(hits[0]?.querySelector("a")?.getAttribute("href")).toBe("/docs/Alpha");
    expect(hits[1]?.textContent).toContain("Untitled document");
    expect(hits[1]?.textContent).toContain("<b> x");
    expect(hits[1]?.querySelector("b")).toBeNull();
    expect(container.querySelectorAll("mark")).toHaveLength(2);
    await type("zzz");
    expect(status.textContent).toBe("No document matches “zzz”.");
    expect(container.querySelectorAll('[data-testid="doc-search-hit"]')).toHaveLength(0);
  });
});
