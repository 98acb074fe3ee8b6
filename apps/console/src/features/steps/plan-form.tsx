import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { helsinkiLocalToIso, isoToHelsinkiLocal } from '../../i18n/format';
import { SelectField, TextArea, TextField } from '../../ui/form';
import { DateTimeField, Rows, StepForm, nowLocal, useCase, useStep } from './kit';
import { meetingPath, type MeetingProps } from './meeting-steps';
import type { JointPlan, PlanAction } from './types';

/** The plan's arenas as the meeting service names them (seed 002: at home, in the daily environment, elsewhere). */
export const ARENAS = ['home', 'everyday-environment', 'elsewhere'] as const;

const blankAction = (arena: PlanAction['arena'] = 'home'): PlanAction => ({ arena, where: '', what: '', who: '', by: '' });

const planOf = (plan: JointPlan | null | undefined): JointPlan & { nextContactLocal: string } => ({
  matters: plan?.matters.length ? [...plan.matters] : [''],
  actions: plan?.actions.length ? plan.actions.map((a) => ({ ...a, where: a.where ?? '' })) : ARENAS.map((arena) => blankAction(arena)),
  followUp: plan?.followUp ?? { workerContactsFamily: '', familyContactsWorker: '' },
  nextContactAt: plan?.nextContactAt ?? '',
  nextContactLocal: plan?.nextContactAt ? isoToHelsinkiLocal(plan.nextContactAt) : nowLocal(14 * 24 * 60).slice(0, 11) + '10:00',
});

/**
 * The joint plan (seed 002's template): the matters that need change, the actions at home, in the child's everyday
 * environment and elsewhere (what, who, by when), how the follow-up goes, and the next contact. Agreed at the
 * first meeting (POST …/plan); a later change is a revision with its reason (POST …/plan/revisions).
 */
export function PlanForm({ meeting, etag, mode, startFrom }: MeetingProps & { mode: 'agree' | 'revise'; startFrom?: JointPlan | null }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('meeting', etag);
  const [plan, setPlan] = useState(() => planOf(startFrom ?? meeting.plan));
  const [reason, setReason] = useState('');
  const e = step.error;
  const set = (patch: Partial<typeof plan>) => setPlan((p) => ({ ...p, ...patch }));
  const body = () => {
    const content: JointPlan = {
      matters: plan.matters,
      actions: plan.actions.map(({ where, ...action }) => (action.arena === 'elsewhere' ? { ...action, where } : action)),
      followUp: plan.followUp,
      nextContactAt: helsinkiLocalToIso(plan.nextContactLocal),
    };
    return mode === 'agree' ? { plan: content } : { plan: content, reason };
  };
  return (
    <StepForm
      title={t(mode === 'agree' ? 'planAgree' : 'planRevise')}
      hint={t('planHint')}
      step={step}
      onSubmit={() => void step.send(meetingPath(caseId, meeting.meetingId, mode === 'agree' ? 'plan' : 'plan/revisions'), body())}
    >
      <Rows<string>
        legend={t('matters')}
        items={plan.matters}
        onChange={(matters) => set({ matters })}
        blank={() => ''}
        addLabel={t('addMatter')}
        min={1}
        render={(matter, index) => (
          <TextField
            label={`${t('matter')} ${index + 1}`}
            name={`plan.matters.${index}`}
            error={e}
            required
            value={matter}
            onChange={(event) => set({ matters: plan.matters.map((m, i) => (i === index ? event.target.value : m)) })}
          />
        )}
      />
      <Rows<PlanAction>
        legend={t('actions')}
        items={plan.actions}
        onChange={(actions) => set({ actions })}
        blank={() => blankAction()}
        addLabel={t('addAction')}
        min={1}
        render={(action, index, update) => (
          <>
            <SelectField
              label={t('arena')}
              name={`plan.actions.${index}.arena`}
              error={e}
              required
              value={action.arena}
              onChange={(event) => update({ arena: event.target.value as PlanAction['arena'] })}
              options={ARENAS.map((arena) => ({ value: arena, label: t(`arena_${arena}`) }))}
            />
            {action.arena === 'elsewhere' ? (
              <TextField
                label={t('where')}
                name={`plan.actions.${index}.where`}
                error={e}
                required
                maxLength={200}
                value={action.where ?? ''}
                onChange={(event) => update({ where: event.target.value })}
              />
            ) : null}
            <TextField
              label={t('what')}
              name={`plan.actions.${index}.what`}
              error={e}
              required
              maxLength={2000}
              value={action.what}
              onChange={(event) => update({ what: event.target.value })}
            />
            <TextField
              label={t('who')}
              name={`plan.actions.${index}.who`}
              error={e}
              required
              maxLength={200}
              value={action.who}
              onChange={(event) => update({ who: event.target.value })}
            />
            <TextField
              type="date"
              label={t('by')}
              name={`plan.actions.${index}.by`}
              error={e}
              required
              value={action.by}
              onChange={(event) => update({ by: event.target.value })}
            />
          </>
        )}
      />
      <TextArea
        label={t('workerContactsFamily')}
        name="plan.followUp.workerContactsFamily"
        error={e}
        required
        maxLength={1000}
        value={plan.followUp.workerContactsFamily}
        onChange={(event) => set({ followUp: { ...plan.followUp, workerContactsFamily: event.target.value } })}
      />
      <TextArea
        label={t('familyContactsWorker')}
        name="plan.followUp.familyContactsWorker"
        error={e}
        required
        maxLength={1000}
        value={plan.followUp.familyContactsWorker}
        onChange={(event) => set({ followUp: { ...plan.followUp, familyContactsWorker: event.target.value } })}
      />
      <DateTimeField
        label={t('nextContactAt')}
        name="plan.nextContactAt"
        error={e}
        required
        value={plan.nextContactLocal}
        onChange={(nextContactLocal) => set({ nextContactLocal })}
      />
      {mode === 'revise' ? (
        <TextArea
          label={t('revisionReason')}
          name="reason"
          error={e}
          required
          maxLength={2000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      ) : null}
    </StepForm>
  );
}

/** POST …/plan/confirmation: at a follow-up meeting the family confirms the plan in force, with the next contact. */
export function ConfirmPlanForm({ meeting, etag }: MeetingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('meeting', etag);
  const [nextContactAt, setNextContactAt] = useState(nowLocal(14 * 24 * 60).slice(0, 11) + '10:00');
  return (
    <StepForm
      title={t('planConfirm')}
      hint={t('planConfirmHint')}
      step={step}
      onSubmit={() =>
        void step.send(meetingPath(caseId, meeting.meetingId, 'plan/confirmation'), { nextContactAt: helsinkiLocalToIso(nextContactAt) })
      }
    >
      <DateTimeField
        label={t('nextContactAt')}
        name="nextContactAt"
        error={step.error}
        required
        value={nextContactAt}
        onChange={setNextContactAt}
      />
    </StepForm>
  );
}
