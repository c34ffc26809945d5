// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { currentPath, initials, localDayStart, loginPath, readLoginParams, safeReturnTo } from "./auth";

describe("safeReturnTo", () => {
  it.each([
    ["/account", "/account"],
    ["/docs/123?tab=history#v2", "/docs/123?tab=history#v2"],
    ["/", "/"],
    ["", "/"],
    [null, "/"],
    [undefined, "/"],
    ["account", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\r\nSet-Cookie: x", "/"],
    ["/a\tb", "/"],
    ["/login", "/"],
    ["/login?return_to=%2Fadmin", "/"],
    ["/login-help", "/login-help"],
  ])("%j → %j", (input, want) => expect(safeReturnTo(input)).toBe(want));
});

describe("loginPath", () => {
  it("adds return_to only when it is not the home page", () => {
    expect(loginPath("/account")).toBe("/login?return_to=%2Faccount");
    expect(loginPath("/admin/audit?x=1&y=2")).toBe("/login?return_to=%2Fadmin%2Faudit%3Fx%3D1%26y%3D2");
    expect(loginPath("/")).toBe("/login");
    expect(loginPath()).toBe("/login");
    expect(loginPath("//evil.example")).toBe("/login");
  });
  it("says the user just signed out", () => {
    expect(loginPath(undefined, { loggedOut: true })).toBe("/login?logged_out=1");
  });
  it("round-trips through readLoginParams", () => {
    const target = "/admin/audit?outcome=failure#top";
    const search = loginPath(target).slice("/login".length);
    expect(readLoginParams(search)).toEqual({ returnTo: target, loggedOut: false });
    expect(readLoginParams("?return_to=https%3A%2F%2Fevil.example&logged_out=1")).toEqual({ returnTo: "/", loggedOut: true });
    expect(readLoginParams("")).toEqual({ returnTo: "/", loggedOut: false });
  });
});

describe("currentPath", () => {
  it("keeps the query and the fragment", () => {
    expect(currentPath({ pathname: "/account", search: "?a=1", hash: "#tokens" })).toBe("/account?a=1#tokens");
  });
});

describe("initials", () => {
  it.each([
    ["Marie Curie", "", "MC"],
    ["Jean-Paul  de la Fontaine", "", "JF"],
    ["élodie", "", "É"],
    ["  ", "zoe@example.fr", "Z"],
    ["", "", "?"],
    ["Ada (IT)", "", "AI"],
  ])("%j %j → %j", (name, email, want) => expect(initials(name, email)).toBe(want));
});

describe("localDayStart", () => {
  it("turns a date field into the start of that local day, in UTC", () => {
    const got = localDayStart("2026-11-23");
    expect(got).toBe(new Date(2026, 10, 23).toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect(localDayStart("2026-11-30", 1)).toBe(new Date(2026, 11, 1).toISOString().replace(/\.\d{3}Z$/, "Z"));
  });
  it("refuses what is not a date", () => {
    expect(localDayStart("")).toBeUndefined();
    expect(localDayStart("23/11/2026")).toBeUndefined();
  });
});
