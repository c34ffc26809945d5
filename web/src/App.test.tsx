// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";

// React's act() needs this flag outside a test framework integration.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  window.history.replaceState(null, "", "/");
  window.localStorage.clear();
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function render(language: "fr" | "en" | "de" = "en") {
  await act(async () => {
    root.render(<App language={language} />);
  });
  // Let the shell request settle.
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

const text = () => container.textContent ?? "";

describe("App", () => {
  it("draws the frame with landmarks and the home page", async () => {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ product: "Ensemble", version: "9.9.9", modules: [] }), { status: 200 }));
    await render("en");
    expect(container.querySelectorAll("header")).toHaveLength(1);
    expect(container.querySelectorAll("nav")).toHaveLength(1);
    expect(container.querySelectorAll("main#main")).toHaveLength(1);
    expect(container.querySelectorAll("footer")).toHaveLength(1);
    expect(container.querySelector("a")?.textContent).toBe("Skip to main content");
    expect(container.querySelector("h1")?.textContent).toBe("Welcome to Ensemble");
    expect(text()).toContain("Version 9.9.9");
    expect(text()).toContain("No apps are enabled yet");
    expect(document.documentElement.lang).toBe("en");
  });

  it("lists modules with translated names", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(JSON.stringify({ product: "Ensemble", version: "1", modules: [{ id: "calc", name: "Calc", path: "/calc" }, { id: "forms", name: "Forms", path: "/forms" }] }), {
          status: 200,
        }),
    );
    await render("de");
    const apps = [...container.querySelectorAll('[data-testid="apps"] a')].map((a) => [a.textContent, a.getAttribute("href")]);
    expect(apps).toEqual([
      ["TabellenTabellenkalkulation, gemeinsam", "/calc"],
      ["FormsDieses Modul öffnen", "/forms"],
    ]);
    expect(document.documentElement.lang).toBe("de");
  });

  it("explains a server that does not answer, and retries", async () => {
    const fetch = vi.fn(async (_input: string): Promise<Response> => {
      throw new TypeError("Failed to fetch");
    });
    vi.stubGlobal("fetch", fetch);
    await render("fr");
    expect(text()).toContain("Le serveur est injoignable");
    expect(text()).toContain("Le serveur Ensemble n'a pas répondu");
    expect(container.querySelector('[role="alert"]')).not.toBeNull();

    fetch.mockImplementation(async () => new Response(JSON.stringify({ product: "Ensemble", version: "2", modules: [] }), { status: 200 }));
    const retry = [...container.querySelectorAll("button")].find((b) => b.textContent === "Réessayer");
    expect(retry).toBeDefined();
    await act(async () => retry!.click());
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(text()).toContain("Version 2");
    // Twice for the shell (the first try and the retry); the session is asked once.
    expect(fetch.mock.calls.filter((c: unknown[]) => c[0] === "/api/v1/shell")).toHaveLength(2);
  });

  it("shows the 404 page for an unknown route and goes home in the page", async () => {
    vi.stubGlobal("fetch", async () => new Response("{}", { status: 500 }));
    window.history.replaceState(null, "", "/nowhere/at/all");
    await render("en");
    expect(container.querySelector("h1")?.textContent).toBe("Page not found");
    expect(text()).toContain("/nowhere/at/all");
    expect(document.title).toBe("Page not found – Ensemble");

    const home = [...container.querySelectorAll("main a")].find((a) => a.textContent?.includes("Back to home")) as HTMLAnchorElement;
    await act(async () => home.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 })));
    expect(window.location.pathname).toBe("/");
    expect(container.querySelector("h1")?.textContent).toBe("Welcome to Ensemble");
    expect(document.activeElement?.id).toBe("ens-page-title");
  });
});
