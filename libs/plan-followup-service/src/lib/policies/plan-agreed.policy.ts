import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MEETING_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import type { TrackedAction } from '@perheverkko/plan-followup-domain';
import { MessagingHost, PersonalDataHost, ReactionPolicy, reactionMetadata } from '@perheverkko/platform';
import { ExecutePlanCommand } from '../plans/plan.commands';

interface PublishedPlan {
  meetingId: string;
  revision: number;
  plan: { actions: TrackedAction[]; nextContactAt: string };
  responsibleWorkers: Array<{ professionalId: string }>;
  consentId?: string;
}

/**
 * The meeting agreed or revised the joint plan: tracking starts or follows the new revision. The plan travels
 * sealed; this service opens it with the case key (same vault) to track its actions.
 */
@Injectable()
export class PlanAgreedPolicy extends ReactionPolicy {
  readonly consumer = 'plan-followup.plans';
  readonly handles = ['PlanAgreed', 'PlanRevised'];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['meeting'], contracts: MEETING_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataHost,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    const data = (await (await this.personalData.get()).openFields(event.caseId, event.data)) as PublishedPlan;
    const actions = Array.isArray(data.plan?.actions)
      ? data.plan.actions.map(({ arena, what, who, by }) => ({ arena, what, who, by }))
      : [];
    await this.commands.execute(
      new ExecutePlanCommand({
        type: 'TrackPlanRevision',
        data: {
          meetingId: data.meetingId,
          revision: data.revision,
          actions,
          responsibleWorkerIds: data.responsibleWorkers.map((w) => w.professionalId),
          // The consent the responsible workers were named under: the access model keeps their standing on it.
          ...(data.consentId ? { consentId: data.consentId } : {}),
          nextContactAt: data.plan?.nextContactAt ?? event.occurredAt,
        },
        metadata: reactionMetadata(event, 'plan-followup'),
      }),
    );
  }
}
