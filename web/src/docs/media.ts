// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Images and files of documents: the editor's image, file, video and audio
// blocks upload to POST /api/v1/docs/{id}/media and keep the address the
// server answers (/api/v1/docs/{id}/media/{mediaID}), which it serves only
// to those who may read the document.
import { parseApiError } from "../api/shell";
import type { Language } from "../i18n/languages";

/** UploadedMedia is the server's answer to an upload. */
export interface UploadedMedia {
  id: string;
  url: string;
  name: string;
  content_type: string;
  size: number;
}

/** The words of a failed upload, in each language of the interface. */
export const mediaMessages: Record<Language, { failed: (name: string, why: string) => string; network: string; unexpected: string; close: string }> = {
  en: {
    failed: (name, why) => `“${name}” could not be added: ${why}`,
    network: "the server did not answer.",
    unexpected: "the server's answer could not be read.",
    close: "Close",
  },
  fr: {
    failed: (name, why) => `« ${name} » n’a pas pu être ajouté : ${why}`,
    network: "le serveur n’a pas répondu.",
    unexpected: "la réponse du serveur est illisible.",
    close: "Fermer",
  },
  de: {
    failed: (name, why) => `„${name}“ konnte nicht hinzugefügt werden: ${why}`,
    network: "Der Server hat nicht geantwortet.",
    unexpected: "Die Antwort des Servers ist unlesbar.",
    close: "Schließen",
  },
};

/** MediaUploadError is a refused or failed upload, with a message for people. */
export class MediaUploadError extends Error {
  constructor(
    message: string,
    /** The HTTP status, 0 when there was no answer. */
    readonly status: number,
  ) {
    super(message);
    this.name = "MediaUploadError";
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * uploadMedia sends file to docID's media and returns the server's answer;
 * it throws a MediaUploadError whose message is the server's explanation
 * (too large, may not edit…) in the words of language.
 */
export async function uploadMedia(docID: string, file: File, language: Language, doFetch: Fetch = (i, init) => fetch(i, init)): Promise<UploadedMedia> {
  const words = mediaMessages[language];
  const body = new FormData();
  body.append("file", file, file.name);
  let response: Response;
  try {
    response = await doFetch(`/api/v1/docs/${encodeURIComponent(docID)}/media`, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch {
    throw new MediaUploadError(words.failed(file.name, words.network), 0);
  }
  let decoded: unknown;
  try {
    decoded = await response.json();
  } catch {
    decoded = undefined;
  }
  if (!response.ok) {
    const why = parseApiError(decoded).message ?? `HTTP ${response.status}`;
    throw new MediaUploadError(words.failed(file.name, why), response.status);
  }
  const m = decoded as Partial<UploadedMedia> | undefined;
  if (!m || typeof m.url !== "string" || !m.url.startsWith(`/api/v1/docs/${docID}/media/`)) {
    throw new MediaUploadError(words.failed(file.name, words.unexpected), response.status);
  }
  return m as UploadedMedia;
}

/**
 * mediaUploader makes BlockNote's uploadFile for docID: it returns the
 * address to keep in the block, and tells onError the message of a failed
 * upload before failing (BlockNote then shows its own short notice).
 */
export function mediaUploader(docID: string, language: Language, onError: (message: string) => void, doFetch?: Fetch): (file: File) => Promise<string> {
  return async (file) => {
    try {
      return (await uploadMedia(docID, file, language, doFetch)).url;
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
}
