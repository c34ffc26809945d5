// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import type { ApiResult } from "../api/client";
import { dictionaries, languages } from "../i18n/languages";
import { thumbnailable, thumbnailURL, type Node } from "./api";
import { driveViewFor, extension, fileKind, formatSize, freeName, nameKey, previewable, quotaBytes, quotaParts, quotaShare, sortNodes, splitName } from "./format";
import { driveDictionaries, driveEn, driveTranslate } from "./i18n";
import { tusMetadata } from "./resumable";
import { UploadQueue, type OnProgress, type UploadDeps } from "./upload";
import { entriesFromDrop, entriesFromInput, walkEntries, type EntryLike } from "./walker";

const node = (name: string, over: Partial<Node> = {}): Node => ({
  id: name,
  owner_id: "u1",
  parent_id: "p",
  name,
  is_dir: false,
  size: 0,
  etag: '"e"',
  created_at: "2026-01-01T00:00:00Z",
  modified_at: "2026-01-01T00:00:00Z",
  ...over,
});

describe("formatSize", () => {
  it("uses binary units and the reader's digits", () => {
    expect(formatSize(0, "en")).toBe("0\u00a0B");
    expect(formatSize(1023, "en")).toBe("1,023\u00a0B");
    expect(formatSize(1536, "en")).toBe("1.5\u00a0KB");
    expect(formatSize(5 * 1024 ** 3, "en")).toBe("5\u00a0GB");
    expect(formatSize(150 * 1024 ** 2, "en")).toBe("150\u00a0MB");
    expect(formatSize(1536, "de")).toBe("1,5\u00a0KB");
  });
  it("speaks French units in French", () => {
    expect(formatSize(1536, "fr")).toBe("1,5\u00a0Ko");
    expect(formatSize(10, "fr")).toBe("10\u00a0o");
  });
  it("gives nothing for nonsense", () => {
    expect(formatSize(-1, "en")).toBe("");
    expect(formatSize(Number.NaN, "en")).toBe("");
  });
});

describe("kinds", () => {
  it("prefers the server's type, then the name", () => {
    expect(fileKind(node("x.bin", { content_type: "image/png" }))).toBe("image");
    expect(fileKind(node("rapport.PDF"))).toBe("pdf");
    expect(fileKind(node("a", { content_type: "application/pdf" }))).toBe("pdf");
    expect(fileKind(node("song.ogg"))).toBe("audio");
    expect(fileKind(node("clip", { content_type: "video/webm" }))).toBe("video");
    expect(fileKind(node("notes", { content_type: "text/plain; charset=utf-8" }))).toBe("text");
    expect(fileKind(node("Docs", { is_dir: true }))).toBe("folder");
    expect(fileKind(node(".bashrc"))).toBe("file");
  });
  it("does not preview SVG (it could run script) or unknown files", () => {
    expect(previewable(node("logo.svg", { content_type: "image/svg+xml" }))).toBe(false);
    expect(previewable(node("photo.jpg"))).toBe(true);
    expect(previewable(node("a.pdf"))).toBe(true);
    expect(previewable(node("a.zip"))).toBe(false);
    expect(previewable(node("d", { is_dir: true }))).toBe(false);
  });
  it("finds a free name for a copy, as the server compares names", () => {
    const taken = new Set(["photo.png", "PHOTO (2).png", "plans"].map(nameKey));
    expect(freeName(node("photo.png"), taken)).toBe("photo (3).png");
    expect(freeName(node("plans", { is_dir: true }), taken)).toBe("plans (2)");
    expect(freeName(node("new.txt"), taken)).toBe("new.txt");
  });
  it("splits names", () => {
    expect(extension(".hidden")).toBe("");
    expect(splitName("rapport.final.pdf")).toEqual({ stem: "rapport.final", ext: ".pdf" });
    expect(splitName("README")).toEqual({ stem: "README", ext: "" });
  });
});

