import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { helsinkiLocalToIso, isoToHelsinkiLocal, useFormat } from '../../i18n/format';
import type { ApiError } from '../../api/client';
import { CheckboxGroup, SelectField, TextArea, TextField } from '../../ui/form';
import { DateTimeField, Rows, StepForm, casePath, nowLocal, optional, useCase, useDirectory, useRooms, useStep } from './kit';
import { SHAREABLE_CATEGORIES, listOf, type ConsentScope, type ConsentState, type ConveningMeeting, type ConveningState } from './types';

interface ConveningProps {
  convening: ConveningState;
  etag: string | undefined;
}

const conveningPath = (caseId: string, step: string) => `/convenings/${casePath(caseId)}/${step}`;

/** A scope as the form holds it: a person by directory id, or a family member / close person by name (`named`). */
interface ScopeRow {
  kind: ConsentScope['kind'];
  value: string;
  named: string;
  share: string[];
}

const NAMED = '(named)';
const blankScope = (): ScopeRow => ({ kind: 'person', value: '', named: '', share: ['concern'] });
const scopeOfRow = ({ kind, value, named, share }: ScopeRow) => ({
  kind,
  value: kind === 'person' && value === NAMED ? named : value,
  share,
});
const rowOfScope = (scope: ConsentScope): ScopeRow => ({
  kind: scope.kind,
  value: scope.value ?? (scope.name ? NAMED : ''),
  named: scope.name ?? '',
  share: scope.share,
});

/** Who may see which categories of the case: a row per person, organisation or sector (the consent's scopes). */
function ScopesEditor({ scopes, onChange, error }: { scopes: ScopeRow[]; onChange: (rows: ScopeRow[]) => void; error: ApiError | null }) {
  const { t } = useTranslation('steps');
  const directory = useDirectory();
  const organisations = [...new Set(directory.map((p) => p.organisation))];
  const sectors = [...new Set(directory.map((p) => p.sector))];
  return (
    <Rows<ScopeRow>
      legend={t('scopes')}
      items={scopes}
      onChange={onChange}
      blank={blankScope}
      addLabel={t('addScope')}
      min={1}
      render={(row, index, update) => (
        <>
          <SelectField
            label={t('scopeKind')}
            name={`scopes.${index}.kind`}
            error={error}
            required
            value={row.kind}
            onChange={(event) => update({ kind: event.target.value as ScopeRow['kind'], value: '' })}
            options={(['person', 'organisation', 'sector'] as const).map((k) => ({ value: k, label: t(`scopeKind_${k}`) }))}
          />
          {row.kind === 'person' ? (
            <SelectField
              label={t('scopePerson')}
              name={`scopes.${index}.value`}
              error={error}
              required
              placeholder={t('choose')}
              value={row.value}
              onChange={(event) => update({ value: event.target.value })}
              options={[
                ...directory.map((p) => ({ value: p.id, label: `${p.name} (${p.organisation})` })),
                { value: NAMED, label: t('familyOrClosePerson') },
              ]}
            />
          ) : (
            <SelectField
              label={t(row.kind === 'organisation' ? 'scopeOrganisation' : 'scopeSector')}
              name={`scopes.${index}.value`}
              error={error}
              required
              placeholder={t('choose')}
              value={row.value}
              onChange={(event) => update({ value: event.target.value })}
              options={(row.kind === 'organisation' ? organisations : sectors).map((v) => ({ value: v, label: v }))}
            />
          )}
          {row.kind === 'person' && row.value === NAMED ? (
            <TextField
              label={t('personName')}
              name={`scopes.${index}.value`}
              error={error}
              required
              maxLength={200}
              value={row.named}
              onChange={(event) => update({ named: event.target.value })}
            />
          ) : null}
          <CheckboxGroup
            legend={`${t('share')} (${index + 1})`}
            name={`scopes.${index}.share`}
            error={error}
            value={row.share}
            onChange={(share) => update({ share })}
            options={SHAREABLE_CATEGORIES.map((c) => ({ value: c, label: t(`category_${c}`) }))}
          />
        </>
      )}
    />
  );
}

