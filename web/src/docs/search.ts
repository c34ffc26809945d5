// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Search, export and import of documents (docs/docs-formats.md): the calls,
// and the pure pieces the components use — reading a search snippet into
// text and highlighted parts without ever handing HTML to the page, the
// address and file name of an export, the upload of an import.
import { apiCall, type ApiError, type ApiResult, type CallOptions } from "../api/client";
import { parseApiError } from "../api/shell";
import { normalizeDoc, type Doc } from "./api";

/** SearchHit is one document that matches, with its highlighted snippet (escaped HTML with <mark>). */
export interface SearchHit {
  id: string;
  title: string;
  snippet: string;
}

/** normalizeHits reads {"results": […]}, keeping the documents; null when it is not a list. */
export function normalizeHits(raw: unknown): SearchHit[] | null {
  const list = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).results : undefined;
  if (list === null) return [];
  if (!Array.isArray(list)) return null;
  const out: SearchHit[] = [];
  for (const r of list) {
    if (typeof r !== "object" || r === null) continue;
    const o = r as Record<string, unknown>;
    if (o.type !== undefined && o.type !== "doc") continue;
    if (typeof o.id !== "string" || o.id === "") continue;
    out.push({ id: o.id, title: typeof o.title === "string" ? o.title : "", snippet: typeof o.snippet === "string" ? o.snippet : "" });
  }
  return out;
}

/** searchDocs asks GET /api/v1/search for q, within parentID and its sub-pages when given. */
export async function searchDocs(q: string, o: CallOptions & { parentID?: string; limit?: number } = {}): Promise<ApiResult<SearchHit[]>> {
  const params = new URLSearchParams({ q });
  if (o.parentID) params.set("parent_id", o.parentID);
  if (o.limit) params.set("limit", String(o.limit));
  const r = await apiCall("GET", `/api/v1/search?${params}`, undefined, o);
  if (!r.ok) return r;
  const hits = normalizeHits(r.data);
  return hits === null ? { ok: false, error: { kind: "invalid", message: "unexpected answer for a search" } } : { ok: true, data: hits };
}

const named = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00a0"],
]);

/**
 * unescapeEntities turns the character references of escaped HTML text back
 * into characters (&lt; gives "<"); unknown ones stay as they are. The
 * result is text, for a React text node, never markup.
 */
export function unescapeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return named.get(ref) ?? whole;
  });
}

/** SnippetPart is a run of a snippet's text, highlighted (mark) or not. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * snippetParts splits a search snippet on its literal <mark> and </mark>
 * tags and unescapes the rest into plain text: any other markup, escaped
 * or not, comes out as visible text. Empty runs are dropped.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const out: SnippetPart[] = [];
  let mark = false;
  for (const piece of snippet.split(/(<mark>|<\/mark>)/)) {
    if (piece === "<mark>") mark = true;
    else if (piece === "</mark>") mark = false;
    else if (piece !== "") {
      const text = unescapeEntities(piece);
      const last = out[out.length - 1];
      if (last && last.mark === mark) last.text += text;
      else out.push({ text, mark });
    }
  }
  return out;
}

/** The formats a document exports to, in menu order. */
export const exportFormats = ["md", "html", "odt", "docx", "pdf"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** exportURL is the address that downloads the document in a format. */
export const exportURL = (id: string, format: ExportFormat) => `/api/v1/docs/${encodeURIComponent(id)}/export?format=${format}`;

/**
 * exportFileName is the name the browser suggests for a download: the
 * title without characters file systems refuse, or "document". The
 * server's Content-Disposition names it too.
 */
export function exportFileName(title: string, format: ExportFormat): string {
  // eslint-disable-next-line no-control-regex
  const base = title.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, " ").replace(/\s+/g, " ").trim().replace(/^\.+/, "").slice(0, 120).trim();
  return `${base || "document"}.${format}`;
}

/** The files the import takes, for a file picker's accept. */
export const importAccept = ".md,.markdown,.docx,.odt,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text";

/** importable tells whether a file's name has an extension the import takes. */
export const importable = (name: string) => /\.(md|markdown|docx|odt)$/i.test(name);

/** Progress reports the bytes sent of an upload. */
export type Progress = (loaded: number, total: number) => void;

/**
 * importDoc uploads file to POST /api/v1/docs/import (under parentID when
 * given) with XMLHttpRequest, which reports upload progress, and reads the
 * new document. It never throws; an abort gives a network error.
 */
export function importDoc(file: File, parentID: string | null, onProgress: Progress, signal?: AbortSignal): Promise<ApiResult<Doc>> {
  const body = new FormData();
  body.append("file", file, file.name);
  if (parentID) body.append("parent_id", parentID);
  return new Promise((resolve) => {
    const fail = (error: ApiError) => resolve({ ok: false, error });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/docs/import");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => fail({ kind: "network", message: "no answer" });
    xhr.onabort = () => fail({ kind: "network", message: "canceled" });
    xhr.onload = () => {
      let decoded: unknown;
      try {
        decoded = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        decoded = undefined;
      }
      if (xhr.status < 200 || xhr.status > 299) return fail({ kind: "http", status: xhr.status, ...parseApiError(decoded) });
      const doc = normalizeDoc(decoded);
      resolve(doc ? { ok: true, data: doc } : { ok: false, error: { kind: "invalid", message: "unexpected answer for an import" } });
    };
    if (signal?.aborted) return fail({ kind: "network", message: "canceled" });
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
