import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ProblemNotice } from '../../ui/form';
import { Page } from '../../ui/page';
import { CaseTable } from '../worker/case-table';
import { MoreButton, usePagedList } from '../worker/paged-list';
import { PhaseFilter } from '../worker/phase-filter';
import type { CaseRow } from '../worker/types';

/** `GET /cases` as a coordinator: the cases of the organisers she coordinates, paged, with a phase filter. */
export function OrganiserCases() {
  const { t } = useTranslation('coordinator');
  const [phase, setPhase] = useState('');
  const list = usePagedList<CaseRow>('reporting', '/cases', { phase: phase || undefined });
  return (
    <Page title={t('organiserCases')}>
      <p>{t('organiserCasesExplained')}</p>
      <PhaseFilter value={phase} onChange={setPhase} />
      <ProblemNotice error={list.error} />
      {list.items.length === 0 && !list.loading ? <p>{t('noCases')}</p> : null}
      {list.items.length > 0 ? (
        <CaseTable
          rows={list.items}
          caption={t('organiserCases')}
          last={{
            header: t('processingHistory'),
            cell: (row) => (
              <Link to={`/coordinator/cases/${row.caseId}/processing-history`}>
                {t('processingHistory')}
                <span className="visually-hidden"> {row.caseNumber}</span>
              </Link>
            ),
          }}
        />
      ) : null}
      <MoreButton next={list.next} loading={list.loading} onMore={list.more} />
    </Page>
  );
}
