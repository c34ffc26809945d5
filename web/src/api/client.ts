// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A small JSON client for the server's API. Like fetchShell it never throws
// for a failed request: every call resolves to a result whose error says
// what went wrong (no answer, an error status with its API code, an answer
// that is not JSON), so that each page can explain it in plain words.
import { parseApiError } from "./shell";

/** ApiError says why a call failed. */
export type ApiError =
  /** No HTTP answer at all (server down, offline). */
  | { kind: "network"; message: string }
  /**
   * An error status. code and message come from the body
   * {"error":{"code","message"}} when it has them; retryAfter is the
   * Retry-After header in seconds (429 answers).
   */
  | { kind: "http"; status: number; code?: string; message?: string; retryAfter?: number }
  /** A success status with a body this client cannot read. */
  | { kind: "invalid"; message: string };

/** ApiResult is the decoded body of a successful call, or its error. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** A replacement for window.fetch, for tests. */
  fetch?: Fetch;
}

/** Listeners told when a call answers 401 "unauthenticated": the session has ended. */
const unauthorizedListeners = new Set<() => void>();

/** onUnauthorized registers fn to run when a call says "sign in first"; it returns the unregister function. */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/**
 * apiCall sends a JSON request to a same-origin path and decodes the JSON
 * answer. A 204 (or any empty success) gives data undefined.
 */
export async function apiCall<T = unknown>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<ApiResult<T>> {
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await doFetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return { ok: false, error: { kind: "network", message: err instanceof Error ? err.message : String(err) } };
  }

  let text = "";
  try {
    text = await response.text();
  } catch (err) {
    if (options.signal?.aborted) throw err;
    text = "";
  }
  let decoded: unknown = undefined;
  let decodeFailed = false;
  if (text !== "") {
    try {
      decoded = JSON.parse(text);
    } catch {
      decodeFailed = true;
    }
  }

  if (!response.ok) {
    const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
    const apiError = parseApiError(decoded);
    // Only "sign in first" means the session is gone; a wrong password at login is a 401 too.
    if (response.status === 401 && apiError.code === "unauthenticated") unauthorizedListeners.forEach((fn) => fn());
    return {
      ok: false,
      error: { kind: "http", status: response.status, ...apiError, ...(retryAfter !== undefined ? { retryAfter } : {}) },
    };
  }
  if (decodeFailed) return { ok: false, error: { kind: "invalid", message: `unexpected response from ${path}` } };
  return { ok: true, data: decoded as T };
}

/** parseRetryAfter reads a Retry-After header given in seconds; dates and junk give undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** errorCode returns the API error code of an http error, or undefined. */
export function errorCode(error: ApiError): string | undefined {
  return error.kind === "http" ? error.code : undefined;
}
