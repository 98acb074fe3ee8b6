import { DomainRuleViolation, type CommandMetadata } from '@perheverkko/decider';
import { deciderSpec } from '@perheverkko/decider/testing';
import { referenceDataDecider, type ReferenceDataEvent } from './reference-data.decider';

const now = '2026-11-30T10:00:00.000Z';
const meta: CommandMetadata = {
  commandId: 'cmd',
  caseId: 'reference-data',
  correlationId: 'corr',
  actor: { id: 'demo-pekka', role: 'administrator', organisation: 'IT' },
  now,
};
const given = deciderSpec(referenceDataDecider);
const room = { id: 'sali', name: 'Sali', organiser: 'kuopio-family-centre' };
const recorded: ReferenceDataEvent = {
  type: 'ReferenceEntryRecorded',
  data: { kind: 'rooms', key: 'sali', value: room, recordedBy: 'demo-pekka', recordedAt: now },
};
const star = {
  version: 'county-2027-1',
  scale: { min: 1, max: 5 },
  areas: [{ key: 'parenting', fi: 'Vanhemmuus', sv: 'Föräldraskap', en: 'Parenting' }],
};

describe('a catalogue of reference data', () => {
  it('should record a new entry, and nothing when the same value is recorded again', () => {
    given([])
      .when({ type: 'RecordReferenceEntry', data: { kind: 'rooms', key: 'sali', value: room, shipped: false }, metadata: meta })
      .then([recorded]);
    given([recorded])
      .when({ type: 'RecordReferenceEntry', data: { kind: 'rooms', key: 'sali', value: room, shipped: false }, metadata: meta })
      .thenNothingHappens();
  });

  it('should record a changed entry, also one that was shipped', () => {
    const renamed = { ...room, name: 'Iso sali' };
    given([recorded])
      .when({ type: 'RecordReferenceEntry', data: { kind: 'rooms', key: 'sali', value: renamed, shipped: false }, metadata: meta })
      .then([
        { type: 'ReferenceEntryRecorded', data: { kind: 'rooms', key: 'sali', value: renamed, recordedBy: 'demo-pekka', recordedAt: now } },
      ]);
    given([])
      .when({
        type: 'RecordReferenceEntry',
        data: { kind: 'rooms', key: 'neuvola-2', value: { id: 'neuvola-2', name: 'Neuvola 2', organiser: 'x' }, shipped: true },
        metadata: meta,
      })
      .then([
        {
          type: 'ReferenceEntryRecorded',
          data: {
            kind: 'rooms',
            key: 'neuvola-2',
            value: { id: 'neuvola-2', name: 'Neuvola 2', organiser: 'x' },
            recordedBy: 'demo-pekka',
            recordedAt: now,
          },
        },
      ]);
  });

  it('should never change a recorded Wellbeing Star or feedback form version, shipped or recorded: a change is a new version', () => {
    given([])
      .when({
        type: 'RecordReferenceEntry',
        data: { kind: 'wellbeing-star', key: 'thl-2017-2', value: { ...star, version: 'thl-2017-2' }, shipped: true },
        metadata: meta,
      })
      .thenThrows(DomainRuleViolation, /new version/);
    const first: ReferenceDataEvent = {
      type: 'ReferenceEntryRecorded',
      data: { kind: 'wellbeing-star', key: star.version, value: star, recordedBy: 'demo-pekka', recordedAt: now },
    };
    given([first])
      .when({
        type: 'RecordReferenceEntry',
        data: { kind: 'wellbeing-star', key: star.version, value: { ...star, scale: { min: 0, max: 10 } }, shipped: false },
        metadata: meta,
      })
      .thenThrows(DomainRuleViolation, /never changes/);
    given([])
      .when({
        type: 'RecordReferenceEntry',
        data: { kind: 'wellbeing-star', key: star.version, value: star, shipped: false },
        metadata: meta,
      })
      .then([first]);
  });

  it('should retire an entry once, and refuse to retire one that does not exist', () => {
    const retired: ReferenceDataEvent = {
      type: 'ReferenceEntryRetired',
      data: { kind: 'rooms', key: 'sali', reason: 'renovated', retiredBy: 'demo-pekka', retiredAt: now },
    };
    given([recorded])
      .when({ type: 'RetireReferenceEntry', data: { kind: 'rooms', key: 'sali', reason: 'renovated', shipped: false }, metadata: meta })
      .then([retired]);
    given([recorded, retired])
      .when({ type: 'RetireReferenceEntry', data: { kind: 'rooms', key: 'sali', reason: 'renovated', shipped: false }, metadata: meta })
      .thenNothingHappens();
    given([])
      .when({ type: 'RetireReferenceEntry', data: { kind: 'rooms', key: 'nowhere', reason: 'x', shipped: false }, metadata: meta })
      .thenThrows(DomainRuleViolation, /no entry nowhere/);
  });

  it('should bring a retired entry back when it is recorded again', () => {
    const retired: ReferenceDataEvent = {
      type: 'ReferenceEntryRetired',
      data: { kind: 'rooms', key: 'sali', reason: 'renovated', retiredBy: 'demo-pekka', retiredAt: now },
    };
    given([recorded, retired])
      .when({ type: 'RecordReferenceEntry', data: { kind: 'rooms', key: 'sali', value: room, shipped: false }, metadata: meta })
      .then([recorded]);
  });
});
