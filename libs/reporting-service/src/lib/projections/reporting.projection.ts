import type { RecordedEvent } from '@perheverkko/event-store';
import { serviceReadModels } from '@perheverkko/service-host';
import { caseViewProjection } from '../case-view/case-view.projection';
import type { ProjectionDefinition, ReadModelTable } from '@perheverkko/read-model';
import {
  BASELINE_REFERENCE,
  adoptionStageRulesWith,
  caseCourseRulesWith,
  caseFactsRulesWith,
  feedbackRulesWith,
  meetingRecordRulesWith,
  referralRules,
  type AdoptionStageRecord,
  type CaseCourse,
  type CaseFacts,
  type Feedback,
  type MeetingRecord,
  type ReportedEvent,
  type Referral,
  type ReportReference,
  type TableRules,
} from '@perheverkko/reporting-domain';

/** A stored event in the form the domain's rules read. */
export function reported(event: RecordedEvent): ReportedEvent {
  return {
    eventId: event.metadata.eventId,
    type: event.type,
    caseId: event.metadata.caseId,
    occurredAt: event.metadata.occurredAt,
    causationId: event.metadata.causationId,
    data: event.data as Record<string, unknown>,
  };
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
  return {
    ...definition,
    keyOf: (event) => rules.keyOf(reportedOnce(event)),
    evolve: (row, event) => rules.evolve(row, reportedOnce(event)),
  };
}

const ANNUAL_REPORT = 'annual-report';
const REPORT_RECORDS = 'report-records';
export const ANNUAL_SCHEMA = 'reporting_annual';
export const RECORDS_SCHEMA = 'reporting_records';

const text = { type: 'text' } as const;
const optionalText = { type: 'text', nullable: true } as const;
const optionalTime = { type: 'timestamptz', nullable: true, index: true } as const;

/**
 * Case facts, the course of each case (the effectiveness figures), referrals, feedback and adoption stages: what the
 * annual report counts besides the meetings. Rules version 2: the zone at intake is the first rating, and the course
 * of each case is kept; 3: the municipalities (of cases and adoption records), their counties and the organisers as the reference data
 * names them (ADR 0014).
 */
const annualReportProjection = (schema: string, reference: ReportReference): ProjectionDefinition => ({
  name: ANNUAL_REPORT,
  schema,
  rulesVersion: 3,
  tables: [
    table<CaseFacts>(
      {
        name: 'case_facts',
        primaryKey: 'caseId',
        columns: {
          caseId: text,
          municipality: { type: 'text', nullable: true, index: true },
          county: { type: 'text', nullable: true, index: true },
          channel: optionalText,
          childCount: { type: 'integer', nullable: true },
          concernAt: optionalTime,
          zoneAtIntake: { type: 'integer', nullable: true },
          zoneRatedAt: { type: 'timestamptz', nullable: true },
          zoneFrom: optionalText,
          route: optionalText,
          routedAt: optionalTime,
          consentWithdrawnAt: { type: 'timestamptz', nullable: true },
          outcome: optionalText,
          outcomeAt: optionalTime,
          closedAt: { type: 'timestamptz', nullable: true },
        },
      },
      caseFactsRulesWith(reference),
    ),
    table<CaseCourse>(
      {
        name: 'case_course',
        primaryKey: 'caseId',
        columns: {
          caseId: text,
          concernAt: { type: 'timestamptz', nullable: true },
          meetings: { type: 'jsonb' },
          outcomes: { type: 'jsonb' },
          closures: { type: 'jsonb' },
          reopenings: { type: 'jsonb' },
          firstMeetingAt: optionalTime,
          lastMeetingAt: optionalTime,
          firstOutcomeAt: optionalTime,
          lastOutcomeAt: optionalTime,
          smoothEverydayLifeAt: optionalTime,
        },
      },
      caseCourseRulesWith(reference),
    ),
    table<Referral>(
      {
        name: 'referrals',
        primaryKey: 'referralId',
        columns: {
          referralId: text,
          caseId: { type: 'text', index: true },
          serviceId: text,
          basis: optionalText,
          referredAt: { type: 'timestamptz', index: true },
        },
      },
      referralRules,
    ),
    table<Feedback>(
      {
        name: 'feedback',
        primaryKey: 'feedbackId',
        columns: { feedbackId: text, organizer: text, month: { type: 'text', index: true }, formVersion: text, answers: { type: 'jsonb' } },
      },
      feedbackRulesWith(reference),
    ),
    table<AdoptionStageRecord>(
      {
        name: 'adoption_stages',
        primaryKey: 'recordId',
        columns: {
          recordId: text,
          municipality: { type: 'text', index: true },
          region: text,
          stage: { type: 'integer' },
          recordedAt: { type: 'timestamptz' },
        },
      },
      adoptionStageRulesWith(reference),
    ),
  ],
});

/**
 * The per-meeting report records (Kangasala), one per meeting; `remarks` kept sealed, as received. Rules version 3:
 * the organiser as the reference data names it (`unknown` for free text it does not know).
 */
const reportRecordsProjection = (schema: string, reference: ReportReference): ProjectionDefinition => ({
  name: REPORT_RECORDS,
  schema,
  rulesVersion: 3,
  tables: [
    table<MeetingRecord>(
      {
        name: 'meeting_records',
        primaryKey: 'recordId',
        columns: {
          recordId: text,
          caseId: { type: 'text', index: true },
          meetingId: optionalText,
          number: { type: 'integer', nullable: true },
          organizer: { type: 'text', index: true },
          kind: text,
          participatingSectors: { type: 'text[]' },
          referred: { type: 'boolean' },
          referredTo: optionalText,
          referredToAssessmentOrSocialWork: { type: 'boolean' },
          familyGotHelp: text,
          remarks: { type: 'jsonb', nullable: true },
          recordedAt: { type: 'timestamptz', index: true },
        },
      },
      meetingRecordRulesWith(reference),
    ),
  ],
});

/**
 * Reporting's projections; specs give their own schemas, so they can share a database. `reference` names
 * municipalities, counties and organisers: the process's book (kept current from intake's events), or the shipped
 * baseline. A rebuild uses the book as it stands then.
 */
export function reportingProjections(
  schemas = { annual: ANNUAL_SCHEMA, records: RECORDS_SCHEMA },
  reference: ReportReference = BASELINE_REFERENCE,
): ProjectionDefinition[] {
  return [annualReportProjection(schemas.annual, reference), reportRecordsProjection(schemas.records, reference)];
}

/**
 * Reporting's read models: the annual report and the per-meeting records, named and counted with the process's
 * reference book as it stands at start (kept current from intake's events), and the workers' case view; they report
 * in the `read-models` check.
 */
export const reportingReadModels = serviceReadModels({
  service: 'reporting',
  healthCheck: 'read-models',
  projections: async ({ referenceData }) => [...reportingProjections(undefined, await referenceData.current()), caseViewProjection()],
});
