// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The upload queue: files wait, a few go at once, each reports its
// progress, can be cancelled and retried; the folders of a dropped tree are
// created once, before the files that go in them. The queue knows nothing
// of the network: it is given a send and an ensureFolder (XMLHttpRequest
// and the REST API in the page, plain functions in the tests).
import type { ApiError, ApiResult } from "../api/client";
import { parseApiError } from "../api/shell";
import { listChildren, makeFolder, type Node } from "./api";
import { nameKey } from "./format";
import type { UploadEntry } from "./walker";

export type UploadState = "queued" | "uploading" | "done" | "error" | "canceled";

/** UploadTask is one file (or empty folder) of the queue. */
export interface UploadTask {
  id: number;
  /** The folder it goes into, and the folders to create below that. */
  folderId: string;
  dirs: string[];
  name: string;
  size: number;
  loaded: number;
  state: UploadState;
  error: ApiError | null;
  file: File | null;
  /** The node the server made, once done. */
  node: Node | null;
}

/** Progress is what send reports: bytes sent so far. */
export type OnProgress = (loaded: number) => void;

/** UploadDeps are the queue's links to the world. */
export interface UploadDeps {
  send: (folderId: string, file: File, onProgress: OnProgress, signal: AbortSignal) => Promise<ApiResult<Node>>;
  /** ensureFolder returns the id of folder name in parentId, creating it if needed. */
  ensureFolder: (parentId: string, name: string) => Promise<ApiResult<string>>;
  concurrency?: number;
}

/** Snapshot is the queue as shown: its tasks and the totals of the live ones. */
export interface Snapshot {
  tasks: readonly UploadTask[];
  loaded: number;
  total: number;
  active: number;
  done: number;
  failed: number;
}

/** UploadQueue runs uploads; subscribe to hear about every change. */
export class UploadQueue {
  private tasks: UploadTask[] = [];
  private nextId = 1;
  private running = new Map<number, AbortController>();
  private folders = new Map<string, Promise<ApiResult<string>>>();
  private listeners = new Set<() => void>();
  private snap: Snapshot = { tasks: [], loaded: 0, total: 0, active: 0, done: 0, failed: 0 };
  private readonly concurrency: number;

  constructor(private readonly deps: UploadDeps) {
    this.concurrency = Math.max(1, deps.concurrency ?? 3);
  }

  /** subscribe calls fn after every change; it returns the unsubscribe function. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** snapshot is the current state (a new object after each change, for useSyncExternalStore). */
  snapshot = (): Snapshot => this.snap;

  /** add queues entries for folderId and starts what it can. */
  add(folderId: string, entries: readonly UploadEntry[]): UploadTask[] {
    const added = entries.map<UploadTask>((e) => ({
      id: this.nextId++,
      folderId,
      dirs: e.file ? e.dirs : e.dirs.slice(0, -1),
      name: e.file ? e.file.name : (e.dirs[e.dirs.length - 1] ?? ""),
      size: e.file?.size ?? 0,
      loaded: 0,
      state: "queued",
      error: null,
      file: e.file,
      node: null,
    }));
    this.tasks = [...this.tasks, ...added];
    this.changed();
    this.pump();
    return added;
  }

  /** cancel stops a queued or running task. */
  cancel(id: number): void {
    const t = this.find(id);
    if (!t || (t.state !== "queued" && t.state !== "uploading")) return;
    this.running.get(id)?.abort();
    this.update(id, { state: "canceled", loaded: 0 });
    this.pump();
  }

  /** cancelAll stops everything not finished. */
  cancelAll(): void {
    for (const t of this.tasks) if (t.state === "queued" || t.state === "uploading") this.cancel(t.id);
  }

  /** retry queues a failed or cancelled task again. */
  retry(id: number): void {
    const t = this.find(id);
    if (!t || (t.state !== "error" && t.state !== "canceled")) return;
    this.update(id, { state: "queued", loaded: 0, error: null });
    this.pump();
  }

  /** clearFinished forgets the tasks that are done or cancelled (failed ones stay, to be retried). */
  clearFinished(): void {
    this.tasks = this.tasks.filter((t) => t.state !== "done" && t.state !== "canceled");
    this.changed();
  }

  /** clear forgets every task that is not running or waiting. */
  clear(): void {
    this.tasks = this.tasks.filter((t) => t.state === "queued" || t.state === "uploading");
    this.changed();
  }

  private find(id: number) {
    return this.tasks.find((t) => t.id === id);
  }

  private update(id: number, patch: Partial<UploadTask>) {
    this.tasks = this.tasks.map((t) => (t.id === id ? { ...t, ...patch } : t));
    this.changed();
  }

  private changed() {
    let loaded = 0;
    let total = 0;
    let active = 0;
    let done = 0;
    let failed = 0;
    for (const t of this.tasks) {
      if (t.state === "canceled") continue;
      total += t.size;
      loaded += t.state === "done" ? t.size : t.loaded;
      if (t.state === "queued" || t.state === "uploading") active++;
      if (t.state === "done") done++;
      if (t.state === "error") failed++;
    }
    this.snap = { tasks: this.tasks, loaded, total, active, done, failed };
    this.listeners.forEach((fn) => fn());
  }

