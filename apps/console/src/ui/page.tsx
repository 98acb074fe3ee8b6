import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ProblemNotice } from './form';

/** A screen: its heading is the document's title too, so a screen reader and the tab say where the person is. */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} – ${t('appName')}`;
  }, [title, t]);
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A failure that says nothing about the person's right to what is shown: throttled, the service down, no network. */
const isPassing = (error: { status?: number }) => error.status === undefined || error.status === 429 || error.status >= 500;

/** Loading, refused or shown: the three states of anything read from the API. */
export function Loaded<T>({
  query,
  children,
}: {
  query: { isPending: boolean; error: ApiError | null; data?: T; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <p role="status">{t('loading')}</p>;
  if (query.error && (query.data === undefined || !isPassing(query.error)))
    return <ProblemNotice error={query.error} onReload={() => void query.refetch()} />;
  // A refresh that failed for a passing reason keeps what the page shows (and what the person is typing in its
  // forms), with the reason. A refusal (401, 403, 404: a consent withdrawn meanwhile) takes it off the screen.
  return (
    <>
      {query.error ? <ProblemNotice error={query.error} onReload={() => void query.refetch()} /> : null}
      {children(query.data as T)}
    </>
  );
}