describe("sortNodes", () => {
  const items = [node("b10.txt", { size: 5, modified_at: "2026-03-01T00:00:00Z" }), node("B2.txt", { size: 50, modified_at: "2026-01-01T00:00:00Z" }), node("zeta", { is_dir: true }), node("Alpha", { is_dir: true })];
  it("puts folders first and sorts names naturally", () => {
    expect(sortNodes(items, { key: "name", desc: false }, "en").map((n) => n.name)).toEqual(["Alpha", "zeta", "B2.txt", "b10.txt"]);
  });
  it("keeps folders first when descending", () => {
    expect(sortNodes(items, { key: "name", desc: true }, "en").map((n) => n.name)).toEqual(["zeta", "Alpha", "b10.txt", "B2.txt"]);
  });
  it("sorts by size and date", () => {
    expect(sortNodes(items, { key: "size", desc: true }, "en").map((n) => n.name).slice(2)).toEqual(["B2.txt", "b10.txt"]);
    expect(sortNodes(items, { key: "modified", desc: false }, "en").map((n) => n.name).slice(2)).toEqual(["B2.txt", "b10.txt"]);
  });
});

describe("addresses and quota", () => {
  it("reads /drive addresses", () => {
    expect(driveViewFor("/drive")).toEqual({ kind: "folder", id: "root" });
    expect(driveViewFor("/drive/")).toEqual({ kind: "folder", id: "root" });
    expect(driveViewFor("/drive/folder/abc%20d")).toEqual({ kind: "folder", id: "abc d" });
    expect(driveViewFor("/drive/folder/%E0%A4%A")).toEqual({ kind: "unknown" });
    expect(driveViewFor("/drive/trash")).toEqual({ kind: "trash" });
    expect(driveViewFor("/drive/shared")).toEqual({ kind: "shared" });
    expect(driveViewFor("/drive/nope/x")).toEqual({ kind: "unknown" });
  });
  it("bounds the quota share", () => {
    expect(quotaShare(50, 200)).toBe(25);
    expect(quotaShare(300, 200)).toBe(100);
    expect(quotaShare(0, 0)).toBe(0);
    expect(quotaShare(1, 0)).toBe(100);
  });
});

describe("texts", () => {
  it("has every key in every language, and the placeholders of English", () => {
    for (const lang of languages) {
      const d = driveDictionaries[lang];
      expect(Object.keys(d).sort()).toEqual(Object.keys(driveEn).sort());
      for (const [k, en] of Object.entries(driveEn)) {
        const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(ph(d[k as keyof typeof driveEn]), `${lang} ${k}`).toEqual(ph(en));
      }
    }
  });
  it("does not shadow the shell's keys", () => {
    for (const k of Object.keys(driveEn)) expect(k in dictionaries.en).toBe(false);
  });
  it("fills placeholders", () => {
    expect(driveTranslate("fr", "drive.quota.used", { used: "1 Go", quota: "10 Go" })).toBe("1 Go utilisés sur 10 Go");
  });
});

// A file as the walker and the queue see it.
const file = (name: string, size = 10, rel = "") => {
  const f = new File([new Uint8Array(size)], name, { type: "text/plain" });
  if (rel) Object.defineProperty(f, "webkitRelativePath", { value: rel });
  return f;
};

const fileEntry = (f: File): EntryLike => ({ isFile: true, isDirectory: false, name: f.name, file: (ok) => ok(f) });
const dirEntry = (name: string, children: EntryLike[], batch = 2): EntryLike => ({
  isFile: false,
  isDirectory: true,
  name,
  createReader: () => {
    let i = 0;
    return {
      readEntries: (ok) => {
        const out = children.slice(i, i + batch);
        i += batch;
        setTimeout(() => ok(out), 0);
      },
    };
  },
});

describe("walker", () => {
  it("reads a dropped tree in batches, with the empty folders", async () => {
    const tree = dirEntry("Projet", [fileEntry(file("a.txt")), fileEntry(file("b.txt")), fileEntry(file("c.txt")), dirEntry("vide", []), dirEntry("sub", [fileEntry(file("d.txt"))])]);
    const out = await walkEntries([tree, fileEntry(file("top.txt"))]);
    expect(out.map((e) => [...e.dirs, e.file?.name ?? "<dir>"].join("/"))).toEqual(["Projet/a.txt", "Projet/b.txt", "Projet/c.txt", "Projet/vide/<dir>", "Projet/sub/d.txt", "top.txt"]);
  });
  it("takes entries from a drop, or plain files when there are none", () => {
    const f = file("x.txt");
    const e = fileEntry(f);
    expect(entriesFromDrop({ items: [{ kind: "file", webkitGetAsEntry: () => e }, { kind: "string" }] }).entries).toEqual([e]);
    expect(entriesFromDrop({ items: [], files: [f] }).files).toEqual([f]);
  });
  it("reads webkitRelativePath from a folder picker", () => {
    const out = entriesFromInput([file("a.txt", 1, "Photos/2026/a.txt"), file("b.txt")]);
    expect(out.map((e) => e.dirs)).toEqual([["Photos", "2026"], []]);
  });
});

