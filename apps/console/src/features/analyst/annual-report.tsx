import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueries } from '@tanstack/react-query';
import { useApi, useApiQuery } from '../../api/hooks';
import type { ApiError } from '../../api/client';
import { useFormat } from '../../i18n/format';
import type { Language } from '../../i18n/languages';
import { ProblemNotice } from '../../ui/form';
import { Loaded, Page } from '../../ui/page';
import { BreakdownChart, ShownValue } from './breakdown-chart';
import { excelFiCsv, saveText } from './csv';
import { ReportFilterForm, useReportFilters } from './filters';
import { keyFigures, missingRows, monthAfter, monthlyRows, monthsOf, queryOf, sectionsOf, type Names } from './sections';
import type { AnnualReport, ReportFilters, Section } from './types';

/** Meetings per month are asked month by month: the report has no monthly breakdown, and each month is protected alike. */
const MOST_MONTHS = 24;

type Labelled = { entries: Array<{ key: string; value: Record<string, unknown> }> };

/** Services and feedback items by the reference data's names in the reader's language (keys where it has none). */
function useNames(): Names {
  const { i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? 'fi') as Language;
  const services = useApiQuery<Labelled>('intake', '/reference-data/services');
  const forms = useApiQuery<{ entries: Array<{ value: { items: Array<Record<string, string>> } }> }>(
    'intake',
    '/reference-data/feedback-forms',
  );
  return useMemo(() => {
    const serviceNames = new Map((services.data?.body.entries ?? []).map((e) => [e.key, String(e.value[language] ?? e.key)]));
    const itemNames = new Map(
      (forms.data?.body.entries ?? []).flatMap((form) => form.value.items.map((item) => [item.key, item[language] ?? item.key] as const)),
    );
    return { service: (id) => serviceNames.get(id) ?? id, feedbackItem: (key) => itemNames.get(key) ?? key };
  }, [services.data, forms.data, language]);
}

/** The annual report as a dashboard: key figures, a chart and a table per breakdown, downloads. */
export function AnnualReportDashboard() {
  const { t } = useTranslation('analyst');
  const [filters, apply] = useReportFilters();
  const report = useApiQuery<AnnualReport>('reporting', '/reports/annual', { query: queryOf(filters) });
  const names = useNames();
  return (
    <Page
      title={t('annualReport')}
      actions={
        <button type="button" onClick={() => window.print()}>
          {t('common:print')}
        </button>
      }
    >
      <ReportFilterForm key={JSON.stringify(filters)} filters={filters} onApply={apply} error={report.error} />
      <Loaded query={report}>{({ body }) => <Dashboard report={body} filters={filters} names={names} />}</Loaded>
    </Page>
  );
}

function Dashboard({ report, filters, names }: { report: AnnualReport; filters: ReportFilters; names: Names }) {
  const { t } = useTranslation('analyst');
  const format = useFormat();
  const sections = sectionsOf(report, t, names);
  const monthly = useMonthlyMeetings(filters);
  const all = monthly ? [monthly, ...sections] : sections;
  return (
    <>
      <p className="hint period" data-from={report.period.from} data-to={report.period.to}>
        {t('period', { from: format.date(report.period.from), to: format.date(new Date(Date.parse(report.period.to) - 1).toISOString()) })}
      </p>
      {report.protection.suppressedBelow !== null ? (
        <p className="notice notice-warning">{t('protectionNote', { below: report.protection.suppressedBelow })}</p>
      ) : null}
      <Downloads report={report} sections={all} filters={filters} />
      <h2>{t('keyFigures')}</h2>
      <dl className="key-figures">
        {keyFigures(report, t).map((figure) => (
          <div key={figure.key} className="card" data-figure={figure.key}>
            <dt>{figure.label}</dt>
            <dd>
              <ShownValue value={figure.value} decimals={figure.decimals} />
            </dd>
          </div>
        ))}
      </dl>
      <div className="charts">
        {monthly ? <BreakdownChart section={monthly} /> : <p className="hint">{t('tooManyMonths', { most: MOST_MONTHS })}</p>}
        {sections.map((section) => (
          <BreakdownChart key={section.id} section={section} />
        ))}
      </div>
    </>
  );
}

/** Joint meetings per month: the report asked for each month of the period with the same filters. */
function useMonthlyMeetings(filters: ReportFilters): Section | undefined {
  const { t } = useTranslation('analyst');
  const format = useFormat();
  const api = useApi();
  const months = monthsOf(filters.from, filters.through, MOST_MONTHS + 1);
  const tooMany = months.length > MOST_MONTHS;
  const answers = useQueries({
    queries: (tooMany ? [] : months).map((month) => {
      const query = { ...queryOf(filters), from: month, to: monthAfter(month) };
      return {
        queryKey: ['reporting', '/reports/annual', query, ''],
        queryFn: () => api.call<AnnualReport>('reporting', '/reports/annual', { query }),
      };
    }),
  });
  if (tooMany) return undefined;
  const rows = monthlyRows(
    months,
    answers.map((answer) => ({ status: answer.status, meetings: answer.data?.body.jointMeetings?.total })),
    format.month,
  );
  const failed = rows.some((row) => row.missing === 'failed');
  return {
    id: 'perMonth',
    title: t('section_perMonth'),
    unit: t('unit_meetings'),
    rows,
    note: rows.some((row) => row.missing === 'loading') ? t('common:loading') : failed ? t('monthsFailed') : t('perMonthNote'),
    retry: failed ? () => answers.filter((answer) => answer.isError).forEach((answer) => void answer.refetch()) : undefined,
  };
}

function Downloads({ report, sections, filters }: { report: AnnualReport; sections: Section[]; filters: ReportFilters }) {
  const { t } = useTranslation('analyst');
  const api = useApi();
  const [error, setError] = useState<ApiError | null>(null);
  const name = `annual-report-${filters.from}-${filters.through}`;
  const excel = () =>
    saveText(
      excelFiCsv(
        {
          columns: [t('csvSection'), t('csvCategory'), t('csvValue')],
          lines: [
            [t('csvPeriod'), `${filters.from} – ${filters.through}`],
            ...(['organizer', 'municipality', 'county', 'region'] as const)
              .filter((f) => report.filters[f])
              .map((f): [string, string] => [t(f), String(report.filters[f])]),
          ],
        },
        sections,
        { suppressed: t('suppressed'), missing: t('missing_failed'), total: t('total') },
      ),
      `${name}.csv`,
      'text/csv;charset=utf-8',
    );
  // A month not yet answered (or refused) is not a number, nor suppressed: no file is made of it until it is there.
  const incomplete = missingRows(sections).length > 0;
  return (
    <div className="toolbar downloads">
      <button
        type="button"
        className="primary"
        onClick={excel}
        disabled={incomplete}
        aria-describedby={incomplete ? 'csv-incomplete' : undefined}
      >
        {t('downloadExcelCsv')}
      </button>
      {incomplete ? (
        <p className="hint" id="csv-incomplete">
          {t('csvIncomplete')}
        </p>
      ) : null}
      <button
        type="button"
        onClick={() =>
          void api
            .download('reporting', '/reports/annual', {
              query: { ...queryOf(filters), format: 'csv' },
              accept: 'text/csv',
              filename: `${name}-api.csv`,
            })
            .catch((refused: ApiError) => setError(refused))
        }
      >
        {t('downloadApiCsv')}
      </button>
      <ProblemNotice error={error} />
    </div>
  );
}
