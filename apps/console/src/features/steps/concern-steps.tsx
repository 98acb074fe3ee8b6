import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { helsinkiLocalToIso } from '../../i18n/format';
import { useApi } from '../../api/hooks';
import { CheckboxGroup, SelectField, TextArea, TextField } from '../../ui/form';
import { ZoneFields } from './new-concern';
import { CheckField, DateTimeField, StepForm, casePath, nowLocal, optional, useCase, useStep } from './kit';
import { listOf, type ConcernState } from './types';

/** Where a concern goes next, as intake names the routes. */
export const ROUTES = [
  'follow-concern',
  'joint-meeting',
  'network-meeting',
  'social-care-needs-assessment',
  'child-protection-notification',
  'police-and-child-protection-notification',
] as const;
const FACTS = [
  'socialWorkClient',
  'guardiansCommit',
  'suspectedViolence',
  'suspectedSexualAbuse',
  'suspectedSubstanceAbuse',
  'familyWishesSupport',
  'otherSocialWorkWished',
] as const;
type Fact = (typeof FACTS)[number];
/** Seed 000's zone-2 services (intake's keys), and how a contact was made. */
const SERVICE_KINDS = [
  'maternity-and-child-health-clinic',
  'under-school-age-rehabilitation',
  'family-counselling',
  'family-social-work-or-child-protection',
  'day-care-or-special-day-care',
  'mental-health-unit',
  'other',
] as const;
const SERVICE_RELATIONS = ['family-already-has', 'named-for-area'] as const;
const CONTACT_WAYS = ['together-with-family', 'with-family-permission'] as const;

interface ConcernProps {
  concern: ConcernState;
  etag: string | undefined;
}

const concernPath = (caseId: string, step: string) => `/concerns/${casePath(caseId)}/${step}`;

/** POST /concerns/{id}/raisings: the concern raised with the family (Lapset puheeksi), and when to raise it again. */
export function RaisingForm({ concern, etag }: ConcernProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('intake', etag);
  const [raisedAt, setRaisedAt] = useState(nowLocal());
  const [present, setPresent] = useState('');
  const [familyResponse, setFamilyResponse] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [reRaiseAt, setReRaiseAt] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('raising')}
      hint={t('raisingHint')}
      step={step}
      onSubmit={() =>
        void step.send(concernPath(caseId, 'raisings'), {
          raisedAt: helsinkiLocalToIso(raisedAt),
          present: present
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
          familyResponse,
          nextStep,
          ...(reRaiseAt ? { reRaiseAt: helsinkiLocalToIso(reRaiseAt) } : {}),
        })
      }
    >
      <DateTimeField label={t('raisedAt')} name="raisedAt" error={e} required value={raisedAt} onChange={setRaisedAt} />
      <TextField
        label={t('present')}
        hint={t('presentHint')}
        name="present"
        error={e}
        required
        value={present}
        onChange={(event) => setPresent(event.target.value)}
      />
      <TextArea
        label={t('familyResponse')}
        name="familyResponse"
        error={e}
        required
        maxLength={5000}
        value={familyResponse}
        onChange={(event) => setFamilyResponse(event.target.value)}
      />
      <TextArea
        label={t('nextStep')}
        name="nextStep"
        error={e}
        required
        maxLength={2000}
        value={nextStep}
        onChange={(event) => setNextStep(event.target.value)}
      />
      <DateTimeField
        label={t('reRaiseAt')}
        hint={t('reRaiseAtHint')}
        name="reRaiseAt"
        error={e}
        required={concern.currentZone === 2}
        value={reRaiseAt}
        onChange={setReRaiseAt}
      />
    </StepForm>
  );
}

/** POST /concerns/{id}/zone-ratings: a new rating of the concern, the worker's or the family's own. */
export function ZoneRatingForm({ concern, etag }: ConcernProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('intake', etag);
  const [rating, setRating] = useState<{ zone: number; ratedBy: 'worker' | 'family' }>({
    zone: concern.currentZone ?? 2,
    ratedBy: 'worker',
  });
  return (
    <StepForm title={t('zoneRating')} step={step} onSubmit={() => void step.send(concernPath(caseId, 'zone-ratings'), rating)}>
      <ZoneFields
        zone={rating.zone}
        ratedBy={rating.ratedBy}
        onChange={(patch) => setRating((r) => ({ ...r, ...patch }))}
        error={step.error}
      />
    </StepForm>
  );
}

