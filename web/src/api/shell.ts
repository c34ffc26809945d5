// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The client of GET /api/v1/shell, which tells the frame which product and
// version it runs and which modules are enabled. It never throws: every
// failure comes back as a typed ShellError that the UI can explain.

/** ShellModule is one enabled module of the suite, as the server lists it. */
export interface ShellModule {
  /** id is stable ("docs", "drive", ...); the UI translates known ids. */
  id: string;
  /** name is the server's English name, used for ids the UI does not know. */
  name: string;
  /** path is where the module lives on this origin, such as "/docs". */
  path: string;
}

/** Shell is the answer of GET /api/v1/shell. */
export interface Shell {
  product: string;
  version: string;
  modules: ShellModule[];
}

/** ShellError says why the shell information is missing. */
export type ShellError =
  /** The request did not get an HTTP answer at all (server down, offline). */
  | { kind: "network"; message: string }
  /** The server answered with an error status, maybe with an API error body. */
  | { kind: "http"; status: number; code?: string; message?: string }
  /** The server answered 2xx but the body is not what this UI expects. */
  | { kind: "invalid"; message: string };

/** ShellResult is either the shell or the reason it is missing. */
export type ShellResult = { ok: true; shell: Shell } | { ok: false; error: ShellError };

/** The path of the endpoint, relative to the origin. */
export const shellPath = "/api/v1/shell";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** fetchShell asks the server for the shell information. */
export async function fetchShell(options: { signal?: AbortSignal; fetch?: Fetch } = {}): Promise<ShellResult> {
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  let response: Response;
  try {
    response = await doFetch(shellPath, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw err; // The caller gave up; let it know.
    return { ok: false, error: { kind: "network", message: errorMessage(err) } };
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    if (options.signal?.aborted) throw err;
    body = undefined;
  }

  if (!response.ok) {
    const apiError = parseApiError(body);
    return { ok: false, error: { kind: "http", status: response.status, ...apiError } };
  }
  const shell = parseShell(body);
  if (!shell) return { ok: false, error: { kind: "invalid", message: "unexpected response from " + shellPath } };
  return { ok: true, shell };
}

/** parseShell checks the shape of a decoded body; it returns null when it is not a Shell. */
export function parseShell(body: unknown): Shell | null {
  if (!isObject(body)) return null;
  const { product, version, modules } = body;
  if (typeof product !== "string" || typeof version !== "string") return null;
  if (modules !== undefined && modules !== null && !Array.isArray(modules)) return null;
  const list: ShellModule[] = [];
  for (const m of (modules as unknown[] | null | undefined) ?? []) {
    if (!isObject(m)) return null;
    const { id, name, path } = m;
    if (typeof id !== "string" || typeof name !== "string" || typeof path !== "string") return null;
    // Only same-origin absolute paths: a module link must never leave the server.
    if (!path.startsWith("/") || path.startsWith("//")) return null;
    list.push({ id, name, path });
  }
  return { product, version, modules: list };
}

/** parseApiError reads {"error":{"code":"...","message":"..."}}, keeping what is there. */
export function parseApiError(body: unknown): { code?: string; message?: string } {
  if (!isObject(body) || !isObject(body.error)) return {};
  const { code, message } = body.error;
  return {
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof message === "string" ? { message } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
