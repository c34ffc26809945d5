// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Mentions in comments: "@" followed by the start of a name, typed in a
// comment box, offers the people the document is shared with; choosing one
// puts "@Name" in the text, and the IDs of the people whose "@Name" is
// still in the text when it is sent go in the comment's "mentions".

/** Mentionable is a person who may be mentioned. */
export interface Mentionable {
  id: string;
  name: string;
}

/** mentionQuery returns where the "@word" the caret ends starts, and the word; null when the caret ends no mention. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@]{0,40})$/u.exec(before);
  if (!m) return null;
  const word = m[2] ?? "";
  return { start: before.length - word.length - 1, query: word };
}

/** matchPeople returns the people whose name or a word of it starts with query (case and accents ignored), at most limit. */
export function matchPeople(people: Mentionable[], query: string, limit = 8): Mentionable[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const q = fold(query);
  return people.filter((p) => q === "" || fold(p.name).startsWith(q) || fold(p.name).split(/\s+/).some((w) => w.startsWith(q))).slice(0, limit);
}

/** insertMention replaces the "@word" from start to caret by "@Name ", and returns the text and the new caret. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** mentionedIDs returns the distinct IDs of the chosen people whose "@Name" is still in text. */
export function mentionedIDs(text: string, chosen: Mentionable[]): string[] {
  const out: string[] = [];
  for (const p of chosen) {
    if (p.name && text.includes(`@${p.name}`) && !out.includes(p.id)) out.push(p.id);
  }
  return out;
}