/** POST /convenings/{id}/consents: the family's consent, on the paper form or electronically, with its scopes. */
export function ConsentForm({ convening, etag, children }: ConveningProps & { children: string[] }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('convening', etag);
  const guardians = listOf(convening.guardians);
  const [chosenGuardians, setGuardians] = useState<string[]>(guardians);
  const [chosenChildren, setChildren] = useState<string[]>(children);
  const [scopes, setScopes] = useState<ScopeRow[]>([blankScope()]);
  const [validUntil, setValidUntil] = useState(nowLocal(365 * 24 * 60).slice(0, 10) + 'T00:00');
  const [givenAs, setGivenAs] = useState('paper-form');
  const e = step.error;
  return (
    <StepForm
      title={t('consent')}
      hint={t('consentHint')}
      step={step}
      onSubmit={() =>
        void step.send(conveningPath(caseId, 'consents'), {
          guardians: chosenGuardians,
          children: chosenChildren,
          scopes: scopes.map(scopeOfRow),
          validUntil: helsinkiLocalToIso(validUntil),
          givenAs,
        })
      }
    >
      <CheckboxGroup
        legend={t('consentGuardians')}
        name="guardians"
        error={e}
        value={chosenGuardians}
        onChange={setGuardians}
        options={guardians.map((g) => ({ value: g, label: g }))}
      />
      <CheckboxGroup
        legend={t('consentChildren')}
        name="children"
        error={e}
        value={chosenChildren}
        onChange={setChildren}
        options={children.map((c) => ({ value: c, label: c }))}
      />
      <ScopesEditor scopes={scopes} onChange={setScopes} error={e} />
      <DateTimeField label={t('validUntil')} name="validUntil" error={e} required value={validUntil} onChange={setValidUntil} />
      <SelectField
        label={t('givenAs')}
        name="givenAs"
        error={e}
        required
        value={givenAs}
        onChange={(event) => setGivenAs(event.target.value)}
        options={['paper-form', 'electronic'].map((g) => ({ value: g, label: t(`givenAs_${g}`) }))}
      />
    </StepForm>
  );
}

/** POST …/consents/{consentId}/extensions: more people or categories, or a later end. */
export function ConsentExtensionForm({ consent, etag }: { consent: ConsentState; etag: string | undefined }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('convening', etag);
  const [scopes, setScopes] = useState<ScopeRow[]>(consent.scopes.map(rowOfScope));
  const [validUntil, setValidUntil] = useState('');
  return (
    <StepForm
      title={t('consentExtension')}
      step={step}
      onSubmit={() =>
        void step.send(conveningPath(caseId, `consents/${encodeURIComponent(consent.consentId)}/extensions`), {
          scopes: scopes.map(scopeOfRow),
          ...(validUntil ? { validUntil: helsinkiLocalToIso(validUntil) } : {}),
        })
      }
    >
      <ScopesEditor scopes={scopes} onChange={setScopes} error={step.error} />
      <DateTimeField label={t('newValidUntil')} name="validUntil" error={step.error} value={validUntil} onChange={setValidUntil} />
    </StepForm>
  );
}

/** POST …/consents/{consentId}/withdrawal: a guardian who gave it withdraws it; access resting on it ends at once. */
export function ConsentWithdrawalForm({ consent, etag }: { consent: ConsentState; etag: string | undefined }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('convening', etag);
  const guardians = listOf(consent.guardians);
  const [withdrawnBy, setWithdrawnBy] = useState(guardians[0] ?? '');
  return (
    <StepForm
      title={t('consentWithdrawal')}
      hint={t('consentWithdrawalHint')}
      submitLabel={t('withdraw')}
      step={step}
      onSubmit={() =>
        void step.send(conveningPath(caseId, `consents/${encodeURIComponent(consent.consentId)}/withdrawal`), { withdrawnBy })
      }
    >
      <SelectField
        label={t('withdrawnBy')}
        name="withdrawnBy"
        error={step.error}
        required
        value={withdrawnBy}
        onChange={(event) => setWithdrawnBy(event.target.value)}
        options={guardians.map((g) => ({ value: g, label: g }))}
      />
    </StepForm>
  );
}

/** The consent's state and its two changes, per consent. */
export function ConsentCard({ consent, etag }: { consent: ConsentState; etag: string | undefined }) {
  const { t } = useTranslation('steps');
  const format = useFormat();
  return (
    <section className="card" aria-label={`${t('consent')} ${consent.consentId.slice(0, 8)}`}>
      <p>
        <strong>
          {t('consent')} {consent.consentId.slice(0, 8)}
        </strong>{' '}
        — {t(`consentStatus_${consent.status}`)}, {t('validUntil').toLowerCase()} {format.dateTime(consent.validUntil)}
      </p>
      <ul>
        {consent.scopes.map((scope, i) => (
          <li key={i}>
            {t(`scopeKind_${scope.kind}`)}: {scope.value ?? scope.name ?? '–'} → {scope.share.map((c) => t(`category_${c}`)).join(', ')}
          </li>
        ))}
      </ul>
      {consent.status === 'in-force' ? (
        <>
          <ConsentExtensionForm consent={consent} etag={etag} />
          <ConsentWithdrawalForm consent={consent} etag={etag} />
        </>
      ) : null}
    </section>
  );
}

