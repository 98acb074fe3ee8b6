import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { ServiceName } from '../../config';
import { useApiCommand, useApiQuery } from '../../api/hooks';
import { ProblemNotice, TextField, useFieldReason } from '../../ui/form';
import { useLabel } from '../../ui/data-view';
import { ApiError } from '../../api/client';
import type { Overview } from '../worker/types';
import type { CatalogueService, CommandAnswer, DirectoryPerson, FeedbackForm, Localised, ReferenceList, StarConfig } from './types';
import './steps.css';

/** What every step form of one case shares: the case, and what to do once a command went through. */
export interface CaseContext {
  caseId: string;
  overview: Overview;
  /** The overview's ETag as it is now: a command waits until the projection moved past it. */
  overviewEtag: () => string | undefined;
  /** After a command: the overview (a projection) read again until it shows the change, a few seconds at most. */
  afterCommand: (overviewEtagBefore: string | undefined) => Promise<void>;
  /** Counts the person's own successful commands: a form begun before one of them takes the fresh ETag. */
  generation: number;
  /**
   * The case's views are being read again after the person's own command: a form begun now is based on the state
   * that command made (its ETag once read), not pinned to the one before it, and nothing is sent until it is read.
   */
  refreshing: boolean;
}

const CaseStepsContext = createContext<CaseContext | undefined>(undefined);
export const CaseStepsProvider = CaseStepsContext.Provider;

export function useCase(): CaseContext {
  const context = useContext(CaseStepsContext);
  if (!context) throw new Error('useCase outside CaseSteps');
  return context;
}

export const casePath = (caseId: string) => encodeURIComponent(caseId);

/**
 * One form's command. The change is based on what the person saw when they began filling the form in: its ETag is
 * pinned at the first input and sent as If-Match, so someone else's change in between is a 409, never overwritten.
 */
export function useStep<Body>(service: ServiceName, etag: string | undefined) {
  const context = useContext(CaseStepsContext);
  const queries = useQueryClient();
  const command = useApiCommand<Body, CommandAnswer>(service);
  const [pinned, setPinned] = useState<{ etag: string | undefined; generation: number } | undefined>();
  const [saved, setSaved] = useState<CommandAnswer | null>(null);
  const generation = context?.generation ?? 0;
  const basedOn = pinned && pinned.generation === generation ? pinned.etag : etag;
  const refreshing = context?.refreshing ?? false;
  const touch = () => {
    setSaved(null);
    if (!refreshing && (!pinned || pinned.generation !== generation)) setPinned({ etag, generation });
  };
  /** `ifMatch: false`: a command on no stream the person reads; `caseChange: false`: nothing of the case changes (feedback). */
  const send = (path: string, body: Body, options: { ifMatch?: boolean; caseChange?: boolean } = {}) =>
    new Promise<CommandAnswer | undefined>((resolve) => {
      const before = context?.overviewEtag();
      command.mutate(
        { path, body, ifMatch: options.ifMatch === false ? undefined : basedOn },
        {
          onSuccess: async (answer) => {
            setPinned(undefined);
            setSaved(answer.body ?? {});
            resolve(answer.body);
            if (options.caseChange !== false) await context?.afterCommand(before);
          },
          onError: () => resolve(undefined),
        },
      );
    });
  /** After a conflict: read the case again, and only then let the person begin their change anew from it. */
  const reload = async () => {
    await queries.invalidateQueries();
    setPinned(undefined);
    command.reset();
  };
  return { send, touch, reload, error: asApiError(command.error), pending: command.isPending || refreshing, saved };
}

export type Step = ReturnType<typeof useStep>;

/** A request that never got an answer (the network, the browser) is a problem too, without fields to point at. */
export function asApiError(error: unknown): ApiError | null {
  if (!error) return null;
  return error instanceof ApiError ? error : new ApiError(0, String((error as Error).message ?? error));
}

