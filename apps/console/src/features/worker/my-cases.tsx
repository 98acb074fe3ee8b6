import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { Page } from '../../ui/page';
import { ProblemNotice } from '../../ui/form';
import { MoreButton, usePagedList } from './paged-list';
import { PhaseFilter } from './phase-filter';
import type { CaseRow } from './types';

/** GET /cases: the cases I have a role in now, the next date first. */
export function MyCases() {
  const { t } = useTranslation('worker');
  const format = useFormat();
  const [phase, setPhase] = useState('');
  const list = usePagedList<CaseRow>('reporting', '/cases', { phase: phase || undefined });
  return (
    <Page
      title={t('myCases')}
      actions={
        <Link className="button primary" to="/concerns/new">
          {t('steps:newConcern', { defaultValue: '+' })}
        </Link>
      }
    >
      <PhaseFilter value={phase} onChange={setPhase} />
      <ProblemNotice error={list.error} />
      {list.items.length === 0 && !list.loading ? <p>{t('noCases')}</p> : null}
      {list.items.length > 0 ? (
        <table>
          <caption className="visually-hidden">{t('myCases')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('caseNumber')}</th>
              <th scope="col">{t('family')}</th>
              <th scope="col">{t('municipality')}</th>
              <th scope="col">{t('phase')}</th>
              <th scope="col">{t('nextDate')}</th>
              <th scope="col">{t('myRoles')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((row) => (
              <tr key={row.caseId}>
                <td>
                  <Link to={`/cases/${row.caseId}`}>{row.caseNumber}</Link>
                </td>
                <td>{row.familyName ?? '–'}</td>
                <td>{row.municipality ?? '–'}</td>
                <td>{row.phase ? t(`phase_${row.phase}`) : '–'}</td>
                <td>{format.date(row.nextDateAt)}</td>
                <td>{row.roles.map((role) => t(`role_${role}`, { defaultValue: role })).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <MoreButton next={list.next} loading={list.loading} onMore={list.more} />
    </Page>
  );
}
