// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Anchors of comments through the real y-prosemirror conversion: a
// ProseMirror schema shaped like BlockNote's (blockGroup > blockContainer
// with an ID > paragraph), a Yjs replica, and edits made by another replica.
import { Schema, type Node as PMNode } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { initProseMirrorDoc, prosemirrorToYXmlFragment } from "y-prosemirror";
import * as Y from "yjs";
import { anchorOf, asAnchor, decodeRelative, encodeRelative, findQuoteInBlock, locate, trimRange, type YBinding } from "./commentAnchors";

const schema = new Schema({
  nodes: {
    doc: { content: "blockGroup" },
    blockGroup: { content: "blockContainer+" },
    blockContainer: { content: "paragraph blockGroup?", attrs: { id: { default: null } } },
    paragraph: { content: "inline*" },
    mention: { inline: true, group: "inline", attrs: { name: { default: "" } } },
    text: { group: "inline" },
  },
  marks: { bold: {} },
});

const p = (...inline: (string | PMNode)[]) => schema.node("paragraph", null, inline.map((x) => (typeof x === "string" ? schema.text(x) : x)));
const block = (id: string, para: PMNode, children?: PMNode[]) => schema.node("blockContainer", { id }, children ? [para, schema.node("blockGroup", null, children)] : [para]);
const docOf = (...blocks: PMNode[]) => schema.node("doc", null, [schema.node("blockGroup", null, blocks)]);

/** replica makes a Yjs document holding pm, and returns it with a way to read it back as ProseMirror with its mapping. */
function replica(pm: PMNode) {
  const ydoc = new Y.Doc();
  const type = ydoc.getXmlFragment("document-store");
  prosemirrorToYXmlFragment(pm, type);
  const view = (): { doc: PMNode; binding: YBinding } => {
    const r = initProseMirrorDoc(type, schema);
    return { doc: r.doc, binding: { doc: ydoc, type, mapping: r.mapping as YBinding["mapping"] } };
  };
  return { ydoc, type, view };
}

/** peer makes a second replica synced with the first, and a way to send its edits back. */
function peer(ydoc: Y.Doc) {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
  const sync = () => Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(ydoc)));
  return { other, sync };
}

/** firstText returns the Y.XmlText of the first paragraph of the first block. */
function firstText(frag: Y.XmlFragment): Y.XmlText {
  const group = frag.get(0) as Y.XmlElement;
  const container = group.get(0) as Y.XmlElement;
  const para = container.get(0) as Y.XmlElement;
  return para.get(0) as Y.XmlText;
}

function rangeOf(doc: PMNode, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  doc.descendants((n, pos) => {
    const i = n.isText ? (n.text ?? "").indexOf(text) : -1;
    if (i >= 0 && !found) found = { from: pos + i, to: pos + i + text.length };
  });
  if (!found) throw new Error(`${text} not found`);
  return found;
}

const textOf = (doc: PMNode, anchor: unknown, quote = "") => {
  const w = locate(anchor, quote, doc, null);
  return w.kind === "range" ? doc.textBetween(w.range.from, w.range.to) : w.kind;
};

