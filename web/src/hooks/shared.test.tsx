// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { MantineProvider } from "@mantine/core";
import { act, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiError, ApiResult } from "../api/client";
import { FormDialog } from "../components/FormDialog";
import { EmptyState, ListState } from "../components/ListState";
import { I18nProvider } from "../i18n/context";
import { useApiResource, type ApiResource } from "./useApiResource";
import { useConfirmAction } from "./useConfirmAction";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  document.body.innerHTML = "";
});

const flush = () => act(async () => {
  await new Promise((r) => setTimeout(r, 0));
});

async function render(node: ReactNode) {
  await act(async () =>
    root.render(
      <MantineProvider>
        <I18nProvider initial="en">{node}</I18nProvider>
      </MantineProvider>,
    ),
  );
  await flush();
}

const networkError: ApiError = { kind: "network", message: "down" };

describe("useApiResource", () => {
  function Probe({ load, out }: { load: () => Promise<ApiResult<string[]>>; out: { current: ApiResource<string[]> | null } }) {
    out.current = useApiResource(load);
    return null;
  }

  it("is loading, then gives the data", async () => {
    let answer: (r: ApiResult<string[]>) => void = () => {};
    const load = vi.fn(() => new Promise<ApiResult<string[]>>((r) => (answer = r)));
    const out: { current: ApiResource<string[]> | null } = { current: null };
    await render(<Probe load={load} out={out} />);
    expect(out.current).toMatchObject({ data: null, error: null, loading: true });
    await act(async () => answer({ ok: true, data: ["a"] }));
    expect(out.current).toMatchObject({ data: ["a"], error: null, loading: false });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("gives the error, and clears it when a reload succeeds", async () => {
    const load = vi.fn<() => Promise<ApiResult<string[]>>>().mockResolvedValueOnce({ ok: false, error: networkError }).mockResolvedValueOnce({ ok: true, data: ["b"] });
    const out: { current: ApiResource<string[]> | null } = { current: null };
    await render(<Probe load={load} out={out} />);
    expect(out.current).toMatchObject({ data: null, error: networkError, loading: false });
    await act(() => out.current!.reload());
    expect(out.current).toMatchObject({ data: ["b"], error: null, loading: false });
  });

  it("keeps the last data when a reload fails", async () => {
    const load = vi.fn<() => Promise<ApiResult<string[]>>>().mockResolvedValueOnce({ ok: true, data: ["c"] }).mockResolvedValueOnce({ ok: false, error: networkError });
    const out: { current: ApiResource<string[]> | null } = { current: null };
    await render(<Probe load={load} out={out} />);
    await act(() => out.current!.reload());
    expect(out.current).toMatchObject({ data: ["c"], error: networkError, loading: false });
  });

  it("keeps the data shown when a reload brings the same, if told how to compare", async () => {
    const load = vi.fn(async (): Promise<ApiResult<string[]>> => ({ ok: true, data: ["same"] }));
    const sameOut: { current: ApiResource<string[]> | null } = { current: null };
    const plainOut: { current: ApiResource<string[]> | null } = { current: null };
    const eq = (a: string[], b: string[]) => a.join() === b.join();
    function Compare() {
      sameOut.current = useApiResource(load, eq);
      plainOut.current = useApiResource(load);
      return null;
    }
    await render(<Compare />);
    const shown = sameOut.current!.data;
    const plainShown = plainOut.current!.data;
    await act(() => sameOut.current!.reload());
    await act(() => plainOut.current!.reload());
    expect(sameOut.current!.data).toBe(shown);
    expect(plainOut.current!.data).not.toBe(plainShown);
    load.mockResolvedValueOnce({ ok: true, data: ["changed"] });
    await act(() => sameOut.current!.reload());
    expect(sameOut.current!.data).toEqual(["changed"]);
  });

  it("loads again when the load function changes", async () => {
    const first = vi.fn(async (): Promise<ApiResult<string[]>> => ({ ok: true, data: ["1"] }));
    const second = vi.fn(async (): Promise<ApiResult<string[]>> => ({ ok: true, data: ["2"] }));
    const out: { current: ApiResource<string[]> | null } = { current: null };
    await render(<Probe load={first} out={out} />);
    await render(<Probe load={second} out={out} />);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(out.current?.data).toEqual(["2"]);
  });
});

describe("ListState", () => {
  it("says it is loading while there is no error", async () => {
    await render(<ListState error={null} retry={() => {}} />);
    expect(container.querySelector('[role="status"]')?.textContent).toContain("Loading");
    expect(container.querySelector("button")).toBeNull();
  });

  it("shows the error and a Retry button side by side, unwrapped by default", async () => {
    await render(<ListState error={networkError} retry={() => {}} />);
    const alert = container.querySelector('[role="alert"]')!;
    expect(alert.nextElementSibling?.tagName).toBe("BUTTON");
  });

  it("shows the error and retries", async () => {
    const retry = vi.fn();
    await render(<ListState error={networkError} retry={retry} />);
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
    const button = [...container.querySelectorAll("button")].find((b) => b.textContent === "Try again")!;
    expect(button).toBeDefined();
    await act(async () => button.click());
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it("wraps the error in a div when block is set", async () => {
    await render(<ListState error={networkError} retry={() => {}} block />);
    const wrapper = container.querySelector('[role="alert"]')!.parentElement!;
    expect(wrapper.tagName).toBe("DIV");
    expect(wrapper.className).toBe("");
    expect(wrapper.querySelector("button")).not.toBeNull();
  });
});

describe("EmptyState", () => {
  it("shows a body alone", async () => {
    await render(<EmptyState icon={<span />} body="Nothing" testId="e" />);
    const el = container.querySelector('[data-testid="e"]')!;
    expect(el.className).toBe("ens-empty ens-empty-sm");
    expect(el.querySelector("p.ens-empty-body")?.textContent).toBe("Nothing");
    expect(el.querySelector(".ens-empty-title")).toBeNull();
  });

  it("shows a title at the level asked, and its children", async () => {
    await render(
      <EmptyState icon={<span />} title="None yet" titleAs="h3" body="Add one" className="ens-empty" testId="e">
        <button type="button">Add</button>
      </EmptyState>,
    );
    const el = container.querySelector('[data-testid="e"]')!;
    expect(el.className).toBe("ens-empty");
    expect(el.querySelector("h3.ens-empty-title")?.textContent).toBe("None yet");
    expect(el.querySelector("button")?.textContent).toBe("Add");
  });
});

describe("useConfirmAction", () => {
  function Asker({ run }: { run: () => Promise<string | null> }) {
    const { ask, dialog } = useConfirmAction();
    return (
      <>
        <button type="button" data-testid="ask" onClick={() => ask({ title: "Delete it?", body: "Really.", confirm: "Delete", danger: true, run })}>
          ask
        </button>
        {dialog}
      </>
    );
  }
  const dialog = () => document.body.querySelector('[data-testid="confirm-dialog"]');
  const confirmButton = () => document.body.querySelector<HTMLButtonElement>('[data-testid="confirm-button"]');

  it("opens on ask, runs the action on confirm, then closes", async () => {
    const run = vi.fn(async () => null);
    await render(<Asker run={run} />);
    expect(confirmButton()).toBeNull();
    await act(async () => container.querySelector<HTMLButtonElement>('[data-testid="ask"]')!.click());
    await flush();
    expect(document.body.textContent).toContain("Delete it?");
    await act(async () => confirmButton()!.click());
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(confirmButton()).toBeNull();
    void dialog;
  });

  it("stays open with the error when the action fails", async () => {
    const run = vi.fn(async () => "It failed");
    await render(<Asker run={run} />);
    await act(async () => container.querySelector<HTMLButtonElement>('[data-testid="ask"]')!.click());
    await flush();
    await act(async () => confirmButton()!.click());
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    expect(document.body.querySelector('[role="alert"]')?.textContent).toBe("It failed");
    expect(confirmButton()).not.toBeNull();
  });
});

describe("FormDialog", () => {
  const base = { title: "New thing", testId: "thing-form", errorTestId: "thing-error", submitLabel: "Create", submitTestId: "thing-submit" };
  const q = (sel: string) => document.body.querySelector<HTMLElement>(sel);
  const cancel = () => [...document.body.querySelectorAll("button")].find((b) => b.textContent === "Cancel")!;

  it("shows the fields, no error, and submits the form", async () => {
    const onSubmit = vi.fn((e: { preventDefault: () => void }) => e.preventDefault());
    await render(
      <FormDialog {...base} onClose={() => {}} onSubmit={onSubmit} error={null} busy={false}>
        <input data-testid="field" />
      </FormDialog>,
    );
    expect(document.body.textContent).toContain("New thing");
    expect(q('[data-testid="thing-form"] [data-testid="field"]')).not.toBeNull();
    expect(q('[data-testid="thing-error"]')).toBeNull();
    await act(async () => q('[data-testid="thing-submit"]')!.click());
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("shows the error; Cancel calls onCancel when given, else onClose", async () => {
    const onClose = vi.fn();
    const onCancel = vi.fn();
    await render(
      <FormDialog {...base} onClose={onClose} onCancel={onCancel} onSubmit={() => {}} error="Already taken" busy={false}>
        <input />
      </FormDialog>,
    );
    expect(q('[data-testid="thing-error"]')?.textContent).toBe("Already taken");
    await act(async () => cancel().click());
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();

    await render(
      <FormDialog {...base} onClose={onClose} onSubmit={() => {}} error={null} busy={false}>
        <input />
      </FormDialog>,
    );
    await act(async () => cancel().click());
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("disables Cancel while busy", async () => {
    await render(
      <FormDialog {...base} onClose={() => {}} onSubmit={() => {}} error={null} busy>
        <input />
      </FormDialog>,
    );
    expect(cancel().disabled).toBe(true);
  });
});
