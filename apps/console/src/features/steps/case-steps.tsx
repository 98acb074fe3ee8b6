import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { usePerson } from '../../auth/session';
import { useApiQuery } from '../../api/hooks';
import { useFormat } from '../../i18n/format';
import type { Overview, Paged, Task } from '../worker/types';
import {
  MandatoryNotificationForm,
  NeedsAssessmentContactForm,
  RaisingForm,
  RouteDecisionForm,
  ServiceContactForm,
  ZoneRatingForm,
} from './concern-steps';
import {
  CancelMeetingForm,
  ConsentCard,
  ConsentForm,
  InvitationList,
  InviteForm,
  ReplyForm,
  RescheduleForm,
  ScheduleMeetingForm,
} from './convening-steps';
import {
  AttendanceForm,
  CloseMeetingForm,
  CloseWorkerTasksForm,
  ConsentFormSigned,
  PrintPlanLink,
  ResponsibleWorkersForm,
  ViewsForm,
  meetingPath,
} from './meeting-steps';
import { ConfirmPlanForm, PlanForm } from './plan-form';
import { StarRatings, WellbeingStarForm } from './wellbeing-star';
import { ClosureForm, ContactForm, FeedbackFormStep, FollowUpRequestForm, OutcomeForm, ProgressForm, ReopenForm } from './follow-up-steps';
import { CaseStepsProvider, StepGroup, casePath, useCase } from './kit';
import {
  listOf,
  type ConcernState,
  type ConsentState,
  type ConveningMeeting,
  type ConveningState,
  type JointPlan,
  type MeetingState,
  type PlanTrackingState,
} from './types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A stream a reaction opens (convening after the route, the meeting after booking, follow-up after the plan): asked again until it is there. */
const untilOpened = {
  refetchInterval: (query: { state: { error: { status: number } | null } }) => (query.state.error?.status === 404 ? 1500 : false),
};

/**
 * The steps of the model the person can take in this case now, grouped by phase: what their roles in the case and
 * the categories they read allow (the services refuse the rest anyway; this only keeps the page to what is theirs).
 */
