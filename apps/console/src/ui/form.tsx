import { useId, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Violation } from '../api/client';
import { problemSlug, violationCode } from '../i18n/problems';

/** A field's reason in the person's language where its words are stable (violationCode); else as the API wrote it. */
export function useReason(): (reason: string) => string {
  const { t } = useTranslation('problems');
  return (reason) => {
    const known = violationCode(reason);
    return known ? t(`violation_${known.code}`, known.values) : reason;
  };
}

/** The API's reason for a field, translated: by its exact path, or by a last segment only one field ends in. */
export function useFieldReason(error: unknown, field: string): string | undefined {
  const reason = useReason();
  const given = error instanceof ApiError ? error.reasonFor(field) : undefined;
  return given === undefined ? undefined : reason(given);
}

interface FieldProps {
  label: string;
  /** The API's field name: its violation is shown next to this field. */
  name: string;
  error?: ApiError | null;
  hint?: string;
  required?: boolean;
}

/** A labelled control with its hint and the API's reason for refusing it, wired for screen readers. */
function Field({ label, name, error, hint, required, children }: FieldProps & { children: (ids: ControlIds) => ReactNode }) {
  const id = useId();
  // Anything not from the API (a network failure) names no field.
  const reason = useFieldReason(error, name);
  const ids: ControlIds = {
    id,
    name,
    'aria-invalid': reason ? true : undefined,
    'aria-describedby': [hint ? `${id}-hint` : '', reason ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
    required,
  };
  return (
    <div className={`field${reason ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children(ids)}
      {reason ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {reason}
        </p>
      ) : null}
    </div>
  );
}

interface ControlIds {
  id: string;
  name: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  required?: boolean;
}

export function TextField(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { label, name, error, hint, required, ...input } = props;
  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {(ids) => <input type="text" {...input} {...ids} />}
    </Field>
  );
}

export function TextArea(props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>) {
  const { label, name, error, hint, required, ...input } = props;
  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {(ids) => <textarea rows={3} {...input} {...ids} />}
    </Field>
  );
}

export function SelectField(
  props: FieldProps &
    Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & { options: Array<{ value: string; label: string }>; placeholder?: string },
) {
  const { label, name, error, hint, required, options, placeholder, ...select } = props;
  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {(ids) => (
        <select {...select} {...ids}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A group of checkboxes (consent scopes, sectors): a fieldset whose legend is the label. */
export function CheckboxGroup(props: {
  legend: string;
  name: string;
  options: Array<{ value: string; label: string }>;
  value: string[];
  onChange: (value: string[]) => void;
  error?: ApiError | null;
}) {
  const reason = useFieldReason(props.error, props.name);
  const id = useId();
  return (
    <fieldset className={`field${reason ? ' field-invalid' : ''}`} aria-describedby={reason ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            name={props.name}
            value={option.value}
            checked={props.value.includes(option.value)}
            onChange={(event) =>
              props.onChange(event.target.checked ? [...props.value, option.value] : props.value.filter((v) => v !== option.value))
            }
          />
          {option.label}
        </label>
      ))}
      {reason ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {reason}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * What the API said about a refused request, above the form, in the person's language: by the problem's stable
 * `type` (a rule of the model under the status's summary; any other kind in its own words), each field's reason
 * beside its name; the API's English `detail` only for a type the console does not know. A 409/412 offers to reload
 * what the change was based on.
 */
export function ProblemNotice({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t, i18n } = useTranslation();
  const reason = useReason();
  if (!error) return null;
  const problem = error instanceof ApiError ? error : new ApiError(0, String((error as Error)?.message ?? error));
  const slug = problemSlug(problem);
  const known = slug !== undefined && i18n.exists(`problems:type_${slug}`);
  const byStatus = problem.isConflict
    ? t('conflict')
    : problem.status === 400 || problem.status === 422
      ? // "Check the marked fields" only where the API named a field; a rule's refusal or a bad request otherwise.
        problem.violations.length > 0
        ? t('invalid')
        : problem.status === 422
          ? t('notAllowedNow')
          : t('notAccepted')
      : problem.status === 401
        ? t('unauthorized')
        : problem.status === 403
          ? t('forbidden')
          : problem.status === 429
            ? t('tooMany')
            : problem.status >= 500 || problem.status === 0
              ? t('serverError')
              : '';
  // A rule says what to do under the status's summary; a kind that is not a rule is its own summary.
  const summary = problem.isConflict ? byStatus : known && !problem.rule ? t(`problems:type_${slug}`) : byStatus;
  const detail = problem.isConflict || (known && !problem.rule) ? '' : known ? t(`problems:type_${slug}`) : problem.message;
  return (
    <div className={`notice ${problem.isConflict ? 'notice-warning' : 'notice-error'}`} role="alert" data-problem={slug}>
      {summary ? <p>{summary}</p> : null}
      {detail && detail !== summary ? <p className="detail">{detail}</p> : null}
      {problem.violations.length > 0 ? (
        <ul>
          {problem.violations.map((v: Violation) => (
            <li key={`${v.field}:${v.reason}`}>
              <code>{v.field}</code>: {reason(v.reason)}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.isConflict && onReload ? (
        <button type="button" onClick={onReload}>
          {t('reload')}
        </button>
      ) : null}
    </div>
  );
}

export function Saved({ show }: { show: boolean }) {
  const { t } = useTranslation();
  return show ? (
    <p className="notice notice-ok" role="status">
      {t('saved')}
    </p>
  ) : null;
}
