// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The documents of the benchmark, as Markdown files to import: a generated
// ~30,000-character document of paragraphs for the typing test, and the
// automerge-paper trace's final text (~100,000 characters) split into
// paragraphs for the opening and export tests.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const words = (
  "le comité de pilotage approuve le budget annuel et demande un rapport détaillé sur la mise en œuvre " +
  "des services numériques dans les administrations régionales avec une attention particulière à la " +
  "sécurité des données personnelles la sobriété énergétique et l'accessibilité pour tous les agents publics"
).split(" ");

/** mulberry32 is a small seeded generator, so that every run types into the same document. */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** escapeMarkdown backslash-escapes every ASCII punctuation character, so the text is read as plain text. */
export function escapeMarkdown(s) {
  return s.replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

/**
 * typingDoc returns the Markdown of a document of `paragraphs` paragraphs
 * of about `chars` characters in all, and its number of text characters.
 */
export function typingDoc(chars = 30_000, paragraphs = 100) {
  const rnd = mulberry32(5);
  const per = Math.floor(chars / paragraphs);
  const out = [];
  let total = 0;
  for (let p = 0; p < paragraphs; p++) {
    let s = `Paragraphe ${p + 1} :`;
    while (s.length < per) s += " " + words[Math.floor(rnd() * words.length)];
    s = s.slice(0, per - 1) + ".";
    total += s.length;
    out.push(escapeMarkdown(s));
  }
  return { markdown: out.join("\n\n") + "\n", chars: total, paragraphs };
}

/**
 * traceDoc reads the automerge-paper trace (gzipped JSON with endContent)
 * and returns its final text as Markdown paragraphs (split at blank lines,
 * whitespace inside a paragraph collapsed), their character count and the
 * last paragraph's text as the editor must show it.
 */
export function traceDoc(path) {
  const trace = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
  const paras = String(trace.endContent)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0);
  const chars = paras.reduce((n, p) => n + p.length, 0);
  return {
    markdown: paras.map(escapeMarkdown).join("\n\n") + "\n",
    chars,
    paragraphs: paras.length,
    endContentChars: [...String(trace.endContent)].length,
    last: paras[paras.length - 1],
  };
}
