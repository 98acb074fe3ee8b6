import { useId, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi, useApiQuery } from '../../api/hooks';
import type { ApiError } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { DataView, useLabel } from '../../ui/data-view';
import { ProblemNotice } from '../../ui/form';
import { Loaded, Page } from '../../ui/page';
import { usePurpose } from './purpose';
import { isoToLocalSeconds, localSecondsToIso, secondsFormat, stopAt, stopsOf, useSettled } from './moments';
import { stateFacts } from './state-facts';
import { eventKey, type CaseHistory, type CaseState, type HistoryEvent } from './types';

const historyPath = (caseId: string) => `/audit/cases/${encodeURIComponent(caseId)}/history`;

/**
 * A case's whole history across the services as the auditor reads it: every event as a timeline (who, what, when,
 * on which consent), and the case's state as of a moment chosen with a slider over the events or a date and time.
 */
export function AuditCaseHistory() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('auditor');
  const purpose = usePurpose();
  const whole = useApiQuery<CaseHistory>('reporting', historyPath(caseId), { purpose });
  return (
    <Loaded query={whole}>
      {({ body: history }) => (
        <Page title={t('historyTitle', { caseNumber: caseId.slice(0, 8) })} actions={<HistoryActions caseId={caseId} />}>
          <p className="hint">
            {t('caseId')}: <code>{caseId}</code>
          </p>
          <AsOf history={history} />
        </Page>
      )}
    </Loaded>
  );
}

function HistoryActions({ caseId }: { caseId: string }) {
  const { t } = useTranslation('auditor');
  const api = useApi();
  const purpose = usePurpose();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <button type="button" onClick={() => window.print()}>
        {t('common:print')}
      </button>
      <button
        type="button"
        onClick={() =>
          void api
            .download('reporting', historyPath(caseId), {
              query: { format: 'text' },
              accept: 'text/plain',
              purpose,
              filename: `case-history-${caseId}.txt`,
            })
            .catch((refused: ApiError) => setError(refused))
        }
      >
        {t('downloadText')}
      </button>
      <ProblemNotice error={error} />
    </>
  );
}

/** The slider and the picker choose one moment; the state and the events up to it are read from the API as of it. */
function AsOf({ history }: { history: CaseHistory }) {
  const { t } = useTranslation('auditor');
  const format = useFormat();
  const purpose = usePurpose();
  const seconds = useMemo(() => secondsFormat(format.locale), [format.locale]);
  const stops = useMemo(() => stopsOf(history.events.map((e) => e.occurredAt)), [history.events]);
  const [asOf, setAsOf] = useState(history.asOf);
  const settled = useSettled(asOf);
  const at = useApiQuery<CaseHistory>('reporting', historyPath(history.caseId), { purpose, query: { asOf: settled } });
  const position = stopAt(stops, asOf);
  const label = useLabel();
  const sliderId = useId();
  const pickerId = useId();
  const eventsAt = (stop: number) => history.events.filter((e) => stop > 0 && Date.parse(e.occurredAt) === Date.parse(stops[stop]));
  const describe = (stop: number) =>
    stop === 0
      ? t('beforeFirstEvent')
      : `${seconds(stops[stop])}: ${eventsAt(stop)
          .map((e) => label(e.type))
          .join(', ')}`;
  const shown = new Set(at.data?.body.events.map(eventKey) ?? []);

  return (
    <>
      <section aria-labelledby="as-of-heading" className="card as-of">
        <h2 id="as-of-heading">{t('asOfHeading')}</h2>
        <p className="hint">{t('asOfExplained')}</p>
        {stops.length > 0 ? (
          <div className="field">
            <label htmlFor={sliderId}>{t('slider')}</label>
            <input
              id={sliderId}
              type="range"
              min={0}
              max={stops.length - 1}
              step={1}
              value={position}
              aria-valuetext={describe(position)}
              onChange={(event) => setAsOf(stops[Number(event.target.value)])}
              className="as-of-slider"
            />
            <p className="hint" aria-hidden="true">
              {describe(position)}
            </p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={pickerId}>{t('moment')}</label>
          <input
            id={pickerId}
            type="datetime-local"
            step={1}
            value={isoToLocalSeconds(asOf)}
            onChange={(event) => {
              const iso = localSecondsToIso(event.target.value);
              if (iso) setAsOf(iso);
            }}
          />
          <button type="button" onClick={() => setAsOf(new Date().toISOString())}>
            {t('now')}
          </button>
        </div>
      </section>
      <Loaded query={at}>{({ body }) => <StateAsOf state={body.state} asOf={body.asOf} seconds={seconds} />}</Loaded>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline', { count: history.events.length })}</h2>
        <ol className="timeline audit-timeline">
          {history.events.map((event) => (
            <TimelineEvent
              key={eventKey(event)}
              event={event}
              seconds={seconds}
              later={at.data !== undefined && !shown.has(eventKey(event))}
              onChoose={() => setAsOf(event.occurredAt)}
            />
          ))}
        </ol>
      </section>
    </>
  );
}

/** The state as folded by the API: the main facts by name, everything else as the API gives it. */
function StateAsOf({ state, asOf, seconds }: { state: CaseState; asOf: string; seconds: (iso: string) => string }) {
  const { t } = useTranslation('auditor');
  const facts = stateFacts(state, t);
  return (
    <section aria-labelledby="state-heading" aria-live="polite" className="card">
      <h2 id="state-heading">{t('stateAsOf', { moment: seconds(asOf) })}</h2>
      <dl className="facts state-facts">
        {facts.map(([key, shown, value]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>{t(`state_${key}`)}</dt>
            <dd data-fact={key} data-value={value}>
              {shown}
            </dd>
          </div>
        ))}
      </dl>
      <details>
        <summary>{t('wholeState')}</summary>
        <DataView value={state} />
      </details>
    </section>
  );
}

function TimelineEvent({
  event,
  seconds,
  later,
  onChoose,
}: {
  event: HistoryEvent;
  seconds: (iso: string) => string;
  later: boolean;
  onChoose: () => void;
}) {
  const { t } = useTranslation('auditor');
  const label = useLabel();
  return (
    <li className={later ? 'later' : undefined}>
      <time dateTime={event.occurredAt}>{seconds(event.occurredAt)}</time> — <strong>{label(event.type)}</strong>{' '}
      <span className="hint">
        ({event.service} v{event.version}
        {event.published ? '' : `, ${t('private')}`})
      </span>
      {later ? <span className="badge"> {t('afterMoment')}</span> : null}
      <br />
      {t('who')}: {event.actor.id} ({event.actor.role}, {event.actor.organisation})
      {event.consentReliedOn ? (
        <>
          {' · '}
          {t('reliedOn')}: {t(`basis_${event.consentReliedOn.basis}`)} {event.consentReliedOn.reference}
        </>
      ) : null}{' '}
      <button type="button" className="link-button" onClick={onChoose}>
        {t('stateAfterThis')}
      </button>
      <details>
        <summary>{t('eventData', { type: label(event.type) })}</summary>
        <DataView value={event.data} />
        <dl className="facts">
          <dt>{t('receivedAt')}</dt>
          <dd>{seconds(event.receivedAt)}</dd>
          <dt>{t('origin')}</dt>
          <dd>{event.origin ? `${event.origin.streamId} #${event.origin.streamRevision}` : '–'}</dd>
          <dt>{t('eventId')}</dt>
          <dd>
            <code>{event.eventId}</code>
          </dd>
          <dt>{t('causationId')}</dt>
          <dd>
            <code>{event.causationId}</code>
          </dd>
        </dl>
      </details>
    </li>
  );
}
