// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What changed in a document since a version (GET
// /api/v1/docs/{id}/versions/{vid}/changes): the blocks added, removed and
// changed word by word, the unchanged ones folded away but for one on each
// side of a change, and who worked on the document since. Texts in the
// three languages here, so that the versions drawer stays one file.
import { Text } from "@mantine/core";
import { Fragment } from "react";
import type { Language, Params } from "../i18n/languages";
import "./versions.css";

/** Segment is a run of a changed block's text. */
export interface Segment {
  op: "=" | "+" | "-";
  text: string;
}

/** BlockChange is one block of the comparison: kept, added, removed or changed ("~", with its words). */
export interface BlockChange {
  op: "=" | "+" | "-" | "~";
  type: string;
  text: string;
  words?: Segment[];
  /** by lists who edited while this change was made (IDs of authors), when known. */
  by?: string[];
}

/** Author is someone who worked on the document since the version. */
export interface Author {
  id: string;
  name: string;
  edited: boolean;
  saved: boolean;
}

/** VersionChanges compares a version with the current content. */
export interface VersionChanges {
  added: number;
  removed: number;
  changed: number;
  blocks: BlockChange[];
  authors: Author[];
  auto_versions: number;
}

const en = {
  title: "Changes since this version",
  summary: "Blocks added: {added}; removed: {removed}; changed: {changed}.",
  none: "Nothing has changed since this version.",
  authors: "Who worked on the document since",
  edited: "edited",
  saved: "saved or restored a version",
  noAuthors: "No one is known to have worked on it since.",
  autoSince: "Automatic versions since: {count}.",
  limit: "People are known per version: who was editing when changes were saved, not who typed each word.",
  added: "Added:",
  removed: "Removed:",
  changed: "Changed:",
  addedText: "added text:",
  removedText: "removed text:",
  endText: "end of change.",
  folded: "{count} unchanged blocks",
  unknown: "Someone",
  by: "by {names}",
};
type ChangesKey = keyof typeof en;
const fr: Record<ChangesKey, string> = {
  title: "Modifications depuis cette version",
  summary: "Blocs ajoutés : {added} ; supprimés : {removed} ; modifiés : {changed}.",
  none: "Rien n’a changé depuis cette version.",
  authors: "Qui a travaillé sur le document depuis",
  edited: "a modifié",
  saved: "a enregistré ou restauré une version",
  noAuthors: "Personne n’est connu pour y avoir travaillé depuis.",
  autoSince: "Versions automatiques depuis : {count}.",
  limit: "Les personnes sont connues par version : qui modifiait quand les changements ont été enregistrés, pas qui a tapé chaque mot.",
  added: "Ajouté :",
  removed: "Supprimé :",
  changed: "Modifié :",
  addedText: "texte ajouté :",
  removedText: "texte supprimé :",
  endText: "fin de la modification.",
  folded: "{count} blocs inchangés",
  unknown: "Quelqu’un",
  by: "par {names}",
};
const de: Record<ChangesKey, string> = {
  title: "Änderungen seit dieser Version",
  summary: "Blöcke hinzugefügt: {added}; entfernt: {removed}; geändert: {changed}.",
  none: "Seit dieser Version hat sich nichts geändert.",
  authors: "Wer seitdem am Dokument gearbeitet hat",
  edited: "hat bearbeitet",
  saved: "hat eine Version gespeichert oder wiederhergestellt",
  noAuthors: "Niemand ist bekannt, der seitdem daran gearbeitet hat.",
  autoSince: "Automatische Versionen seitdem: {count}.",
  limit: "Personen sind je Version bekannt: wer bearbeitete, als die Änderungen gespeichert wurden, nicht wer jedes Wort tippte.",
  added: "Hinzugefügt:",
  removed: "Entfernt:",
  changed: "Geändert:",
  addedText: "hinzugefügter Text:",
  removedText: "entfernter Text:",
  endText: "Ende der Änderung.",
  folded: "{count} unveränderte Blöcke",
  unknown: "Jemand",
  by: "von {names}",
};
/** changesMessages holds the comparison's texts in every language. */
export const changesMessages: Record<Language, Record<ChangesKey, string>> = { en, fr, de };

/** Row is what the comparison shows: a block, or a count of unchanged blocks folded away. */
export type Row = { block: BlockChange } | { folded: number };

