import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePerson } from '../../auth/session';
import { CheckboxGroup, SelectField, TextArea, TextField } from '../../ui/form';
import { CheckField, Rows, StepForm, casePath, optional, useCase, useDirectory, useLocalised, useOrganisers, useStep } from './kit';
import type { ConsentState, MeetingState } from './types';

export interface MeetingProps {
  meeting: MeetingState;
  etag: string | undefined;
}

export const meetingPath = (caseId: string, meetingId: string, step = '') =>
  `/cases/${casePath(caseId)}/meetings/${encodeURIComponent(meetingId)}${step ? `/${step}` : ''}`;

const ROLES = ['family-member', 'child', 'close-person', 'professional'] as const;
interface Participant {
  name: string;
  role: (typeof ROLES)[number];
  professionalId: string;
}

/** POST …/attendance: who came (a professional by directory id, the family's own people by name and role). */
export function AttendanceForm({ meeting, etag, guardians }: MeetingProps & { guardians: string[] }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const person = usePerson();
  const directory = useDirectory();
  const step = useStep('meeting', etag);
  const [participants, setParticipants] = useState<Participant[]>(() =>
    meeting.attendance
      ? meeting.attendance.participants.map((p) => ({
          name: p.name,
          role: p.role as Participant['role'],
          professionalId: p.professionalId ?? '',
        }))
      : [
          ...guardians.map((name): Participant => ({ name, role: 'family-member', professionalId: '' })),
          ...(person ? [{ name: person.name, role: 'professional' as const, professionalId: person.id }] : []),
        ],
  );
  const [childTookPart, setChildTookPart] = useState(meeting.attendance?.childTookPart ?? false);
  const e = step.error;
  return (
    <StepForm
      title={t('attendance')}
      step={step}
      onSubmit={() =>
        void step.send(meetingPath(caseId, meeting.meetingId, 'attendance'), {
          participants: participants.map(({ name, role, professionalId }) =>
            role === 'professional' ? { name, role, professionalId } : { name, role },
          ),
          childTookPart,
        })
      }
    >
      <Rows<Participant>
        legend={t('participants')}
        items={participants}
        onChange={setParticipants}
        blank={() => ({ name: '', role: 'family-member', professionalId: '' })}
        addLabel={t('addParticipant')}
        min={1}
        max={40}
        render={(p, index, update) => (
          <>
            <SelectField
              label={t('participantRole')}
              name={`participants.${index}.role`}
              error={e}
              required
              value={p.role}
              onChange={(event) => update({ role: event.target.value as Participant['role'] })}
              options={ROLES.map((r) => ({ value: r, label: t(`participantRole_${r}`) }))}
            />
            {p.role === 'professional' ? (
              <SelectField
                label={t('professional')}
                name={`participants.${index}.professionalId`}
                error={e}
                required
                placeholder={t('choose')}
                value={p.professionalId}
                onChange={(event) =>
                  update({ professionalId: event.target.value, name: directory.find((d) => d.id === event.target.value)?.name ?? p.name })
                }
                options={directory.map((d) => ({ value: d.id, label: `${d.name} (${d.organisation})` }))}
              />
            ) : null}
            <TextField
              label={t('personName')}
              name={`participants.${index}.name`}
              error={e}
              required
              maxLength={200}
              value={p.name}
              onChange={(event) => update({ name: event.target.value })}
            />
          </>
        )}
      />
      <CheckField label={t('childTookPart')} name="childTookPart" error={e} checked={childTookPart} onChange={setChildTookPart} />
    </StepForm>
  );
}

/** POST …/consent-form: who in the family signed the "team members and consent" form. */
export function ConsentFormSigned({ meeting, etag, guardians }: MeetingProps & { guardians: string[] }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('meeting', etag);
  const [signedBy, setSignedBy] = useState<string[]>(meeting.consentForm?.signedBy ?? guardians);
  return (
    <StepForm
      title={t('consentFormSigned')}
      hint={t('consentFormSignedHint')}
      step={step}
      onSubmit={() => void step.send(meetingPath(caseId, meeting.meetingId, 'consent-form'), { signedBy })}
    >
      <CheckboxGroup
        legend={t('signedBy')}
        name="signedBy"
        error={step.error}
        value={signedBy}
        onChange={setSignedBy}
        options={guardians.map((g) => ({ value: g, label: g }))}
      />
    </StepForm>
  );
}