/** POST /convenings/{id}/invitations: a professional from the directory, or a family member or close person by name. */
export function InviteForm({ etag }: ConveningProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const directory = useDirectory();
  const step = useStep('convening', etag);
  const [kind, setKind] = useState('professional');
  const [directoryId, setDirectoryId] = useState('');
  const [name, setName] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('invite')}
      hint={t('inviteHint')}
      submitLabel={t('sendInvitation')}
      step={step}
      onSubmit={() =>
        void step.send(conveningPath(caseId, 'invitations'), kind === 'professional' ? { kind, directoryId } : { kind, name })
      }
    >
      <SelectField
        label={t('inviteeKind')}
        name="kind"
        error={e}
        required
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        options={['professional', 'family-member', 'close-person'].map((k) => ({ value: k, label: t(`inviteeKind_${k}`) }))}
      />
      {kind === 'professional' ? (
        <SelectField
          label={t('invitee')}
          name="directoryId"
          error={e}
          required
          placeholder={t('choose')}
          value={directoryId}
          onChange={(event) => setDirectoryId(event.target.value)}
          options={directory.map((p) => ({ value: p.id, label: `${p.name} — ${p.organisation} (${p.sector})` }))}
        />
      ) : (
        <TextField
          label={t('personName')}
          name="name"
          error={e}
          required
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      )}
    </StepForm>
  );
}

