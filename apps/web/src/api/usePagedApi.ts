import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from './client.ts';
import type { Page } from './types.ts';

/** A cursor-paged list (`{items, nextCursor}`): the first page on load, more on demand. */
export function usePagedApi<T>(path: string, pageSize = 20) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  const { i18n } = useTranslation();
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      const sep = path.includes('?') ? '&' : '?';
      try {
        const page = await api<Page<T>>(
          `${path}${sep}limit=${pageSize}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`,
        );
        if (mine !== generation.current) return; // a newer request (filter change) won
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        if (mine === generation.current && e instanceof ApiError) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [path, pageSize],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick and the language force a reload
  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage, tick, i18n.language]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor && void fetchPage(cursor),
    reload: () => setTick((t) => t + 1),
  };
}