export function CaseSteps({ overview, reload }: { overview: Overview; reload: () => void }) {
  const { t } = useTranslation('steps');
  const person = usePerson();
  const caseId = overview.caseId;
  const id = casePath(caseId);
  const readable = new Set(overview.readableCategories);
  const roles = new Set(overview.roles);
  const convener = roles.has('convener');
  const responsible = roles.has('responsible-worker');
  const invitee = roles.has('invited-participant');
  const coordinator = roles.has('organiser-coordinator');
  const routedToMeeting = overview.routing?.['route'] === 'joint-meeting' || overview.consents !== undefined;
  const planAgreed = !!(overview.jointPlan as { plan?: unknown } | undefined)?.plan;

  const overviewQuery = useApiQuery<Overview>('reporting', `/cases/${id}/overview`);
  const concern = useApiQuery<ConcernState>('intake', readable.has('concern') && (convener || coordinator) ? `/concerns/${id}` : undefined);
  const convening = useApiQuery<ConveningState>(
    'convening',
    readable.has('consents') && routedToMeeting && (convener || coordinator || responsible) ? `/convenings/${id}` : undefined,
    {},
    untilOpened,
  );
  const tracking = useApiQuery<PlanTrackingState>(
    'planFollowup',
    readable.has('follow-up') && planAgreed && (convener || responsible) ? `/cases/${id}/plan-tracking` : undefined,
    {},
    untilOpened,
  );
  const tasks = useApiQuery<Paged<Task>>('reporting', invitee ? '/tasks' : undefined, { query: { limit: 100 } });

  const [generation, setGeneration] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const queries = useQueryClient();
  const afterCommand = async (before: string | undefined) => {
    setGeneration((g) => g + 1);
    // The services' own views answer the change at once: read them before the next form may send.
    setRefreshing(true);
    await queries.invalidateQueries().finally(() => setRefreshing(false));
    // Reporting's overview is a projection: it may lag a moment behind the command. Read it until it moves (bounded).
    for (let i = 0; i < 15; i++) {
      const again = await overviewQuery.refetch();
      if (again.data?.etag !== before) break;
      await sleep(400);
    }
    reload();
  };

  const children = listOf(concern.data?.body.children).map((c) => c.name);
  const guardians = convening.data ? listOf(convening.data.body.guardians) : listOf(concern.data?.body.guardians).map((g) => g.name);
  const consents: ConsentState[] = convening.data?.body.consents ?? [];
  const meetings: ConveningMeeting[] = convening.data?.body.meetings ?? [];
  const phase = overview.phase;
  const invitationsNow = [
    ...new Set([
      ...(tasks.data?.body.items ?? [])
        .filter((task) => task.caseId === caseId && task.kind === 'reply-to-invitation' && task.about?.invitationId)
        .map((task) => task.about?.invitationId as string),
      ...(overview.consents?.invitations ?? [])
        .filter((i) => i['inviteeId'] === person?.id && ['sent', 'pending'].includes(String(i['status'])))
        .map((i) => i.invitationId),
    ]),
  ];
  // An invitation stays on the page once answered (its task is gone then): the person sees their reply saved.
  const [answered, setAnswered] = useState<string[]>([]);
  const invitationIds = [...new Set([...answered, ...invitationsNow])];
  if (invitationsNow.some((id) => !answered.includes(id))) setAnswered(invitationIds);
  const latestOpen = [...meetings].reverse().find((m) => !m.cancelled);

  return (
    <CaseStepsProvider value={{ caseId, overview, overviewEtag: () => overviewQuery.data?.etag, afterCommand, generation, refreshing }}>
      <section aria-labelledby="case-steps" className="case-steps">
        <h2 id="case-steps">{t('steps')}</h2>
        {invitee && invitationIds.length > 0 ? (
          <StepGroup title={t('group_invitation')} open>
            {invitationIds.map((invitationId) => (
              <ReplyForm key={invitationId} invitationId={invitationId} />
            ))}
          </StepGroup>
        ) : null}

        {convener && concern.data ? (
          <StepGroup title={t('group_concern')} open={phase === null || phase === 'concern' || phase === 'routed'}>
            <ConcernSteps concern={concern.data.body} etag={concern.data.etag} />
          </StepGroup>
        ) : null}

        {(convener || coordinator) && convening.data ? (
          <StepGroup title={t('group_convening')} open={phase === 'convening'}>
            <h3>{t('consents')}</h3>
            {consents.map((consent) => (
              <ConsentCard key={consent.consentId} consent={consent} etag={convening.data?.etag} />
            ))}
            <ConsentForm convening={convening.data.body} etag={convening.data.etag} children={children} />
            {convener ? (
              <>
                <InvitationList convening={convening.data.body} />
                <InviteForm convening={convening.data.body} etag={convening.data.etag} />
                <ScheduleMeetingForm convening={convening.data.body} etag={convening.data.etag} />
              </>
            ) : null}
          </StepGroup>
        ) : null}

        {(convener || responsible) && readable.has('meeting-record')
          ? meetings
              .filter((m) => !m.cancelled)
              .map((m) => (
                <MeetingGroup
                  key={m.meetingId}
                  meeting={m}
                  conveningEtag={convening.data?.etag}
                  open={m.meetingId === latestOpen?.meetingId && (phase === 'meeting-scheduled' || phase === 'plan-in-force')}
                  convener={convener}
                  guardians={guardians}
                  children={children}
                  consents={consents}
                  planInForce={(overview.jointPlan as { plan?: JointPlan | null } | undefined)?.plan ?? null}
                />
              ))
          : null}

        {responsible && tracking.data ? (
          <StepGroup title={t('group_followUp')} open={phase === 'plan-in-force' || phase === 'follow-up'}>
            <FollowUpSteps tracking={tracking.data.body} etag={tracking.data.etag} consents={consents} />
          </StepGroup>
        ) : null}

        {(convener || responsible) && tracking.data ? (
          <StepGroup title={t('group_feedback')} open={phase === 'closed'}>
            <FeedbackFormStep />
          </StepGroup>
        ) : null}
      </section>
    </CaseStepsProvider>
  );
}

