// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The comments of the open document, shared by the page's "Comments"
// drawer and its editor: the threads (loaded once for the page, so that
// the editor highlights them with the drawer closed), the active thread,
// whether the drawer is open and with which selection, and which threads'
// text is all deleted.
import { useCallback, useMemo, useRef, useState, type MutableRefObject } from "react";
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

/** useDocComments holds the comments of a document page; none are loaded unless enabled (a readable document out of the trash). */
export function useDocComments(docID: string, enabled: boolean): DocComments {
  const load = useCallback(() => (enabled ? listThreads(docID) : Promise.resolve({ ok: true as const, data: [] as Thread[] })), [docID, enabled]);
  const { data, error, reload } = useApiResource(load);
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
