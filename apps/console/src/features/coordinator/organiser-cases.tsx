import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { ProblemNotice } from '../../ui/form';
import { Page } from '../../ui/page';
import { MoreButton, usePagedList } from '../worker/paged-list';
import { PhaseFilter } from '../worker/phase-filter';
import type { CaseRow } from '../worker/types';

/** `GET /cases` as a coordinator: the cases of the organisers she coordinates, paged, with a phase filter. */
export function OrganiserCases() {
  const { t } = useTranslation('coordinator');
  const format = useFormat();
  const [phase, setPhase] = useState('');
  const list = usePagedList<CaseRow>('reporting', '/cases', { phase: phase || undefined });
  return (
    <Page title={t('organiserCases')}>
      <p>{t('organiserCasesExplained')}</p>
      <PhaseFilter value={phase} onChange={setPhase} />
      <ProblemNotice error={list.error} />
      {list.items.length === 0 && !list.loading ? <p>{t('noCases')}</p> : null}
      {list.items.length > 0 ? (
        <table>
          <caption className="visually-hidden">{t('organiserCases')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('worker:caseNumber')}</th>
              <th scope="col">{t('worker:family')}</th>
              <th scope="col">{t('municipality')}</th>
              <th scope="col">{t('worker:phase')}</th>
              <th scope="col">{t('worker:nextDate')}</th>
              <th scope="col">{t('processingHistory')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((row) => (
              <tr key={row.caseId} data-case={row.caseId}>
                <td>
                  <Link to={`/cases/${row.caseId}`}>{row.caseNumber}</Link>
                </td>
                <td>{row.familyName ?? '–'}</td>
                <td>{row.municipality ?? '–'}</td>
                <td>{row.phase ? t(`worker:phase_${row.phase}`) : '–'}</td>
                <td>{format.date(row.nextDateAt)}</td>
                <td>
                  <Link to={`/coordinator/cases/${row.caseId}/processing-history`}>
                    {t('processingHistory')}
                    <span className="visually-hidden"> {row.caseNumber}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <MoreButton next={list.next} loading={list.loading} onMore={list.more} />
    </Page>
  );
}
