import { ACCESS_EVENT_TYPES } from '@perheverkko/access-model';
import { EVENT_RECORDED, MEETING_CHANGES } from '@perheverkko/contracts';
import { REFERENCE_EVENT_TYPES } from '@perheverkko/reference-data';

/**
 * Who receives what, for the AsyncAPI document: each Kafka consumer group (`IntegrationEventHandler.consumer`), the
 * services whose topic it reads, the types it acts on, and the file that declares it. consumers.spec.ts checks each
 * against that file, so a renamed group or a new source fails there rather than going stale here.
 */
export interface ConsumerGroup {
  group: string;
  /** The publishing services whose topics it reads. */
  sources: string[];
  /** `audit`: the sources' audit topics (only the auditor's archive). */
  reads: 'events' | 'audit';
  /** The event types it acts on; `all`: every type of its sources' topics. */
  handles: readonly string[] | 'all';
  /** The file that declares the group, and the text there that names it. */
  declaredIn: string;
  declaredAs: string;
  description: string;
}

const ACCESS_SOURCES = ['intake', 'convening', 'meeting', 'plan-followup'];
/** Every process's database schema (`schemaOf(service)`): the per-process groups are named after it. */
const PROCESS_SCHEMAS = ['intake', 'convening', 'meeting', 'plan_followup', 'reporting'];

export const CONSUMER_GROUPS: ConsumerGroup[] = [
  {
    group: 'intake.open-case-index',
    sources: ['intake', 'plan-followup'],
    reads: 'events',
    handles: ['ConcernRegistered', 'CaseClosed', 'CaseReopened'],
    declaredIn: 'libs/intake-service/src/lib/open-cases/open-case-index.ts',
    declaredAs: "'intake.open-case-index'",
    description: "Intake's blind index of children with an open case (ADR 0012).",
  },
  {
    group: 'convening.joint-meeting-requested',
    sources: ['intake'],
    reads: 'events',
    handles: ['JointMeetingRequested'],
    declaredIn: 'libs/convening-service/src/lib/policies/joint-meeting-requested.policy.ts',
    declaredAs: "'convening.joint-meeting-requested'",
    description: 'Opens a convening for the case.',
  },
  {
    group: 'convening.follow-up-requested',
    sources: ['plan-followup'],
    reads: 'events',
    handles: ['FollowUpMeetingRequested'],
    declaredIn: 'libs/convening-service/src/lib/policies/follow-up-requested.policy.ts',
    declaredAs: "'convening.follow-up-requested'",
    description: 'Notes the follow-up meeting asked for, for the convener.',
  },
  {
    group: 'convening.invitation-disclosures',
    sources: ['convening'],
    reads: 'events',
    handles: ['InvitationSent'],
    declaredIn: 'libs/convening-service/src/lib/policies/invitation-sent.policy.ts',
    declaredAs: "'convening.invitation-disclosures'",
    description: "Logs each invitation's disclosure in the access log (its own events).",
  },
  {
    group: 'meeting.meeting-scheduled',
    sources: ['convening'],
    reads: 'events',
    handles: MEETING_CHANGES,
    declaredIn: 'libs/meeting-service/src/lib/policies/meeting-scheduled.policy.ts',
    declaredAs: "'meeting.meeting-scheduled'",
    description: "Opens, moves and cancels the meeting's record.",
  },
  {
    group: 'meeting.case-children',
    sources: ['intake'],
    reads: 'events',
    handles: ['ConcernRegistered'],
    declaredIn: 'libs/meeting-service/src/lib/policies/concern-registered.policy.ts',
    declaredAs: "'meeting.case-children'",
    description: "Notes the case's number of children, so a star rating names a child the case has.",
  },
  {
    group: 'plan-followup.plans',
    sources: ['meeting'],
    reads: 'events',
    handles: ['PlanAgreed', 'PlanRevised'],
    declaredIn: 'libs/plan-followup-service/src/lib/policies/plan-agreed.policy.ts',
    declaredAs: "'plan-followup.plans'",
    description: 'Tracks the plan in force.',
  },
  {
    group: 'plan-followup.meetings',
    sources: ['convening'],
    reads: 'events',
    handles: MEETING_CHANGES,
    declaredIn: 'libs/plan-followup-service/src/lib/policies/meeting-scheduled.policy.ts',
    declaredAs: "'plan-followup.meetings'",
    description: "Notes follow-up meetings' times, moves and cancellations.",
  },
  {
    group: 'plan-followup.meetings-held',
    sources: ['meeting'],
    reads: 'events',
    handles: ['MeetingClosed'],
    declaredIn: 'libs/plan-followup-service/src/lib/policies/meeting-closed.policy.ts',
    declaredAs: "'plan-followup.meetings-held'",
    description: 'Counts the meetings held (the 1–3 rule).',
  },
  {
    group: 'plan-followup.case-retention',
    sources: ['plan-followup'],
    reads: 'events',
    handles: ['CaseClosed', 'CaseReopened'],
    declaredIn: 'libs/plan-followup-service/src/lib/policies/case-closed.policy.ts',
    declaredAs: "'plan-followup.case-retention'",
    description: "Sets and lifts the retention of the case's personal data (its own events).",
  },
  {
    group: 'reporting.archive',
    sources: ACCESS_SOURCES,
    reads: 'events',
    handles: 'all',
    declaredIn: 'libs/reporting-service/src/lib/policies/archive.policy.ts',
    declaredAs: "'reporting.archive'",
    description: "Keeps every published event in reporting's archive: reports, the workers' case view and the auditor's history.",
  },
  {
    group: 'reporting.audit',
    sources: ACCESS_SOURCES,
    reads: 'audit',
    handles: [EVENT_RECORDED],
    declaredIn: 'libs/reporting-service/src/lib/policies/audit-archive.policy.ts',
    declaredAs: "'reporting.audit'",
    description: "Keeps every private event about a case, as recorded, for the auditor's history (ADR 0013).",
  },
  ...PROCESS_SCHEMAS.map((schema): ConsumerGroup => ({
    group: `${schema}.case-access`,
    sources: ACCESS_SOURCES,
    reads: 'events',
    handles: ACCESS_EVENT_TYPES,
    declaredIn: 'libs/access/src/lib/auth/case-access-directory.ts',
    declaredAs: '.case-access`',
    description: `The ${schema} process's case-access projection: who may see what of a case (docs/access.md).`,
  })),
  ...PROCESS_SCHEMAS.map((schema): ConsumerGroup => ({
    group: `${schema}.reference-data`,
    sources: ['intake'],
    reads: 'events',
    handles: REFERENCE_EVENT_TYPES,
    declaredIn: 'libs/service-host/src/lib/reference-data/reference-data.ts',
    declaredAs: '.reference-data`',
    description: `The ${schema} process's reference book (ADR 0014).`,
  })),
];
