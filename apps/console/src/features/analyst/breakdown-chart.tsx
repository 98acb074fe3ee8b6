import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../i18n/format';
import type { Missing, Row, Section, Shown } from './types';

const BAR = '#0b4f9c';

/**
 * A value as the tables show it: a suppressed one says so, in words (and never as 0); one not answered (still
 * loading, or refused) says that, never "suppressed".
 */
export function ShownValue({ value, decimals, missing }: { value: Shown; decimals?: number; missing?: Missing }) {
  const { t } = useTranslation('analyst');
  const { locale } = useFormat();
  if (missing) return <span className={`missing missing-${missing}`}>{t(`missing_${missing}`)}</span>;
  if (value === null) return <span className="suppressed">{t('suppressed')}</span>;
  return <>{new Intl.NumberFormat(locale, { minimumFractionDigits: decimals ?? 0, maximumFractionDigits: decimals ?? 0 }).format(value)}</>;
}

/**
 * One section of the report as a bar chart and, beside it, the same numbers as a table: the chart is drawn for the
 * eye (hidden from screen readers, which read the table, its caption naming the chart). A suppressed category has no
 * bar and its label says it is suppressed.
 */
export function BreakdownChart({ section }: { section: Section }) {
  const { t } = useTranslation('analyst');
  const { locale } = useFormat();
  const number = new Intl.NumberFormat(locale);
  const data = section.rows.map((row) => ({
    label: row.missing
      ? `${row.label} (${t(`missing_${row.missing}`)})`
      : row.value === null
        ? `${row.label} (${t('suppressed')})`
        : row.label,
    value: row.value,
  }));
  const height = Math.max(120, 36 * data.length + 40);
  return (
    <section className="chart card" aria-labelledby={`chart-${section.id}`} data-section={section.id}>
      <h2 id={`chart-${section.id}`}>{section.title}</h2>
      {section.rows.length === 0 ? (
        <p>{t('noData')}</p>
      ) : (
        <div className="chart-body">
          <div className="chart-drawing" aria-hidden="true">
            <ResponsiveContainer width="100%" height={height}>
              <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24 }} accessibilityLayer={false}>
                <CartesianGrid horizontal={false} stroke="#d0d0d0" />
                <XAxis type="number" allowDecimals={section.rows.some((r) => r.decimals)} tickFormatter={(v: number) => number.format(v)} />
                <YAxis type="category" dataKey="label" width={180} tick={{ fontSize: 13, fill: '#1a1a1a' }} />
                <Bar dataKey="value" fill={BAR} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <SectionTable section={section} />
        </div>
      )}
      {section.note ? <p className="hint">{section.note}</p> : null}
      {section.retry ? (
        <p>
          <button type="button" onClick={section.retry}>
            {t('common:retry')}
          </button>
        </p>
      ) : null}
    </section>
  );
}

export function SectionTable({ section }: { section: Section }) {
  const { t } = useTranslation('analyst');
  return (
    <table className="chart-table" data-section={section.id}>
      <caption>
        {section.title} <span className="visually-hidden">({t('tableOfChart')})</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('category')}</th>
          <th scope="col" className="number">
            {section.unit}
          </th>
        </tr>
      </thead>
      <tbody>
        {section.rows.map((row: Row) => (
          <tr key={row.key} data-key={row.key}>
            <th scope="row">{row.label}</th>
            <td className="number" data-value={row.missing ?? (row.value === null ? 'suppressed' : String(row.value))}>
              <ShownValue value={row.value} decimals={row.decimals} missing={row.missing} />
            </td>
          </tr>
        ))}
      </tbody>
      {section.total !== undefined ? (
        <tfoot>
          <tr data-key="total">
            <th scope="row">{t('total')}</th>
            <td className="number" data-value={section.total === null ? 'suppressed' : String(section.total)}>
              <ShownValue value={section.total} />
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