describe("comment anchors", () => {
  it("encode relative positions as base64 and decode them back", () => {
    const ydoc = new Y.Doc();
    const t = ydoc.getText("t");
    t.insert(0, "hello");
    const rp = Y.createRelativePositionFromTypeIndex(t, 2, -1);
    const text = encodeRelative(rp);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const back = decodeRelative(text);
    expect(back && { item: back.item, assoc: back.assoc }).toEqual({ item: rp.item, assoc: -1 });
    expect(back && Y.createAbsolutePositionFromRelativePosition(back, ydoc)?.index).toBe(2);
    expect(decodeRelative("not base64 !")).toBeNull();
    expect(decodeRelative(42)).toBeNull();
    expect(decodeRelative("")).toBeNull();
  });

  it("keep covering exactly the word when another replica types before and after it", () => {
    const r = replica(docOf(block("b1", p("The total of the budget is wrong."))));
    const v = r.view();
    const anchor = anchorOf(v.binding, rangeOf(v.doc, "budget"), "b1");
    expect(asAnchor(JSON.parse(JSON.stringify(anchor)))).toEqual(anchor);
    expect(locate(anchor, "budget", v.doc, v.binding)).toMatchObject({ kind: "range" });

    const { other, sync } = peer(r.ydoc);
    const text = firstText(other.getXmlFragment("document-store"));
    text.insert(0, "Note: ");
    const at = text.toString().indexOf("budget");
    text.insert(at + "budget".length, "ary"); // right after the word
    text.insert(at, "whole "); // right before it
    sync();
    const after = r.view();
    const w = locate(anchor, "budget", after.doc, after.binding);
    expect(w.kind).toBe("range");
    if (w.kind === "range") expect(after.doc.textBetween(w.range.from, w.range.to)).toBe("budget");
    expect(after.doc.textContent).toBe("Note: The total of the whole budgetary is wrong.");
  });

  it("follow the word into a block moved down by a new block before it", () => {
    const r = replica(docOf(block("b1", p("First line")), block("b2", p("Second line with a word"))));
    const v = r.view();
    const anchor = anchorOf(v.binding, rangeOf(v.doc, "word"), "b2");
    const { other, sync } = peer(r.ydoc);
    const group = other.getXmlFragment("document-store").get(0) as Y.XmlElement;
    const container = new Y.XmlElement("blockContainer");
    container.setAttribute("id", "b0");
    const para = new Y.XmlElement("paragraph");
    para.insert(0, [new Y.XmlText("A new first block")]);
    container.insert(0, [para]);
    group.insert(0, [container]);
    sync();
    const after = r.view();
    const w = locate(anchor, "", after.doc, after.binding);
    expect(w.kind === "range" && after.doc.textBetween(w.range.from, w.range.to)).toBe("word");
  });

  it("tell when the commented text was deleted, and when the replica does not hold it yet", () => {
    const r = replica(docOf(block("b1", p("Keep this, drop that."))));
    const v = r.view();
    const anchor = anchorOf(v.binding, rangeOf(v.doc, "drop that"), "b1");

    const empty = new Y.Doc();
    const emptyType = empty.getXmlFragment("document-store");
    expect(locate(anchor, "drop that", v.doc, { doc: empty, type: emptyType, mapping: new Map() }).kind).toBe("unknown");

    const { other, sync } = peer(r.ydoc);
    const text = firstText(other.getXmlFragment("document-store"));
    const at = text.toString().indexOf("drop that");
    text.delete(at, "drop that".length);
    sync();
    const after = r.view();
    expect(locate(anchor, "drop that", after.doc, after.binding).kind).toBe("deleted");
  });

  it("tell the text deleted when its whole block is deleted", () => {
    const r = replica(docOf(block("b1", p("Gone soon")), block("b2", p("Stays"))));
    const v = r.view();
    const anchor = anchorOf(v.binding, rangeOf(v.doc, "soon"), "b1");
    const { other, sync } = peer(r.ydoc);
    (other.getXmlFragment("document-store").get(0) as Y.XmlElement).delete(0, 1);
    sync();
    const after = r.view();
    expect(after.doc.textContent).toBe("Stays");
    expect(locate(anchor, "soon", after.doc, after.binding).kind).toBe("deleted");
  });

  it("fall back to the quote in the block for anchors with a block ID only", () => {
    const doc = docOf(
      block("b1", p("Budget: the ", schema.text("total", [schema.mark("bold")]), " is wrong"), [block("b1c", p("the total in a child"))]),
      block("b2", p("Ask ", schema.node("mention", { name: "Léa" }), " about the total")),
    );
    expect(textOf(doc, { block_id: "b1" }, "the total is")).toBe("the total is");
    expect(textOf(doc, { block_id: "b1c" }, "total")).toBe("total");
    expect(textOf(doc, { block_id: "b2" }, "about the total")).toBe("about the total");
    // A quote across a mention is not found; neither is a quote of another block or an unknown block.
    expect(textOf(doc, { block_id: "b2" }, "Ask  about")).toBe("unknown");
    expect(textOf(doc, { block_id: "b1" }, "in a child")).toBe("unknown");
    expect(textOf(doc, { block_id: "nope" }, "total")).toBe("unknown");
    expect(textOf(doc, null, "total")).toBe("unknown");
    expect(textOf(doc, "b1", "total")).toBe("unknown");
    // The child block's range starts after its parent's paragraph.
    const child = findQuoteInBlock(doc, "b1c", "the total");
    const parent = findQuoteInBlock(doc, "b1", "the total");
    expect(child && parent && child.from > parent.to).toBe(true);
  });

  it("trim white space off a selection", () => {
    const doc = docOf(block("b1", p("  spaced words  ")));
    const all = { from: 3, to: 3 + "  spaced words  ".length };
    const r = trimRange(doc, all);
    expect(doc.textBetween(r.from, r.to)).toBe("spaced words");
  });
});
