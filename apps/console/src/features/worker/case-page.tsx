import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi, useApiQuery } from '../../api/hooks';
import { useFormat } from '../../i18n/format';
import { DataView, useLabel } from '../../ui/data-view';
import { ProblemNotice } from '../../ui/form';
import { Loaded, Page } from '../../ui/page';
import { CaseSteps } from '../steps/case-steps';
import { timelineOf, type Timeline as TimelineOfCase } from './timeline';
import type { Overview } from './types';

const PARTS = ['family', 'concern', 'routing', 'consents', 'meetingRecord', 'jointPlan', 'followUp'] as const;

/** A case as the person reads it: the overview's parts, the timeline, and the steps they may take. */
export function CasePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('worker');
  const format = useFormat();
  const query = useApiQuery<Overview>('reporting', `/cases/${encodeURIComponent(caseId)}/overview`);
  return (
    <Loaded query={query}>
      {({ body: overview }) => (
        <Page title={`${t('caseNumber')} ${overview.caseNumber}`}>
          <dl className="facts">
            <dt>{t('phase')}</dt>
            <dd>{overview.phase ? t(`phase_${overview.phase}`) : '–'}</dd>
            <dt>{t('nextDate')}</dt>
            <dd>{format.date(overview.nextDateAt)}</dd>
            <dt>{t('myRoles')}</dt>
            <dd>{overview.roles.map((role) => t(`role_${role}`, { defaultValue: role })).join(', ') || '–'}</dd>
          </dl>
          <CaseSteps overview={overview} reload={() => void query.refetch()} />
          <h2>{t('overview')}</h2>
          {PARTS.filter((part) => overview[part] !== undefined).map((part) => (
            <section key={part} aria-labelledby={`part-${part}`} className="card">
              <h3 id={`part-${part}`}>{t(`part_${part}`)}</h3>
              <DataView value={overview[part]} />
            </section>
          ))}
          <Timeline overview={overview} />
        </Page>
      )}
    </Loaded>
  );
}

function Timeline({ overview }: { overview: Overview }) {
  const { t } = useTranslation('worker');
  const format = useFormat();
  const api = useApi();
  const label = useLabel();
  const [timeline, setTimeline] = useState<TimelineOfCase | undefined>();
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    void timelineOf(api, overview).then((found) => current && setTimeline(found));
    return () => {
      current = false;
    };
  }, [api, overview, asked]);
  const entries = timeline?.entries;
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{t('timeline')}</h2>
      {timeline === undefined ? <p role="status">{t('common:loading')}</p> : null}
      {timeline?.failed.map((error, index) => (
        <ProblemNotice key={index} error={error} />
      ))}
      {timeline?.failed.length ? (
        <p>
          <button
            type="button"
            onClick={() => {
              setTimeline(undefined);
              setAsked((n) => n + 1);
            }}
          >
            {t('common:retry')}
          </button>
        </p>
      ) : null}
      {timeline?.notShown ? <p className="notice notice-warning">{t('timelinePartNotShown')}</p> : null}
      {entries?.length === 0 && !timeline?.failed.length ? <p>{t('noTimeline')}</p> : null}
      <ol className="timeline">
        {entries?.map((entry, index) => (
          <li key={`${entry.service}:${index}`}>
            <time dateTime={entry.occurredAt}>{format.dateTime(entry.occurredAt)}</time> — <strong>{label(entry.type)}</strong>{' '}
            <span className="hint">
              ({t('by')}: {entry.actor.role}, {entry.actor.organisation})
            </span>
            <details>
              <summary>{label(entry.type)}</summary>
              <DataView value={entry.data} />
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
