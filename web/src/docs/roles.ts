// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What each document role may do, mirroring the server's rule (the server
// decides; the page only hides what would be refused). Roles go
// reader < commenter < editor < administrator < owner; link reach goes
// restricted < authenticated < public.

/** DocRole is a role on a document, from least to most. */
export const docRoles = ["reader", "commenter", "editor", "administrator", "owner"] as const;
export type DocRole = (typeof docRoles)[number];

/** The roles a link may give. */
export const linkRoles = ["reader", "commenter", "editor"] as const;
export type LinkRole = (typeof linkRoles)[number];

/** Who a document's link lets in. */
export const linkReaches = ["restricted", "authenticated", "public"] as const;
export type LinkReach = (typeof linkReaches)[number];

/** Abilities are what the caller may do with one document. */
export interface Abilities {
  read: boolean;
  comment: boolean;
  edit: boolean;
  share: boolean;
  move: boolean;
  delete: boolean;
}

/** isDocRole tells whether value is one of docRoles. */
export function isDocRole(value: unknown): value is DocRole {
  return typeof value === "string" && (docRoles as readonly string[]).includes(value);
}

/** roleRank orders roles: 0 for none or an unknown role, 1 for reader … 5 for owner. */
export function roleRank(role: string | null | undefined): number {
  return isDocRole(role) ? docRoles.indexOf(role) + 1 : 0;
}

/** atLeast tells whether role is min or above. */
export function atLeast(role: string | null | undefined, min: DocRole): boolean {
  return roleRank(role) >= roleRank(min);
}

/** abilitiesFor is what a role may do, for answers that do not say it themselves. */
export function abilitiesFor(role: string | null | undefined): Abilities {
  return {
    read: atLeast(role, "reader"),
    comment: atLeast(role, "commenter"),
    edit: atLeast(role, "editor"),
    share: atLeast(role, "administrator"),
    move: atLeast(role, "administrator"),
    delete: atLeast(role, "owner"),
  };
}

/**
 * assignableRoles lists the roles that someone with role mine may give:
 * owners give any role, administrators any role but owner, others none.
 */
export function assignableRoles(mine: string | null | undefined): DocRole[] {
  if (mine === "owner") return [...docRoles];
  if (mine === "administrator") return docRoles.filter((r) => r !== "owner");
  return [];
}