/** foldUnchanged keeps the changed blocks and `context` unchanged ones on each side of each, folding the other unchanged runs. */
export function foldUnchanged(blocks: BlockChange[], context = 1): Row[] {
  const near = blocks.map(() => false);
  blocks.forEach((b, i) => {
    if (b.op === "=") return;
    for (let k = Math.max(0, i - context); k <= Math.min(blocks.length - 1, i + context); k++) near[k] = true;
  });
  const rows: Row[] = [];
  let folded = 0;
  blocks.forEach((b, i) => {
    if (b.op === "=" && !near[i]) {
      folded++;
      return;
    }
    if (folded > 0) rows.push({ folded });
    folded = 0;
    rows.push({ block: b });
  });
  if (folded > 0) rows.push({ folded });
  return rows;
}

/** ChangesView shows the comparison of a version with now, in lang. */
export function ChangesView({ changes, lang }: { changes: VersionChanges; lang: Language }) {
  const c = (key: ChangesKey, params?: Params) =>
    changesMessages[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
  const any = changes.added + changes.removed + changes.changed > 0;
  const names = new Map(changes.authors.map((a) => [a.id, a.name || c("unknown")]));
  return (
    <section aria-label={c("title")} data-testid="version-changes" className="ens-changes">
      <Text size="sm" fw={600}>
        {any ? c("summary", { added: changes.added, removed: changes.removed, changed: changes.changed }) : c("none")}
      </Text>
      <div data-testid="version-authors">
        <Text size="xs" fw={600} component="h4" m={0}>
          {c("authors")}
        </Text>
        {changes.authors.length === 0 ? (
          <Text size="xs" c="dimmed">
            {c("noAuthors")}
          </Text>
        ) : (
          <ul className="ens-changes-authors">
            {changes.authors.map((a) => (
              <li key={a.id} data-testid="version-author">
                <Text size="sm" component="span" fw={600}>
                  {a.name || c("unknown")}
                </Text>
                <Text size="sm" component="span">
                  {" — "}
                  {[a.edited && c("edited"), a.saved && c("saved")].filter(Boolean).join(", ")}
                </Text>
              </li>
            ))}
          </ul>
        )}
        {changes.auto_versions > 0 && <Text size="xs">{c("autoSince", { count: changes.auto_versions })}</Text>}
      </div>
      {any && (
        <ol className="ens-changes-blocks" data-testid="version-diff">
          {foldUnchanged(changes.blocks).map((row, i) =>
            "folded" in row ? (
              <li key={i} className="ens-change-folded">
                … {c("folded", { count: row.folded })}
              </li>
            ) : (
              <BlockRow key={i} block={row.block} c={c} names={names} />
            ),
          )}
        </ol>
      )}
      <Text size="xs" c="dimmed">
        {c("limit")}
      </Text>
    </section>
  );
}

function BlockRow({ block, c, names }: { block: BlockChange; c: (key: ChangesKey, params?: Params) => string; names: Map<string, string> }) {
  const cls = `ens-change ens-change-${{ "=": "kept", "+": "added", "-": "removed", "~": "changed" }[block.op]}`;
  const heading = block.type === "heading" ? " ens-change-heading" : "";
  const who = (block.by ?? []).map((id) => names.get(id) ?? c("unknown"));
  const by =
    who.length > 0 ? (
      <span className="ens-change-by" data-testid="version-change-by">
        {c("by", { names: who.join(", ") })}
      </span>
    ) : null;
  switch (block.op) {
    case "+":
      return (
        <li className={cls + heading} data-op="added">
          <span className="ens-visually-hidden">{c("added")} </span>
          <ins>{block.text}</ins>
          {by}
        </li>
      );
    case "-":
      return (
        <li className={cls + heading} data-op="removed">
          <span className="ens-visually-hidden">{c("removed")} </span>
          <del>{block.text}</del>
          {by}
        </li>
      );
    case "~":
      return (
        <li className={cls + heading} data-op="changed">
          <span className="ens-visually-hidden">{c("changed")} </span>
          {(block.words ?? []).map((w, i) => (
            <Fragment key={i}>
              {w.op === "=" && w.text}
              {w.op === "+" && (
                <ins>
                  <span className="ens-visually-hidden">[{c("addedText")} </span>
                  {w.text}
                  <span className="ens-visually-hidden"> {c("endText")}]</span>
                </ins>
              )}
              {w.op === "-" && (
                <del>
                  <span className="ens-visually-hidden">[{c("removedText")} </span>
                  {w.text}
                  <span className="ens-visually-hidden"> {c("endText")}]</span>
                </del>
              )}
            </Fragment>
          ))}
          {by}
        </li>
      );
    default:
      return (
        <li className={cls + heading} data-op="kept">
          {block.text}
        </li>
      );
  }
}
