import { useState, type FormEvent } from 'react';
import { NavLink, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApiCommand, useApiQuery } from '../../api/hooks';
import { usePerson } from '../../auth/session';
import type { Language } from '../../i18n/languages';
import { ProblemNotice, Saved, SelectField, TextField } from '../../ui/form';
import { Loaded, Page } from '../../ui/page';

export const KINDS = ['organisers', 'rooms', 'municipalities', 'services'] as const;
type Kind = (typeof KINDS)[number];
type Values = Record<string, string | number | boolean | undefined>;

interface Catalogue {
  kind: Kind;
  version: number;
  entries: Array<{ key: string; value: Values; retired: boolean }>;
  areas?: Array<{ code: string; fi: string; sv: string; en: string }>;
}

/** The entry being edited, and the catalogue's version (ETag) it was read at: what the change is based on. */
interface Editing {
  key: string;
  value: Values;
  isNew: boolean;
  version?: string;
}

interface FieldSpec {
  name: string;
  type: 'text' | 'number' | 'checkbox' | 'select';
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
}

/** Who may record each kind (the API's ADMINISTERED_BY, as `GET /reference-data` answers it). */
interface KindSummary {
  kind: string;
  version: number;
  entries: number;
  administeredBy: string[];
}

/** The key of an entry by kind, and the fields its form asks, as the API's DTOs take them. */
const KEY_FIELD: Record<Kind, string> = { organisers: 'id', rooms: 'id', municipalities: 'code', services: 'id' };

function useFieldSpecs(kind: Kind): FieldSpec[] {
  const { i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? 'fi') as Language;
  const organisers = useApiQuery<Catalogue>('intake', kind === 'rooms' ? '/reference-data/organisers' : undefined);
  const municipalities = useApiQuery<Catalogue>('intake', kind === 'municipalities' ? '/reference-data/municipalities' : undefined);
  switch (kind) {
    case 'organisers':
      return [
        { name: 'name', type: 'text', required: true },
        { name: 'municipality', type: 'text', required: true },
      ];
    case 'rooms':
      return [
        { name: 'name', type: 'text', required: true },
        {
          name: 'organiser',
          type: 'select',
          required: true,
          options: (organisers.data?.body.entries ?? []).map((e) => ({ value: e.key, label: String(e.value.name) })),
        },
        { name: 'capacity', type: 'number' },
      ];
    case 'municipalities':
      return [
        { name: 'fi', type: 'text', required: true },
        { name: 'sv', type: 'text', required: true },
        {
          name: 'area',
          type: 'select',
          required: true,
          options: (municipalities.data?.body.areas ?? []).map((a) => ({ value: a.code, label: `${a.code} ${a[language] ?? a.fi}` })),
        },
      ];
    case 'services':
      return [
        { name: 'fi', type: 'text', required: true },
        { name: 'sv', type: 'text', required: true },
        { name: 'en', type: 'text', required: true },
        { name: 'requiresConsent', type: 'checkbox' },
        { name: 'organisation', type: 'text', required: true },
        { name: 'sector', type: 'text', required: true },
      ];
  }
}

