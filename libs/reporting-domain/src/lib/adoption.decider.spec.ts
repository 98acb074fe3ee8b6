import { DomainRuleViolation } from '@perheverkko/decider';
import { deciderSpec } from '@perheverkko/decider/testing';
import { adoptionDecider, type AdoptionCommand, type AdoptionEvent } from './adoption.decider';

const now = '2026-03-01T10:00:00.000Z';
const record = (stage: number, extra: Partial<AdoptionCommand['data']> = {}): AdoptionCommand => ({
  type: 'RecordAdoptionStage',
  data: { municipality: 'Kuopio', region: 'Pohjois-Savo', stage, ...extra },
  metadata: {
    commandId: 'c1',
    caseId: 'adoption',
    correlationId: 'c1',
    actor: { id: 'demo-kaisa', role: 'coordinator', organisation: 'Pohjois-Savo' },
    now,
  },
});
const recorded = (stage: 1 | 2 | 3 | 4 | 5, note?: string): AdoptionEvent => ({
  type: 'AdoptionStageRecorded',
  data: { municipality: 'Kuopio', region: 'Pohjois-Savo', stage, ...(note ? { note } : {}), recordedBy: 'demo-kaisa', recordedAt: now },
});
const given = deciderSpec(adoptionDecider);

describe("a municipality's adoption stage", () => {
  it('should record any of the five stages', () => {
    given([])
      .when(record(3))
      .then([recorded(3)]);
    given([recorded(3)])
      .when(record(4))
      .then([recorded(4)]);
  });

  it('should refuse a stage outside 1–5', () => {
    given([])
      .when(record(6))
      .thenThrows(DomainRuleViolation, /stage must be 1–5/);
    given([])
      .when(record(2.5))
      .thenThrows(DomainRuleViolation, /stage must be 1–5/);
  });

  it('should refuse recording the stage it is already at (a conflict)', () => {
    given([recorded(4)])
      .when(record(4))
      .thenThrows(DomainRuleViolation, /already at stage 4/);
  });

  it('should need a reason to step back', () => {
    given([recorded(4)])
      .when(record(2))
      .thenThrows(DomainRuleViolation, /say why/);
    given([recorded(4)])
      .when(record(2, { note: ' trial ended: staff left ' }))
      .then([recorded(2, 'trial ended: staff left')]);
  });
});
