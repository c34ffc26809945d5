// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Large files go through the server's resumable uploads (tus 1.0.0 at
// /api/v1/uploads): the file is sent in chunks, and a retry after a network
// cut or a server restart asks the server how much it has (HEAD) and sends
// only the rest. Cancelling ends the upload on the server too.
import type { ApiResult } from "../api/client";
import { getNode, uploadURL, type Node } from "./api";
import { answerError, ensureFolder, resumableFrom, UploadQueue, xhrRequest, xhrSend, type OnProgress, type UploadDeps } from "./upload";

/** The size of one PATCH: each is stored as one chunk, and is what a cut can lose. */
export const chunkSize = 8 * 1024 * 1024;

const tus = { "Tus-Resumable": "1.0.0" };

/** tusMetadata encodes Upload-Metadata: "key base64(UTF-8 value)" pairs. */
export function tusMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => {
      const bytes = new TextEncoder().encode(v);
      let bin = "";
      for (const b of bytes) bin += String.fromCharCode(b);
      return `${k} ${btoa(bin)}`;
    })
    .join(",");
}

/** Where each file's upload lives on the server, so that a retry resumes it. */
const uploads = new WeakMap<File, string>();

/** tusSend uploads file into folderId through the resumable protocol. */
export async function tusSend(folderId: string, file: File, onProgress: OnProgress, signal: AbortSignal): Promise<ApiResult<Node>> {
  let location = uploads.get(file);
  let offset = 0;
  if (location) {
    const head = await xhrRequest("HEAD", location, null, { ...tus }, () => {}, signal);
    const at = Number(head.header("Upload-Offset"));
    if (head.status === 200 && Number.isFinite(at)) offset = at;
    else location = undefined;
  }
  if (!location) {
    const created = await xhrRequest(
      "POST",
      "/api/v1/uploads",
      null,
      { ...tus, Accept: "application/json", "Upload-Length": String(file.size), "Upload-Metadata": tusMetadata({ filename: file.name, parent_id: folderId }) },
      () => {},
      signal,
    );
    const loc = created.header("Location");
    if (created.status !== 201 || !loc) return { ok: false, error: answerError(created) };
    location = loc;
    uploads.set(file, location);
  }
  const where = location;
  const forget = () => {
    uploads.delete(file);
    void xhrRequest("DELETE", where, null, { ...tus }, () => {}, new AbortController().signal);
  };
  signal.addEventListener("abort", forget, { once: true });
  onProgress(offset);
  let fileId: string | null = null;
  while (offset < file.size && !signal.aborted) {
    const from = offset;
    const a = await xhrRequest(
      "PATCH",
      where,
      file.slice(from, from + chunkSize),
      { ...tus, Accept: "application/json", "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(from) },
      (loaded) => onProgress(from + loaded),
      signal,
    );
    if (a.status !== 204) return { ok: false, error: answerError(a) };
    offset = Number(a.header("Upload-Offset"));
    if (!Number.isFinite(offset) || offset <= from) return { ok: false, error: { kind: "invalid", message: "the server did not move the upload on" } };
    fileId = a.header("Ensemble-File-Id") ?? fileId;
  }
  signal.removeEventListener("abort", forget);
  if (signal.aborted) return { ok: false, error: { kind: "network", message: "aborted" } };
  uploads.delete(file);
  if (!fileId) return { ok: false, error: { kind: "invalid", message: "the server did not name the uploaded file" } };
  return getNode(fileId);
}

/** browserDeps are the upload queue's links to the real server: one PUT for small files, the resumable protocol for large ones. */
export const browserDeps: UploadDeps = {
  send: (folderId, file, onProgress, signal) =>
    file.size >= resumableFrom ? tusSend(folderId, file, onProgress, signal) : xhrSend("PUT", uploadURL(folderId, file.name), file, onProgress, signal),
  ensureFolder,
  concurrency: 3,
};

let queue: UploadQueue | null = null;

/**
 * pageQueue is the one upload queue of the page: uploads go on, and stay
 * listed, while one visits other modules and comes back.
 */
export function pageQueue(): UploadQueue {
  queue ??= new UploadQueue(browserDeps);
  return queue;
}
