// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  window.localStorage.clear();
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  window.history.replaceState(null, "", "/");
});

const shell = { product: "Ensemble", version: "1", modules: [] };
const alice = { id: "u1", email: "alice@example.fr", name: "Alice Martin", locale: "", email_verified: false, admin: false, disabled: false, has_password: true, created_at: "2026-11-23T09:00:00Z", updated_at: "2026-11-23T09:00:00Z" };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** serve answers the app's requests from a table of "METHOD path" → response. */
function serve(routes: Record<string, () => Response>) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${input}`;
    const route = routes[key] ?? (input === "/api/v1/shell" ? () => json(200, shell) : undefined);
    if (!route) return json(404, { error: { code: "not_found", message: `no ${key}` } });
    return route();
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

async function render(path: string) {
  window.history.replaceState(null, "", path);
  await act(async () => root.render(<App language="en" />));
  // Lazily loaded pages take a few more turns (and, the first time, a module load).
  for (let i = 0; i < 50; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, i < 3 ? 0 : 10));
    });
    if (i >= 3 && !container.querySelector('[data-testid="page-loading"]')) break;
  }
}

const text = () => container.textContent ?? "";
const signedOut = { "GET /api/v1/auth/session": () => json(200, { user: null }) };
const signedIn = (user = alice) => ({ "GET /api/v1/auth/session": () => json(200, { user, via: "session" }) });

describe("identity pages", () => {
  it("sends a visitor of /account through the OpenID Connect sign-in, with return_to", async () => {
    serve(signedOut);
    const replace = vi.fn();
    vi.spyOn(window, "location", "get").mockReturnValue({ ...window.location, pathname: "/account", search: "?x=1", hash: "", replace } as Location);
    try {
      await render("/account?x=1");
    } finally {
      vi.restoreAllMocks();
    }
    expect(replace).toHaveBeenCalledWith("/auth/login?return_to=%2Faccount%3Fx%3D1");
  });

  it("asks /api/v1/auth/session, never /api/v1/me, to learn who is signed in", async () => {
    const fetch = serve(signedOut);
    await render("/");
    const paths = fetch.mock.calls.map((c) => c[0]);
    expect(paths).toContain("/api/v1/auth/session");
    expect(paths).not.toContain("/api/v1/me");
  });

  it("has a real login form that posts to /login with return_to", async () => {
    serve(signedOut);
    await render("/login?return_to=%2Faccount%3Fx%3D1");
    expect(container.querySelector("h1")?.textContent).toBe("Sign in");
    const form = container.querySelector("form") as HTMLFormElement;
    expect(form.getAttribute("method")).toBe("post");
    expect(form.getAttribute("action")).toBe("/login");
    expect((form.querySelector('input[name="return_to"]') as HTMLInputElement).value).toBe("/account?x=1");
    expect(form.querySelector('input[name="email"]')).not.toBeNull();
    expect(form.querySelector('input[name="password"]')).not.toBeNull();
  });

  it("shows a Sign in link in the header to visitors", async () => {
    serve(signedOut);
    await render("/");
    const link = container.querySelector('[data-testid="user-menu"]') as HTMLAnchorElement;
    expect(link.textContent).toBe("Sign in");
    expect(link.getAttribute("href")).toBe("/auth/login?return_to=%2F");
  });

  it("shows the signed-in user's name in the header", async () => {
    serve(signedIn());
    await render("/");
    const button = container.querySelector('[data-testid="user-menu"]') as HTMLButtonElement;
    expect(button.getAttribute("aria-label")).toBe("Account: Alice Martin");
    expect(button.querySelector("[data-initials]")?.getAttribute("data-initials")).toBe("AM");
  });

  it("shows a 403 page to a user who is not an administrator", async () => {
    serve(signedIn());
    await render("/admin");
    expect(container.querySelector('[data-testid="forbidden"]')).not.toBeNull();
    expect(text()).toContain("Access denied");
  });

  it("shows the logged-out notice", async () => {
    serve(signedOut);
    await render("/login?logged_out=1");
    expect(text()).toContain("You are signed out");
  });

  it("explains a rate-limited login with the wait", async () => {
    serve({ ...signedOut, "POST /login": () => json(429, { error: { code: "too_many_requests", message: "x" } }, { "Retry-After": "17" }) });
    await render("/login");
    const form = container.querySelector("form") as HTMLFormElement;
    (form.querySelector('input[name="email"]') as HTMLInputElement).value = "a@b.fr";
    await act(async () => {
      form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(container.querySelector('[data-testid="login-error"]')?.textContent).toContain("Wait 17 seconds");
  });

  it("routes reset links to the reset page", async () => {
    serve(signedOut);
    await render("/reset-password/ens_r_abc");
    expect(container.querySelector("h1")?.textContent).toBe("Choose a new password");
  });

  it("explains an interrupted sign-in and a refused upstream sign-in", async () => {
    serve(signedOut);
    await render("/login?error=flow&return_to=%2Fteams");
    expect(container.querySelector('[data-testid="login-problem"]')?.textContent).toContain("Sign-in was interrupted, please try again.");
    act(() => root.unmount());
    root = createRoot(container);
    serve(signedOut);
    await render("/login?error=upstream&reason=account_exists");
    expect(container.querySelector('[data-testid="login-problem"]')?.textContent).toContain("An account with this email already exists here");
  });

  it("shows a Sign in with … button per provider, carrying the login page's return_to", async () => {
    serve({ ...signedOut, "GET /api/v1/auth/providers": () => json(200, { providers: [{ id: "p1", name: "ProConnect", start: "/auth/upstream/p1/start" }] }) });
    await render("/login?return_to=%2Foauth%2Flogin-complete%3Fid%3Dabc");
    const button = container.querySelector('[data-testid="login-provider"]') as HTMLAnchorElement;
    expect(button.textContent).toBe("Sign in with ProConnect");
    expect(button.getAttribute("href")).toBe("/auth/upstream/p1/start?return_to=%2Foauth%2Flogin-complete%3Fid%3Dabc");
  });

  it("hides the providers section when there are none", async () => {
    serve({ ...signedOut, "GET /api/v1/auth/providers": () => json(200, { providers: [] }) });
    await render("/login");
    expect(container.querySelector('[data-testid="login-providers"]')).toBeNull();
  });

  it("lists my teams, or invites me to create one", async () => {
    serve({ ...signedIn(), "GET /api/v1/teams": () => json(200, { teams: [] }) });
    await render("/teams");
    expect(container.querySelector('[data-testid="teams-empty"]')?.textContent).toContain("You are in no team yet — create one");
  });

  it("shows a member only the actions a member has", async () => {
    const team = { id: "t1", name: "Comms", description: "", created_by: "u2", created_at: "2026-11-23T09:00:00Z", updated_at: "2026-11-23T09:00:00Z", role: "member" };
    const routes = {
      ...signedIn(),
      "GET /api/v1/teams/t1": () => json(200, { team }),
      "GET /api/v1/teams/t1/members": () =>
        json(200, {
          members: [
            { user_id: "u2", email: "o@x.fr", name: "Olga Owner", role: "owner", added_at: "2026-11-23T09:00:00Z" },
            { user_id: "u1", email: alice.email, name: alice.name, role: "member", added_at: "2026-11-23T09:00:00Z" },
          ],
        }),
    };
    const fetch = serve(routes);
    await render("/teams/t1");
    expect(container.querySelector("h1")?.textContent).toBe("Comms");
    // A member may not list the team's invitations: the page does not ask (no 403 in the console).
    expect(fetch.mock.calls.map((c) => c[0])).not.toContain("/api/v1/teams/t1/invitations");
    expect(container.querySelector('[data-testid="section-invitations"]')).toBeNull();
    expect(container.querySelector('[data-testid="team-leave"]')).not.toBeNull();
    expect(container.querySelector('[data-testid="team-edit"]')).toBeNull();
    expect(container.querySelector('[data-testid="team-delete"]')).toBeNull();
    expect(container.querySelector('[data-testid="invite-form"]')).toBeNull();
    expect(container.querySelector('[data-testid="member-remove"]')).toBeNull();
    expect(container.querySelector('[data-testid="member-role"]')).toBeNull();
  });

  it("shows an administrator every pending invitation of the team, and who sent it", async () => {
    const team = { id: "t1", name: "Comms", description: "", created_by: "u2", created_at: "2026-11-23T09:00:00Z", updated_at: "2026-11-23T09:00:00Z", role: "administrator" };
    const invitation = (id: string, email: string, role: string, by: string) => ({ id, email, team_id: "t1", team_name: "Comms", role, invited_by: by, created_at: "2026-11-23T09:00:00Z", expires_at: "2026-11-30T09:00:00Z" });
    serve({
      ...signedIn(),
      "GET /api/v1/teams/t1": () => json(200, { team }),
      "GET /api/v1/teams/t1/members": () =>
        json(200, {
          members: [
            { user_id: "u2", email: "o@x.fr", name: "Olga Owner", role: "owner", added_at: "2026-11-23T09:00:00Z" },
            { user_id: "u1", email: alice.email, name: alice.name, role: "administrator", added_at: "2026-11-23T09:00:00Z" },
          ],
        }),
      "GET /api/v1/teams/t1/invitations": () =>
        json(200, { invitations: [invitation("i1", "new@x.fr", "member", "u2"), invitation("i2", "boss@x.fr", "owner", "u2"), invitation("i3", "mine@x.fr", "member", "u1")] }),
    });
    await render("/teams/t1");
    const rows = [...container.querySelectorAll('[data-testid="invitation-row"]')];
    expect(rows.map((r) => r.getAttribute("data-email"))).toEqual(["new@x.fr", "boss@x.fr", "mine@x.fr"]);
    expect(rows[0]?.textContent).toContain("Member · sent by Olga Owner · expires");
    expect(rows[2]?.textContent).toContain("sent by you");
    // An administrator may not revoke an invitation as owner (the server refuses it too).
    expect(rows.map((r) => r.querySelector('[data-testid="invitation-revoke"]') !== null)).toEqual([true, false, true]);
  });

  it("lists the applications I allowed in words, and says when there are none", async () => {
    const base = {
      ...signedIn(),
      "GET /api/v1/me/sessions": () => json(200, { sessions: [] }),
      "GET /api/v1/me/tokens": () => json(200, { tokens: [] }),
    };
    serve({
      ...base,
      "GET /api/v1/me/consents": () => json(200, { consents: [{ client_id: "c1", client_name: "Wiki", scopes: ["openid", "email", "groups", "offline_access", "profile"], created_at: "2026-11-23T09:00:00Z" }] }),
    });
    await render("/account");
    const row = container.querySelector('[data-testid="app-row"][data-name="Wiki"]');
    expect(row).not.toBeNull();
    expect([...(row?.querySelectorAll('[data-testid="app-scopes"] li') ?? [])].map((li) => li.textContent)).toEqual([
      "Know who you are",
      "See your name and language",
      "See your email address",
      "See your teams",
      "Stay connected when you are away",
    ]);
    expect(row?.querySelector('[data-testid="app-withdraw"]')?.getAttribute("aria-label")).toBe("Withdraw the permission of Wiki");

    act(() => root.unmount());
    root = createRoot(container);
    serve({ ...base, "GET /api/v1/me/consents": () => json(200, { consents: [] }) });
    await render("/account");
    expect(container.querySelector('[data-testid="apps-empty"]')?.textContent).toContain("No connected applications");
  });

  it("reads an invitation link and offers to create the account", async () => {
    serve({
      ...signedOut,
      "GET /api/v1/invitations/ens_i_x": () =>
        json(200, { invitation: { email: "guest@x.fr", team_id: "t1", team_name: "Comms", role: "member", inviter_name: "Alice Martin", expires_at: "2026-12-01T09:00:00Z", account_exists: false } }),
    });
    await render("/invite/ens_i_x");
    expect(container.querySelector("h1")?.textContent).toBe("Join Comms");
    expect(text()).toContain("Alice Martin invites you to join the team Comms as Member.");
    expect(container.querySelector('[data-testid="invite-password"]')).not.toBeNull();
  });

  it("explains an invalid invitation link", async () => {
    serve({ ...signedOut, "GET /api/v1/invitations/nope": () => json(404, { error: { code: "invalid_link", message: "x" } }) });
    await render("/invite/nope");
    expect(container.querySelector('[data-testid="invite-invalid"]')?.textContent).toContain("unknown, already used or expired");
  });
});
