// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The comments of the open document, shared by the page's "Comments"
// drawer and its editor: the threads (loaded once for the page, so that
// the editor highlights them with the drawer closed), the active thread,
// whether the drawer is open and with which selection, and which threads'
// text is all deleted. Others' comments arrive without a reload: the list is
// asked again every little while the page is visible, and when it becomes
// visible again.
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from "react";
import type { ApiError } from "../api/client";
import { useApiResource } from "../hooks/useApiResource";
import type { Thread } from "./CommentsPanel";
import { listThreads } from "./CommentsPanel";

/** Selection is the text to comment on when the drawer opens: its quote and anchor, or none. */
export interface Selection {
  quote: string;
  anchor: unknown;
}

/** DocComments is what useDocComments gives. */
export interface DocComments {
  threads: Thread[] | null;
  error: ApiError | null;
  reload: () => Promise<void>;
  /** The thread opened from its highlight, if any. */
  active: string | null;
  setActive: (id: string | null) => void;
  /** The drawer's selection when it is open, else null. */
  panel: Selection | null;
  openPanel: (s: Selection) => void;
  closePanel: () => void;
  /** activate opens a thread from its highlight: the drawer opens on it. */
  activate: (id: string) => void;
  /** The threads whose text was all deleted. */
  deleted: ReadonlySet<string>;
  setDeleted: (ids: string[]) => void;
  /** readSelection is set by the editor: it reads the selected text with its anchor. */
  readSelection: MutableRefObject<(() => Selection | null) | null>;
}

/** How often an open document asks for its comments again. */
export const commentsRefreshMs = 15_000;

/** sameThreads says whether two lists of threads say the same (then the one shown is kept, and nothing re-renders). */
export function sameThreads(a: Thread[], b: Thread[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** useDocComments holds the comments of a document page; none are loaded unless enabled (a readable document out of the trash). */
export function useDocComments(docID: string, enabled: boolean, refreshMs = commentsRefreshMs): DocComments {
  const load = useCallback(() => (enabled ? listThreads(docID) : Promise.resolve({ ok: true as const, data: [] as Thread[] })), [docID, enabled]);
  const { data, error, reload } = useApiResource(load, sameThreads);
  useEffect(() => {
    if (!enabled) return;
    const refresh = () => {
      if (document.visibilityState === "visible") void reload();
    };
    const timer = window.setInterval(refresh, refreshMs);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [enabled, reload, refreshMs]);
  const [active, setActive] = useState<string | null>(null);
  const [panel, setPanel] = useState<Selection | null>(null);
  const [deleted, setDeletedState] = useState<ReadonlySet<string>>(new Set());
  const readSelection = useRef<(() => Selection | null) | null>(null);
  const openPanel = useCallback(
    (s: Selection) => {
      setPanel(s);
      void reload();
    },
    [reload],
  );
  const closePanel = useCallback(() => {
    setPanel(null);
    setActive(null);
  }, []);
  const activate = useCallback(
    (id: string) => {
      setActive(id);
      setPanel((p) => p ?? { quote: "", anchor: null });
    },
    [],
  );
  const setDeleted = useCallback((ids: string[]) => setDeletedState(new Set(ids)), []);
  return useMemo(
    () => ({ threads: data, error, reload, active, setActive, panel, openPanel, closePanel, activate, deleted, setDeleted, readSelection }),
    [data, error, reload, active, panel, openPanel, closePanel, activate, deleted, setDeleted],
  );
}