/** POST /concerns/{id}/route-decision: the facts of seed 003, the route they recommend, and the route chosen. */
export function RouteDecisionForm({ concern, etag }: ConcernProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const api = useApi();
  const step = useStep('intake', etag);
  const [zone, setZone] = useState(concern.currentZone ?? 3);
  const [facts, setFacts] = useState<Record<Fact, boolean>>({
    socialWorkClient: false,
    guardiansCommit: true,
    suspectedViolence: false,
    suspectedSexualAbuse: false,
    suspectedSubstanceAbuse: false,
    familyWishesSupport: true,
    otherSocialWorkWished: false,
  });
  const [chosenRoute, setChosenRoute] = useState('');
  const [deviationReason, setDeviationReason] = useState('');
  const [recommended, setRecommended] = useState<string | undefined>();
  const e = step.error;
  const recommend = async (next: Record<Fact, boolean>, nextZone: number) => {
    const answer = await api
      .call<{ route?: string; recommended?: string }>('intake', '/routing/recommendation', {
        method: 'POST',
        body: { ...next, zone: nextZone },
      })
      .catch(() => undefined);
    const route = answer?.body.route ?? answer?.body.recommended;
    setRecommended(route);
    if (route && !chosenRoute) setChosenRoute(route);
  };
  return (
    <StepForm
      title={t('routeDecision')}
      hint={t('routeDecisionHint')}
      step={step}
      onSubmit={() =>
        void step.send(concernPath(caseId, 'route-decision'), {
          facts: { ...facts, zone },
          chosenRoute,
          ...(optional(deviationReason) ? { deviationReason } : {}),
        })
      }
    >
      <SelectField
        label={t('zone')}
        name="facts.zone"
        error={e}
        required
        value={String(zone)}
        onChange={(event) => setZone(Number(event.target.value))}
        options={[1, 2, 3, 4].map((z) => ({ value: String(z), label: t(`zone_${z}`) }))}
      />
      <fieldset className="rows">
        <legend>{t('routingFacts')}</legend>
        {FACTS.map((fact) => (
          <CheckField
            key={fact}
            label={t(`fact_${fact}`)}
            name={`facts.${fact}`}
            error={e}
            checked={facts[fact]}
            onChange={(checked) => setFacts((f) => ({ ...f, [fact]: checked }))}
          />
        ))}
      </fieldset>
      <p>
        <button type="button" onClick={() => void recommend(facts, zone)}>
          {t('recommend')}
        </button>{' '}
        {recommended ? (
          <span role="status">
            {t('recommended')}: <strong>{t(`route_${recommended}`, { defaultValue: recommended })}</strong>
          </span>
        ) : null}
      </p>
      <SelectField
        label={t('chosenRoute')}
        name="chosenRoute"
        error={e}
        required
        placeholder={t('choose')}
        value={chosenRoute}
        onChange={(event) => setChosenRoute(event.target.value)}
        options={ROUTES.map((route) => ({ value: route, label: t(`route_${route}`) }))}
      />
      <TextArea
        label={t('deviationReason')}
        hint={t('deviationReasonHint')}
        name="deviationReason"
        error={e}
        maxLength={2000}
        required={!!recommended && !!chosenRoute && recommended !== chosenRoute}
        value={deviationReason}
        onChange={(event) => setDeviationReason(event.target.value)}
      />
    </StepForm>
  );
}

