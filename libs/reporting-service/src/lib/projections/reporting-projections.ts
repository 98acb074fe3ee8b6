import type { RecordedEvent } from '@perheverkko/event-store';
import type { ProjectionDefinition, ReadModelTable } from '@perheverkko/read-model';
import {
  adoptionStageRules,
  caseFactsRules,
  feedbackRules,
  meetingRecordRules,
  referralRules,
  type AdoptionStageRecord,
  type CaseFacts,
  type Feedback,
  type MeetingRecord,
  type ReportedEvent,
  type Referral,
  type TableRules,
} from '@perheverkko/reporting-domain';

/** A stored event in the form the domain's rules read. */
export function reported(event: RecordedEvent): ReportedEvent {
  return { eventId: event.metadata.eventId, type: event.type, caseId: event.metadata.caseId, occurredAt: event.metadata.occurredAt, causationId: event.metadata.causationId, data: event.data as Record<string, unknown> };
}

/**
 * The last event converted, kept for the next call: a fold asks every table's key and rules about the same event in
 * turn, and converting it once instead of eight times is a measurable share of a rebuild. The rules are pure and
 * never change what they are given.
 */
let lastStored: RecordedEvent | undefined;
let lastReported: ReportedEvent | undefined;
function reportedOnce(event: RecordedEvent): ReportedEvent {
  if (event !== lastStored || !lastReported) {
    lastStored = event;
    lastReported = reported(event);
  }
  return lastReported;
}

function table<Row extends object>(definition: Omit<ReadModelTable<Row>, 'keyOf' | 'evolve'>, rules: TableRules<Row>): ReadModelTable<Row> {
  return { ...definition, keyOf: (event) => rules.keyOf(reportedOnce(event)), evolve: (row, event) => rules.evolve(row, reportedOnce(event)) };
}

export const ANNUAL_REPORT = 'annual-report';
export const REPORT_RECORDS = 'report-records';
export const ANNUAL_SCHEMA = 'reporting_annual';
export const RECORDS_SCHEMA = 'reporting_records';

const text = { type: 'text' } as const;
const optionalText = { type: 'text', nullable: true } as const;
const optionalTime = { type: 'timestamptz', nullable: true, index: true } as const;

/** Case facts, referrals, feedback and adoption stages: what the annual report counts besides the meetings. */
const annualReportProjection = (schema: string): ProjectionDefinition => ({
  name: ANNUAL_REPORT,
  schema,
  rulesVersion: 1,
  tables: [
    table<CaseFacts>(
      {
        name: 'case_facts',
        primaryKey: 'caseId',
        columns: {
          caseId: text,
          municipality: { type: 'text', nullable: true, index: true },
          channel: optionalText,
          childCount: { type: 'integer', nullable: true },
          concernAt: optionalTime,
          zoneAtIntake: { type: 'integer', nullable: true },
          route: optionalText,
          routedAt: optionalTime,
          firstMeetingAt: optionalTime,
          daysToFirstMeeting: { type: 'integer', nullable: true },
          consentWithdrawnAt: { type: 'timestamptz', nullable: true },
          outcome: optionalText,
          outcomeAt: optionalTime,
          closedAt: { type: 'timestamptz', nullable: true },
        },
      },
      caseFactsRules,
    ),
    table<Referral>(
      { name: 'referrals', primaryKey: 'referralId', columns: { referralId: text, caseId: { type: 'text', index: true }, serviceId: text, basis: optionalText, referredAt: { type: 'timestamptz', index: true } } },
      referralRules,
    ),
    table<Feedback>(
      { name: 'feedback', primaryKey: 'feedbackId', columns: { feedbackId: text, organizer: text, month: { type: 'text', index: true }, formVersion: text, answers: { type: 'jsonb' } } },
      feedbackRules,
    ),
    table<AdoptionStageRecord>(
      { name: 'adoption_stages', primaryKey: 'recordId', columns: { recordId: text, municipality: { type: 'text', index: true }, region: text, stage: { type: 'integer' }, recordedAt: { type: 'timestamptz' } } },
      adoptionStageRules,
    ),
  ],
});

/** The per-meeting report records (Kangasala), one per meeting. */
const reportRecordsProjection = (schema: string): ProjectionDefinition => ({
  name: REPORT_RECORDS,
  schema,
  rulesVersion: 1,
  tables: [
    table<MeetingRecord>(
      {
        name: 'meeting_records',
        primaryKey: 'recordId',
        columns: {
          recordId: text,
          caseId: { type: 'text', index: true },
          organizer: { type: 'text', index: true },
          kind: text,
          participatingSectors: { type: 'text[]' },
          referred: { type: 'boolean' },
          referredTo: optionalText,
          referredToAssessmentOrSocialWork: { type: 'boolean' },
          familyGotHelp: text,
          recordedAt: { type: 'timestamptz', index: true },
        },
      },
      meetingRecordRules,
    ),
  ],
});

/** Reporting's projections; specs give their own schemas, so they can share a database. */
export function reportingProjections(schemas = { annual: ANNUAL_SCHEMA, records: RECORDS_SCHEMA }): ProjectionDefinition[] {
  return [annualReportProjection(schemas.annual), reportRecordsProjection(schemas.records)];
}
