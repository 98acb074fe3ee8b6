import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import type { CaseRow } from './types';

/**
 * A page of `GET /cases` as a table: number (to the case), family, municipality, phase and next date, then one
 * column of the reader's own (a worker's roles, a coordinator's link to the processing history).
 */
export function CaseTable({
  rows,
  caption,
  last,
}: {
  rows: CaseRow[];
  caption: string;
  last: { header: string; cell: (row: CaseRow) => ReactNode };
}) {
  const { t } = useTranslation('worker');
  const format = useFormat();
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('caseNumber')}</th>
          <th scope="col">{t('family')}</th>
          <th scope="col">{t('municipality')}</th>
          <th scope="col">{t('phase')}</th>
          <th scope="col">{t('nextDate')}</th>
          <th scope="col">{last.header}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.caseId} data-case={row.caseId}>
            <td>
              <Link to={`/cases/${row.caseId}`}>{row.caseNumber}</Link>
            </td>
            <td>{row.familyName ?? '–'}</td>
            <td>{row.municipality ?? '–'}</td>
            <td>{row.phase ? t(`phase_${row.phase}`) : '–'}</td>
            <td>{format.date(row.nextDateAt)}</td>
            <td>{last.cell(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
