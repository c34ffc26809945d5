// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What a member of a team may do, mirroring the server's one permission
// rule (internal/teams/perm.go): member < administrator < owner;
// administrators manage members and administrators; only owners touch
// ownership and delete the team; everyone may leave. The page shows only
// the actions this allows; the server checks again.

/** Role is a member's standing in a team. */
export type Role = "member" | "administrator" | "owner";

/** roles, from the least to the most powerful. */
export const roles: readonly Role[] = ["member", "administrator", "owner"];

/** isRole tells whether value names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

function rank(role: Role | undefined | null): number {
  return role ? roles.indexOf(role) + 1 : 0;
}

/** TeamActions is what someone with a role may do to the team as a whole. */
export interface TeamActions {
  view: boolean;
  leave: boolean;
  edit: boolean;
  manageMembers: boolean;
  manageOwners: boolean;
  delete: boolean;
}

/** teamActions returns what role may do; no role (not a member) may do nothing. */
export function teamActions(role: Role | undefined | null): TeamActions {
  const r = rank(role);
  return {
    view: r >= 1,
    leave: r >= 1,
    edit: r >= 2,
    manageMembers: r >= 2,
    manageOwners: r >= 3,
    delete: r >= 3,
  };
}

/** canChangeRole tells whether actor may move a member from one role to another: ownership is the owners' business. */
export function canChangeRole(actor: Role | undefined | null, from: Role, to: Role): boolean {
  if (from === to) return false;
  const a = teamActions(actor);
  return from === "owner" || to === "owner" ? a.manageOwners : a.manageMembers;
}

/** assignableRoles are the roles actor may give to someone who has role from (or to a newcomer, from undefined). */
export function assignableRoles(actor: Role | undefined | null, from?: Role): Role[] {
  const a = teamActions(actor);
  if (!a.manageMembers) return [];
  if (from === "owner" && !a.manageOwners) return [];
  return roles.filter((r) => (r === "owner" ? a.manageOwners : true));
}

/** canRemove tells whether actor may take a member with role out of the team; removing oneself is leaving. */
export function canRemove(actor: Role | undefined | null, target: Role, self: boolean): boolean {
  const a = teamActions(actor);
  if (self) return a.leave;
  return target === "owner" ? a.manageOwners : a.manageMembers;
}

/**
 * canRevokeInvitation tells whether someone may revoke a pending invitation
 * of role: whoever sent it, a site administrator, and whoever may now give
 * that role in the team (so an administrator, not an owner, leaves an
 * invitation as owner alone).
 */
export function canRevokeInvitation(actor: Role | undefined | null, role: Role, sentByMe: boolean, siteAdmin = false): boolean {
  return sentByMe || siteAdmin || assignableRoles(actor).includes(role);
}

/** ownerCount counts the owners of a member list. */
export function ownerCount(members: readonly { role: Role }[]): number {
  return members.filter((m) => m.role === "owner").length;
}

/** TeamErrorKey names the message keys teamErrorKey can return. */
export type TeamErrorKey = "teams.error.lastOwner" | "teams.error.alreadyMember" | "teams.error.forbidden" | "teams.error.notFound" | "teams.error.accountExists";

/**
 * teamErrorKey picks the sentence that explains a refused team call, or
 * null when the generic explanation fits (network, server fault, a field
 * the server explains itself).
 */
export function teamErrorKey(error: { kind: string; status?: number; code?: string }): TeamErrorKey | null {
  if (error.kind !== "http") return null;
  if (error.code === "last_owner") return "teams.error.lastOwner";
  if (error.code === "already_member") return "teams.error.alreadyMember";
  if (error.code === "account_exists") return "teams.error.accountExists";
  if (error.status === 403) return "teams.error.forbidden";
  if (error.status === 404) return "teams.error.notFound";
  return null;
}
