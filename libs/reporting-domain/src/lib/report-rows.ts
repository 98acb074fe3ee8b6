import { municipalityNameOf, type ReportReference } from './report-reference';
import { rowPerEvent } from './reported-event';

/** The per-meeting report record (Kangasala): one per meeting, made once by the person agreed at the meeting. */
export interface MeetingRecord {
  recordId: string;
  caseId: string;
  /** The meeting recorded (v2); null for a record made before v2. */
  meetingId: string | null;
  number: number | null;
  organizer: string;
  kind: 'first' | 'follow-up';
  participatingSectors: string[];
  referred: boolean;
  referredTo: string | null;
  referredToAssessmentOrSocialWork: boolean;
  familyGotHelp: 'yes' | 'partly' | 'no' | 'too-early';
  /**
   * "Other remarks" (e.g. on developing the model): personal free text, kept as it travels, sealed with the case's
   * key; only opened for the coordinators who read the records, and erased with the key. Null when none was written.
   */
  remarks: Record<string, unknown> | null;
  recordedAt: string;
}

/** The organiser as the reference data names it (`unknown` for free text it does not know). */
export const meetingRecordRulesWith = (reference: ReportReference) =>
  rowPerEvent<MeetingRecord>('MeetingReportRecorded', ({ eventId, caseId, data }) => ({
    recordId: eventId,
    caseId,
    meetingId: data.meetingId ?? null,
    number: data.number ?? null,
    organizer: reference.organiserName(data.organizer),
    kind: data.kind,
    participatingSectors: [...data.participatingSectors].sort(),
    referred: data.referred,
    referredTo: data.referredTo ?? null,
    referredToAssessmentOrSocialWork: data.referredToAssessmentOrSocialWork,
    familyGotHelp: data.familyGotHelp,
    remarks: data.remarks ?? null,
    recordedAt: data.recordedAt,
  }));

/** A referral to a service of the catalogue, and whether it rested on consent or on law. */
export interface Referral {
  referralId: string;
  caseId: string;
  serviceId: string;
  basis: 'consent' | 'law' | null;
  referredAt: string;
}

export const referralRules = rowPerEvent<Referral>('ReferralMade', ({ eventId, caseId, data }) => ({
  referralId: eventId,
  caseId,
  serviceId: data.serviceId,
  basis: data.consent?.basis ?? null,
  referredAt: data.referredAt,
}));

/** A family's feedback form: scores only, by month and organizer (never tied to a case). */
export interface Feedback {
  feedbackId: string;
  organizer: string;
  month: string;
  formVersion: string;
  answers: Array<{ item: string; score: number }>;
}

/** The organiser as the reference data names it (`unknown` for free text it does not know). */
export const feedbackRulesWith = (reference: ReportReference) =>
  rowPerEvent<Feedback>('FeedbackReceived', ({ eventId, data }) => ({
    feedbackId: eventId,
    organizer: reference.organiserName(data.organizer),
    month: data.month,
    formVersion: data.formVersion,
    answers: data.answers.map(({ item, score }: { item: string; score: number }) => ({ item, score })),
  }));

/** A municipality's adoption stage of the model, as a coordinator recorded it (a history: the latest counts). */
export interface AdoptionStageRecord {
  recordId: string;
  municipality: string;
  region: string;
  stage: number;
  recordedAt: string;
}

/** The municipality by the classification's Finnish name (as the case facts name it), or as written if it names none. */
export const adoptionStageRulesWith = (reference: ReportReference) =>
  rowPerEvent<AdoptionStageRecord>('AdoptionStageRecorded', ({ eventId, data }) => ({
    recordId: eventId,
    municipality: municipalityNameOf(reference, data.municipality) as string,
    region: data.region,
    stage: data.stage,
    recordedAt: data.recordedAt,
  }));
