import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi, useApiCommand, useApiQuery } from '../../api/hooks';
import type { ApiError } from '../../api/client';
import { usePerson } from '../../auth/session';
import { Page } from '../../ui/page';
import { ProblemNotice, SelectField, TextArea, TextField } from '../../ui/form';
import { CheckField, Rows, asApiError } from './kit';
import type { CommandAnswer, NamedPerson, ReferenceList } from './types';
import './steps.css';

/** Seed 003's channels, as intake names them. */
export const ENTRY_CHANNELS = ['close-worker', 'electronic-contact', 'phone-line'] as const;
export const ZONES = [1, 2, 3, 4] as const;
/** A Finnish identity code (shape and century signs as intake checks them; the check character is the API's to say), or TEMP-…. */
export const PERSON_IDENTIFIER = '\\d{6}[\\-+A-FU-Y]\\d{3}[0-9A-FHJ-NPR-Y]|TEMP-[A-Za-z0-9\\-]{4,40}';

interface Registration {
  channel: string;
  sector: string;
  municipality: string;
  children: NamedPerson[];
  guardians: NamedPerson[];
  description: string;
  zone: number;
  ratedBy: 'worker' | 'family';
  separateCase?: boolean;
}

const blankPerson = (): NamedPerson => ({ name: '', identifier: '', birthDate: '' });
const withoutEmptyBirthDate = ({ birthDate, ...person }: NamedPerson): NamedPerson => (birthDate ? { ...person, birthDate } : person);

