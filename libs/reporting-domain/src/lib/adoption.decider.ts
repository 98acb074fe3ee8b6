import { DomainRuleViolation, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';

/** The five stages North Savo tracks each municipality through. */
export const ADOPTION_STAGES = {
  1: 'not planned or discussed',
  2: 'adoption a goal, planning not started',
  3: 'adoption or trial being planned',
  4: 'trial running',
  5: 'rooted in basic work',
} as const;
type AdoptionStage = keyof typeof ADOPTION_STAGES;

export type AdoptionCommand = Command<'RecordAdoptionStage', { municipality: string; region: string; stage: number; note?: string }>;
export type AdoptionEvent = DomainEvent<
  'AdoptionStageRecorded',
  { municipality: string; region: string; stage: AdoptionStage; note?: string; recordedBy: string; recordedAt: string }
>;
export type AdoptionState = { stage: AdoptionStage; region: string } | null;

const isStage = (stage: number): stage is AdoptionStage => Number.isInteger(stage) && stage >= 1 && stage <= 5;

/** A municipality's adoption of the model, recorded by a coordinator; a step back needs the reason written down. */
export const adoptionDecider: Decider<AdoptionCommand, AdoptionEvent, AdoptionState> = {
  initialState: () => null,
  evolve: (_state, event) => ({ stage: event.data.stage, region: event.data.region }),
  decide({ data, metadata }, state) {
    const { municipality, region, stage, note } = data;
    if (!isStage(stage))
      throw new DomainRuleViolation(
        'adoption-stage',
        `stage must be 1–5 (${Object.entries(ADOPTION_STAGES)
          .map(([n, s]) => `${n} ${s}`)
          .join(', ')}), got ${stage}`,
      );
    if (state && state.stage === stage && state.region === region) {
      throw new DomainRuleViolation('stage-unchanged', `${municipality} is already at stage ${stage} in ${region}`, 'conflict');
    }
    if (state && stage < state.stage && !note?.trim()) {
      throw new DomainRuleViolation(
        'step-back-reason',
        `${municipality} goes back from stage ${state.stage} to ${stage}: say why in a note`,
      );
    }
    return [
      {
        type: 'AdoptionStageRecorded',
        data: {
          municipality,
          region,
          stage,
          ...(note?.trim() ? { note: note.trim() } : {}),
          recordedBy: metadata.actor.id,
          recordedAt: metadata.now,
        },
      },
    ];
  },
};
