import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiCommand, useApiQuery } from '../../api/hooks';
import { useFormat } from '../../i18n/format';
import type { Language } from '../../i18n/languages';
import { ProblemNotice, Saved, SelectField, TextArea, TextField } from '../../ui/form';
import { Loaded, Page } from '../../ui/page';

interface AdoptionStage {
  municipality: string;
  region: string;
  stage: number;
  recordedAt: string;
}

interface Municipalities {
  entries: Array<{ key: string; value: { fi: string; sv: string; area: string } }>;
  areas: Array<{ code: string; fi: string; sv: string; en: string }>;
}

const STAGES = [1, 2, 3, 4, 5];

/** Each municipality's stage in adopting the model (North Savo's five stages): the latest recorded, and a new one. */
export function AdoptionStages() {
  const { t } = useTranslation('coordinator');
  const format = useFormat();
  const stages = useApiQuery<AdoptionStage[]>('reporting', '/municipalities/adoption');
  return (
    <Page title={t('adoption')}>
      <p>{t('adoptionExplained')}</p>
      <RecordStage current={stages.data?.body ?? []} />
      <h2 id="adoption-now">{t('adoptionNow')}</h2>
      <Loaded query={stages}>
        {({ body }) =>
          body.length === 0 ? (
            <p>{t('noStages')}</p>
          ) : (
            <table aria-labelledby="adoption-now">
              <thead>
                <tr>
                  <th scope="col">{t('municipality')}</th>
                  <th scope="col">{t('region')}</th>
                  <th scope="col">{t('stage')}</th>
                  <th scope="col">{t('recordedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {body.map((row) => (
                  <tr key={row.municipality} data-municipality={row.municipality}>
                    <th scope="row">{row.municipality}</th>
                    <td>{row.region}</td>
                    <td data-stage={row.stage}>
                      {row.stage} {t(`stage_${row.stage}`)}
                    </td>
                    <td>{format.dateTime(row.recordedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </Page>
  );
}

/**
 * Records a stage: the municipality as the reference data knows it (any spelling or code; the API answers the
 * nearest for a typo), the county it belongs to as its region unless told otherwise, a note when the stage goes back.
 */
function RecordStage({ current }: { current: AdoptionStage[] }) {
  const { t, i18n } = useTranslation('coordinator');
  const language = (i18n.resolvedLanguage ?? 'fi') as Language;
  const municipalities = useApiQuery<Municipalities>('intake', '/reference-data/municipalities');
  const record = useApiCommand<{ region: string; stage: number; note?: string }>('reporting');
  const [municipality, setMunicipality] = useState('');
  const [region, setRegion] = useState('');
  const [stage, setStage] = useState('');
  const [note, setNote] = useState('');
  const known = municipalities.data?.body.entries.find((e) =>
    [e.key, e.value.fi.toLowerCase(), e.value.sv.toLowerCase()].includes(municipality.trim().toLowerCase()),
  );
  const countyOf = known ? municipalities.data?.body.areas.find((a) => a.code === known.value.area)?.fi : undefined;
  const previous = current.find((row) => row.municipality === known?.value.fi);
  const goesBack = previous !== undefined && Number(stage) < previous.stage;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(
      {
        path: `/municipalities/${encodeURIComponent(municipality.trim())}/adoption-stage`,
        body: { region: region.trim() || countyOf || '', stage: Number(stage), ...(note.trim() ? { note: note.trim() } : {}) },
      },
      { onSuccess: () => (setStage(''), setNote('')) },
    );
  };
  return (
    <section aria-labelledby="record-stage" className="card">
      <h2 id="record-stage">{t('recordStage')}</h2>
      <form onSubmit={submit}>
        <ProblemNotice error={record.error} />
        <Saved show={record.isSuccess} />
        <TextField
          label={t('municipality')}
          name="municipality"
          required
          list="municipality-names"
          autoComplete="off"
          value={municipality}
          onChange={(event) => setMunicipality(event.target.value)}
          error={record.error}
        />
        <datalist id="municipality-names">
          {(municipalities.data?.body.entries ?? []).map((e) => (
            <option key={e.key} value={language === 'sv' ? e.value.sv : e.value.fi} />
          ))}
        </datalist>
        <TextField
          label={t('region')}
          name="region"
          hint={countyOf ? t('regionDefault', { county: countyOf }) : t('regionHint')}
          value={region}
          placeholder={countyOf}
          required={!countyOf && municipalities.isSuccess && municipality.trim() !== ''}
          onChange={(event) => setRegion(event.target.value)}
          error={record.error}
        />
        <SelectField
          label={t('stage')}
          name="stage"
          required
          value={stage}
          placeholder={t('chooseStage')}
          options={STAGES.map((n) => ({ value: String(n), label: `${n} ${t(`stage_${n}`)}` }))}
          onChange={(event) => setStage(event.target.value)}
          error={record.error}
          hint={previous ? t('stageNow', { stage: previous.stage }) : undefined}
        />
        <TextArea
          label={t('note')}
          name="note"
          required={goesBack}
          hint={t('noteHint')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={record.error}
        />
        {/* The region defaults to the municipality's county, which the reference data tells: wait for it (a quick
            hand would otherwise send an empty region, which the API refuses), unless a region is typed in. */}
        <button
          type="submit"
          className="primary"
          disabled={record.isPending || !municipality.trim() || !stage || (!region.trim() && municipalities.isPending)}
        >
          {t('record')}
        </button>
      </form>
    </section>
  );
}
