import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { Language } from '../../i18n/languages';
import { SelectField, TextField } from '../../ui/form';
import type { ApiError } from '../../api/client';
import type { ReportFilters } from './types';

interface Catalogue<V> {
  entries: Array<{ key: string; value: V }>;
  areas?: Array<{ code: string; fi: string; sv: string; en: string }>;
}

const thisYear = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date());

/** The filters as the address keeps them (`#/reports/annual?from=2026-01&through=2026-12&county=…`): a view can be shared. */
export function useReportFilters(): [ReportFilters, (filters: ReportFilters) => void] {
  const [params, setParams] = useSearchParams();
  const year = thisYear();
  const filters: ReportFilters = {
    from: params.get('from') || `${year}-01`,
    through: params.get('through') || `${year}-12`,
    organizer: params.get('organizer') ?? '',
    municipality: params.get('municipality') ?? '',
    region: params.get('region') ?? '',
    county: params.get('county') ?? '',
  };
  const apply = (next: ReportFilters) => setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== '')));
  return [filters, apply];
}

/**
 * The period (whole months: analysts are refused finer ones) and the API's filters: organiser, municipality and
 * county from the reference data, region from the adoption records. Applied together, so a half-typed month asks nothing.
 */
export function ReportFilterForm({
  filters,
  onApply,
  error,
}: {
  filters: ReportFilters;
  onApply: (f: ReportFilters) => void;
  error: ApiError | null;
}) {
  const { t, i18n } = useTranslation('analyst');
  const language = (i18n.resolvedLanguage ?? 'fi') as Language;
  const [draft, setDraft] = useState(filters);
  const organisers = useApiQuery<Catalogue<{ name: string }>>('intake', '/reference-data/organisers');
  const municipalities = useApiQuery<Catalogue<{ fi: string; sv: string; area: string }>>('intake', '/reference-data/municipalities');
  const adoption = useApiQuery<Array<{ region: string }>>('reporting', '/municipalities/adoption');
  const regions = [...new Set((adoption.data?.body ?? []).map((a) => a.region))].sort();
  const set = (field: keyof ReportFilters) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });
  const year = Number(thisYear());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="toolbar report-filters" onSubmit={submit} aria-label={t('filters')}>
      <SelectField
        label={t('year')}
        name="year"
        value={
          draft.from.slice(0, 4) === draft.through.slice(0, 4) && draft.from.endsWith('-01') && draft.through.endsWith('-12')
            ? draft.from.slice(0, 4)
            : ''
        }
        placeholder={t('customPeriod')}
        options={Array.from({ length: 6 }, (_, i) => String(year - i)).map((y) => ({ value: y, label: y }))}
        onChange={(event) =>
          event.target.value && setDraft({ ...draft, from: `${event.target.value}-01`, through: `${event.target.value}-12` })
        }
      />
      <TextField label={t('fromMonth')} name="from" type="month" required value={draft.from} onChange={set('from')} error={error} />
      <TextField label={t('throughMonth')} name="to" type="month" required value={draft.through} onChange={set('through')} error={error} />
      <SelectField
        label={t('organizer')}
        name="organizer"
        value={draft.organizer}
        onChange={set('organizer')}
        placeholder={t('all')}
        options={(organisers.data?.body.entries ?? []).map((e) => ({ value: e.value.name, label: e.value.name }))}
        error={error}
      />
      <SelectField
        label={t('municipality')}
        name="municipality"
        value={draft.municipality}
        onChange={set('municipality')}
        placeholder={t('all')}
        options={(municipalities.data?.body.entries ?? [])
          .map((e) => ({ value: e.value.fi, label: language === 'sv' ? e.value.sv : e.value.fi }))
          .sort((a, b) => a.label.localeCompare(b.label, language))}
        error={error}
      />
      <SelectField
        label={t('county')}
        name="county"
        value={draft.county}
        onChange={set('county')}
        placeholder={t('all')}
        options={(municipalities.data?.body.areas ?? []).map((a) => ({ value: a.fi, label: a[language] ?? a.fi }))}
        error={error}
      />
      <SelectField
        label={t('region')}
        name="region"
        value={draft.region}
        onChange={set('region')}
        placeholder={t('all')}
        options={regions.map((r) => ({ value: r, label: r }))}
        error={error}
      />
      <button type="submit" className="primary">
        {t('apply')}
      </button>
    </form>
  );
}
