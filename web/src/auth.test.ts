// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { currentPath, initials, localDayStart, loginPath, providerStartPath, readLoginParams, safeReturnTo, signInPath, upstreamReasons } from "./auth";
import { loginProblemMessage } from "./pages/Login";
import { en } from "./i18n/en";

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
    expect(readLoginParams(search)).toEqual({ returnTo: target, loggedOut: false, problem: null });
    expect(readLoginParams("?return_to=https%3A%2F%2Fevil.example&logged_out=1")).toEqual({ returnTo: "/", loggedOut: true, problem: null });
    expect(readLoginParams("")).toEqual({ returnTo: "/", loggedOut: false, problem: null });
  });
});

describe("signInPath", () => {
  it("goes through the web app's OpenID Connect sign-in, back to the page", () => {
    expect(signInPath("/account")).toBe("/auth/login?return_to=%2Faccount");
    expect(signInPath("/teams/t1?tab=x#members")).toBe("/auth/login?return_to=%2Fteams%2Ft1%3Ftab%3Dx%23members");
    expect(signInPath("/invite/ens_i_a+b")).toBe("/auth/login?return_to=%2Finvite%2Fens_i_a%2Bb");
  });
  it("never comes back to another site or to the login page", () => {
    expect(signInPath("https://evil.example/")).toBe("/auth/login?return_to=%2F");
    expect(signInPath("//evil.example")).toBe("/auth/login?return_to=%2F");
    expect(signInPath("/login?return_to=/x")).toBe("/auth/login?return_to=%2F");
    expect(signInPath()).toBe("/auth/login?return_to=%2F");
  });
});

describe("providerStartPath", () => {
  it("passes the login page's return_to, encoded, to the provider's start", () => {
    const back = "/oauth/login-complete?id=abc&x=1";
    expect(providerStartPath("/auth/upstream/p1/start", back)).toBe("/auth/upstream/p1/start?return_to=%2Foauth%2Flogin-complete%3Fid%3Dabc%26x%3D1");
    expect(providerStartPath("/auth/upstream/p1/start", "https://evil.example")).toBe("/auth/upstream/p1/start?return_to=%2F");
  });
});

describe("login problems", () => {
  it("reads ?error=flow and keeps return_to", () => {
    expect(readLoginParams("?error=flow&return_to=%2Fteams")).toEqual({ returnTo: "/teams", loggedOut: false, problem: { kind: "flow" } });
  });
  it.each(upstreamReasons.map((r) => [r]))("reads ?error=upstream&reason=%s", (reason) => {
    expect(readLoginParams(`?error=upstream&reason=${reason}`).problem).toEqual({ kind: "upstream", reason });
  });
  it("explains an unknown or missing reason as an internal error", () => {
    expect(readLoginParams("?error=upstream&reason=gremlins").problem).toEqual({ kind: "upstream", reason: "internal" });
    expect(readLoginParams("?error=upstream").problem).toEqual({ kind: "upstream", reason: "internal" });
    expect(readLoginParams("?error=whatever").problem).toBeNull();
  });
  it("has a sentence for every reason", () => {
    for (const reason of upstreamReasons) {
      const m = loginProblemMessage({ kind: "upstream", reason });
      expect(en[m.body], reason).toBeTruthy();
      expect(m.title).toBe("login.upstreamTitle");
    }
    expect(en[loginProblemMessage({ kind: "flow" }).body]).toBe("Sign-in was interrupted, please try again.");
    expect(en[loginProblemMessage({ kind: "upstream", reason: "account_exists" }).body]).toMatch(/ask an administrator to enable account linking/);
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