/** POST …/views: each party's view of the situation, heard in turn (dialogue). */
export function ViewsForm({ meeting, etag }: MeetingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('meeting', etag);
  const [views, setViews] = useState([{ party: '', view: '' }]);
  const e = step.error;
  return (
    <StepForm title={t('views')} step={step} onSubmit={() => void step.send(meetingPath(caseId, meeting.meetingId, 'views'), { views })}>
      <Rows
        legend={t('views')}
        items={views}
        onChange={setViews}
        blank={() => ({ party: '', view: '' })}
        addLabel={t('addView')}
        min={1}
        render={(v, index, update) => (
          <>
            <TextField
              label={t('party')}
              name={`views.${index}.party`}
              error={e}
              required
              maxLength={200}
              value={v.party}
              onChange={(event) => update({ party: event.target.value })}
            />
            <TextArea
              label={t('view')}
              name={`views.${index}.view`}
              error={e}
              required
              maxLength={5000}
              value={v.view}
              onChange={(event) => update({ view: event.target.value })}
            />
          </>
        )}
      />
    </StepForm>
  );
}

/** POST …/close-worker-tasks: the close worker's checklist at the meeting (seed 002). */
export function CloseWorkerTasksForm({ meeting, etag }: MeetingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const localised = useLocalised();
  const step = useStep('meeting', etag);
  const [done, setDone] = useState<Record<string, boolean>>(
    Object.fromEntries(meeting.closeWorkerTasks.map((task) => [task.task, task.done === true])),
  );
  return (
    <StepForm
      title={t('closeWorkerTasks')}
      step={step}
      onSubmit={() =>
        void step.send(meetingPath(caseId, meeting.meetingId, 'close-worker-tasks'), {
          tasks: meeting.closeWorkerTasks.map(({ task }) => ({ task, done: done[task] ?? false })),
        })
      }
    >
      {meeting.closeWorkerTasks.map((task, index) => (
        <CheckField
          key={task.task}
          label={localised(task)}
          name={`tasks.${index}.done`}
          error={step.error}
          checked={done[task.task] ?? false}
          onChange={(checked) => setDone((d) => ({ ...d, [task.task]: checked }))}
        />
      ))}
    </StepForm>
  );
}

/** POST …/responsible-workers: named by the family; public-service professionals covered by a consent in force. */
export function ResponsibleWorkersForm({ meeting, etag, consents }: MeetingProps & { consents: ConsentState[] }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const directory = useDirectory().filter((p) => p.publicService);
  const step = useStep('meeting', etag);
  const [workers, setWorkers] = useState(
    meeting.responsibleWorkers?.length
      ? meeting.responsibleWorkers.map((w) => ({ professionalId: w.professionalId }))
      : [{ professionalId: '' }],
  );
  const [reason, setReason] = useState('');
  const inForce = consents.filter((c) => c.status === 'in-force');
  const [consentId, setConsentId] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('responsibleWorkers')}
      hint={t('responsibleWorkersHint')}
      step={step}
      onSubmit={() =>
        void step.send(meetingPath(caseId, meeting.meetingId, 'responsible-workers'), {
          workers,
          ...(optional(reason) ? { reason } : {}),
          ...(consentId ? { consentId } : {}),
        })
      }
    >
      <Rows
        legend={t('responsibleWorkers')}
        items={workers}
        onChange={setWorkers}
        blank={() => ({ professionalId: '' })}
        addLabel={t('addResponsibleWorker')}
        min={1}
        max={2}
        render={(w, index, update) => (
          <SelectField
            label={t('professional')}
            name={`workers.${index}.professionalId`}
            error={e}
            required
            placeholder={t('choose')}
            value={w.professionalId}
            onChange={(event) => update({ professionalId: event.target.value })}
            options={directory.map((d) => ({ value: d.id, label: `${d.name} (${d.organisation})` }))}
          />
        )}
      />
      <SelectField
        label={t('underConsent')}
        name="consentId"
        error={e}
        placeholder={t('firstCoveringConsent')}
        value={consentId}
        onChange={(event) => setConsentId(event.target.value)}
        options={inForce.map((c) => ({ value: c.consentId, label: c.consentId.slice(0, 8) }))}
      />
      <TextArea
        label={t('changeReason')}
        hint={t('changeReasonHint')}
        name="reason"
        error={e}
        maxLength={2000}
        required={!!meeting.responsibleWorkers?.length}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
    </StepForm>
  );
}

const GOT_HELP = ['yes', 'partly', 'no', 'too-early'] as const;

