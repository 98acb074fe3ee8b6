import { refuse, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import {
  VERSIONED_KINDS,
  type ReferenceEntryRecorded,
  type ReferenceEntryRetired,
  type ReferenceKind,
  type ReferenceValues,
} from '@perheverkko/reference-data';

/**
 * One catalogue of reference data (stream `ReferenceData-<kind>`), administered through intake's API. The stream
 * holds the changes to the shipped baseline; its revision is the catalogue's version, so two administrators
 * editing the same catalogue from the same version cannot overwrite each other (409).
 */
export type ReferenceDataCommand =
  | Command<'RecordReferenceEntry', { kind: ReferenceKind; key: string; value: ReferenceValues[ReferenceKind]; shipped: boolean }>
  | Command<'RetireReferenceEntry', { kind: ReferenceKind; key: string; reason: string; shipped: boolean }>;

export type ReferenceDataEvent =
  DomainEvent<'ReferenceEntryRecorded', ReferenceEntryRecorded> | DomainEvent<'ReferenceEntryRetired', ReferenceEntryRetired>;

interface RecordedEntry {
  value: unknown;
  retired: boolean;
}

export interface ReferenceCatalogueState {
  /** Entries recorded or retired in this stream (shipped entries not touched yet are not here). */
  entries: Record<string, RecordedEntry>;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const referenceDataDecider: Decider<ReferenceDataCommand, ReferenceDataEvent, ReferenceCatalogueState> = {
  initialState: () => ({ entries: {} }),

  evolve(state, event) {
    const { key } = event.data;
    switch (event.type) {
      case 'ReferenceEntryRecorded':
        return { entries: { ...state.entries, [key]: { value: event.data.value, retired: false } } };
      case 'ReferenceEntryRetired':
        return { entries: { ...state.entries, [key]: { value: state.entries[key]?.value, retired: true } } };
    }
  },

  decide(command, state) {
    const { kind, key, shipped } = command.data;
    const current = state.entries[key];
    const exists = shipped || current !== undefined;
    const by = command.metadata.actor.id;
    const at = command.metadata.now;
    switch (command.type) {
      case 'RecordReferenceEntry': {
        if (current && !current.retired && sameValue(current.value, command.data.value)) return [];
        if (VERSIONED_KINDS.includes(kind) && exists) {
          refuse(
            'reference-version-immutable',
            `${kind} ${key} is recorded with ratings or answers that name it and never changes; record the change as a new version`,
            'conflict',
          );
        }
        return [{ type: 'ReferenceEntryRecorded', data: { kind, key, value: command.data.value, recordedBy: by, recordedAt: at } }];
      }
      case 'RetireReferenceEntry': {
        if (!exists) refuse('reference-entry-unknown', `${kind} has no entry ${key}`);
        if (current?.retired) return [];
        return [{ type: 'ReferenceEntryRetired', data: { kind, key, reason: command.data.reason, retiredBy: by, retiredAt: at } }];
      }
    }
  },
};
