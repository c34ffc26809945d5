// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { fetchShell, type Shell, type ShellError } from "./api/shell";

/** ShellState is what the frame knows about the server. */
export type ShellState =
  | { status: "loading" }
  | { status: "ready"; shell: Shell }
  | { status: "error"; error: ShellError };

interface ShellContextValue {
  state: ShellState;
  reload: () => void;
}

const ShellContext = createContext<ShellContextValue | null>(null);

/** ShellProvider fetches /api/v1/shell once and on demand (reload). */
export function ShellProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<ShellState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    fetchShell({ signal: controller.signal }).then(
      (result) => setState(result.ok ? { status: "ready", shell: result.shell } : { status: "error", error: result.error }),
      () => {
        // Aborted because the component went away or a newer attempt started.
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return <ShellContext.Provider value={{ state, reload }}>{children}</ShellContext.Provider>;
}

/** useShell returns the server information and a way to ask again. */
export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error("useShell outside ShellProvider");
  return value;
}
