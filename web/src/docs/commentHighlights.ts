// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Highlights of commented text in the editor: a ProseMirror plugin,
// registered as a BlockNote extension, that decorates the range of every
// open thread (inline decorations, not marks: nothing is written into the
// document, which commenters and readers may not change). Ranges are
// computed again when the thread list changes and when a remote change
// arrives (y-prosemirror replaces the whole document then); local edits
// map them. Clicking a highlight, or pressing Enter on it (it is a button
// in a read-only editor; Alt+Enter with the caret in it while editing),
// opens its thread.
import { createExtension } from "@blocknote/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "y-prosemirror";
import { anchorOf, blockIDAt, locate, trimRange, type YBinding } from "./commentAnchors";
import "./comments.css";

/** HighlightThread is what the editor needs of a thread. */
export interface HighlightThread {
  id: string;
  anchor: unknown;
  quote: string;
}

/** HighlightInput is what the page tells the plugin. */
export interface HighlightInput {
  threads: HighlightThread[];
  active: string | null;
  editable: boolean;
  onActivate: (threadID: string) => void;
  /** onDeleted is told the IDs of threads whose text is all deleted, when that list changes. */
  onDeleted: (threadIDs: string[]) => void;
}

interface HighlightState {
  input: HighlightInput | null;
  decorations: DecorationSet;
  deleted: string[];
}

/** highlightKey is the plugin's key; its state holds the decorations. */
export const highlightKey = new PluginKey<HighlightState>("ensembleCommentHighlights");

/** bindingOf returns y-prosemirror's binding of an editor state, if any. */
export function bindingOf(state: EditorState): YBinding | null {
  const s = ySyncPluginKey.getState(state) as { binding?: YBinding } | undefined;
  return s?.binding ?? null;
}

function decorate(doc: PMNode, input: HighlightInput | null, binding: YBinding | null): Omit<HighlightState, "input"> {
  if (!input) return { decorations: DecorationSet.empty, deleted: [] };
  const decos: Decoration[] = [];
  const deleted: string[] = [];
  for (const th of input.threads) {
    const where = locate(th.anchor, th.quote, doc, binding);
    if (where.kind === "deleted") deleted.push(th.id);
    if (where.kind !== "range") continue;
    const active = th.id === input.active;
    const attrs: Record<string, string> = {
      class: active ? "ens-comment-mark ens-comment-mark--active" : "ens-comment-mark",
      "data-thread-id": th.id,
      "data-testid": "comment-highlight",
    };
    if (active) attrs["data-active"] = "true";
    if (!input.editable) {
      attrs.role = "button";
      attrs.tabindex = "0";
      attrs["aria-haspopup"] = "dialog";
      if (active) attrs["aria-current"] = "true";
    }
    decos.push(Decoration.inline(where.range.from, where.range.to, attrs, { threadID: th.id }));
  }
  return { decorations: DecorationSet.create(doc, decos), deleted };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function apply(tr: Transaction, prev: HighlightState, oldState: EditorState, newState: EditorState): HighlightState {
  const input = tr.getMeta(highlightKey) as HighlightInput | undefined;
  const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;
  if (input || (tr.docChanged && remote)) {
    const next = input ?? prev.input;
    return { input: next, ...decorate(tr.doc, next, bindingOf(oldState) ?? bindingOf(newState)) };
  }
  if (!tr.docChanged) return prev;
  // A local edit: the Yjs document does not hold it yet, so map the ranges.
  const decorations = prev.decorations.map(tr.mapping, tr.doc);
  const deleted = [...prev.deleted];
  for (const th of prev.input?.threads ?? []) {
    const had = prev.decorations.find(undefined, undefined, (s) => s.threadID === th.id).length > 0;
    const has = decorations.find(undefined, undefined, (s) => s.threadID === th.id).length > 0;
    if (had && !has) deleted.push(th.id);
  }
  return { input: prev.input, decorations, deleted };
}

/** threadAt returns the ID of the thread highlighted around a position, the active one first. */
function threadAt(state: EditorState, pos: number): string | null {
  const s = highlightKey.getState(state);
  if (!s) return null;
  const found = s.decorations.find(pos, pos).filter((d) => d.from <= pos && pos <= d.to);
  const active = found.find((d) => (d.spec as { threadID: string }).threadID === s.input?.active);
  const d = active ?? found[0];
  return d ? (d.spec as { threadID: string }).threadID : null;
}

function activate(view: EditorView, id: string | null): boolean {
  const input = highlightKey.getState(view.state)?.input;
  if (!id || !input) return false;
  input.onActivate(id);
  return true;
}

/** commentHighlightPlugin makes the plugin (one per editor). */
export function commentHighlightPlugin(): Plugin<HighlightState> {
  let told: string[] = [];
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: () => ({ input: null, decorations: DecorationSet.empty, deleted: [] }),
      apply,
    },
    props: {
      decorations: (state) => highlightKey.getState(state)?.decorations,
      handleDOMEvents: {
        click: (view, event) => {
          const el = (event.target as Element | null)?.closest?.("[data-thread-id]");
          const sel = view.dom.ownerDocument.getSelection();
          if (!el || (sel && !sel.isCollapsed)) return false; // a selection is being made, not a click
          return activate(view, el.getAttribute("data-thread-id"));
        },
        keydown: (view, event) => {
          if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.metaKey) return false;
          if (!view.editable) {
            const el = (event.target as Element | null)?.closest?.("[data-thread-id]");
            if (!el || !activate(view, el.getAttribute("data-thread-id"))) return false;
          } else {
            if (!event.altKey || !activate(view, threadAt(view.state, view.state.selection.head))) return false;
          }
          event.preventDefault();
          return true;
        },
      },
    },
    view: () => ({
      update: (view) => {
        const s = highlightKey.getState(view.state);
        if (!s?.input || sameList(s.deleted, told)) return;
        told = s.deleted;
        s.input.onDeleted(s.deleted);
      },
    }),
  });
}

/** commentHighlights is the BlockNote extension that adds the plugin. */
export const commentHighlights = createExtension(() => ({ key: "ensembleCommentHighlights", prosemirrorPlugins: [commentHighlightPlugin()] }));

/** showHighlights tells the plugin of an editor the threads to show. */
export function showHighlights(view: EditorView, input: HighlightInput) {
  view.dispatch(view.state.tr.setMeta(highlightKey, input).setMeta("addToHistory", false));
}

/**
 * selectionAnchorIn reads the text selected in an editor: its quote and its
 * anchor (block ID and relative positions), or null when nothing is selected.
 */
export function selectionAnchorIn(view: EditorView): { quote: string; anchor: unknown } | null {
  const dom = view.dom.ownerDocument.getSelection();
  let from = view.state.selection.from;
  let to = view.state.selection.to;
  if (dom && !dom.isCollapsed && dom.anchorNode && dom.focusNode && view.dom.contains(dom.anchorNode) && view.dom.contains(dom.focusNode)) {
    try {
      const a = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
      const b = view.posAtDOM(dom.focusNode, dom.focusOffset);
      from = Math.min(a, b);
      to = Math.max(a, b);
    } catch {
      // Keep the editor's own selection.
    }
  }
  const range = trimRange(view.state.doc, { from, to });
  if (range.from >= range.to) return null;
  const quote = view.state.doc.textBetween(range.from, range.to, "\n", " ").trim().slice(0, 2000);
  const blockID = blockIDAt(view.state.doc, range.from);
  if (!quote || !blockID) return null;
  const binding = bindingOf(view.state);
  return { quote, anchor: binding ? anchorOf(binding, range, blockID) : { block_id: blockID } };
}
