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
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

const text = () => container.textContent ?? "";
const signedOut = { "GET /api/v1/me": () => json(401, { error: { code: "unauthenticated", message: "Sign in first." } }) };

describe("identity pages", () => {
  it("sends a visitor of /account to the login page with return_to", async () => {
    serve(signedOut);
    await render("/account?x=1");
    expect(window.location.pathname + window.location.search).toBe("/login?return_to=%2Faccount%3Fx%3D1");
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
    expect(link.getAttribute("href")).toBe("/login");
  });

  it("shows the signed-in user's name in the header", async () => {
    serve({ "GET /api/v1/me": () => json(200, { user: alice, via: "session" }) });
    await render("/");
    const button = container.querySelector('[data-testid="user-menu"]') as HTMLButtonElement;
    expect(button.getAttribute("aria-label")).toBe("Account: Alice Martin");
    expect(button.querySelector("[data-initials]")?.getAttribute("data-initials")).toBe("AM");
  });

  it("shows a 403 page to a user who is not an administrator", async () => {
    serve({ "GET /api/v1/me": () => json(200, { user: alice, via: "session" }) });
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
});
