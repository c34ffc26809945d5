// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Formatting helpers shared by the account and administration pages.
import type { ApiError } from "./api/client";
import type { Language, MessageKey, Params } from "./i18n/languages";

type T = (key: MessageKey, params?: Params) => string;

// Date formatters are made once per language, style and time zone: making
// one costs a fraction of a millisecond, and a page's first one 20–50 ms
// (the browser loads its locale data then).
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: string, withTime: boolean, timeZone?: string): Intl.DateTimeFormat {
  const key = `${lang}|${withTime ? "dt" : "d"}|${timeZone ?? ""}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { dateStyle: "medium", ...(withTime ? { timeStyle: "short" } : {}), ...(timeZone ? { timeZone } : {}) });
    dateFormats.set(key, f);
  }
  return f;
}

/** formatDateTime shows an RFC 3339 time in the reader's language and time zone; "" for a missing or bad time. */
export function formatDateTime(iso: string | null | undefined, lang: Language, timeZone?: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return dateFormat(lang, true, timeZone).format(d);
}

/** formatDate shows only the day. */
export function formatDate(iso: string | null | undefined, lang: Language, timeZone?: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return dateFormat(lang, false, timeZone).format(d);
}

/** describeError explains a failed API call in the interface language. */
export function describeError(error: ApiError, t: T): string {
  switch (error.kind) {
    case "network":
      return t("error.network");
    case "invalid":
      return t("error.invalid");
    case "http":
      return error.message ? t("error.http", { message: error.message, status: error.status }) : t("error.httpBare", { status: error.status });
  }
}

/** describeAgent turns a User-Agent header into "Firefox on Windows"-like parts; null when unknown. */
export function describeAgent(ua: string): { browser: string; os: string } | null {
  if (!ua) return null;
  const browser =
    /Edg\//.test(ua) ? "Edge"
    : /OPR\//.test(ua) ? "Opera"
    : /Firefox\//.test(ua) ? "Firefox"
    : /Chromium\//.test(ua) ? "Chromium"
    : /Chrome\//.test(ua) ? "Chrome"
    : /Safari\//.test(ua) && /Version\//.test(ua) ? "Safari"
    : /^curl\//.test(ua) ? "curl"
    : null;
  const os =
    /Android/.test(ua) ? "Android"
    : /iPhone|iPad|iPod/.test(ua) ? "iOS"
    : /Windows/.test(ua) ? "Windows"
    : /Mac OS X|Macintosh/.test(ua) ? "macOS"
    : /CrOS/.test(ua) ? "ChromeOS"
    : /Linux|X11/.test(ua) ? "Linux"
    : null;
  if (!browser) return null;
  return { browser, os: os ?? "?" };
}

/** rateLimitMessage words a 429's wait in seconds, or in minutes from two minutes on. */
export function rateLimitMessage(seconds: number | undefined, t: T): string {
  const s = Math.max(1, seconds ?? 30);
  if (s >= 120) return t("login.errorRateLimitedMinutes", { minutes: Math.ceil(s / 60) });
  return t("login.errorRateLimited", { seconds: s });
}

/** The password length rules of the server (identity.MinPasswordLen, MaxPasswordLen). */
export const passwordRules = { min: 10, max: 256 } as const;

/**
 * describeFormError explains a failed form submission: a 400 or 422 whose
 * body names the wrong field is shown as the server's own sentence (it says
 * which field and why); anything else as describeError does.
 */
export function describeFormError(error: ApiError, t: T): string {
  if (error.kind === "http" && (error.status === 400 || error.status === 422) && error.message) return error.message;
  return describeError(error, t);
}
