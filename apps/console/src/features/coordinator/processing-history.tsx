import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi, useApiQuery } from '../../api/hooks';
import type { ApiError } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { ProblemNotice, SelectField } from '../../ui/form';
import { Loaded, Page } from '../../ui/page';

interface ProcessingHistory {
  caseId: string;
  since: string;
  until: string;
  entries: Array<{
    at: string;
    who: { id: string; role: string; organisation: string };
    action: string;
    what: string;
    purpose?: string;
    recipient?: string;
    basis?: string;
    rule?: string;
    reason?: string;
  }>;
}

const MONTHS = ['24', '12', '6', '60', '120'];

/**
 * The family's processing history (703/2023: who read, disclosed or was refused its data, when and why), as the
 * coordinator answers a family's request: on screen, printed by the browser, or as the API's own PDF or HTML.
 */
export function ProcessingHistoryPage() {
  const { caseId = '' } = useParams();
  const { t, i18n } = useTranslation('coordinator');
  const format = useFormat();
  const api = useApi();
  const [months, setMonths] = useState('24');
  const [error, setError] = useState<ApiError | null>(null);
  const path = `/cases/${encodeURIComponent(caseId)}/processing-history`;
  const history = useApiQuery<ProcessingHistory>('reporting', path, { query: { months } });
  const lang = i18n.resolvedLanguage ?? 'fi';
  const printed = (kind: 'pdf' | 'html') =>
    void api
      .download('reporting', path, {
        query: { months, format: kind, lang },
        accept: kind === 'pdf' ? 'application/pdf' : 'text/html',
        filename: `processing-history-${caseId.slice(0, 8)}-${lang}.${kind}`,
      })
      .catch((refused: ApiError) => setError(refused));
  return (
    <Page
      title={t('processingHistoryOf', { caseNumber: caseId.slice(0, 8) })}
      actions={
        <>
          <button type="button" onClick={() => window.print()}>
            {t('printScreen')}
          </button>
          <button type="button" className="primary" onClick={() => printed('pdf')}>
            {t('downloadPdf')}
          </button>
          <button type="button" onClick={() => printed('html')}>
            {t('downloadHtml')}
          </button>
        </>
      }
    >
      <ProblemNotice error={error} />
      <div className="toolbar no-print">
        <SelectField
          label={t('span')}
          name="months"
          value={months}
          onChange={(event) => setMonths(event.target.value)}
          options={MONTHS.map((m) => ({ value: m, label: t('lastMonths', { n: m }) }))}
        />
      </div>
      <Loaded query={history}>
        {({ body }) => (
          <>
            <p>{t('historySpan', { since: format.date(body.since), until: format.date(body.until) })}</p>
            {body.entries.length === 0 ? (
              <p>{t('noEntries')}</p>
            ) : (
              <table className="processing-history">
                <caption>{t('processingHistoryEntries', { count: body.entries.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('when')}</th>
                    <th scope="col">{t('who')}</th>
                    <th scope="col">{t('action')}</th>
                    <th scope="col">{t('what')}</th>
                    <th scope="col">{t('why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {body.entries.map((entry, index) => (
                    <tr key={index}>
                      <td>{format.dateTime(entry.at)}</td>
                      <td>
                        {entry.who.id} ({entry.who.role}, {entry.who.organisation})
                      </td>
                      <td>{t(`action_${entry.action}`, { defaultValue: entry.action })}</td>
                      <td>
                        {entry.what}
                        {entry.recipient ? ` → ${entry.recipient}` : ''}
                      </td>
                      <td>{[entry.purpose, entry.basis, entry.rule, entry.reason].filter(Boolean).join('; ') || '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}
