import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { conveningDecider, coveringConsent, sharesFor, type ConveningState } from '@perheverkko/convening-domain';
import { fold } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import { CaseRelations, EVENT_STORE } from '@perheverkko/platform';
import { conveningStream } from './convenings/convening-commands';

/**
 * Convening knows two relations: the convener, and professionals invited under a consent that still covers them.
 * A withdrawal ends the second at once.
 */
@Injectable()
export class ConveningRelations implements OnModuleInit {
  constructor(
    private readonly relations: CaseRelations,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.relations.register(async (user, caseId, share) => {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) return undefined;
      const history = await this.store.readStream(conveningStream(caseId));
      if (history.length === 0) return undefined;
      // Only fields that are never sealed are read here (ids, consent scopes), so no key is needed.
      const state: ConveningState = fold(conveningDecider, history.map((e) => ({ type: e.type, data: e.data }) as never));
      if (state.status !== 'open') return undefined;
      if (state.convener.id === user.id) return 'convener';
      const invitation = state.invitations.find((i) => i.inviteeId === user.id && (i.status === 'pending' || i.status === 'accepted' || i.status === 'time-proposed'));
      const invitee = { kind: 'professional' as const, id: user.id, name: user.name, organisation: user.organisation, sector: user.sector };
      const now = new Date().toISOString();
      if (!invitation || !coveringConsent(state.consents, invitee, now)) return undefined;
      // Data shared only as the consent allows (the joint plan) needs that share in a scope covering them.
      return !share || sharesFor(state.consents, invitee, now).has(share.toLowerCase()) ? 'invited-participant' : undefined;
    });
  }
}