/** A step as a form: its heading, fields, what the API said (next to the fields and above the button), and saved. */
export function StepForm({
  title,
  step,
  onSubmit,
  submitLabel,
  hint,
  children,
}: {
  title: string;
  step: Pick<Step, 'touch' | 'reload' | 'error' | 'pending' | 'saved'>;
  onSubmit: () => void;
  submitLabel?: string;
  hint?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('steps');
  const label = useLabel();
  const id = useId();
  return (
    <form
      className="card step-form"
      aria-labelledby={id}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      onInput={step.touch}
      onChange={step.touch}
    >
      <h3 id={id}>{title}</h3>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
      <ProblemNotice error={step.error} onReload={() => void step.reload()} />
      {step.saved ? (
        <p className="notice notice-ok" role="status">
          {t('common:saved')}
          {/* What was recorded, by each event's name in the person's language (labels), never the API's type name. */}
          {step.saved.events?.length ? ` (${step.saved.events.map(label).join(', ')})` : ''}
        </p>
      ) : null}
      <p>
        <button type="submit" className="primary" disabled={step.pending}>
          {step.pending ? t('sending') : (submitLabel ?? t('common:save'))}
        </button>
      </p>
    </form>
  );
}

/** A moment picked on Finnish wall time (datetime-local); the form keeps the local value, the API gets an instant. */
export function DateTimeField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (local: string) => void;
  error?: ApiError | null;
  required?: boolean;
  hint?: string;
}) {
  return (
    <TextField
      type="datetime-local"
      label={props.label}
      name={props.name}
      error={props.error}
      hint={props.hint}
      required={props.required}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

/** A list the person grows and shrinks (children, participants, the plan's actions): a fieldset per list. */
export function Rows<T>({
  legend,
  items,
  onChange,
  blank,
  addLabel,
  min = 0,
  max = 50,
  render,
}: {
  legend: string;
  items: T[];
  onChange: (items: T[]) => void;
  blank: () => T;
  addLabel: string;
  min?: number;
  max?: number;
  render: (item: T, index: number, update: (patch: Partial<T>) => void) => ReactNode;
}) {
  const { t } = useTranslation('steps');
  return (
    <fieldset className="rows">
      <legend>{legend}</legend>
      {items.map((item, index) => (
        <div className="row" key={index}>
          {render(item, index, (patch) => onChange(items.map((it, i) => (i === index ? { ...it, ...patch } : it))))}
          {items.length > min ? (
            <button type="button" className="remove" onClick={() => onChange(items.filter((_, i) => i !== index))}>
              {t('remove', { what: `${legend} ${index + 1}` })}
            </button>
          ) : null}
        </div>
      ))}
      {items.length < max ? (
        <button type="button" onClick={() => onChange([...items, blank()])}>
          {addLabel}
        </button>
      ) : null}
    </fieldset>
  );
}

/** A yes/no asked as a checkbox, with the API's reason beside it. */
export function CheckField({
  label,
  name,
  checked,
  onChange,
  error,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: ApiError | null;
}) {
  const id = useId();
  const reason = useFieldReason(error, name);
  return (
    <div className={`field${reason ? ' field-invalid' : ''}`}>
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          aria-describedby={reason ? `${id}-error` : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />{' '}
        {label}
      </label>
      {reason ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {reason}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Which groups the person opened or closed, by case and title: a group drawn again (the case read anew) keeps the
 * person's choice rather than falling back to where the case is now.
 */
const chosenOpen = new Map<string, boolean>();

/** A collapsible group of steps (one phase of the model), open where the case is now. */
export function StepGroup({ title, open, children }: { title: string; open?: boolean; children: ReactNode }) {
  const { caseId } = useCase();
  const key = `${caseId}\u0000${title}`;
  const [initial] = useState(() => chosenOpen.get(key) ?? open);
  return (
    <details
      className="step-group"
      open={initial}
      onToggle={(event) => chosenOpen.set(key, (event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{title}</summary>
      <div className="step-group-body">{children}</div>
    </details>
  );
}

/** Reference data in the person's language. */
export function useLocalised() {
  const { i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? 'fi') as 'fi' | 'sv' | 'en';
  return (entry: Localised) => entry[language] ?? entry.fi;
}

const LONG = { staleTime: 300_000 };

export const useDirectory = () => useApiQuery<DirectoryPerson[]>('convening', '/directory', {}, LONG).data?.body ?? [];
export const useRooms = () =>
  useApiQuery<ReferenceList<{ id: string; name: string }>>('intake', '/reference-data/rooms', {}, LONG).data?.body.entries ?? [];
export const useOrganisers = () =>
  useApiQuery<ReferenceList<{ id: string; name: string }>>('intake', '/reference-data/organisers', {}, LONG).data?.body.entries ?? [];
export const useStarConfigs = () => useApiQuery<StarConfig[]>('meeting', '/wellbeing-star/configs', {}, LONG).data?.body ?? [];
export const useFeedbackForms = () => useApiQuery<FeedbackForm[]>('planFollowup', '/feedback-forms', {}, LONG).data?.body ?? [];
export const useCatalogue = () => useApiQuery<CatalogueService[]>('planFollowup', '/service-catalogue', {}, LONG).data?.body ?? [];

/** Now on Finnish wall time, for a datetime-local field's first value. */
export function nowLocal(offsetMinutes = 0): string {
  const at = new Date(Date.now() + offsetMinutes * 60_000);
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return parts.replace(' ', 'T');
}

/** An optional text: left out of the body when empty (the API refuses an empty string where text is optional). */
export const optional = (value: string) => (value.trim() === '' ? undefined : value);
