// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The administration's tabs and their addresses, apart from the (lazily
// loaded) pages so that the router knows them without loading the pages.

/** AdminTab is one section of the administration. */
export type AdminTab = "users" | "audit" | "clients" | "providers" | "teams";

/** The tabs, in the order they are shown. */
export const adminTabs: readonly AdminTab[] = ["users", "teams", "clients", "providers", "audit"];

/** Each tab's address. */
export const adminTabPath: Record<AdminTab, string> = {
  users: "/admin",
  audit: "/admin/audit",
  clients: "/admin/apps",
  providers: "/admin/providers",
  teams: "/admin/teams",
};

/** adminTabFor maps an /admin path to its tab, or null for an unknown sub-path. */
export function adminTabFor(path: string): AdminTab | null {
  const p = path.replace(/\/+$/, "");
  if (p === "/admin" || p === "/admin/users") return "users";
  for (const tab of adminTabs) if (adminTabPath[tab] === p) return tab;
  return null;
}
