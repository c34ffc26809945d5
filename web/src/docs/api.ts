// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The Docs REST API (docs/docs-api contract): documents, their tree,
// favourites, trash, accesses and access requests. Answers are read
// through normalizeDoc, which fills what an older server leaves out (the
// abilities follow from the role), so that the pages never meet undefined.
import { apiCall, type ApiResult, type CallOptions } from "../api/client";
import { abilitiesFor, isDocRole, linkReaches, linkRoles, type Abilities, type DocRole, type LinkReach, type LinkRole } from "./roles";

/** Doc is a document as the pages use it. */
export interface Doc {
  id: string;
  title: string;
  parent_id: string | null;
  owner_id: string;
  created_at: string;
  updated_at: string;
  /** The caller's effective role; null for a visitor with no role. */
  role: DocRole | null;
  link_reach: LinkReach;
  link_role: LinkRole;
  is_favorite: boolean;
  has_children: boolean;
  deleted_at: string | null;
  abilities: Abilities;
  /**
   * The pages above it that the caller may read, the top one first, as
   * GET /api/v1/docs/{id} gives them; undefined when the answer has none
   * (lists, older servers).
   */
  ancestors?: DocAncestor[];
}

/** DocAncestor is a page above a document, for the breadcrumb. */
export interface DocAncestor {
  id: string;
  title: string;
}

/** normalizeAncestors reads the ancestors list; undefined when absent or not a list. */
export function normalizeAncestors(raw: unknown): DocAncestor[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw
    .filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null && typeof (a as Record<string, unknown>).id === "string")
    .map((a) => ({ id: a.id as string, title: str(a.title) }));
}

/** The lists of the Docs home page. */
export const docFilters = ["all", "mine", "shared", "favorites", "recent", "trash"] as const;
export type DocFilter = (typeof docFilters)[number];

/** isDocFilter tells whether value names one of docFilters. */
export function isDocFilter(value: unknown): value is DocFilter {
  return typeof value === "string" && (docFilters as readonly string[]).includes(value);
}

/** Access is one grant on a document: to a person or to a team. */
export interface Access {
  id: string;
  role: DocRole;
  user: { id: string; name: string; email: string } | null;
  team: { id: string; name: string } | null;
  /** The ancestor the grant comes from; null when it is on this document. */
  inherited_from: string | null;
}

/** AccessInvitation is the answer to sharing with an address that has no account. */
export interface AccessInvitation {
  id: string;
  url: string;
  email: string;
  role: DocRole;
  /** Whether the server also mailed the link to the address. */
  sent: boolean;
}

/** ShareResult is what adding an access gives: the access, or an invitation to pass on. */
export type ShareResult = { kind: "access"; access: Access } | { kind: "invitation"; invitation: AccessInvitation };

/** AccessRequest is someone asking to be let in. */
export interface AccessRequest {
  id: string;
  user: { id: string; name: string; email: string };
  role: DocRole;
  created_at: string;
}

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/**
 * normalizeDoc reads a document from an answer, tolerating a bare object
 * or one wrapped as {"doc": …}. It returns null for something that is not
 * a document (no id).
 */
export function normalizeDoc(raw: unknown): Doc | null {
  if (typeof raw !== "object" || raw === null) return null;
  let o = raw as Record<string, unknown>;
  if (typeof o.id !== "string" && typeof o.doc === "object" && o.doc !== null) o = o.doc as Record<string, unknown>;
  if (typeof o.id !== "string" || o.id === "") return null;
  const role = isDocRole(o.role) ? o.role : null;
  const fallback = abilitiesFor(role);
  const given = typeof o.abilities === "object" && o.abilities !== null ? (o.abilities as Record<string, unknown>) : {};
  const abilities = Object.fromEntries(
    (Object.keys(fallback) as (keyof Abilities)[]).map((k) => [k, typeof given[k] === "boolean" ? given[k] : fallback[k]]),
  ) as unknown as Abilities;
  return {
    id: o.id,
    title: str(o.title),
    parent_id: strOrNull(o.parent_id),
    owner_id: str(o.owner_id),
    created_at: str(o.created_at),
    updated_at: str(o.updated_at, str(o.created_at)),
    role,
    link_reach: (linkReaches as readonly unknown[]).includes(o.link_reach) ? (o.link_reach as LinkReach) : "restricted",
    link_role: (linkRoles as readonly unknown[]).includes(o.link_role) ? (o.link_role as LinkRole) : "reader",
    is_favorite: o.is_favorite === true,
    has_children: o.has_children === true,
    deleted_at: strOrNull(o.deleted_at),
    abilities,
    ...(Array.isArray(o.ancestors) ? { ancestors: normalizeAncestors(o.ancestors) } : {}),
  };
}

