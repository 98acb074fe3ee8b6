import { Inject, Injectable } from '@nestjs/common';
import { handleCommand } from '@perheverkko/command-handling';
import { INTAKE_CONTRACTS, isEvent, type IntegrationEvent, type IntegrationEventOf } from '@perheverkko/contracts';
import type { EventStore } from '@perheverkko/event-store';
import { caseChildrenDecider, caseChildrenStream } from '@perheverkko/meeting-domain';
import { EVENT_STORE, MessagingHost, PersonalDataHost, reactionMetadata, ReactionPolicy } from '@perheverkko/service-host';

/**
 * Intake registered a concern: meeting notes how many children the case concerns, so that a Wellbeing Star rating
 * names one of them (by number) and is refused for a child the case does not have. Only the count is kept here: who
 * the children are stays in intake's record.
 */
@Injectable()
export class CaseChildrenPolicy extends ReactionPolicy {
  readonly consumer = 'meeting.case-children';
  readonly handles = ['ConcernRegistered'];
  protected readonly listensTo = { schema: 'meeting', sources: ['intake'], contracts: INTAKE_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, 'ConcernRegistered')) return;
    await handleCommand({
      store: this.store,
      decider: caseChildrenDecider,
      streamId: caseChildrenStream(event.caseId),
      command: {
        type: 'NoteCaseChildren',
        data: { childCount: await this.childCountOf(event) },
        metadata: reactionMetadata(event, 'meeting'),
      },
    });
  }

  /** v2 registrations say how many; a v1 registration (`childCount` null) is counted from its sealed children while they can be read. */
  private async childCountOf(event: IntegrationEventOf<'ConcernRegistered'>): Promise<number | null> {
    const { childCount, children } = event.data;
    if (typeof childCount === 'number') return childCount;
    const opened = await (await this.personalData.get()).openFields(event.caseId, { children });
    return Array.isArray(opened.children) ? opened.children.length : null;
  }
}
