// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Drive share links (internal/drive/http_links.go): the links of an item,
// for those who may share it, and what a link opens, for anyone who has it.
import { apiCall, type ApiResult } from "../api/client";

/** LinkReach is who a link lets in. */
export type LinkReach = "public" | "authenticated";

/** LinkRole is what a link lets people do: read, or (a folder's link) also upload into it. */
export type LinkRole = "reader" | "editor";

/** ShareLink is a share link of an item; token is only in the answer that creates it. */
export interface ShareLink {
  id: string;
  file_id: string;
  role: LinkRole;
  reach: LinkReach;
  expires_at: string | null;
  max_downloads: number | null;
  downloads: number;
  has_password: boolean;
  created_at: string;
  token?: string;
}

/** NewLink describes a link to create. */
export interface NewLink {
  reach: LinkReach;
  role?: LinkRole;
  expires_at?: string | null;
  max_downloads?: number | null;
  password?: string;
}

/** SharedItem is what a link shows of an item. */
export interface SharedItem {
  id: string;
  name: string;
  is_dir: boolean;
  size: number;
  content_type?: string;
  modified_at: string;
}

/** SharedView is a link's item and, for a folder, what it holds. */
export interface SharedView {
  item: SharedItem;
  items: SharedItem[];
  expires_at?: string;
  /** can_upload tells whether files may be uploaded into this folder (an editor link). */
  can_upload?: boolean;
}

const itemPath = (id: string) => `/api/v1/files/${encodeURIComponent(id)}/links`;
const sharePath = (token: string) => `/api/v1/share/${encodeURIComponent(token)}`;

/** listLinks lists the share links of item id. */
export async function listLinks(id: string): Promise<ApiResult<ShareLink[]>> {
  const r = await apiCall<{ items: ShareLink[] }>("GET", itemPath(id));
  return r.ok ? { ok: true, data: r.data.items ?? [] } : r;
}

/** createLink makes a share link of item id. */
export function createLink(id: string, link: NewLink): Promise<ApiResult<ShareLink>> {
  return apiCall<ShareLink>("POST", itemPath(id), link);
}

/** deleteLink deletes a share link. */
export function deleteLink(id: string, linkID: string): Promise<ApiResult<undefined>> {
  return apiCall<undefined>("DELETE", `${itemPath(id)}/${encodeURIComponent(linkID)}`);
}

/** linkURL is the address to give people for a link token. */
export function linkURL(token: string, origin: string = window.location.origin): string {
  return `${origin}/s/${encodeURIComponent(token)}`;
}

/** openShare reads what link token opens: its item, or fileID below it. */
export function openShare(token: string, fileID?: string): Promise<ApiResult<SharedView>> {
  return apiCall<SharedView>("GET", fileID ? `${sharePath(token)}/items/${encodeURIComponent(fileID)}` : sharePath(token));
}

/** unlockShare gives a link's password; the server answers with a cookie for that link. */
export function unlockShare(token: string, password: string): Promise<ApiResult<undefined>> {
  return apiCall<undefined>("POST", `${sharePath(token)}/unlock`, { password });
}

/** shareContentURL downloads the link's file, or fileID below its folder. */
export function shareContentURL(token: string, fileID?: string): string {
  return fileID ? `${sharePath(token)}/items/${encodeURIComponent(fileID)}/content` : `${sharePath(token)}/content`;
}

/** shareUploadURL is where to PUT a new file name into the link's folder, or folderID below it. */
export function shareUploadURL(token: string, folderID: string | undefined, name: string): string {
  const dir = folderID ? `${sharePath(token)}/items/${encodeURIComponent(folderID)}` : sharePath(token);
  return `${dir}/children/${encodeURIComponent(name)}`;
}
