// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Pure helpers of the Drive pages: sizes in the reader's language, the kind
// of a file (for its icon and its preview), sorting, and the addresses of
// the Drive views.
import type { Node } from "./api";

/** formatSize writes a byte count with a binary unit ("1.5 MB" means 1.5 MiB, as file managers do), in lang's digits. */
export function formatSize(bytes: number, lang: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : 1;
  const n = new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
  const unit = lang === "fr" ? { B: "o", KB: "Ko", MB: "Mo", GB: "Go", TB: "To", PB: "Po" }[units[i] as string] : units[i];
  return `${n}\u00a0${unit}`;
}

/** FileKind groups files by how they are shown. */
export type FileKind = "folder" | "image" | "pdf" | "audio" | "video" | "text" | "archive" | "sheet" | "slides" | "doc" | "file";

const byExtension: Record<string, FileKind> = {
  png: "image", jpg: "image", jpeg: "image", gif: "image", webp: "image", svg: "image", avif: "image", bmp: "image",
  pdf: "pdf",
  mp3: "audio", ogg: "audio", oga: "audio", wav: "audio", flac: "audio", m4a: "audio", opus: "audio",
  mp4: "video", webm: "video", ogv: "video", mov: "video", mkv: "video",
  txt: "text", md: "text", csv: "sheet", json: "text", xml: "text", log: "text",
  zip: "archive", gz: "archive", tgz: "archive", tar: "archive", "7z": "archive", bz2: "archive", xz: "archive",
  ods: "sheet", xls: "sheet", xlsx: "sheet",
  odp: "slides", ppt: "slides", pptx: "slides",
  odt: "doc", doc: "doc", docx: "doc", rtf: "doc",
};

/** extension returns the lower-case extension of a name ("" for none; a leading dot does not count). */
export function extension(name: string): string {
  const i = name.lastIndexOf(".");
  return i > 0 ? name.slice(i + 1).toLowerCase() : "";
}

/** fileKind tells what n is, from its type if the server knows it, otherwise from its name. */
export function fileKind(n: Pick<Node, "is_dir" | "name" | "content_type">): FileKind {
  if (n.is_dir) return "folder";
  const type = (n.content_type ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/pdf") return "pdf";
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  return byExtension[extension(n.name)] ?? (type.startsWith("text/") ? "text" : "file");
}

/** previewable tells whether the browser can show n itself (images, PDF, audio, video). SVG is left out: it could run script. */
export function previewable(n: Pick<Node, "is_dir" | "name" | "content_type">): boolean {
  const k = fileKind(n);
  if (k === "image") return extension(n.name) !== "svg" && !(n.content_type ?? "").includes("svg");
  return k === "pdf" || k === "audio" || k === "video";
}

/** SortKey is a column the lists sort on. */
export type SortKey = "name" | "size" | "modified";
export interface Sort {
  key: SortKey;
  desc: boolean;
}

/** sortNodes returns nodes sorted by s, folders always first, ties by name. */
export function sortNodes<T extends Pick<Node, "is_dir" | "name" | "size" | "modified_at">>(nodes: readonly T[], s: Sort, lang: string): T[] {
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
  const byName = (a: T, b: T) => collator.compare(a.name, b.name);
  const cmp = (a: T, b: T): number => {
    if (a.is_dir !== b.is_dir) return a.is_dir ? -1 : 1;
    let c = 0;
    if (s.key === "size") c = a.size - b.size;
    else if (s.key === "modified") c = Date.parse(a.modified_at) - Date.parse(b.modified_at);
    if (c === 0 || Number.isNaN(c)) c = byName(a, b);
    return s.desc ? -c : c;
  };
  return [...nodes].sort(cmp);
}

/** quotaShare is the used share of the quota, from 0 to 100 (100 when there is no room at all). */
export function quotaShare(used: number, quota: number): number {
  if (quota <= 0) return used > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, (used / quota) * 100));
}

/** The addresses of the Drive views. */
export const drivePaths = {
  home: "/drive",
  shared: "/drive/shared",
  trash: "/drive/trash",
  folder: (id: string) => `/drive/folder/${encodeURIComponent(id)}`,
};

/** DriveView is what a /drive address shows. */
export type DriveView = { kind: "folder"; id: string } | { kind: "shared" } | { kind: "trash" } | { kind: "unknown" };

/** driveViewFor reads a /drive address; "root" is one's own root folder. */
export function driveViewFor(path: string): DriveView {
  const p = path.replace(/\/+$/, "");
  if (p === "/drive") return { kind: "folder", id: "root" };
  if (p === "/drive/shared") return { kind: "shared" };
  if (p === "/drive/trash") return { kind: "trash" };
  const m = /^\/drive\/folder\/([^/]+)$/.exec(p);
  if (m?.[1]) {
    try {
      return { kind: "folder", id: decodeURIComponent(m[1]) };
    } catch {
      return { kind: "unknown" };
    }
  }
  return { kind: "unknown" };
}

/** nameKey is how the server compares names: Unicode NFC, case folded. */
export const nameKey = (name: string) => name.normalize("NFC").toLocaleLowerCase("und");

/** splitName cuts a file name into its stem and its extension (with the dot), so that a rename dialog can select the stem only. */
export function splitName(name: string): { stem: string; ext: string } {
  const e = extension(name);
  return e ? { stem: name.slice(0, name.length - e.length - 1), ext: "." + name.slice(name.length - e.length) } : { stem: name, ext: "" };
}

/** freeName is n's name, or the first "stem (2).ext", "stem (3).ext"… whose key is not in taken (keys as nameKey gives them). */
export function freeName(n: Pick<Node, "name" | "is_dir">, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(n.name))) return n.name;
  const { stem, ext } = n.is_dir ? { stem: n.name, ext: "" } : splitName(n.name);
  for (let i = 2; ; i++) {
    const name = `${stem} (${i})${ext}`;
    if (!taken.has(nameKey(name))) return name;
  }
}

/** QuotaUnit is a unit an administrator gives a quota in: binary, as formatSize writes sizes. */
export type QuotaUnit = "MB" | "GB";

const unitBytes: Record<QuotaUnit, number> = { MB: 1024 ** 2, GB: 1024 ** 3 };

/** quotaBytes turns "2.5" GB into bytes; null for anything that is not a number of 0 or more. */
export function quotaBytes(amount: string, unit: QuotaUnit): number | null {
  const text = amount.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const v = Math.round(Number(text) * unitBytes[unit]);
  return Number.isSafeInteger(v) ? v : null;
}

/** quotaParts writes bytes as an amount and a unit for the quota form: GB from 1 GB on when two decimals say it exactly, MB otherwise. */
export function quotaParts(bytes: number): { amount: string; unit: QuotaUnit } {
  const inGB = Math.round((bytes / unitBytes.GB) * 100) / 100;
  if (bytes >= unitBytes.GB && Math.round(inGB * unitBytes.GB) === bytes) return { amount: String(inGB), unit: "GB" };
  return { amount: String(Math.round((bytes / unitBytes.MB) * 100) / 100), unit: "MB" };
}