  private pump() {
    while (this.running.size < this.concurrency) {
      const next = this.tasks.find((t) => t.state === "queued" && !this.running.has(t.id));
      if (!next) return;
      const ctl = new AbortController();
      this.running.set(next.id, ctl);
      this.update(next.id, { state: "uploading" });
      void this.run(next, ctl.signal).finally(() => {
        if (this.running.get(next.id) === ctl) this.running.delete(next.id);
        this.pump();
      });
    }
  }

  private async run(task: UploadTask, signal: AbortSignal): Promise<void> {
    const folder = await this.folderFor(task.folderId, task.dirs);
    if (signal.aborted) return;
    if (!folder.ok) {
      this.update(task.id, { state: "error", error: folder.error });
      return;
    }
    if (!task.file) {
      const made = await this.folderFor(folder.data, [task.name]);
      if (signal.aborted) return;
      this.update(task.id, made.ok ? { state: "done" } : { state: "error", error: made.error });
      return;
    }
    let r: ApiResult<Node>;
    try {
      r = await this.deps.send(folder.data, task.file, (loaded) => !signal.aborted && this.update(task.id, { loaded: Math.min(loaded, task.size) }), signal);
    } catch (err) {
      r = { ok: false, error: { kind: "network", message: err instanceof Error ? err.message : String(err) } };
    }
    if (signal.aborted) return;
    // A refused upload counts as nothing sent, whatever went out before the answer.
    this.update(task.id, r.ok ? { state: "done", loaded: task.size, node: r.data } : { state: "error", error: r.error, loaded: 0 });
  }

  /** folderFor creates dirs below folderId once for every task that needs them; a failure is forgotten, so that a retry tries again. */
  private folderFor(folderId: string, dirs: readonly string[]): Promise<ApiResult<string>> {
    if (dirs.length === 0) return Promise.resolve({ ok: true, data: folderId });
    const key = JSON.stringify([folderId, ...dirs.map(nameKey)]);
    let p = this.folders.get(key);
    if (!p) {
      p = this.folderFor(folderId, dirs.slice(0, -1)).then((parent) => (parent.ok ? this.deps.ensureFolder(parent.data, dirs[dirs.length - 1] as string) : parent));
      this.folders.set(key, p);
      void p.then((r) => {
        if (!r.ok) this.folders.delete(key);
      });
    }
    return p;
  }
}

/**
 * ensureFolder creates folder name in parentId, or finds the one already
 * there (the server answers 409 for a taken name).
 */
export async function ensureFolder(parentId: string, name: string): Promise<ApiResult<string>> {
  const made = await makeFolder(parentId, name);
  if (made.ok) return { ok: true, data: made.data.id };
  if (made.error.kind !== "http" || made.error.status !== 409) return made;
  const list = await listChildren(parentId);
  if (!list.ok) return list;
  const found = list.data.find((n) => n.is_dir && nameKey(n.name) === nameKey(name));
  return found ? { ok: true, data: found.id } : made;
}

/** XhrAnswer is what xhrRequest gives: the status (0 for no answer), the decoded JSON body if any, and the headers. */
export interface XhrAnswer {
  status: number;
  body: unknown;
  header: (name: string) => string | null;
}

/**
 * xhrRequest sends body with XMLHttpRequest, the one browser API that
 * reports upload progress. It never throws: no answer gives status 0.
 */
export function xhrRequest(method: string, url: string, body: Blob | null, headers: Record<string, string>, onProgress: OnProgress, signal: AbortSignal): Promise<XhrAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const none: XhrAnswer = { status: 0, body: undefined, header: () => null };
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onerror = () => resolve(none);
    xhr.onabort = () => resolve(none);
    xhr.onload = () => {
      let decoded: unknown;
      try {
        decoded = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        decoded = undefined;
      }
      resolve({ status: xhr.status, body: decoded, header: (name) => xhr.getResponseHeader(name) });
    };
    if (signal.aborted) return resolve(none);
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** answerError turns a failed answer into an ApiError, like apiCall's. */
export function answerError(a: XhrAnswer): ApiError {
  if (a.status === 0) return { kind: "network", message: "no answer" };
  return { kind: "http", status: a.status, ...parseApiError(a.body) };
}

/** xhrSend uploads file as the body of PUT url and reads the node the server answers. */
export async function xhrSend(method: "PUT", url: string, file: File, onProgress: OnProgress, signal: AbortSignal): Promise<ApiResult<Node>> {
  const headers: Record<string, string> = { Accept: "application/json", "Content-Type": file.type || "application/octet-stream" };
  if (file.lastModified > 0) headers["X-Mtime"] = String(Math.floor(file.lastModified / 1000));
  const a = await xhrRequest(method, url, file, headers, onProgress, signal);
  if (a.status < 200 || a.status >= 300) return { ok: false, error: answerError(a) };
  if (a.body && typeof a.body === "object") return { ok: true, data: a.body as Node };
  return { ok: false, error: { kind: "invalid", message: `unexpected response from ${url}` } };
}

/** Files from this size on go through the resumable protocol, so that a failed upload goes on from where it stopped. */
export const resumableFrom = 16 * 1024 * 1024;