/** A send the test drives by hand: each call waits until the test settles it. */
function manualDeps() {
  const calls: { folderId: string; name: string; progress: OnProgress; signal: AbortSignal; settle: (r: ApiResult<Node>) => void }[] = [];
  const folders: string[] = [];
  const failFolder = { on: false };
  const deps: UploadDeps = {
    concurrency: 2,
    send: (folderId, f, progress, signal) => new Promise((resolve) => calls.push({ folderId, name: f.name, progress, signal, settle: resolve })),
    ensureFolder: async (parent, name) => {
      await Promise.resolve();
      if (failFolder.on) return { ok: false, error: { kind: "http", status: 403, message: "no" } };
      folders.push(`${parent}/${name}`);
      return { ok: true, data: `${parent}/${name}` };
    },
  };
  return { deps, calls, folders, failFolder };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("UploadQueue", () => {
  it("runs at most `concurrency` uploads, reports progress and totals", async () => {
    const { deps, calls } = manualDeps();
    const q = new UploadQueue(deps);
    let changes = 0;
    q.subscribe(() => changes++);
    q.add("root", [{ dirs: [], file: file("a", 100) }, { dirs: [], file: file("b", 300) }, { dirs: [], file: file("c", 600) }]);
    await tick();
    expect(calls.map((c) => c.name)).toEqual(["a", "b"]);
    expect(q.snapshot().tasks.map((t) => t.state)).toEqual(["uploading", "uploading", "queued"]);
    calls[0]!.progress(50);
    expect(q.snapshot().loaded).toBe(50);
    expect(q.snapshot().total).toBe(1000);
    calls[0]!.settle({ ok: true, data: node("a", { size: 100 }) });
    await tick();
    expect(calls.map((c) => c.name)).toEqual(["a", "b", "c"]);
    expect(q.snapshot().done).toBe(1);
    expect(q.snapshot().loaded).toBe(100);
    expect(changes).toBeGreaterThan(3);
  });

  it("cancels, then retries a file", async () => {
    const { deps, calls } = manualDeps();
    const q = new UploadQueue(deps);
    const [task] = q.add("root", [{ dirs: [], file: file("a", 10) }]);
    await tick();
    q.cancel(task!.id);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(q.snapshot().tasks[0]!.state).toBe("canceled");
    expect(q.snapshot().total).toBe(0);
    calls[0]!.settle({ ok: false, error: { kind: "network", message: "aborted" } });
    await tick();
    expect(q.snapshot().tasks[0]!.state).toBe("canceled");
    q.retry(task!.id);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.settle({ ok: true, data: node("a") });
    await tick();
    expect(q.snapshot().tasks[0]!.state).toBe("done");
    q.clearFinished();
    expect(q.snapshot().tasks).toHaveLength(0);
  });

  it("keeps the server's error (over quota) and lets it be retried", async () => {
    const { deps, calls } = manualDeps();
    const q = new UploadQueue(deps);
    const [task] = q.add("root", [{ dirs: [], file: file("big", 10) }]);
    await tick();
    calls[0]!.progress(10);
    calls[0]!.settle({ ok: false, error: { kind: "http", status: 413, message: "Not enough room: 5 bytes left." } });
    await tick();
    const t = q.snapshot().tasks[0]!;
    expect(t.state).toBe("error");
    expect(t.error).toEqual({ kind: "http", status: 413, message: "Not enough room: 5 bytes left." });
    expect(q.snapshot().failed).toBe(1);
    expect(q.snapshot().loaded).toBe(0);
    q.clearFinished();
    expect(q.snapshot().tasks).toHaveLength(1);
    q.retry(task!.id);
    await tick();
    expect(calls).toHaveLength(2);
  });

  it("creates each folder of a tree once, before its files, and empty folders too", async () => {
    const { deps, calls, folders } = manualDeps();
    const q = new UploadQueue({ ...deps, concurrency: 4 });
    q.add("root", [
      { dirs: ["P", "s"], file: file("a") },
      { dirs: ["P", "s"], file: file("b") },
      { dirs: ["P"], file: file("c") },
      { dirs: ["P", "empty"], file: null },
    ]);
    for (let i = 0; i < 10; i++) await tick();
    expect(folders.sort()).toEqual(["root/P", "root/P/empty", "root/P/s"]);
    expect(calls.map((c) => `${c.folderId}:${c.name}`).sort()).toEqual(["root/P/s:a", "root/P/s:b", "root/P:c"]);
    expect(q.snapshot().tasks.find((t) => t.file === null)!.state).toBe("done");
  });

  it("fails the files of a folder it cannot create, and tries the folder again on retry", async () => {
    const { deps, calls, folders, failFolder } = manualDeps();
    failFolder.on = true;
    const q = new UploadQueue(deps);
    const [task] = q.add("root", [{ dirs: ["X"], file: file("a") }]);
    for (let i = 0; i < 5; i++) await tick();
    expect(q.snapshot().tasks[0]!.state).toBe("error");
    expect(calls).toHaveLength(0);
    failFolder.on = false;
    q.retry(task!.id);
    for (let i = 0; i < 5; i++) await tick();
    expect(folders).toEqual(["root/X"]);
    expect(calls.map((c) => c.folderId)).toEqual(["root/X"]);
  });

  it("turns a throwing send into a network error", async () => {
    const q = new UploadQueue({ send: () => Promise.reject(new Error("boom")), ensureFolder: async () => ({ ok: true, data: "x" }) });
    q.add("root", [{ dirs: [], file: file("a") }]);
    for (let i = 0; i < 3; i++) await tick();
    expect(q.snapshot().tasks[0]!.error).toEqual({ kind: "network", message: "boom" });
  });
});

describe("tusMetadata", () => {
  it("encodes UTF-8 values in base64", () => {
    const m = tusMetadata({ filename: "été.txt", parent_id: "root" });
    expect(m).toBe("filename w6l0w6kudHh0,parent_id cm9vdA==");
    const [, b64] = m.split(",")[0]!.split(" ");
    expect(new TextDecoder().decode(Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0)))).toBe("été.txt");
  });
});

