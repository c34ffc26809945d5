// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The identity API: login, the signed-in user's account, and administration.
import { apiCall, type ApiResult, type CallOptions } from "./client";

/** User is an account as the server shows it. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** "" follows the browser; otherwise fr, en or de. */
  locale: string;
  email_verified: boolean;
  admin: boolean;
  disabled: boolean;
  has_password: boolean;
  /** Whether mentions and access requests are also sent by email (when the server sends email). */
  email_notifications: boolean;
  created_at: string;
  updated_at: string;
}

/** Session is one signed-in browser of the user. */
export interface Session {
  id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string;
  user_agent: string;
  current: boolean;
}

/** Token is a personal access token, without its secret. */
export interface Token {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

/** AuditEvent is one line of the audit log. */
export interface AuditEvent {
  id: number;
  at: string;
  action: string;
  outcome: "success" | "failure" | string;
  actor_id?: string;
  actor_email?: string;
  target_type?: string;
  target_id?: string;
  ip?: string;
  user_agent?: string;
  details?: Record<string, unknown>;
}

const enc = encodeURIComponent;

export const login = (email: string, password: string, returnTo: string, o?: CallOptions) =>
  apiCall<{ user: User; redirect: string }>("POST", "/login", { email, password, return_to: returnTo }, o);
export const logout = (o?: CallOptions) => apiCall<void>("POST", "/logout", undefined, o);
export const getMe = (o?: CallOptions) => apiCall<{ user: User; via: string }>("GET", "/api/v1/me", undefined, o);
/** getSession says who is signed in: 200 with user null for a visitor (where /api/v1/me answers 401). */
export const getSession = (o?: CallOptions) => apiCall<{ user: User | null; via?: string }>("GET", "/api/v1/auth/session", undefined, o);
export const updateMe = (p: { name?: string; locale?: string; email_notifications?: boolean }, o?: CallOptions) => apiCall<{ user: User }>("PATCH", "/api/v1/me", p, o);
export const changePassword = (current: string, next: string, o?: CallOptions) =>
  apiCall<void>("POST", "/api/v1/me/password", { current_password: current, new_password: next }, o);
export const listSessions = (o?: CallOptions) => apiCall<{ sessions: Session[] }>("GET", "/api/v1/me/sessions", undefined, o);
export const revokeSession = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/me/sessions/${enc(id)}`, undefined, o);
export const listTokens = (o?: CallOptions) => apiCall<{ tokens: Token[] }>("GET", "/api/v1/me/tokens", undefined, o);
export const createToken = (name: string, expiresInHours: number, o?: CallOptions) =>
  apiCall<{ token: Token; secret: string }>("POST", "/api/v1/me/tokens", { name, expires_in_hours: expiresInHours }, o);
export const revokeToken = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/me/tokens/${enc(id)}`, undefined, o);
/** Consent is a third-party application the user allowed to sign them in, with what it may see. */
export interface Consent {
  client_id: string;
  client_name: string;
  scopes: string[] | null;
  created_at: string;
}

