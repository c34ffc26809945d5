// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { ApiError } from "./api/client";
import { onUnauthorized } from "./api/client";
import { getSession, type User } from "./api/identity";

/** SessionState is what the frame knows about who is signed in. */
export type SessionState =
  | { status: "loading" }
  | { status: "signed-in"; user: User }
  | { status: "signed-out" }
  | { status: "error"; error: ApiError };

interface SessionContextValue {
  state: SessionState;
  /** reload asks the server again. */
  reload: () => void;
  /** setUser replaces the user after the page changed it (profile saved). */
  setUser: (user: User) => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** isUser checks the shape of a decoded user. */
export function isUser(value: unknown): value is User {
  if (typeof value !== "object" || value === null) return false;
  const u = value as Record<string, unknown>;
  return typeof u.id === "string" && typeof u.email === "string" && typeof u.name === "string" && typeof u.admin === "boolean";
}

/**
 * SessionProvider asks GET /api/v1/auth/session once, and again on reload
 * or when a call says the session ended. That route answers 200 to
 * visitors too (user null), so that a visitor's browser logs no error.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getSession({ signal: controller.signal }).then(
      (result) => {
        if (result.ok) {
          const user = (result.data as { user?: unknown } | undefined)?.user;
          if (user === null) setState({ status: "signed-out" });
          else if (isUser(user)) setState({ status: "signed-in", user });
          else setState({ status: "error", error: { kind: "invalid", message: "unexpected /api/v1/auth/session" } });
        } else if (result.error.kind === "http" && result.error.status === 401) {
          setState({ status: "signed-out" });
        } else {
          setState({ status: "error", error: result.error });
        }
      },
      () => {
        // Aborted: unmounted or a newer attempt started.
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => onUnauthorized(() => setState({ status: "signed-out" })), []);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const setUser = useCallback((user: User) => setState({ status: "signed-in", user }), []);
  return <SessionContext.Provider value={{ state, reload, setUser }}>{children}</SessionContext.Provider>;
}

/** useSession returns who is signed in. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