/** POST …/closing: the joint evaluation at the end (per agenda item) and the meeting's report record. */
export function CloseMeetingForm({ meeting, etag }: MeetingProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const person = usePerson();
  const organisers = useOrganisers();
  const step = useStep('meeting', etag);
  const [agenda, setAgenda] = useState<Array<{ item: string; covered: boolean; note: string }>>([]);
  const [allMattersCovered, setAllMattersCovered] = useState('yes');
  const [evaluationNote, setEvaluationNote] = useState('');
  const [organizer, setOrganizer] = useState('');
  const [referred, setReferred] = useState(false);
  const [referredTo, setReferredTo] = useState('');
  const [toAssessment, setToAssessment] = useState(false);
  const [familyGotHelp, setFamilyGotHelp] = useState('yes');
  const [remarks, setRemarks] = useState('');
  const own = organisers.find((o) => o.value.name === person?.organisation)?.value.name;
  const e = step.error;
  return (
    <StepForm
      title={t('closeMeeting')}
      hint={t('closeMeetingHint')}
      submitLabel={t('closeMeeting')}
      step={step}
      onSubmit={() =>
        void step.send(meetingPath(caseId, meeting.meetingId, 'closing'), {
          ...(agenda.length
            ? { agenda: agenda.map(({ item, covered, note }) => ({ item, covered, ...(optional(note) ? { note } : {}) })) }
            : { allMattersCovered: allMattersCovered === 'yes' }),
          ...(optional(evaluationNote) ? { evaluationNote } : {}),
          report: {
            organizer: organizer || own || '',
            referred,
            ...(referred && optional(referredTo) ? { referredTo } : {}),
            referredToAssessmentOrSocialWork: toAssessment,
            familyGotHelp,
            ...(optional(remarks) ? { remarks } : {}),
          },
        })
      }
    >
      <Rows
        legend={t('agenda')}
        items={agenda}
        onChange={setAgenda}
        blank={() => ({ item: '', covered: true, note: '' })}
        addLabel={t('addAgendaItem')}
        render={(a, index, update) => (
          <>
            <TextField
              label={t('agendaItem')}
              name={`agenda.${index}.item`}
              error={e}
              required
              maxLength={500}
              value={a.item}
              onChange={(event) => update({ item: event.target.value })}
            />
            <CheckField
              label={t('covered')}
              name={`agenda.${index}.covered`}
              error={e}
              checked={a.covered}
              onChange={(covered) => update({ covered })}
            />
            <TextField
              label={t('note')}
              name={`agenda.${index}.note`}
              error={e}
              maxLength={2000}
              value={a.note}
              onChange={(event) => update({ note: event.target.value })}
            />
          </>
        )}
      />
      {agenda.length === 0 ? (
        <SelectField
          label={t('allMattersCovered')}
          name="allMattersCovered"
          error={e}
          required
          value={allMattersCovered}
          onChange={(event) => setAllMattersCovered(event.target.value)}
          options={[
            { value: 'yes', label: t('common:yes') },
            { value: 'no', label: t('common:no') },
          ]}
        />
      ) : null}
      <TextArea
        label={t('evaluationNote')}
        name="evaluationNote"
        error={e}
        maxLength={5000}
        value={evaluationNote}
        onChange={(event) => setEvaluationNote(event.target.value)}
      />
      <fieldset className="rows">
        <legend>{t('reportRecord')}</legend>
        <SelectField
          label={t('organizer')}
          name="report.organizer"
          error={e}
          required
          placeholder={t('choose')}
          value={organizer || own || ''}
          onChange={(event) => setOrganizer(event.target.value)}
          options={organisers.map((o) => ({ value: o.value.name, label: o.value.name }))}
        />
        <CheckField label={t('referred')} name="report.referred" error={e} checked={referred} onChange={setReferred} />
        {referred ? (
          <TextField
            label={t('referredTo')}
            name="report.referredTo"
            error={e}
            maxLength={200}
            value={referredTo}
            onChange={(event) => setReferredTo(event.target.value)}
          />
        ) : null}
        <CheckField
          label={t('referredToAssessment')}
          name="report.referredToAssessmentOrSocialWork"
          error={e}
          checked={toAssessment}
          onChange={setToAssessment}
        />
        <SelectField
          label={t('familyGotHelp')}
          name="report.familyGotHelp"
          error={e}
          required
          value={familyGotHelp}
          onChange={(event) => setFamilyGotHelp(event.target.value)}
          options={GOT_HELP.map((g) => ({ value: g, label: t(`gotHelp_${g}`) }))}
        />
        <TextArea
          label={t('remarks')}
          name="report.remarks"
          error={e}
          maxLength={5000}
          value={remarks}
          onChange={(event) => setRemarks(event.target.value)}
        />
      </fieldset>
    </StepForm>
  );
}

/** The printable plan the meeting service renders (GET …/plan?format=html|pdf), on a page of its own. */
export function PrintPlanLink({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  if (!meeting.plan) return null;
  return (
    <p>
      <Link className="button" to={`/cases/${caseId}/meetings/${meeting.meetingId}/plan`}>
        {t('printPlan')}
      </Link>
    </p>
  );
}