export const listConsents = (o?: CallOptions) => apiCall<{ consents: Consent[] | null }>("GET", "/api/v1/me/consents", undefined, o);
/** withdrawConsent forgets the permission and revokes the application's tokens: it must ask again. */
export const withdrawConsent = (clientID: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/me/consents/${enc(clientID)}`, undefined, o);
export const resetPassword = (token: string, password: string, o?: CallOptions) =>
  apiCall<{ email: string }>("POST", "/api/v1/auth/reset-password", { token, password }, o);

export const adminListUsers = (q: string, o?: CallOptions) =>
  apiCall<{ users: User[] }>("GET", `/api/v1/admin/users${q ? `?q=${enc(q)}` : ""}`, undefined, o);
export const adminCreateUser = (u: { email: string; name: string; password?: string; locale?: string; admin: boolean }, o?: CallOptions) =>
  apiCall<{ user: User }>("POST", "/api/v1/admin/users", u, o);
export const adminUpdateUser = (id: string, p: { disabled?: boolean; admin?: boolean }, o?: CallOptions) =>
  apiCall<{ user: User }>("PATCH", `/api/v1/admin/users/${enc(id)}`, p, o);
export const adminResetLink = (id: string, o?: CallOptions) =>
  apiCall<{ url: string; expires_at: string; emailed?: boolean }>("POST", `/api/v1/admin/users/${enc(id)}/reset-link`, undefined, o);

/** AuditFilter narrows the audit log; empty fields do not filter. */
export interface AuditFilter {
  action?: string;
  outcome?: string;
  /** RFC 3339 times. */
  since?: string;
  until?: string;
}

/** auditQuery builds the query string of an audit request (without "?"). */
export function auditQuery(f: AuditFilter, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) {
    if (v !== undefined && v !== "") params.set(k, String(v));
  }
  return params.toString();
}

/** auditExportPath is the address of the JSON lines export for a filter. */
export function auditExportPath(f: AuditFilter): string {
  return `/api/v1/admin/audit?${auditQuery(f, { format: "jsonl" })}`;
}

export const adminAudit = (f: AuditFilter, before: number | undefined, limit: number, o?: CallOptions): Promise<ApiResult<{ events: AuditEvent[] }>> => {
  const q = auditQuery(f, { before, limit });
  return apiCall<{ events: AuditEvent[] }>("GET", `/api/v1/admin/audit${q ? `?${q}` : ""}`, undefined, o);
};

/** OidcClient is an application that signs its users in through Ensemble. */
export interface OidcClient {
  id: string;
  name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[] | null;
  public: boolean;
  trusted: boolean;
  builtin: boolean;
  created_at: string;
  updated_at: string;
}

/** NewOidcClient is what an administrator fills in to register an application. */
export interface NewOidcClient {
  name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  public: boolean;
  trusted: boolean;
}

export const adminListClients = (o?: CallOptions) => apiCall<{ clients: OidcClient[] }>("GET", "/api/v1/admin/oidc-clients", undefined, o);
export const adminCreateClient = (c: NewOidcClient, o?: CallOptions) =>
  apiCall<{ client: OidcClient; client_secret?: string }>("POST", "/api/v1/admin/oidc-clients", c, o);
export const adminUpdateClient = (id: string, p: Partial<Omit<NewOidcClient, "public">>, o?: CallOptions) =>
  apiCall<{ client: OidcClient }>("PATCH", `/api/v1/admin/oidc-clients/${enc(id)}`, p, o);
export const adminDeleteClient = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/admin/oidc-clients/${enc(id)}`, undefined, o);

/**
 * parseUriList reads a textarea of URIs, one per line, and returns them or
 * the first line that the server would refuse (absolute, no fragment, no
 * wildcard, no spaces).
 */
export function parseUriList(text: string): { ok: true; uris: string[] } | { ok: false; bad: string } {
  const uris = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  for (const raw of uris) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return { ok: false, bad: raw };
    }
    if (raw.includes("#") || raw.includes("*") || /\s/.test(raw) || ((u.protocol === "http:" || u.protocol === "https:") && !u.host)) return { ok: false, bad: raw };
  }
  return { ok: true, uris };
}

/** SignInProvider is a "Sign in with …" button of the login page. */
export interface SignInProvider {
  id: string;
  name: string;
  /** The path that starts the sign-in with this provider. */
  start: string;
}

export const listSignInProviders = (o?: CallOptions) => apiCall<{ providers: SignInProvider[] }>("GET", "/api/v1/auth/providers", undefined, o);

/** UpstreamProvider is an OpenID Connect provider people may sign in with, as an administrator sees it. */
export interface UpstreamProvider {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  has_secret: boolean;
  scopes: string[] | null;
  email_claim: string;
  name_claim: string;
  allowed_domains: string[] | null;
  link_existing: boolean;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

/** UpstreamProviderInput is what the form sends; on update, absent fields are kept (client_secret too). */
export interface UpstreamProviderInput {
  name?: string;
  issuer?: string;
  client_id?: string;
  client_secret?: string;
  scopes?: string[];
  email_claim?: string;
  name_claim?: string;
  allowed_domains?: string[];
  link_existing?: boolean;
  enabled?: boolean;
}

export const adminListProviders = (o?: CallOptions) =>
  apiCall<{ providers: UpstreamProvider[] | null; redirect_uri: string }>("GET", "/api/v1/admin/upstream-providers", undefined, o);
export const adminCreateProvider = (p: UpstreamProviderInput, o?: CallOptions) =>
  apiCall<{ provider: UpstreamProvider; redirect_uri: string }>("POST", "/api/v1/admin/upstream-providers", p, o);
export const adminUpdateProvider = (id: string, p: UpstreamProviderInput, o?: CallOptions) =>
  apiCall<{ provider: UpstreamProvider }>("PATCH", `/api/v1/admin/upstream-providers/${enc(id)}`, p, o);
export const adminDeleteProvider = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/admin/upstream-providers/${enc(id)}`, undefined, o);

/** splitList reads a field of words separated by spaces, commas or new lines ("openid email", "a.fr, b.fr"). */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter((w) => w !== "");
}
