// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The Drive REST API (/api/v1/files…, internal/drive/http.go): folders,
// files, trash, versions, quota and accesses. "root" stands for the
// caller's root folder wherever a folder id is expected.
import { apiCall, type ApiResult } from "../api/client";

/** Node is a file or a folder. */
export interface Node {
  id: string;
  owner_id: string;
  /** The folder above; "" (or missing) for a root folder. */
  parent_id?: string;
  /** The root folder's name is "". */
  name: string;
  is_dir: boolean;
  size: number;
  sha256?: string;
  content_type?: string;
  etag: string;
  created_at: string;
  modified_at: string;
  trashed_at?: string;
  /** Files only, when the server scans uploads for malware: "blocked" files cannot be downloaded. */
  scan_state?: ScanState;
}

/** ScanState is where a file's malware scan stands. */
export type ScanState = "scanning" | "clean" | "blocked";

/** SharedNode is an item someone else shared with the caller, with the caller's role. */
export interface SharedNode extends Node {
  role: DriveRole;
}

/** Version is one content of a file. */
export interface Version {
  id: string;
  size: number;
  sha256: string;
  author_id: string;
  created_at: string;
  current: boolean;
}

/** Usage is the caller's storage use and limit, in bytes. */
export interface Usage {
  used: number;
  quota: number;
  available: number;
}

/** The roles one may grant on a Drive item (the owner's is implicit). */
export const driveRoles = ["reader", "editor", "administrator"] as const;
export type DriveRole = (typeof driveRoles)[number] | "owner";

/** Grant is one access on an item or on a folder above it. */
export interface Grant {
  id: string;
  resource_id: string;
  user_id?: string;
  user_name?: string;
  user_email?: string;
  team_id?: string;
  team_name?: string;
  role: DriveRole;
  created_at: string;
}

const base = "/api/v1/files";
const seg = (id: string) => encodeURIComponent(id);

/** fileURL is the address of an item (or "root"). */
export const fileURL = (id: string) => `${base}/${seg(id)}`;

/** contentURL is the download address of a file; inline asks the browser to show it rather than save it. */
export const contentURL = (id: string, inline = false) => `${fileURL(id)}/content${inline ? "?inline=1" : ""}`;

/** thumbnailURL is the address of a server-made thumbnail of a JPEG, PNG, GIF or WebP image (longer side 64, 256 or 1024 pixels). */
export const thumbnailURL = (id: string, size: 64 | 256 | 1024 = 256) => `${fileURL(id)}/thumbnail?size=${size}`;

/** thumbnailable tells whether the server makes thumbnails of n. */
export const thumbnailable = (n: Pick<Node, "is_dir" | "content_type">) =>
  !n.is_dir && /^image\/(jpeg|png|gif|webp)$/.test(n.content_type ?? "");

/** zipURL is the address of a folder's contents as a ZIP archive, streamed. */
export const zipURL = (id: string) => `${fileURL(id)}/zip`;

/** uploadURL is where PUT stores a file named name in folder folderId. */
export const uploadURL = (folderId: string, name: string) => `${fileURL(folderId)}/children/${seg(name)}`;

const items = async <T>(r: Promise<ApiResult<{ items?: T[] }>>): Promise<ApiResult<T[]>> => {
  const res = await r;
  return res.ok ? { ok: true, data: res.data?.items ?? [] } : res;
};

export const getNode = (id: string) => apiCall<Node>("GET", fileURL(id));
export const listChildren = (id: string) => items(apiCall<{ items?: Node[] }>("GET", `${fileURL(id)}/children`));
export const makeFolder = (parentId: string, name: string) => apiCall<Node>("POST", `${fileURL(parentId)}/folders`, { name });
/** moveNode renames and/or moves an item; an empty field keeps what it is. */
export const moveNode = (id: string, change: { name?: string; parent_id?: string }) => apiCall<Node>("PATCH", fileURL(id), change);
export const copyNode = (id: string, parentId: string, name = "") => apiCall<Node>("POST", `${fileURL(id)}/copy`, { parent_id: parentId, name });
export const trashNode = (id: string) => apiCall<void>("DELETE", fileURL(id));
export const listTrash = () => apiCall<{ items?: Node[]; retention_days?: number }>("GET", `${base}/trash`);
export const restoreNode = (id: string) => apiCall<Node>("POST", `${fileURL(id)}/restore`);
export const purgeNode = (id: string) => apiCall<void>("DELETE", `${base}/trash/${seg(id)}`);
export const listVersions = (id: string) => items(apiCall<{ items?: Version[] }>("GET", `${fileURL(id)}/versions`));
export const restoreVersion = (id: string, version: string) => apiCall<Node>("POST", `${fileURL(id)}/versions/${seg(version)}/restore`);
export const getQuota = () => apiCall<Usage>("GET", `${base}/quota`);
export const listShared = () => items(apiCall<{ items?: SharedNode[] }>("GET", `${base}/shared`));
export const listAccesses = async (id: string): Promise<ApiResult<Grant[]>> => {
  const r = await apiCall<{ accesses?: Grant[] }>("GET", `${fileURL(id)}/accesses`);
  return r.ok ? { ok: true, data: r.data?.accesses ?? [] } : r;
};
export const addAccess = (id: string, who: { email: string } | { team_id: string }, role: DriveRole) =>
  apiCall<Grant>("POST", `${fileURL(id)}/accesses`, { ...who, role });
export const removeAccess = (id: string, grant: string) => apiCall<void>("DELETE", `${fileURL(id)}/accesses/${seg(grant)}`);

/** isRoot tells whether n is a root folder (its name is empty and it has no parent). */
export const isRoot = (n: Pick<Node, "parent_id">) => !n.parent_id;

/** UserUsage is one user's storage use and quota, as administrators see it. */
export interface UserUsage {
  user_id: string;
  used: number;
  quota: number;
  /** custom tells whether an administrator set this quota (otherwise it is the default). */
  custom: boolean;
}

/** adminDriveUsage lists every user's use and quota, and the default quota (administrators). */
export const adminDriveUsage = () => apiCall<{ default_quota: number; items?: UserUsage[] }>("GET", "/api/v1/admin/drive-usage");

/** adminSetQuota sets a user's quota in bytes, or null for the default (administrators). */
export const adminSetQuota = (userId: string, bytes: number | null) => apiCall<Usage>("PUT", `/api/v1/admin/users/${seg(userId)}/drive-quota`, { bytes });
