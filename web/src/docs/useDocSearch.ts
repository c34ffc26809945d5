// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// useDocSearch: search as you type. The query waits a moment of calm
// (debounce) before it is sent, and a new query aborts the request still
// in flight, so that a late answer never replaces a newer one.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError, ApiResult } from "../api/client";
import { searchDocs, type SearchHit } from "./search";

/** SearchFn is what the hook calls; searchDocs by default, a plain function in tests. */
export type SearchFn = (q: string, o: { parentID?: string; signal: AbortSignal }) => Promise<ApiResult<SearchHit[]>>;

/**
 * SearchState is what the results view shows: the hits of query (kept
 * while the next query is loading, so the list does not flicker), or the
 * error of the last one.
 */
export interface SearchState {
  /** The query that hits or error answer; "" when idle. */
  query: string;
  hits: SearchHit[] | null;
  error: ApiError | null;
  /** A newer query is waiting or in flight. */
  loading: boolean;
}

const idle: SearchState = { query: "", hits: null, error: null, loading: false };

/** The pause after the last keystroke before a query goes out, in ms. */
export const searchDelay = 250;

/**
 * useDocSearch searches for query (trimmed; empty: idle) within parentID
 * when given. Each change restarts the delay and aborts the request of the
 * previous query; retry sends the query again.
 */
export function useDocSearch(query: string, parentID?: string, search: SearchFn = searchDocs, delay = searchDelay): SearchState & { retry: () => void } {
  const q = query.trim();
  const [state, setState] = useState<SearchState>(idle);
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const searchRef = useRef(search);
  searchRef.current = search;
  useEffect(() => {
    if (q === "") {
      setState(idle);
      return;
    }
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      searchRef.current(q, { parentID, signal: ctl.signal }).then(
        (r) => {
          if (ctl.signal.aborted) return;
          setState(r.ok ? { query: q, hits: r.data, error: null, loading: false } : { query: q, hits: null, error: r.error, loading: false });
        },
        () => {
          // Aborted: a newer query owns the state.
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, parentID, delay, attempt]);
  return { ...state, retry };
}
