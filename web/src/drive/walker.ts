// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What to upload from a drop or a picker: every file with the folders
// above it (relative to what was dropped), and the empty folders too, so
// that a dropped tree arrives whole.

/** UploadEntry is one file to send (dirs are the folders to create above it, outermost first), or an empty folder (file null). */
export interface UploadEntry {
  dirs: string[];
  file: File | null;
}

/** The parts of the File and Directory Entries API the walker uses (so that tests can give plain objects). */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, fail?: (e: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: EntryLike[]) => void, fail?: (e: unknown) => void) => void };
}

/** The most folder levels followed: a deeper tree is surely a loop of links. */
const maxDepth = 64;

/**
 * walkEntries reads the dropped entries into upload entries. A folder's
 * readEntries answers in batches (100 at a time in Chromium) and is called
 * until it gives none.
 */
export async function walkEntries(entries: readonly EntryLike[]): Promise<UploadEntry[]> {
  const out: UploadEntry[] = [];
  const visit = async (e: EntryLike, dirs: string[]): Promise<void> => {
    if (e.isFile && e.file) {
      const read = e.file.bind(e);
      out.push({ dirs, file: await new Promise<File>((ok, fail) => read(ok, fail)) });
      return;
    }
    if (!e.isDirectory || !e.createReader || dirs.length >= maxDepth) return;
    const reader = e.createReader();
    const here = [...dirs, e.name];
    let any = false;
    for (;;) {
      const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      any = true;
      for (const child of batch) await visit(child, here);
    }
    if (!any) out.push({ dirs: here, file: null });
  };
  for (const e of entries) await visit(e, []);
  return out;
}

/** The parts of DataTransfer the drop handler reads. */
export interface DataTransferLike {
  items?: ArrayLike<{ kind: string; webkitGetAsEntry?: () => EntryLike | null; getAsFile?: () => File | null }>;
  files?: ArrayLike<File>;
}

/**
 * entriesFromDrop takes what a drop holds. It must run during the drop
 * event (the browser empties the DataTransfer afterwards); the folder
 * walk itself can wait. Browsers without entries give the plain files.
 */
export function entriesFromDrop(dt: DataTransferLike): { entries: EntryLike[]; files: File[] } {
  const entries: EntryLike[] = [];
  const files: File[] = [];
  const items = dt.items ? Array.from(dt.items) : [];
  for (const it of items) {
    if (it.kind !== "file") continue;
    const e = it.webkitGetAsEntry?.() ?? null;
    if (e) entries.push(e);
    else {
      const f = it.getAsFile?.();
      if (f) files.push(f);
    }
  }
  if (entries.length === 0 && files.length === 0 && dt.files) files.push(...Array.from(dt.files));
  return { entries, files };
}

/** entriesFromInput reads an <input type=file> (with webkitdirectory, each file's webkitRelativePath gives its folders). */
export function entriesFromInput(files: ArrayLike<File>): UploadEntry[] {
  return Array.from(files).map((file) => {
    const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath ?? "";
    const parts = rel.split("/").filter((p) => p !== "");
    return { dirs: parts.length > 1 ? parts.slice(0, -1) : [], file };
  });
}

/** hasFiles tells whether a drag carries files (and not, say, selected text). */
export function hasFiles(dt: { types?: ArrayLike<string> } | null): boolean {
  return !!dt?.types && Array.from(dt.types).includes("Files");
}