/** POST /concerns: a concern with its zone, the family it is about, and how it reached the model; then the case page. */
export function NewConcern() {
  const { t } = useTranslation('steps');
  const person = usePerson();
  const api = useApi();
  const navigate = useNavigate();
  const municipalitiesId = useId();
  const municipalities = useApiQuery<ReferenceList<{ code: string; fi: string; sv: string }>>(
    'intake',
    '/reference-data/municipalities',
    {},
    { staleTime: 3_600_000 },
  ).data?.body.entries;
  const command = useApiCommand<Registration, CommandAnswer>('intake');
  const [form, setForm] = useState<Registration>({
    channel: 'close-worker',
    sector: person?.sector ?? '',
    municipality: '',
    children: [blankPerson()],
    guardians: [blankPerson()],
    description: '',
    zone: 2,
    ratedBy: 'worker',
  });
  const [separateCase, setSeparateCase] = useState(false);
  const [opening, setOpening] = useState(false);
  const set = (patch: Partial<Registration>) => setForm((current) => ({ ...current, ...patch }));
  const error = asApiError(command.error);
  // 409 open-case-exists: a child has an open case of another worker; a different child is registered apart.
  const openCaseWarning = error?.status === 409;

  const submit = () => {
    const body: Registration = {
      ...form,
      children: form.children.map(withoutEmptyBirthDate),
      guardians: form.guardians.map(withoutEmptyBirthDate),
      ...(separateCase ? { separateCase: true } : {}),
    };
    command.mutate(
      { path: '/concerns', body },
      {
        onSuccess: async (answer) => {
          const caseId = answer.body.caseId as string;
          // The case page reads reporting's overview, a projection: wait (briefly) until it knows the case.
          setOpening(true);
          for (let i = 0; i < 20; i++) {
            const found = await api.call('reporting', `/cases/${encodeURIComponent(caseId)}/overview`).then(
              () => true,
              () => false,
            );
            if (found) break;
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          void navigate(`/cases/${caseId}`);
        },
      },
    );
  };

  const personRows = (list: 'children' | 'guardians', legend: string, min: number, max: number) => (
    <Rows<NamedPerson>
      legend={legend}
      items={form[list]}
      onChange={(items) => set({ [list]: items })}
      blank={blankPerson}
      addLabel={t(list === 'children' ? 'addChild' : 'addGuardian')}
      min={min}
      max={max}
      render={(item, index, update) => (
        <>
          <TextField
            label={t('personName')}
            name={`${list}.${index}.name`}
            error={error}
            required
            maxLength={200}
            value={item.name}
            onChange={(event) => update({ name: event.target.value })}
          />
          <TextField
            label={t('identifier')}
            hint={t('identifierHint')}
            name={`${list}.${index}.identifier`}
            error={error}
            required
            pattern={PERSON_IDENTIFIER}
            value={item.identifier ?? ''}
            onChange={(event) => update({ identifier: event.target.value.trim() })}
          />
          <TextField
            type="date"
            label={t('birthDate')}
            name={`${list}.${index}.birthDate`}
            error={error}
            value={item.birthDate ?? ''}
            onChange={(event) => update({ birthDate: event.target.value })}
          />
        </>
      )}
    />
  );

  return (
    <Page title={t('newConcern')}>
      <form
        className="card step-form"
        aria-label={t('newConcern')}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <SelectField
          label={t('channel')}
          name="channel"
          error={error}
          required
          value={form.channel}
          onChange={(event) => set({ channel: event.target.value })}
          options={ENTRY_CHANNELS.map((channel) => ({ value: channel, label: t(`channel_${channel}`) }))}
        />
        <TextField
          label={t('sector')}
          hint={t('sectorHint')}
          name="sector"
          error={error}
          required
          maxLength={100}
          value={form.sector}
          onChange={(event) => set({ sector: event.target.value })}
        />
        <TextField
          label={t('municipality')}
          hint={t('municipalityHint')}
          name="municipality"
          error={error}
          required
          maxLength={100}
          list={municipalitiesId}
          autoComplete="off"
          value={form.municipality}
          onChange={(event) => set({ municipality: event.target.value })}
        />
        <datalist id={municipalitiesId}>
          {municipalities?.map((entry) => (
            <option key={entry.key} value={entry.value.fi} />
          ))}
        </datalist>
        {personRows('children', t('children'), 1, 20)}
        {personRows('guardians', t('guardians'), 0, 10)}
        <TextArea
          label={t('description')}
          name="description"
          error={error}
          required
          maxLength={5000}
          rows={5}
          value={form.description}
          onChange={(event) => set({ description: event.target.value })}
        />
        <ZoneFields zone={form.zone} ratedBy={form.ratedBy} onChange={set} error={error} />
        <ProblemNotice error={error} />
        {openCaseWarning ? (
          <CheckField label={t('separateCase')} name="separateCase" checked={separateCase} onChange={setSeparateCase} error={error} />
        ) : null}
        {opening ? <p role="status">{t('openingCase')}</p> : null}
        <p>
          <button type="submit" className="primary" disabled={command.isPending || opening}>
            {t('register')}
          </button>
        </p>
      </form>
    </Page>
  );
}

/** The concern zone (seed 000) and whose view it is: the same two fields at registration and at a new rating. */
export function ZoneFields({
  zone,
  ratedBy,
  onChange,
  error,
}: {
  zone: number;
  ratedBy: string;
  onChange: (patch: { zone?: number; ratedBy?: 'worker' | 'family' }) => void;
  error?: ApiError | null;
}) {
  const { t } = useTranslation('steps');
  return (
    <>
      <SelectField
        label={t('zone')}
        name="zone"
        error={error}
        required
        value={String(zone)}
        onChange={(event) => onChange({ zone: Number(event.target.value) })}
        options={ZONES.map((z) => ({ value: String(z), label: t(`zone_${z}`) }))}
      />
      <SelectField
        label={t('ratedBy')}
        name="ratedBy"
        error={error}
        required
        value={ratedBy}
        onChange={(event) => onChange({ ratedBy: event.target.value as 'worker' | 'family' })}
        options={[
          { value: 'worker', label: t('ratedBy_worker') },
          { value: 'family', label: t('ratedBy_family') },
        ]}
      />
    </>
  );
}
