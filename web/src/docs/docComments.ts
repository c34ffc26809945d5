// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The comments of the open document, shared by the page's "Comments"
// drawer and its editor: the threads (loaded once for the page, so that
// the editor highlights them with the drawer closed), the active thread,
// whether the drawer is open and with which selection, and which threads'
// text is all deleted.
import type { BlockNoteEditor } from "@blocknote/core";
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from "react";
import type { ApiError } from "../api/client";
import { useApiResource } from "../hooks/useApiResource";
import type { Thread } from "./CommentsPanel";
import { listThreads } from "./CommentsPanel";
import { selectionAnchorIn, showHighlights } from "./commentHighlights";

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

/**
 * useCommentHighlights shows the open threads of comments in an editor
 * (which has the commentHighlights extension) and lets the page read the
 * editor's selection with its anchor.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useCommentHighlights(editor: BlockNoteEditor<any, any, any>, comments: DocComments | undefined, editable: boolean) {
  const { threads, active, activate, setDeleted, readSelection } = comments ?? {};
  useEffect(() => {
    if (!readSelection) return;
    readSelection.current = () => {
      const view = editor.prosemirrorView;
      return view ? selectionAnchorIn(view) : null;
    };
    return () => {
      readSelection.current = null;
    };
  }, [editor, readSelection]);
  useEffect(() => {
    if (!activate || !setDeleted) return;
    const open = (threads ?? []).filter((th) => !th.resolved).map((th) => ({ id: th.id, anchor: th.anchor, quote: th.quote }));
    const show = () => {
      const view = editor.prosemirrorView;
      if (!view) return false;
      showHighlights(view, { threads: open, active: active ?? null, editable, onActivate: activate, onDeleted: setDeleted });
      return true;
    };
    let shown = false;
    try {
      shown = show();
    } catch {
      shown = false; // not mounted yet
    }
    if (shown) return;
    return editor.onMount(() => void show());
  }, [editor, threads, active, editable, activate, setDeleted]);
}