describe("thumbnails", () => {
  it("asks the server for thumbnails of JPEG, PNG, GIF and WebP only", () => {
    for (const ct of ["image/jpeg", "image/png", "image/gif", "image/webp"]) expect(thumbnailable(node("a", { content_type: ct }))).toBe(true);
    for (const ct of ["image/svg+xml", "image/bmp", "application/pdf", ""]) expect(thumbnailable(node("a", { content_type: ct }))).toBe(false);
    expect(thumbnailable(node("a", { is_dir: true, content_type: "image/png" }))).toBe(false);
    expect(thumbnailURL("x1", 64)).toBe("/api/v1/files/x1/thumbnail?size=64");
  });
});

describe("quota amounts", () => {
  it("reads an amount in MB or GB (binary, as sizes are written)", () => {
    expect(quotaBytes("2", "GB")).toBe(2 * 1024 ** 3);
    expect(quotaBytes("1,5", "GB")).toBe(1.5 * 1024 ** 3);
    expect(quotaBytes(" 500 ", "MB")).toBe(500 * 1024 ** 2);
    expect(quotaBytes("0", "MB")).toBe(0);
    for (const bad of ["", "-1", "abc", "1e3", "1.2.3", "99999999999999"]) expect(quotaBytes(bad, "GB")).toBeNull();
  });
  it("writes a quota back as an amount and a unit", () => {
    expect(quotaParts(10 * 1024 ** 3)).toEqual({ amount: "10", unit: "GB" });
    expect(quotaParts(1.5 * 1024 ** 3)).toEqual({ amount: "1.5", unit: "GB" });
    expect(quotaParts(300 * 1024 ** 2)).toEqual({ amount: "300", unit: "MB" });
    expect(quotaParts(0)).toEqual({ amount: "0", unit: "MB" });
  });
});

describe("share link upload address", () => {
  it("puts the name, encoded, under the link's folder or a folder below", async () => {
    const { shareUploadURL } = await import("./links");
    expect(shareUploadURL("tok", undefined, "a b/../c.txt")).toBe("/api/v1/share/tok/children/a%20b%2F..%2Fc.txt");
    expect(shareUploadURL("tok", "f1", "x.txt")).toBe("/api/v1/share/tok/items/f1/children/x.txt");
  });
});