function ConcernSteps({ concern, etag }: { concern: ConcernState; etag: string | undefined }) {
  const lastRoute = concern.routeDecisions[concern.routeDecisions.length - 1]?.chosenRoute;
  return (
    <>
      <RaisingForm concern={concern} etag={etag} />
      <ZoneRatingForm concern={concern} etag={etag} />
      <RouteDecisionForm concern={concern} etag={etag} />
      <MandatoryNotificationForm concern={concern} etag={etag} />
      {lastRoute === 'social-care-needs-assessment' ? <NeedsAssessmentContactForm concern={concern} etag={etag} /> : null}
      {concern.currentZone === 2 ? <ServiceContactForm concern={concern} etag={etag} /> : null}
    </>
  );
}

/** One meeting: its booking (convener), what is recorded at it, the plan, the responsible workers, the closing. */
function MeetingGroup({
  meeting,
  conveningEtag,
  open,
  convener,
  guardians,
  children,
  consents,
  planInForce,
}: {
  meeting: ConveningMeeting;
  conveningEtag: string | undefined;
  open: boolean;
  convener: boolean;
  guardians: string[];
  children: string[];
  consents: ConsentState[];
  planInForce: JointPlan | null;
}) {
  const { t } = useTranslation('steps');
  const format = useFormat();
  const { caseId } = useCase();
  const record = useApiQuery<MeetingState>('meeting', meetingPath(caseId, meeting.meetingId), {}, untilOpened);
  const state = record.data?.body;
  const etag = record.data?.etag;
  const title = `${t(`meetingKind_${meeting.kind}`)} ${meeting.number}: ${format.dateTime(meeting.startsAt)}${state ? ` (${t(`meetingStatus_${state.status}`)})` : ''}`;
  const isOpen = state?.status === 'open';
  return (
    <StepGroup title={title} open={open}>
      {convener && isOpen ? (
        <>
          <RescheduleForm meeting={meeting} etag={conveningEtag} />
          <CancelMeetingForm meeting={meeting} etag={conveningEtag} />
        </>
      ) : null}
      {state ? (
        <>
          <StarRatings meeting={state} />
          {convener && isOpen ? (
            <>
              <AttendanceForm meeting={state} etag={etag} guardians={guardians} />
              <ConsentFormSigned meeting={state} etag={etag} guardians={guardians} />
              <ViewsForm meeting={state} etag={etag} />
              <WellbeingStarForm meeting={state} etag={etag} children={children} />
            </>
          ) : null}
          {state.plan !== undefined && isOpen ? (
            <>
              {/* The family names the responsible worker; each plan revision carries them. */}
              <ResponsibleWorkersForm meeting={state} etag={etag} consents={consents} />
              {state.plan ? (
                <PlanForm meeting={state} etag={etag} mode="revise" />
              ) : meeting.kind === 'follow-up' && planInForce ? (
                <>
                  <ConfirmPlanForm meeting={state} etag={etag} />
                  <PlanForm meeting={state} etag={etag} mode="revise" startFrom={planInForce} />
                </>
              ) : (
                <PlanForm meeting={state} etag={etag} mode="agree" />
              )}
            </>
          ) : null}
          <PrintPlanLink meeting={state} />
          {convener && isOpen ? (
            <>
              <CloseWorkerTasksForm meeting={state} etag={etag} />
              <CloseMeetingForm meeting={state} etag={etag} />
            </>
          ) : null}
        </>
      ) : null}
    </StepGroup>
  );
}

function FollowUpSteps({ tracking, etag, consents }: { tracking: PlanTrackingState; etag: string | undefined; consents: ConsentState[] }) {
  if (tracking.status === 'closed') return <ReopenForm tracking={tracking} etag={etag} />;
  return (
    <>
      <ProgressForm tracking={tracking} etag={etag} />
      <ContactForm tracking={tracking} etag={etag} />
      <FollowUpRequestForm tracking={tracking} etag={etag} />
      <OutcomeForm tracking={tracking} etag={etag} consents={consents} />
      <ClosureForm tracking={tracking} etag={etag} />
    </>
  );
}
