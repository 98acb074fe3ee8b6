import { Injectable } from '@nestjs/common';
import { MEETING_CONTRACTS, type IntegrationEventOf, type Opened } from '@perheverkko/contracts';
import type { TrackedAction } from '@perheverkko/plan-followup-domain';
import { CommandingPolicy, reactionMetadata } from '@perheverkko/service-host';
import { ExecutePlanCommand } from '../plans/plan.commands';

/** What the sealed `plan` holds once opened: the contract checks only its seal. */
type OpenedPlan = { actions: TrackedAction[]; nextContactAt: string } | undefined;

/**
 * The meeting agreed or revised the joint plan: tracking starts or follows the new revision. The plan travels
 * sealed; this service opens it with the case key (same vault) to track its actions.
 */
@Injectable()
export class PlanAgreedPolicy extends CommandingPolicy<'PlanAgreed' | 'PlanRevised'> {
  readonly consumer = 'plan-followup.plans';
  readonly handles: ('PlanAgreed' | 'PlanRevised')[] = ['PlanAgreed', 'PlanRevised'];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['meeting'], contracts: MEETING_CONTRACTS };

  protected commandFor(event: IntegrationEventOf<'PlanAgreed' | 'PlanRevised'>, data: Opened<typeof event.data>) {
    const plan = data.plan as OpenedPlan;
    const actions = Array.isArray(plan?.actions) ? plan.actions.map(({ arena, what, who, by }) => ({ arena, what, who, by })) : [];
    return new ExecutePlanCommand({
      type: 'TrackPlanRevision',
      data: {
        meetingId: data.meetingId,
        revision: data.revision,
        actions,
        responsibleWorkerIds: data.responsibleWorkers.map((w) => w.professionalId),
        // The consent the responsible workers were named under: the access model keeps their standing on it.
        ...(data.consentId ? { consentId: data.consentId } : {}),
        nextContactAt: plan?.nextContactAt ?? event.occurredAt,
      },
      metadata: reactionMetadata(event, 'plan-followup'),
    });
  }
}
