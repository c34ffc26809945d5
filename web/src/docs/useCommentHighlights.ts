// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The editor's side of the page's comments: it shows the open threads as
// highlights and lets the page read the selection with its anchor. Apart
// from docComments.ts, so that the page's own module does not pull in the
// editor (BlockNote, ProseMirror), which loads in parallel.
import type { BlockNoteEditor } from "@blocknote/core";
import { useEffect } from "react";
import { selectionAnchorIn, showHighlights } from "./commentHighlights";
import type { DocComments } from "./docComments";

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
