import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from './client.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

/** Loads `path` (skipped when null); reloads when it or the language changes (titles and messages are localized by the server). */
export function useApi<T>(path: string | null, opts: { allowUnauthenticated?: boolean } = {}): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const allow = opts.allowUnauthenticated;
  const { i18n } = useTranslation();
  const lang = i18n.language;

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick and lang force a reload
  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setLoading(true);
    setError(undefined);
    api<T>(path, { signal: ctrl.signal, allowUnauthenticated: allow })
      .then((d) => {
        setData(d);
        setLoading(false);
      })
      .catch((e) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e)));
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [path, tick, allow, lang]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}
