// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The documents' search field and its results: results as you type, each
// with its title and highlighted snippet, a live region that says how many
// there are, and keys to move through them (↓ ↑, Escape clears, "/"
// anywhere on the page focuses the field).
import "./search.css";
import { CloseButton, Loader, TextInput } from "@mantine/core";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { ListState } from "../components/ListState";
import { IconDoc, IconSearch } from "../icons";
import { Link } from "../router";
import type { Doc } from "./api";
import { useDocsI18n } from "./i18n";
import { snippetParts, type SearchHit } from "./search";
import { docPath, DocTitleText } from "./ui";
import { useDocSearch, type SearchFn } from "./useDocSearch";

/** SnippetText renders a search snippet as text, its matched words in <mark>; never as HTML. */
export function SnippetText({ snippet }: { snippet: string }) {
  return (
    <>
      {snippetParts(snippet).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

/** typingTarget tells whether a key went to a place where "/" is text. */
function typingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='textbox']") !== null;
}

/**
 * SearchBox is a search field with its results below. parentID limits the
 * search to that page and its sub-pages; shortcut makes "/" focus it.
 */
export function SearchBox({
  parentID,
  label,
  hideLabel = false,
  shortcut = false,
  testId = "doc-search",
  search,
}: {
  parentID?: string;
  label: string;
  /** The label is said, not shown (a heading above shows it). */
  hideLabel?: boolean;
  shortcut?: boolean;
  testId?: string;
  search?: SearchFn;
}) {
  const { t } = useDocsI18n();
  const [query, setQuery] = useState("");
  const state = useDocSearch(query, parentID, search);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const helpID = `${id}-help`;
  const listID = `${id}-results`;

  useEffect(() => {
    if (!shortcut) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcut]);

  const links = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>("a[data-result]") ?? []);
  const onFieldKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const first = links()[0];
    if (e.key === "ArrowDown" && first) {
      e.preventDefault();
      first.focus();
    } else if (e.key === "Escape" && query !== "") {
      e.preventDefault();
      setQuery("");
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = at + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.current?.focus();
      else all[Math.min(next, all.length - 1)]?.focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      input.current?.focus();
    }
  };

  const q = query.trim();
  const shown = q !== "" && state.query !== "";
  const listed = shown && state.hits !== null && state.hits.length > 0;
  let status = "";
  if (q !== "" && state.loading) status = t("docs.search.searching");
  else if (shown && state.hits) status = state.hits.length === 0 ? t("docs.search.none", { query: state.query }) : t(state.hits.length === 1 ? "docs.search.one" : "docs.search.count", { count: state.hits.length, query: state.query });

  return (
    <div className="ens-docs-search" data-testid={testId}>
      <TextInput
        ref={input}
        type="search"
        label={hideLabel ? undefined : label}
        aria-label={hideLabel ? label : undefined}
        placeholder={t(parentID ? "docs.search.placeholderWithin" : "docs.search.placeholder")}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onFieldKey}
        leftSection={<IconSearch size={18} />}
        rightSection={
          state.loading && q !== "" ? (
            <Loader size="xs" />
          ) : query !== "" ? (
            <CloseButton size="sm" aria-label={t("docs.search.clear")} onClick={() => (setQuery(""), input.current?.focus())} />
          ) : shortcut ? (
            <kbd className="ens-kbd" aria-hidden="true">
              /
            </kbd>
          ) : null
        }
        aria-describedby={helpID}
        aria-controls={listed ? listID : undefined}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        data-testid={`${testId}-input`}
      />
      <p id={helpID} className="ens-visually-hidden">
        {shortcut ? t("docs.search.helpShortcut") : t("docs.search.help")}
      </p>
      <p role="status" aria-live="polite" className={shown || state.loading ? "ens-docs-search-status" : "ens-visually-hidden"} data-testid={`${testId}-status`}>
        {status}
      </p>
      {shown && state.error && q !== "" && <ListState error={state.error} retry={state.retry} />}
      {listed && state.hits && (
        <ul id={listID} ref={list} className="ens-docs-search-results" aria-label={t("docs.search.results", { query: state.query })} onKeyDown={onListKey} data-testid={`${testId}-results`}>
          {state.hits.map((h) => (
            <SearchResult key={h.id} hit={h} />
          ))}
        </ul>
      )}
    </div>
  );
}

function SearchResult({ hit }: { hit: SearchHit }) {
  return (
    <li className="ens-docs-search-hit" data-testid="doc-search-hit" data-title={hit.title}>
      <Link href={docPath(hit.id)} className="ens-docs-search-link" data-result="">
        <span className="ens-doc-row-icon" aria-hidden="true">
          <IconDoc size={18} />
        </span>
        <span className="ens-doc-row-text">
          <DocTitleText doc={hit} className="ens-doc-row-title" />
          {hit.snippet && (
            <span className="ens-docs-search-snippet" data-testid="doc-search-snippet">
              <SnippetText snippet={hit.snippet} />
            </span>
          )}
        </span>
      </Link>
    </li>
  );
}

/** SubtreeSearch is the doc page's side card that searches the page and its sub-pages. */
export function SubtreeSearch({ doc }: { doc: Pick<Doc, "id"> }) {
  const { t } = useDocsI18n();
  return (
    <section className="ens-card ens-doc-side-card ens-docs-side-search" aria-labelledby="doc-subtree-search-title">
      <h2 id="doc-subtree-search-title" className="ens-doc-side-title">
        {t("docs.search.within")}
      </h2>
      <SearchBox parentID={doc.id} label={t("docs.search.within")} hideLabel testId="doc-subtree-search" />
    </section>
  );
}
