import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/hooks';
import type { ApiError } from '../../api/client';
import { ProblemNotice, TextField } from '../../ui/form';
import { Page } from '../../ui/page';
import { usePurpose } from './purpose';

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_NUMBER = /^[0-9a-f-]{4,36}$/i;

interface Found {
  caseId: string;
  caseNumber: string;
  familyName?: string;
  municipality?: string | null;
}

/**
 * An auditor finds a case by its id (opened at once), its case number (the id's first characters), or the family's
 * names or identity codes — through `GET /cases/search`, which finds any case for an auditor, logs the search and
 * each case found with the purpose given, and never logs the terms.
 */
export function FindCase() {
  const { t } = useTranslation('auditor');
  const api = useApi();
  const purpose = usePurpose();
  const navigate = useNavigate();
  const [written, setWritten] = useState('');
  const [found, setFound] = useState<Found[] | undefined>();
  const [error, setError] = useState<ApiError | null>(null);
  const [searching, setSearching] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = written.trim();
    setError(null);
    setFound(undefined);
    if (CASE_ID.test(wanted)) return void navigate(`/audit/cases/${wanted.toLowerCase()}`);
    const query = CASE_NUMBER.test(wanted) && /\d/.test(wanted) ? { caseNumber: wanted.toLowerCase() } : { q: wanted };
    setSearching(true);
    try {
      const page = await api.get<{ items: Found[] }>('reporting', '/cases/search', { query: { ...query, limit: 50 }, purpose });
      setFound(page.items);
    } catch (refused) {
      setError(refused as ApiError);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Page title={t('findCase')}>
      <p>{t('findCaseExplained')}</p>
      <form onSubmit={(event) => void submit(event)} className="toolbar">
        <TextField
          label={t('caseIdOrNumber')}
          name="q"
          hint={t('caseIdHint')}
          required
          value={written}
          onChange={(event) => setWritten(event.target.value)}
          error={error}
        />
        <button type="submit" className="primary" disabled={!written.trim() || searching}>
          {t('open')}
        </button>
      </form>
      <ProblemNotice error={error} />
      {found?.length === 0 ? <p role="status">{t('noneFound')}</p> : null}
      {found && found.length > 0 ? (
        <table>
          <caption>{t('foundCases', { count: found.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('caseNumber')}</th>
              <th scope="col">{t('family')}</th>
              <th scope="col">{t('municipality')}</th>
            </tr>
          </thead>
          <tbody>
            {found.map((row) => (
              <tr key={row.caseId}>
                <td>
                  <Link to={`/audit/cases/${row.caseId}`}>{row.caseNumber}</Link>
                </td>
                <td>{row.familyName ?? '–'}</td>
                <td>{row.municipality ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
