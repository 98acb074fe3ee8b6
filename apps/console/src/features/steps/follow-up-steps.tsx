import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { helsinkiLocalToIso } from '../../i18n/format';
import { usePerson } from '../../auth/session';
import { SelectField, TextArea, TextField } from '../../ui/form';
import {
  CheckField,
  DateTimeField,
  StepForm,
  casePath,
  nowLocal,
  optional,
  useCase,
  useCatalogue,
  useFeedbackForms,
  useLocalised,
  useOrganisers,
  useStep,
} from './kit';
import type { ConsentState, PlanTrackingState } from './types';

interface TrackingProps {
  tracking: PlanTrackingState;
  etag: string | undefined;
}

const trackingPath = (caseId: string, step: string) => `/cases/${casePath(caseId)}/plan-tracking/${step}`;
const PROGRESS = ['not-started', 'under-way', 'done', 'dropped'] as const;
const METHODS = ['phone', 'meeting', 'message', 'home-visit', 'other'] as const;
const OUTCOMES = ['sufficient', 'continue', 'stronger-support'] as const;
const CLOSURE_REASONS = ['everyday-life-runs-smoothly', 'stronger-support-arranged', 'family-withdrew', 'other'] as const;

/** POST …/plan-tracking/progress: how one of the plan's actions is going. */
export function ProgressForm({ tracking, etag }: TrackingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('planFollowup', etag);
  const actions = tracking.actions ?? [];
  const [actionIndex, setActionIndex] = useState('0');
  const [status, setStatus] = useState('under-way');
  const [note, setNote] = useState('');
  if (actions.length === 0) return null;
  return (
    <StepForm
      title={t('progress')}
      step={step}
      onSubmit={() =>
        void step.send(trackingPath(caseId, 'progress'), { actionIndex: Number(actionIndex), status, ...(optional(note) ? { note } : {}) })
      }
    >
      <SelectField
        label={t('action')}
        name="actionIndex"
        error={step.error}
        required
        value={actionIndex}
        onChange={(event) => setActionIndex(event.target.value)}
        options={actions.map((a) => ({
          value: String(a.index),
          label: `${t(`arena_${a.arena}`)}: ${a.what} (${t(`progress_${a.status}`, { defaultValue: a.status })})`,
        }))}
      />
      <SelectField
        label={t('progressStatus')}
        name="status"
        error={step.error}
        required
        value={status}
        onChange={(event) => setStatus(event.target.value)}
        options={PROGRESS.map((p) => ({ value: p, label: t(`progress_${p}`) }))}
      />
      <TextArea
        label={t('note')}
        name="note"
        error={step.error}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
    </StepForm>
  );
}

/** POST …/plan-tracking/contacts: a contact with the family, and the next one agreed. */
export function ContactForm({ etag }: TrackingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('planFollowup', etag);
  const [at, setAt] = useState(nowLocal());
  const [method, setMethod] = useState('phone');
  const [summary, setSummary] = useState('');
  const [nextContactAt, setNextContactAt] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('contact')}
      step={step}
      onSubmit={() =>
        void step.send(trackingPath(caseId, 'contacts'), {
          at: helsinkiLocalToIso(at),
          method,
          summary,
          ...(nextContactAt ? { nextContactAt: helsinkiLocalToIso(nextContactAt) } : {}),
        })
      }
    >
      <DateTimeField label={t('contactAt')} name="at" error={e} required value={at} onChange={setAt} />
      <SelectField
        label={t('contactMethod')}
        name="method"
        error={e}
        required
        value={method}
        onChange={(event) => setMethod(event.target.value)}
        options={METHODS.map((m) => ({ value: m, label: t(`method_${m}`) }))}
      />
      <TextArea
        label={t('summary')}
        name="summary"
        error={e}
        required
        maxLength={5000}
        value={summary}
        onChange={(event) => setSummary(event.target.value)}
      />
      <DateTimeField label={t('nextContactAt')} name="nextContactAt" error={e} value={nextContactAt} onChange={setNextContactAt} />
    </StepForm>
  );
}