/** normalizeDocList reads {"docs": […]} (or a bare array), skipping entries that are not documents. */
export function normalizeDocList(raw: unknown): Doc[] | null {
  const list = Array.isArray(raw) ? raw : typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).docs : undefined;
  if (list === null) return [];
  if (!Array.isArray(list)) return null;
  return list.map(normalizeDoc).filter((d): d is Doc => d !== null);
}

/** normalizeAccess reads one access; null if it names neither a person nor a team. */
export function normalizeAccess(raw: unknown): Access | null {
  if (typeof raw !== "object" || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== "string" || !isDocRole(o.role)) return null;
  const u = typeof o.user === "object" && o.user !== null ? (o.user as Record<string, unknown>) : null;
  const tm = typeof o.team === "object" && o.team !== null ? (o.team as Record<string, unknown>) : null;
  const user = u && typeof u.id === "string" ? { id: u.id, name: str(u.name), email: str(u.email) } : null;
  const team = tm && typeof tm.id === "string" ? { id: tm.id, name: str(tm.name) } : null;
  if (!user && !team) return null;
  return { id: o.id, role: o.role, user, team, inherited_from: strOrNull(o.inherited_from) };
}

/** normalizeShareResult reads the answer to POST …/accesses. */
export function normalizeShareResult(raw: unknown): ShareResult | null {
  if (typeof raw !== "object" || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const inv = o.invitation;
  if (typeof inv === "object" && inv !== null) {
    const i = inv as Record<string, unknown>;
    if (typeof i.url !== "string") return null;
    return {
      kind: "invitation",
      invitation: { id: str(i.id), url: i.url, email: str(i.email), role: isDocRole(i.role) ? i.role : "reader", sent: i.delivered === "sent" },
    };
  }
  const access = normalizeAccess(typeof o.access === "object" && o.access !== null ? o.access : o);
  return access ? { kind: "access", access } : null;
}

/** sortAccesses puts direct grants first, then by role (highest first), then by name. */
export function sortAccesses(list: Access[]): Access[] {
  const name = (a: Access) => (a.user?.name || a.user?.email || a.team?.name || "").toLocaleLowerCase();
  const rank = (r: DocRole) => ["owner", "administrator", "editor", "commenter", "reader"].indexOf(r);
  return [...list].sort(
    (a, b) => Number(a.inherited_from !== null) - Number(b.inherited_from !== null) || rank(a.role) - rank(b.role) || name(a).localeCompare(name(b)),
  );
}

/** ownerCount counts the direct owners, so the page can keep the last one from being removed. */
export function ownerCount(list: Access[]): number {
  return list.filter((a) => a.role === "owner" && a.inherited_from === null).length;
}

const enc = encodeURIComponent;
const base = "/api/v1/docs";

/** mapResult turns a raw answer into T with read, or an "invalid" error when read gives null. */
async function mapResult<T>(call: Promise<ApiResult<unknown>>, read: (raw: unknown) => T | null, what: string): Promise<ApiResult<T>> {
  const r = await call;
  if (!r.ok) return r;
  const v = read(r.data);
  return v === null ? { ok: false, error: { kind: "invalid", message: `unexpected answer for ${what}` } } : { ok: true, data: v };
}

/** listDocs lists one of the home page's lists, or the children of parentID. */
export function listDocs(filter: DocFilter, o?: CallOptions & { parentID?: string }): Promise<ApiResult<Doc[]>> {
  const q = new URLSearchParams({ filter });
  if (o?.parentID) q.set("parent_id", o.parentID);
  return mapResult(apiCall("GET", `${base}?${q}`, undefined, o), normalizeDocList, "the document list");
}

export const getDoc = (id: string, o?: CallOptions) => mapResult(apiCall("GET", `${base}/${enc(id)}`, undefined, o), normalizeDoc, "a document");
export const createDoc = (title: string, parentID?: string | null, o?: CallOptions) =>
  mapResult(apiCall("POST", base, parentID ? { title, parent_id: parentID } : { title }, o), normalizeDoc, "a new document");
export const updateDoc = (id: string, patch: { title?: string; link_reach?: LinkReach; link_role?: LinkRole }, o?: CallOptions) =>
  mapResult(apiCall("PATCH", `${base}/${enc(id)}`, patch, o), normalizeDoc, "a document");
/** trashDoc moves a document and its sub-pages to the trash. */
export const trashDoc = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `${base}/${enc(id)}`, undefined, o);
/** purgeDoc deletes a trashed document for good. */
export const purgeDoc = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `${base}/${enc(id)}?permanent=true`, undefined, o);
export const restoreDoc = (id: string, o?: CallOptions) => mapResult(apiCall("POST", `${base}/${enc(id)}/restore`, undefined, o), normalizeDoc, "a document");
export const listChildren = (id: string, o?: CallOptions) =>
  mapResult(apiCall("GET", `${base}/${enc(id)}/children`, undefined, o), normalizeDocList, "the sub-pages");
