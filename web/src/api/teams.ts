// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The teams API: my teams, their members, invitations (to add someone who
// has no account yet) and the administrators' list of every team.
import { apiCall, type CallOptions } from "./client";
import type { User } from "./identity";
import type { Role } from "../teams";

/** Team is a group of people that modules can share with. */
export interface Team {
  id: string;
  name: string;
  description: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** The caller's role, where the answer knows it (my teams, one team). */
  role?: Role;
  /** The number of members, where the answer counts them (administrators' list). */
  members?: number;
}

/** Member is a person in a team. */
export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  added_at: string;
}

/** Invitation is a pending link sent to an email address that has no account. */
export interface Invitation {
  id: string;
  email: string;
  team_id?: string;
  team_name?: string;
  role: Role;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at?: string;
}

/** InvitationInfo is what the holder of a link learns about it. */
export interface InvitationInfo {
  email: string;
  team_id?: string;
  team_name?: string;
  inviter_name: string;
  role: Role;
  expires_at: string;
  account_exists: boolean;
}

/** InviteResult is the answer to adding someone: added at once, or an invitation link to pass on. */
export type InviteResult = { added: true; member: Member } | { added?: false; invitation: Invitation; url: string; delivered: "shown" | "sent" | string };

const enc = encodeURIComponent;

export const listMyTeams = (o?: CallOptions) => apiCall<{ teams: Team[] | null }>("GET", "/api/v1/teams", undefined, o);
export const createTeam = (name: string, description: string, o?: CallOptions) => apiCall<{ team: Team }>("POST", "/api/v1/teams", { name, description }, o);
export const getTeam = (id: string, o?: CallOptions) => apiCall<{ team: Team }>("GET", `/api/v1/teams/${enc(id)}`, undefined, o);
export const updateTeam = (id: string, p: { name?: string; description?: string }, o?: CallOptions) => apiCall<{ team: Team }>("PATCH", `/api/v1/teams/${enc(id)}`, p, o);
export const deleteTeam = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/teams/${enc(id)}`, undefined, o);
export const listMembers = (id: string, o?: CallOptions) => apiCall<{ members: Member[] | null }>("GET", `/api/v1/teams/${enc(id)}/members`, undefined, o);
export const addMember = (id: string, email: string, role: Role, o?: CallOptions) => apiCall<InviteResult>("POST", `/api/v1/teams/${enc(id)}/members`, { email, role }, o);
export const setMemberRole = (id: string, userID: string, role: Role, o?: CallOptions) =>
  apiCall<{ member: Member }>("PATCH", `/api/v1/teams/${enc(id)}/members/${enc(userID)}`, { role }, o);
export const removeMember = (id: string, userID: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/teams/${enc(id)}/members/${enc(userID)}`, undefined, o);
/** listTeamInvitations lists a team's pending invitations, whoever sent them; 403 for those who may not manage its members. */
export const listTeamInvitations = (id: string, o?: CallOptions) =>
  apiCall<{ invitations: Invitation[] | null }>("GET", `/api/v1/teams/${enc(id)}/invitations`, undefined, o);
export const listSentInvitations = (o?: CallOptions) => apiCall<{ invitations: Invitation[] | null }>("GET", "/api/v1/invitations", undefined, o);
export const revokeInvitation = (id: string, o?: CallOptions) => apiCall<void>("DELETE", `/api/v1/invitations/${enc(id)}`, undefined, o);

/**
 * showInvitation reads a link's invitation. The server wraps it as
 * {"invitation": {…}}; a bare object is accepted too.
 */
export async function showInvitation(secret: string, o?: CallOptions) {
  const r = await apiCall<{ invitation?: InvitationInfo } & Partial<InvitationInfo>>("GET", `/api/v1/invitations/${enc(secret)}`, undefined, o);
  if (!r.ok) return r;
  const info = (r.data?.invitation ?? r.data) as InvitationInfo | undefined;
  if (!info || typeof info.email !== "string") return { ok: false as const, error: { kind: "invalid" as const, message: "unexpected invitation" } };
  return { ok: true as const, data: info };
}

/** acceptInvitation accepts a link: with {name, password} it creates the account; signed in, with {}. */
export const acceptInvitation = (secret: string, body: { name: string; password: string } | Record<string, never>, o?: CallOptions) =>
  apiCall<{ user: User; redirect: string; signed_in: boolean }>("POST", `/api/v1/invitations/${enc(secret)}/accept`, body, o);

export const adminListTeams = (o?: CallOptions) => apiCall<{ teams: Team[] | null }>("GET", "/api/v1/admin/teams", undefined, o);
