// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Pure helpers of the sign-in flow: where to go after the login page, how
// to get there, and how to show a user. Nothing here touches React.

/**
 * safeReturnTo keeps target only if it is a path on this site, and returns
 * "/" otherwise (another host, "//evil", "/\evil", a scheme, control
 * characters). The server checks the same again; this keeps the login page
 * from even showing a foreign address.
 */
export function safeReturnTo(target: string | null | undefined): string {
  if (!target || target[0] !== "/" || target.startsWith("//") || target.startsWith("/\\") || /[\r\n\t\0]/.test(target)) return "/";
  try {
    const base = "http://ensemble.invalid";
    const u = new URL(target, base);
    if (u.origin !== base) return "/";
  } catch {
    return "/";
  }
  // Never come back to the login page itself after signing in.
  if (target === "/login" || target.startsWith("/login?") || target.startsWith("/login#")) return "/";
  return target;
}

/**
 * signInPath is where a "Sign in" link goes: the web app's own OpenID
 * Connect sign-in, which comes back to returnTo. It is a server route, so
 * it must be a full page load, never a client-side navigation.
 */
export function signInPath(returnTo?: string): string {
  return `/auth/login?return_to=${encodeURIComponent(safeReturnTo(returnTo))}`;
}

/** loginPath is the login page itself (after sign-out: with the "you are signed out" notice). */
export function loginPath(returnTo?: string, options: { loggedOut?: boolean } = {}): string {
  const params = new URLSearchParams();
  const back = safeReturnTo(returnTo);
  if (back !== "/") params.set("return_to", back);
  if (options.loggedOut) params.set("logged_out", "1");
  const q = params.toString();
  return q ? `/login?${q}` : "/login";
}

/** providerStartPath is the address of a "Sign in with …" button: the provider's start, coming back to returnTo. */
export function providerStartPath(start: string, returnTo: string): string {
  return `${start}?return_to=${encodeURIComponent(safeReturnTo(returnTo))}`;
}

/** currentPath is the address of the page, path and query, to come back to it. */
export function currentPath(loc: Pick<Location, "pathname" | "search" | "hash"> = window.location): string {
  return loc.pathname + loc.search + loc.hash;
}

/** The reasons the server gives when a sign-in with an upstream provider fails (/login?error=upstream&reason=…). */
export const upstreamReasons = [
  "unknown_provider",
  "provider_unreachable",
  "state_mismatch",
  "login_expired",
  "upstream_refused",
  "exchange_failed",
  "invalid_id_token",
  "no_email",
  "email_domain_not_allowed",
  "account_exists",
  "account_disabled",
  "internal",
] as const;

/** UpstreamReason is one of upstreamReasons. */
export type UpstreamReason = (typeof upstreamReasons)[number];

/** LoginProblem is what went wrong before the login page was shown, from its query string. */
export type LoginProblem = { kind: "flow" } | { kind: "upstream"; reason: UpstreamReason };

/** readLoginParams reads the login page's query string. */
export function readLoginParams(search: string): { returnTo: string; loggedOut: boolean; problem: LoginProblem | null } {
  const params = new URLSearchParams(search);
  let problem: LoginProblem | null = null;
  const error = params.get("error");
  if (error === "flow") problem = { kind: "flow" };
  else if (error === "upstream") {
    const reason = params.get("reason");
    // An unknown reason (a newer server) is explained like an internal error.
    problem = { kind: "upstream", reason: (upstreamReasons as readonly string[]).includes(reason ?? "") ? (reason as UpstreamReason) : "internal" };
  }
  return { returnTo: safeReturnTo(params.get("return_to")), loggedOut: params.get("logged_out") === "1", problem };
}

/** initials gives one or two letters for an avatar: "Marie Curie" → "MC", "ada@x.fr" → "A". */
export function initials(name: string, email = ""): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const letter = (w: string) => (w.match(/[\p{L}\p{N}]/u)?.[0] ?? "").toLocaleUpperCase();
  const first = words[0];
  const last = words[words.length - 1];
  if (first && last && words.length >= 2) return letter(first) + letter(last);
  if (first) return letter(first);
  return letter(email) || "?";
}

/** localDayStart turns a YYYY-MM-DD of a date field into the RFC 3339 time its local day begins, plus days. */
export function localDayStart(day: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