/** moveDoc puts a document under parentID (null: at the top) at position. */
export const moveDoc = (id: string, parentID: string | null, position: number, o?: CallOptions) =>
  mapResult(apiCall("POST", `${base}/${enc(id)}/move`, { parent_id: parentID, position }, o), normalizeDoc, "a document");
export const duplicateDoc = (id: string, withChildren: boolean, o?: CallOptions) =>
  mapResult(apiCall("POST", `${base}/${enc(id)}/duplicate`, { with_children: withChildren }, o), normalizeDoc, "a copy");
/** setFavorite adds the document to the caller's favourites, or takes it out. */
export const setFavorite = (id: string, on: boolean, o?: CallOptions) => apiCall<void>(on ? "PUT" : "DELETE", `${base}/${enc(id)}/favorite`, undefined, o);

export const listAccesses = (id: string, o?: CallOptions) =>
  mapResult(
    apiCall("GET", `${base}/${enc(id)}/accesses`, undefined, o),
    (raw) => {
      const list = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).accesses : undefined;
      if (list === null) return [];
      return Array.isArray(list) ? list.map(normalizeAccess).filter((a): a is Access => a !== null) : null;
    },
    "the accesses",
  );
/** addAccess shares with a person (by email) or a team. */
export const addAccess = (id: string, who: { email: string } | { team_id: string }, role: DocRole, o?: CallOptions) =>
  mapResult(apiCall("POST", `${base}/${enc(id)}/accesses`, { ...who, role }, o), normalizeShareResult, "a new access");
export const setAccessRole = (id: string, accessID: string, role: DocRole, o?: CallOptions) =>
  apiCall<unknown>("PATCH", `${base}/${enc(id)}/accesses/${enc(accessID)}`, { role }, o);
export const removeAccess = (id: string, accessID: string, o?: CallOptions) => apiCall<void>("DELETE", `${base}/${enc(id)}/accesses/${enc(accessID)}`, undefined, o);

export const requestAccess = (id: string, role: DocRole, o?: CallOptions) => apiCall<unknown>("POST", `${base}/${enc(id)}/access-requests`, { role }, o);
export const listAccessRequests = (id: string, o?: CallOptions) =>
  apiCall<{ requests: AccessRequest[] | null }>("GET", `${base}/${enc(id)}/access-requests`, undefined, o);
export const acceptAccessRequest = (id: string, requestID: string, role?: DocRole, o?: CallOptions) =>
  apiCall<void>("POST", `${base}/${enc(id)}/access-requests/${enc(requestID)}/accept`, role ? { role } : {}, o);
export const declineAccessRequest = (id: string, requestID: string, o?: CallOptions) =>
  apiCall<void>("DELETE", `${base}/${enc(id)}/access-requests/${enc(requestID)}`, undefined, o);

/**
 * ancestorsOf walks up from doc through parent_id (at most maxDepth steps)
 * and returns the ancestors from the top down. A parent the caller cannot
 * read ends the walk.
 */
export async function ancestorsOf(doc: Doc, get: (id: string) => Promise<ApiResult<Doc>> = getDoc, maxDepth = 10): Promise<Doc[]> {
  const chain: Doc[] = [];
  const seen = new Set([doc.id]);
  let parent = doc.parent_id;
  while (parent && chain.length < maxDepth && !seen.has(parent)) {
    seen.add(parent);
    const r = await get(parent);
    if (!r.ok) break;
    chain.unshift(r.data);
    parent = r.data.parent_id;
  }
  return chain;
}