/** The invitations sent and their replies. */
export function InvitationList({ convening }: { convening: ConveningState }) {
  const { t } = useTranslation('steps');
  if (convening.invitations.length === 0) return <p>{t('noInvitations')}</p>;
  return (
    <table>
      <caption>{t('invitations')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('invitee')}</th>
          <th scope="col">{t('share')}</th>
          <th scope="col">{t('replyStatus')}</th>
        </tr>
      </thead>
      <tbody>
        {convening.invitations.map((i) => (
          <tr key={i.invitationId}>
            <td>{'name' in i.invitee && i.invitee.name ? i.invitee.name : (i.inviteeId ?? '–')}</td>
            <td>{i.share.map((c) => t(`category_${c}`)).join(', ')}</td>
            <td>{t(`invitationStatus_${i.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** POST …/invitations/{invitationId}/replies: the invitee accepts, declines or proposes another time. */
export function ReplyForm({ invitationId }: { invitationId: string }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  // An invitee reads nothing of convening: there is no revision of theirs to send.
  const step = useStep('convening', undefined);
  const [reply, setReply] = useState('accept');
  const [proposedTime, setProposedTime] = useState('');
  return (
    <StepForm
      title={t('reply')}
      hint={t('replyHint')}
      step={step}
      onSubmit={() =>
        void step.send(
          conveningPath(caseId, `invitations/${encodeURIComponent(invitationId)}/replies`),
          { reply, ...(reply === 'propose-time' && proposedTime ? { proposedTime: helsinkiLocalToIso(proposedTime) } : {}) },
          { ifMatch: false },
        )
      }
    >
      <SelectField
        label={t('replyChoice')}
        name="reply"
        error={step.error}
        required
        value={reply}
        onChange={(event) => setReply(event.target.value)}
        options={['accept', 'decline', 'propose-time'].map((r) => ({ value: r, label: t(`reply_${r}`) }))}
      />
      {reply === 'propose-time' ? (
        <DateTimeField
          label={t('proposedTime')}
          name="proposedTime"
          error={step.error}
          required
          value={proposedTime}
          onChange={setProposedTime}
        />
      ) : null}
    </StepForm>
  );
}

/** The meeting's time (Finnish wall time) and room (reference data), shared by booking and moving. */
function SlotFields({
  slot,
  onChange,
  error,
}: {
  slot: { startsAt: string; endsAt: string; roomId: string };
  onChange: (patch: Partial<{ startsAt: string; endsAt: string; roomId: string }>) => void;
  error: ApiError | null;
}) {
  const { t } = useTranslation('steps');
  const rooms = useRooms();
  return (
    <>
      <DateTimeField
        label={t('startsAt')}
        hint={t('helsinkiTime')}
        name="startsAt"
        error={error}
        required
        value={slot.startsAt}
        onChange={(startsAt) => onChange({ startsAt })}
      />
      <DateTimeField
        label={t('endsAt')}
        name="endsAt"
        error={error}
        required
        value={slot.endsAt}
        onChange={(endsAt) => onChange({ endsAt })}
      />
      <SelectField
        label={t('room')}
        name="roomId"
        error={error}
        required
        placeholder={t('choose')}
        value={slot.roomId}
        onChange={(event) => onChange({ roomId: event.target.value })}
        options={rooms.map((r) => ({ value: r.key, label: r.value.name }))}
      />
    </>
  );
}

const plusMinutes = (local: string, minutes: number) =>
  isoToHelsinkiLocal(new Date(Date.parse(helsinkiLocalToIso(local)) + minutes * 60_000).toISOString());

/** POST /convenings/{id}/meetings: the joint meeting (or a follow-up meeting) booked in a room. */
export function ScheduleMeetingForm({ convening, etag }: ConveningProps) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('convening', etag);
  const held = convening.meetings.filter((m) => !m.cancelled);
  const [kind, setKind] = useState<string>(held.length > 0 || convening.followUpPending ? 'follow-up' : 'first');
  const [slot, setSlot] = useState(() => {
    const startsAt = nowLocal(24 * 60).slice(0, 11) + '09:00';
    return { startsAt, endsAt: plusMinutes(startsAt, 90), roomId: '' };
  });
  const [followUpReason, setFollowUpReason] = useState('');
  const e = step.error;
  return (
    <StepForm
      title={t('scheduleMeeting')}
      step={step}
      submitLabel={t('book')}
      onSubmit={() =>
        void step.send(conveningPath(caseId, 'meetings'), {
          kind,
          startsAt: helsinkiLocalToIso(slot.startsAt),
          endsAt: helsinkiLocalToIso(slot.endsAt),
          roomId: slot.roomId,
          ...(optional(followUpReason) ? { followUpReason } : {}),
        })
      }
    >
      <SelectField
        label={t('meetingKind')}
        name="kind"
        error={e}
        required
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        options={['first', 'follow-up'].map((k) => ({ value: k, label: t(`meetingKind_${k}`) }))}
      />
      <SlotFields
        slot={slot}
        error={e}
        onChange={(patch) =>
          setSlot((s) => ({
            ...s,
            ...patch,
            ...(patch.startsAt && s.endsAt <= patch.startsAt ? { endsAt: plusMinutes(patch.startsAt, 90) } : {}),
          }))
        }
      />
      <TextArea
        label={t('followUpReason')}
        hint={t('followUpReasonHint')}
        name="followUpReason"
        error={e}
        maxLength={2000}
        required={held.length >= 3}
        value={followUpReason}
        onChange={(event) => setFollowUpReason(event.target.value)}
      />
    </StepForm>
  );
}

/** POST …/meetings/{meetingId}/rescheduling: another time or room, and why. */
export function RescheduleForm({ meeting, etag }: { meeting: ConveningMeeting; etag: string | undefined }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('convening', etag);
  const [slot, setSlot] = useState({
    startsAt: isoToHelsinkiLocal(meeting.startsAt),
    endsAt: isoToHelsinkiLocal(meeting.endsAt),
    roomId: meeting.roomId,
  });
  const [reason, setReason] = useState('');
  return (
    <StepForm
      title={t('reschedule')}
      step={step}
      onSubmit={() =>
        void step.send(conveningPath(caseId, `meetings/${encodeURIComponent(meeting.meetingId)}/rescheduling`), {
          startsAt: helsinkiLocalToIso(slot.startsAt),
          endsAt: helsinkiLocalToIso(slot.endsAt),
          roomId: slot.roomId,
          reason,
        })
      }
    >
      <SlotFields slot={slot} error={step.error} onChange={(patch) => setSlot((s) => ({ ...s, ...patch }))} />
      <TextArea
        label={t('rescheduleReason')}
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

/** POST …/meetings/{meetingId}/cancellation: the meeting called off, and why. */
export function CancelMeetingForm({ meeting, etag }: { meeting: ConveningMeeting; etag: string | undefined }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const step = useStep('convening', etag);
  const [reason, setReason] = useState('');
  return (
    <StepForm
      title={t('cancelMeeting')}
      submitLabel={t('cancelMeeting')}
      step={step}
      onSubmit={() => void step.send(conveningPath(caseId, `meetings/${encodeURIComponent(meeting.meetingId)}/cancellation`), { reason })}
    >
      <TextArea
        label={t('cancelReason')}
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
