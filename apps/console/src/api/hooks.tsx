import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useAuth } from 'react-oidc-context';
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { ServiceName } from '../config';
import { sessionEndedAt, useConfig } from '../auth/session';
import { ApiClient, type Answer, type ApiError, type Request } from './client';

const ApiContext = createContext<ApiClient | undefined>(undefined);

export function ApiProvider({ children }: { children: ReactNode }) {
  const config = useConfig();
  const auth = useAuth();
  const token = auth.user?.access_token;
  const client = useMemo(
    () =>
      new ApiClient(
        config,
        () => token,
        () => {
          sessionEndedAt(window.location.hash);
          void auth.removeUser();
        },
      ),
    // The client changes with the token; auth's methods are stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config, token],
  );
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}

/** A GET through TanStack Query: cached per key, refetched on focus, the ETag kept for the next change. */
export function useApiQuery<T>(
  service: ServiceName,
  path: string | undefined,
  request: Omit<Request, 'method' | 'body'> = {},
  options: Partial<UseQueryOptions<Answer<T>, ApiError>> = {},
) {
  const api = useApi();
  return useQuery<Answer<T>, ApiError>({
    queryKey: [service, path, request.query ?? {}, request.purpose ?? ''],
    queryFn: () => api.call<T>(service, path as string, request),
    enabled: path !== undefined,
    retry: (count, error) => (error.status === 429 ? count < 3 : count < 2 && error.status >= 500),
    // A throttled read waits as long as the API asks (Retry-After), within a minute's window; the page keeps what it shows.
    retryDelay: (count, error) =>
      error.retryAfterSeconds !== undefined ? Math.min(error.retryAfterSeconds, 60) * 1000 : Math.min(1000 * 2 ** count, 30_000),
    ...options,
  });
}

/**
 * When reporting's reads (lists, the case view, reports: projections a moment behind a command) are repeated after
 * a command. Only those, and only the ones on screen: the services' own views answer the change at once, and every
 * read counts against the client's rate budget. Up to half a minute: a busy reporting service may take that long.
 */
const PROJECTION_CATCH_UP_MS = [1_000, 3_000, 6_000, 12_000, 20_000, 30_000];

/** A command: POST (or PUT) with If-Match when given; on success every cached read is refreshed. */
export function useApiCommand<Body, Result = unknown>(service: ServiceName, method: 'POST' | 'PUT' = 'POST') {
  const api = useApi();
  const queries = useQueryClient();
  return useMutation<Answer<Result>, ApiError, { path: string; body: Body; ifMatch?: string; purpose?: string }>({
    mutationFn: ({ path, body, ifMatch, purpose }) => api.call<Result>(service, path, { method, body, ifMatch, purpose }),
    // Read again now; reporting's projections a few times after.
    onSuccess: () => {
      void queries.invalidateQueries();
      for (const ms of PROJECTION_CATCH_UP_MS)
        setTimeout(() => void queries.invalidateQueries({ queryKey: ['reporting'], refetchType: 'active' }), ms);
    },
  });
}