/** POST …/plan-tracking/follow-up-requests: a follow-up meeting asked of the convener. */
export function FollowUpRequestForm({ etag }: TrackingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('planFollowup', etag);
  const [reason, setReason] = useState('');
  const [furtherMeetingReason, setFurther] = useState('');
  return (
    <StepForm
      title={t('followUpRequest')}
      step={step}
      onSubmit={() =>
        void step.send(trackingPath(caseId, 'follow-up-requests'), {
          reason,
          ...(optional(furtherMeetingReason) ? { furtherMeetingReason } : {}),
        })
      }
    >
      <TextArea
        label={t('followUpRequestReason')}
        name="reason"
        error={step.error}
        required
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <TextArea
        label={t('furtherMeetingReason')}
        hint={t('furtherMeetingReasonHint')}
        name="furtherMeetingReason"
        error={step.error}
        maxLength={2000}
        value={furtherMeetingReason}
        onChange={(event) => setFurther(event.target.value)}
      />
    </StepForm>
  );
}

/** POST …/plan-tracking/outcome: did the support help; a referral to a service of the catalogue, on consent or law. */
export function OutcomeForm({ etag, consents }: TrackingProps & { consents: ConsentState[] }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const localised = useLocalised();
  const catalogue = useCatalogue();
  const step = useStep('planFollowup', etag);
  const [outcome, setOutcome] = useState('sufficient');
  const [refer, setRefer] = useState(false);
  const [serviceId, setServiceId] = useState('');
  const [basis, setBasis] = useState('consent');
  const [reference, setReference] = useState('');
  const inForce = consents.filter((c) => c.status === 'in-force');
  const e = step.error;
  return (
    <StepForm
      title={t('outcome')}
      step={step}
      onSubmit={() =>
        void step.send(trackingPath(caseId, 'outcome'), {
          outcome,
          ...(refer ? { referral: { serviceId, ...(reference ? { consent: { basis, reference } } : {}) } } : {}),
        })
      }
    >
      <SelectField
        label={t('outcomeChoice')}
        name="outcome"
        error={e}
        required
        value={outcome}
        onChange={(event) => setOutcome(event.target.value)}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome_${o}`) }))}
      />
      <CheckField label={t('referral')} name="referral" error={e} checked={refer} onChange={setRefer} />
      {refer ? (
        <fieldset className="rows">
          <legend>{t('referral')}</legend>
          <SelectField
            label={t('service')}
            name="referral.serviceId"
            error={e}
            required
            placeholder={t('choose')}
            value={serviceId}
            onChange={(event) => setServiceId(event.target.value)}
            options={catalogue.map((s) => ({ value: s.id, label: `${localised(s)} (${s.organisation})` }))}
          />
          <SelectField
            label={t('referralBasis')}
            name="referral.consent.basis"
            error={e}
            value={basis}
            onChange={(event) => {
              setBasis(event.target.value);
              setReference('');
            }}
            options={['consent', 'law'].map((b) => ({ value: b, label: t(`basis_${b}`) }))}
          />
          {basis === 'consent' ? (
            <SelectField
              label={t('referralConsent')}
              name="referral.consent.reference"
              error={e}
              placeholder={t('choose')}
              value={reference}
              onChange={(event) => setReference(event.target.value)}
              options={inForce.map((c) => ({ value: c.consentId, label: c.consentId.slice(0, 8) }))}
            />
          ) : (
            <TextField
              label={t('referralLaw')}
              name="referral.consent.reference"
              error={e}
              maxLength={200}
              value={reference}
              onChange={(event) => setReference(event.target.value)}
            />
          )}
        </fieldset>
      ) : null}
    </StepForm>
  );
}

/** POST …/plan-tracking/closure: the case closed, and why. */
export function ClosureForm({ etag }: TrackingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('planFollowup', etag);
  const [reason, setReason] = useState('everyday-life-runs-smoothly');
  const [note, setNote] = useState('');
  return (
    <StepForm
      title={t('closure')}
      submitLabel={t('closeCase')}
      step={step}
      onSubmit={() => void step.send(trackingPath(caseId, 'closure'), { reason, ...(optional(note) ? { note } : {}) })}
    >
      <SelectField
        label={t('closureReason')}
        name="reason"
        error={step.error}
        required
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(`closure_${r}`) }))}
      />
      <TextArea
        label={t('note')}
        name="note"
        error={step.error}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
    </StepForm>
  );
}

/** POST …/plan-tracking/reopening: a closed case opened again for a new concern. */
export function ReopenForm({ etag }: TrackingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('planFollowup', etag);
  const [reason, setReason] = useState('');
  return (
    <StepForm
      title={t('reopen')}
      submitLabel={t('reopen')}
      step={step}
      onSubmit={() => void step.send(trackingPath(caseId, 'reopening'), { reason })}
    >
      <TextArea
        label={t('reopenReason')}
        name="reason"
        error={step.error}
        required
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
    </StepForm>
  );
}

/**
 * POST /feedback: the family's evaluation form (seed 002), filed apart from the case with the month only, so it
 * cannot be tied to a meeting. The worker hands it over; the family fills it in.
 */
export function FeedbackFormStep() {
  const { t } = useTranslation('steps');
  const localised = useLocalised();
  const person = usePerson();
  const forms = useFeedbackForms();
  const organisers = useOrganisers();
  const step = useStep('planFollowup', undefined);
  const [version, setVersion] = useState('');
  const form = forms.find((f) => f.version === version) ?? forms[forms.length - 1];
  const [scores, setScores] = useState<Record<string, string>>({});
  const [freeText, setFreeText] = useState('');
  const [month, setMonth] = useState(nowLocal().slice(0, 7));
  const [organizer, setOrganizer] = useState('');
  const own = organisers.find((o) => o.value.name === person?.organisation)?.value.name ?? '';
  const e = step.error;
  if (!form) return null;
  const answered = form.items.filter((item) => scores[item.key]);
  return (
    <StepForm
      title={t('feedback')}
      hint={t('feedbackHint')}
      step={step}
      onSubmit={() =>
        void step.send(
          '/feedback',
          {
            formVersion: form.version,
            answers: answered.map((item) => ({ item: item.key, score: Number(scores[item.key]) })),
            ...(optional(freeText) ? { freeText } : {}),
            month,
            organizer: organizer || own,
          },
          { ifMatch: false, caseChange: false },
        )
      }
    >
      <SelectField
        label={t('feedbackForm')}
        name="formVersion"
        error={e}
        required
        value={form.version}
        onChange={(event) => setVersion(event.target.value)}
        options={forms.map((f) => ({ value: f.version, label: f.version }))}
      />
      {form.items.map((item) => {
        const position = answered.findIndex((a) => a.key === item.key);
        return (
          <fieldset className="rows" key={item.key}>
            <legend>
              {localised(item)} ({form.scale.min}–{form.scale.max})
            </legend>
            {Array.from({ length: form.scale.max - form.scale.min + 1 }, (_, i) => String(form.scale.min + i)).map((score) => (
              <label className="check" key={score}>
                <input
                  type="radio"
                  name={position >= 0 ? `answers.${position}.score` : `unanswered.${item.key}`}
                  value={score}
                  checked={scores[item.key] === score}
                  onChange={() => setScores((s) => ({ ...s, [item.key]: score }))}
                />{' '}
                {score}
              </label>
            ))}
          </fieldset>
        );
      })}
      <TextArea
        label={t('feedbackFreeText')}
        name="freeText"
        error={e}
        maxLength={5000}
        value={freeText}
        onChange={(event) => setFreeText(event.target.value)}
      />
      <TextField
        type="month"
        label={t('month')}
        name="month"
        error={e}
        required
        pattern="\d{4}-(0[1-9]|1[0-2])"
        value={month}
        onChange={(event) => setMonth(event.target.value)}
      />
      <SelectField
        label={t('organizer')}
        name="organizer"
        error={e}
        required
        placeholder={t('choose')}
        value={organizer || own}
        onChange={(event) => setOrganizer(event.target.value)}
        options={organisers.map((o) => ({ value: o.value.name, label: o.value.name }))}
      />
    </StepForm>
  );
}