/** POST /concerns/{id}/mandatory-notifications: a child-protection notification or a contact to the police (not delegable). */
export function MandatoryNotificationForm({ etag }: ConcernProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('intake', etag);
  const [kind, setKind] = useState('child-protection');
  const [madeAt, setMadeAt] = useState(nowLocal());
  const [recipient, setRecipient] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('mandatoryNotification')}
      hint={t('mandatoryNotificationHint')}
      step={step}
      onSubmit={() =>
        void step.send(concernPath(caseId, 'mandatory-notifications'), { kind, madeAt: helsinkiLocalToIso(madeAt), recipient })
      }
    >
      <SelectField
        label={t('notificationKind')}
        name="kind"
        error={e}
        required
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        options={['child-protection', 'police'].map((k) => ({ value: k, label: t(`notification_${k}`) }))}
      />
      <DateTimeField label={t('madeAt')} name="madeAt" error={e} required value={madeAt} onChange={setMadeAt} />
      <TextField
        label={t('recipient')}
        name="recipient"
        error={e}
        required
        maxLength={300}
        value={recipient}
        onChange={(event) => setRecipient(event.target.value)}
      />
    </StepForm>
  );
}

/** POST /concerns/{id}/needs-assessment-contacts: the contact to social care, made together with the parents. */
export function NeedsAssessmentContactForm({ concern, etag }: ConcernProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('intake', etag);
  const guardians = listOf(concern.guardians).map((g) => g.name);
  const [madeAt, setMadeAt] = useState(nowLocal());
  const [parents, setParents] = useState<string[]>(guardians);
  const [recipient, setRecipient] = useState('');
  const [content, setContent] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('needsAssessmentContact')}
      hint={t('needsAssessmentContactHint')}
      step={step}
      onSubmit={() =>
        void step.send(concernPath(caseId, 'needs-assessment-contacts'), {
          madeAt: helsinkiLocalToIso(madeAt),
          parents,
          recipient,
          content,
        })
      }
    >
      <DateTimeField label={t('madeAt')} name="madeAt" error={e} required value={madeAt} onChange={setMadeAt} />
      <CheckboxGroup
        legend={t('parents')}
        name="parents"
        error={e}
        value={parents}
        onChange={setParents}
        options={guardians.map((name) => ({ value: name, label: name }))}
      />
      <TextField
        label={t('socialCareRecipient')}
        name="recipient"
        error={e}
        required
        maxLength={300}
        value={recipient}
        onChange={(event) => setRecipient(event.target.value)}
      />
      <TextArea
        label={t('contactContent')}
        name="content"
        error={e}
        required
        maxLength={5000}
        value={content}
        onChange={(event) => setContent(event.target.value)}
      />
    </StepForm>
  );
}

/** POST /concerns/{id}/service-contacts: in zone 2, a contact with a service the family has or one named for the area. */
export function ServiceContactForm({ etag }: ConcernProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('intake', etag);
  const [kind, setKind] = useState<string>('family-counselling');
  const [name, setName] = useState('');
  const [relation, setRelation] = useState<string>('family-already-has');
  const [how, setHow] = useState<string>('together-with-family');
  const [contactedAt, setContactedAt] = useState(nowLocal());
  const [note, setNote] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('serviceContact')}
      hint={t('serviceContactHint')}
      step={step}
      onSubmit={() =>
        void step.send(concernPath(caseId, 'service-contacts'), {
          service: { kind, ...(optional(name) ? { name } : {}) },
          relation,
          how,
          contactedAt: helsinkiLocalToIso(contactedAt),
          ...(optional(note) ? { note } : {}),
        })
      }
    >
      <SelectField
        label={t('serviceKind')}
        name="service.kind"
        error={e}
        required
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`serviceKind_${k}`) }))}
      />
      <TextField
        label={t('serviceName')}
        name="service.name"
        error={e}
        required={kind === 'other'}
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label={t('serviceRelation')}
        name="relation"
        error={e}
        required
        value={relation}
        onChange={(event) => setRelation(event.target.value)}
        options={SERVICE_RELATIONS.map((r) => ({ value: r, label: t(`relation_${r}`) }))}
      />
      <SelectField
        label={t('contactWay')}
        name="how"
        error={e}
        required
        value={how}
        onChange={(event) => setHow(event.target.value)}
        options={CONTACT_WAYS.map((w) => ({ value: w, label: t(`how_${w}`) }))}
      />
      <DateTimeField label={t('contactedAt')} name="contactedAt" error={e} required value={contactedAt} onChange={setContactedAt} />
      <TextArea label={t('agreed')} name="note" error={e} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
    </StepForm>
  );
}
