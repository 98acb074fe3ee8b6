import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { ProblemNotice } from '../../ui/form';
import { CaseTable } from './case-table';
import { MoreButton, usePagedList } from './paged-list';
import { PhaseFilter } from './phase-filter';
import type { CaseRow } from './types';

/** GET /cases: the cases I have a role in now, the next date first. */
export function MyCases() {
  const { t } = useTranslation('worker');
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
        <CaseTable
          rows={list.items}
          caption={t('myCases')}
          last={{ header: t('myRoles'), cell: (row) => row.roles.map((role) => t(`role_${role}`, { defaultValue: role })).join(', ') }}
        />
      ) : null}
      <MoreButton next={list.next} loading={list.loading} onMore={list.more} />
    </Page>
  );
}
