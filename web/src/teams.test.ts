// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { assignableRoles, canChangeRole, canRemove, canRevokeInvitation, isRole, ownerCount, teamActions, teamErrorKey, type Role } from "./teams";

describe("teamActions", () => {
  // The same table as the server's (internal/teams/perm_test.go).
  it.each<[Role | undefined, string]>([
    [undefined, ""],
    ["member", "view leave"],
    ["administrator", "view leave edit manageMembers"],
    ["owner", "view leave edit manageMembers manageOwners delete"],
  ])("%s may: %s", (role, allowed) => {
    const a = teamActions(role);
    const yes = Object.entries(a)
      .filter(([, v]) => v)
      .map(([k]) => k)
      .join(" ");
    expect(yes).toBe(allowed);
  });
});

describe("canChangeRole", () => {
  it.each<[Role, Role, Role, boolean]>([
    ["member", "member", "administrator", false],
    ["administrator", "member", "administrator", true],
    ["administrator", "administrator", "member", true],
    ["administrator", "member", "owner", false],
    ["administrator", "owner", "administrator", false],
    ["owner", "member", "owner", true],
    ["owner", "owner", "member", true],
    ["owner", "member", "member", false],
  ])("%s moving %s to %s: %s", (actor, from, to, want) => {
    expect(canChangeRole(actor, from, to)).toBe(want);
  });
});

describe("assignableRoles", () => {
  it("gives owners every role, administrators up to administrator, members none", () => {
    expect(assignableRoles("owner")).toEqual(["member", "administrator", "owner"]);
    expect(assignableRoles("administrator")).toEqual(["member", "administrator"]);
    expect(assignableRoles("member")).toEqual([]);
    expect(assignableRoles(undefined)).toEqual([]);
  });
  it("lets no administrator touch an owner", () => {
    expect(assignableRoles("administrator", "owner")).toEqual([]);
    expect(assignableRoles("owner", "owner")).toEqual(["member", "administrator", "owner"]);
  });
});

describe("canRemove", () => {
  it.each<[Role, Role, boolean, boolean]>([
    ["member", "member", true, true],
    ["member", "member", false, false],
    ["administrator", "member", false, true],
    ["administrator", "administrator", false, true],
    ["administrator", "owner", false, false],
    ["owner", "owner", false, true],
    ["owner", "owner", true, true],
  ])("%s removing a %s (self %s): %s", (actor, target, self, want) => {
    expect(canRemove(actor, target, self)).toBe(want);
  });
});

describe("helpers", () => {
  it("recognises roles and counts owners", () => {
    expect(isRole("owner")).toBe(true);
    expect(isRole("admin")).toBe(false);
    expect(ownerCount([{ role: "owner" }, { role: "member" }, { role: "owner" }])).toBe(2);
  });
});

describe("teamErrorKey", () => {
  it.each([
    [{ kind: "http", status: 409, code: "last_owner" }, "teams.error.lastOwner"],
    [{ kind: "http", status: 409, code: "already_member" }, "teams.error.alreadyMember"],
    [{ kind: "http", status: 409, code: "account_exists" }, "teams.error.accountExists"],
    [{ kind: "http", status: 403, code: "forbidden" }, "teams.error.forbidden"],
    [{ kind: "http", status: 404, code: "not_found" }, "teams.error.notFound"],
    [{ kind: "http", status: 400, code: "invalid" }, null],
    [{ kind: "network" }, null],
  ])("%o → %s", (error, key) => {
    expect(teamErrorKey(error)).toBe(key);
  });
});

describe("canRevokeInvitation", () => {
  it("lets managers revoke what they may give, and the sender or a site administrator anything", () => {
    expect(canRevokeInvitation("administrator", "member", false)).toBe(true);
    expect(canRevokeInvitation("administrator", "administrator", false)).toBe(true);
    expect(canRevokeInvitation("administrator", "owner", false)).toBe(false);
    expect(canRevokeInvitation("owner", "owner", false)).toBe(true);
    expect(canRevokeInvitation("member", "member", false)).toBe(false);
    expect(canRevokeInvitation("member", "owner", true)).toBe(true);
    expect(canRevokeInvitation(undefined, "owner", false, true)).toBe(true);
  });
});
