import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/hooks';
import type { ServiceName } from '../../config';
import { ApiError } from '../../api/client';
import type { Paged } from './types';

/** A cursor-paged list: the first page on load, "show more" for the next (the API's `next`). */
export function usePagedList<T>(service: ServiceName, path: string, query: Record<string, string | undefined>) {
  const api = useApi();
  const [state, setState] = useState<{ key: string; items: T[]; next: string | null; error: ApiError | null; loading: boolean }>({
    key: '',
    items: [],
    next: null,
    error: null,
    loading: false,
  });
  const key = JSON.stringify([service, path, query]);
  const load = async (cursor?: string) => {
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await api.get<Paged<T>>(service, path, { query: { ...query, limit: 50, cursor } });
      setState((s) => ({ key, items: cursor ? [...s.items, ...page.items] : page.items, next: page.next, error: null, loading: false }));
    } catch (error) {
      setState((s) => ({ ...s, key, error: error as ApiError, loading: false }));
    }
  };
  useEffect(() => {
    void load();
    // `key` stands for service, path and query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { ...state, more: () => state.next && load(state.next), reload: () => load() };
}

export function MoreButton({ next, loading, onMore }: { next: string | null; loading: boolean; onMore: () => unknown }) {
  const { t } = useTranslation('worker');
  return next ? (
    <button type="button" onClick={() => void onMore()} disabled={loading}>
      {t('more')}
    </button>
  ) : null;
}