/** One catalogue's entries in force, and (for the roles that keep it) adding and changing them with If-Match. */
export function ReferenceData() {
  const { kind: asked = 'organisers' } = useParams();
  const kind: Kind = (KINDS as readonly string[]).includes(asked) ? (asked as Kind) : 'organisers';
  const { t } = useTranslation('coordinator');
  const person = usePerson();
  const kinds = useApiQuery<KindSummary[]>('intake', '/reference-data');
  const catalogue = useApiQuery<Catalogue>('intake', `/reference-data/${kind}`);
  const keptBy = kinds.data?.body.find((k) => k.kind === kind)?.administeredBy ?? [];
  const mayKeep = !!person && person.roles.some((role) => keptBy.includes(role));
  const [editing, setEditing] = useState<Editing | null>(null);
  const specs = useFieldSpecs(kind);
  return (
    <Page title={t('referenceData')}>
      <nav aria-label={t('catalogues')} className="tabs">
        <ul>
          {KINDS.map((k) => (
            <li key={k}>
              <NavLink to={`/coordinator/reference-data/${k}`} onClick={() => setEditing(null)}>
                {t(`kind_${k}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <h2 id="catalogue">{t(`kind_${kind}`)}</h2>
      <p className="hint">
        {mayKeep ? t('youKeep') : t('readOnly', { roles: keptBy.map((r) => t(`common:roles_${r}`)).join(', ') || '–' })}
      </p>
      {mayKeep && !editing ? (
        <button
          type="button"
          className="primary"
          onClick={() => setEditing({ key: '', value: {}, isNew: true, version: catalogue.data?.etag })}
        >
          {t('add')}
        </button>
      ) : null}
      {editing ? (
        <EntryForm
          key={`${kind}:${editing.key}:${editing.version ?? ''}`}
          kind={kind}
          specs={specs}
          entry={editing}
          onDone={() => setEditing(null)}
          onReload={async () => {
            const fresh = await catalogue.refetch();
            const found = fresh.data?.body.entries.find((e) => e.key === editing.key);
            setEditing(
              found
                ? { key: found.key, value: found.value, isNew: false, version: fresh.data?.etag }
                : { ...editing, version: fresh.data?.etag },
            );
          }}
        />
      ) : null}
      <Loaded query={catalogue}>
        {({ body }) => (
          <table aria-labelledby="catalogue" data-version={body.version}>
            <thead>
              <tr>
                <th scope="col">{t(`field_${KEY_FIELD[kind]}`)}</th>
                {specs.map((spec) => (
                  <th scope="col" key={spec.name}>
                    {t(`field_${spec.name}`)}
                  </th>
                ))}
                {mayKeep ? <th scope="col">{t('actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {body.entries.map((entry) => (
                <tr key={entry.key} data-key={entry.key}>
                  <th scope="row">{entry.key}</th>
                  {specs.map((spec) => (
                    <td key={spec.name}>{shown(entry.value[spec.name], spec, t)}</td>
                  ))}
                  {mayKeep ? (
                    <td>
                      <button
                        type="button"
                        onClick={() => setEditing({ key: entry.key, value: entry.value, isNew: false, version: catalogue.data?.etag })}
                      >
                        {t('edit')}
                        <span className="visually-hidden"> {entry.key}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </Page>
  );
}

function shown(value: Values[string], spec: FieldSpec, t: (key: string) => string): string {
  if (value === undefined || value === null || value === '') return '–';
  if (spec.type === 'checkbox') return value ? t('common:yes') : t('common:no');
  if (spec.type === 'select') return spec.options?.find((o) => o.value === String(value))?.label ?? String(value);
  return String(value);
}

/**
 * Adds or changes one entry. The change names the catalogue's version it was made on (If-Match: the list's ETag), so
 * a change someone else made meanwhile is not overwritten: the API answers 409 and the form offers to reload.
 */
function EntryForm({
  kind,
  specs,
  entry,
  onDone,
  onReload,
}: {
  kind: Kind;
  specs: FieldSpec[];
  entry: Editing;
  onDone: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation('coordinator');
  const save = useApiCommand<Values>('intake', 'PUT');
  const [key, setKey] = useState(entry.key);
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(specs.map((spec) => [spec.name, entry.value[spec.name] ?? (spec.type === 'checkbox' ? false : '')])),
  );
  const set = (name: string, value: string | boolean) => setValues({ ...values, [name]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = Object.fromEntries(
      specs.flatMap((spec) => {
        const value = values[spec.name];
        if (spec.type === 'number') return value === '' || value === undefined ? [] : [[spec.name, Number(value)]];
        if (spec.type === 'checkbox') return [[spec.name, !!value]];
        return [[spec.name, typeof value === 'string' ? value.trim() : value]];
      }),
    );
    save.mutate({ path: `/reference-data/${kind}/${encodeURIComponent(key.trim())}`, body, ifMatch: entry.version }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="card entry-form" aria-labelledby="entry-form">
      <h3 id="entry-form">{entry.isNew ? t('addEntry', { kind: t(`kind_${kind}`) }) : t('editEntry', { key: entry.key })}</h3>
      <ProblemNotice error={save.error} onReload={onReload} />
      <Saved show={save.isSuccess} />
      <TextField
        label={t(`field_${KEY_FIELD[kind]}`)}
        name="key"
        required
        readOnly={!entry.isNew}
        hint={entry.isNew ? t(`keyHint_${kind}`) : undefined}
        value={key}
        onChange={(event) => setKey(event.target.value)}
        error={save.error}
      />
      {specs.map((spec) =>
        spec.type === 'checkbox' ? (
          <div className="field" key={spec.name}>
            <label className="check">
              <input
                type="checkbox"
                name={spec.name}
                checked={!!values[spec.name]}
                onChange={(event) => set(spec.name, event.target.checked)}
              />{' '}
              {t(`field_${spec.name}`)}
            </label>
          </div>
        ) : spec.type === 'select' ? (
          <SelectField
            key={spec.name}
            label={t(`field_${spec.name}`)}
            name={spec.name}
            required={spec.required}
            placeholder=""
            options={spec.options ?? []}
            value={String(values[spec.name] ?? '')}
            onChange={(event) => set(spec.name, event.target.value)}
            error={save.error}
          />
        ) : (
          <TextField
            key={spec.name}
            label={t(`field_${spec.name}`)}
            name={spec.name}
            type={spec.type}
            required={spec.required}
            min={spec.type === 'number' ? 1 : undefined}
            value={String(values[spec.name] ?? '')}
            onChange={(event) => set(spec.name, event.target.value)}
            error={save.error}
          />
        ),
      )}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common:save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
