/** What `GET /cases` and `GET /tasks` answer (reporting's case view, ADR 0017). */
export const PHASES = ['concern', 'routed', 'convening', 'meeting-scheduled', 'plan-in-force', 'follow-up', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

export interface Paged<T> {
  items: T[];
  next: string | null;
}

export interface CaseRow {
  caseId: string;
  caseNumber: string;
  phase: Phase | null;
  nextDateAt: string | null;
  roles: string[];
  municipality?: string | null;
  familyName?: string;
}

export interface Task {
  caseId: string;
  caseNumber: string;
  kind: string;
  dueAt: string;
  overdue: boolean;
  about?: { meetingId?: string; invitationId?: string };
}

/** `GET /cases/{id}/overview`: each part present only where the person reads its category. */
export interface Overview {
  caseId: string;
  caseNumber: string;
  phase: Phase | null;
  nextDateAt: string | null;
  roles: string[];
  readableCategories: string[];
  family?: { children?: Array<Record<string, unknown>>; guardians?: Array<Record<string, unknown>> };
  concern?: Record<string, unknown>;
  routing?: Record<string, unknown>;
  consents?: {
    consents: Array<{ consentId: string; status: string; validUntil: string; scopes: unknown[] }>;
    invitations: Array<Record<string, unknown> & { invitationId: string }>;
    meetings: Array<{ meetingId: string; kind: string; number: number; startsAt: string | null; roomId?: string; cancelled: boolean }>;
  };
  meetingRecord?: Record<string, unknown>;
  jointPlan?: Record<string, unknown>;
  followUp?: Record<string, unknown>;
}
