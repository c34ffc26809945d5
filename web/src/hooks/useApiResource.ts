// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useCallback, useEffect, useState } from "react";
import type { ApiError, ApiResult } from "../api/client";

/** ApiResource is what useApiResource gives: the last data loaded, the last error, and a way to load again. */
export interface ApiResource<T> {
  /** The last data loaded; null until the first success. A failed reload keeps it. */
  data: T | null;
  /** The error of the last load; null after a success. */
  error: ApiError | null;
  /** True until the first load has answered (with data or an error). */
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * useApiResource calls load when mounted and whenever load changes (so pass
 * a stable function: defined outside the component or made with useCallback),
 * and again on reload(). With same, a reload whose data is the same as what
 * is shown keeps the data shown (the same object: nothing re-renders).
 */
export function useApiResource<T>(load: () => Promise<ApiResult<T>>, same?: (a: T, b: T) => boolean): ApiResource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(async () => {
    const r = await load();
    if (r.ok) {
      setData((shown) => (shown !== null && same?.(shown, r.data) ? shown : r.data));
      setError(null);
    } else setError(r.error);
  }, [load, same]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading: data === null && error === null, reload };
}
