// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Anchors of comment threads: where in the document a thread's text is.
// A thread started from a selection keeps its block's ID and two Yjs
// relative positions (base64 of Y.encodeRelativePosition), taken through
// y-prosemirror's binding of the editor: they follow the text through
// everybody's edits, which a ProseMirror position would not. Threads made
// before that keep only the block's ID; their range is found again by
// looking for the quote in that block.
import type { Node as PMNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from "y-prosemirror";
import * as Y from "yjs";

/** TextAnchor is a thread's anchor as stored by the server (opaque JSON there). */
export interface TextAnchor {
  /** The ID of the block where the selection started. */
  block_id: string;
  /** Base64 of the Yjs relative position of the first character. */
  start?: string;
  /** Base64 of the Yjs relative position of the last character (read with left association). */
  end?: string;
}

/** YBinding is what the conversion needs of y-prosemirror's binding (the ySync plugin state's `binding`). */
export interface YBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mapping: Map<Y.AbstractType<any>, PMNode | PMNode[]>;
}

/** Range is a span of the ProseMirror document, from < to. */
export interface Range {
  from: number;
  to: number;
}

/** Where is what became of a thread's text: a range, deleted, or not known (yet). */
export type Where = { kind: "range"; range: Range } | { kind: "deleted" } | { kind: "unknown" };

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** encodeRelative encodes a relative position as base64. */
export function encodeRelative(rp: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(rp));
}

/** decodeRelative decodes encodeRelative's text, or returns null when it is not one. */
export function decodeRelative(text: unknown): Y.RelativePosition | null {
  if (typeof text !== "string" || text === "" || text.length > 1024) return null;
  try {
    return Y.decodeRelativePosition(fromBase64(text));
  } catch {
    return null;
  }
}

/**
 * anchorOf makes the anchor of the range [from, to) of the editor's
 * document. The start sticks to the first character (text typed just
 * before it stays out); the end to the last one, read with left
 * association (text typed just after it stays out too).
 */
export function anchorOf(binding: YBinding, range: Range, blockID: string): TextAnchor {
  const start = absolutePositionToRelativePosition(range.from, binding.type, binding.mapping as never);
  const end = absolutePositionToRelativePosition(range.to - 1, binding.type, binding.mapping as never);
  end.assoc = -1;
  return { block_id: blockID, start: encodeRelative(start), end: encodeRelative(end) };
}

/** asAnchor reads a thread's anchor, or returns null when it has no block ID (a comment on the whole document). */
export function asAnchor(raw: unknown): TextAnchor | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.block_id !== "string" || o.block_id === "") return null;
  const a: TextAnchor = { block_id: o.block_id };
  if (typeof o.start === "string" && typeof o.end === "string") {
    a.start = o.start;
    a.end = o.end;
  }
  return a;
}

/** known tells whether the replica holds the item a relative position points to. */
function known(doc: Y.Doc, rp: Y.RelativePosition): boolean {
  return !rp.item || Y.getState(doc.store, rp.item.client) > rp.item.clock;
}

/**
 * locate finds where a thread's text is now. An anchor with relative
 * positions is resolved through the binding: deleted when its text is all
 * gone, unknown while the replica does not hold it yet. An older anchor
 * (a block ID only) falls back to the first occurrence of the quote in that
 * block: unknown when it is not there.
 */
export function locate(raw: unknown, quote: string, doc: PMNode, binding: YBinding | null): Where {
  const anchor = asAnchor(raw);
  if (!anchor) return { kind: "unknown" };
  const start = decodeRelative(anchor.start);
  const end = decodeRelative(anchor.end);
  if (start && end && binding) {
    if (!known(binding.doc, start) || !known(binding.doc, end)) return { kind: "unknown" };
    let from: number | null;
    let to: number | null;
    try {
      from = relativePositionToAbsolutePosition(binding.doc, binding.type, start, binding.mapping as never);
      to = relativePositionToAbsolutePosition(binding.doc, binding.type, end, binding.mapping as never);
    } catch {
      return { kind: "unknown" }; // the mapping does not hold the new nodes yet
    }
    if (from === null || to === null) return { kind: "deleted" };
    from = Math.max(0, Math.min(from, doc.content.size));
    to = Math.max(0, Math.min(to, doc.content.size));
    if (from >= to || doc.textBetween(from, to, "\n", "\n").trim() === "") return { kind: "deleted" };
    return { kind: "range", range: { from, to } };
  }
  const found = findQuoteInBlock(doc, anchor.block_id, quote);
  return found ? { kind: "range", range: found } : { kind: "unknown" };
}

/** findBlock returns the position and node of the block whose ID is given. */
export function findBlock(doc: PMNode, blockID: string): { pos: number; node: PMNode } | null {
  let found: { pos: number; node: PMNode } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.attrs.id === blockID && node.type.name === "blockContainer") {
      found = { pos, node };
      return false;
    }
    return true;
  });
  return found;
}

/**
 * findQuoteInBlock finds the first occurrence of quote in the text of a
 * block (its own content, not its nested blocks) and returns its range,
 * or null. Inline nodes that are not text (mentions, hard breaks) end a
 * run: a quote is matched within one run of text.
 */
export function findQuoteInBlock(doc: PMNode, blockID: string, quote: string): Range | null {
  const q = quote.trim();
  const block = q ? findBlock(doc, blockID) : null;
  if (!block) return null;
  let result: Range | null = null;
  // Runs of adjacent text nodes, with the document position of each character.
  let text = "";
  let positions: number[] = [];
  const flush = () => {
    const i = text.indexOf(q);
    const first = i >= 0 ? positions[i] : undefined;
    const last = i >= 0 ? positions[i + q.length - 1] : undefined;
    if (!result && first !== undefined && last !== undefined) result = { from: first, to: last + 1 };
    text = "";
    positions = [];
  };
  block.node.descendants((node, offset) => {
    if (result) return false;
    if (node.type.name === "blockGroup") return false; // nested blocks have their own IDs
    if (node.isText) {
      const at = block.pos + 1 + offset;
      const s = node.text ?? "";
      for (let k = 0; k < s.length; k++) positions.push(at + k);
      text += s;
      return false;
    }
    if (node.isInline || node.isBlock) flush();
    return true;
  });
  flush();
  return result;
}

/** blockIDAt returns the ID of the innermost block around a position, or "". */
export function blockIDAt(doc: PMNode, pos: number): string {
  const $pos = doc.resolve(pos);
  for (let d = $pos.depth; d >= 0; d--) {
    const n = $pos.node(d);
    if (n.type.name === "blockContainer" && typeof n.attrs.id === "string") return n.attrs.id;
  }
  return "";
}

/** trimRange narrows a range so that it neither starts nor ends with white space. */
export function trimRange(doc: PMNode, r: Range): Range {
  let { from, to } = r;
  while (from < to && /^\s$/.test(doc.textBetween(from, from + 1))) from++;
  while (to > from && /^\s$/.test(doc.textBetween(to - 1, to))) to--;
  return { from, to };
}
