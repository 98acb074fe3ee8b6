import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { CONVENING_CONTRACTS, isEvent, type IntegrationEvent } from '@perheverkko/contracts';
import type { Invitee } from '@perheverkko/convening-domain';
import type { IntegrationEventHandler } from '@perheverkko/messaging';
import { AccessLogHost } from '@perheverkko/access';
import { MessagingHost, PersonalDataHost } from '@perheverkko/service-host';

/** To whom a disclosure went, in the words the access log has always used. */
function recipientOf(invitee: unknown, inviteeId?: string): string {
  const opened = invitee as Partial<Invitee> & { erased?: true };
  if (opened?.kind === 'professional') return `${opened.id ?? inviteeId} (${opened.organisation})`;
  if (opened?.kind) return opened.kind;
  // The case's personal data was erased before the entry was written: the directory id is all that is left.
  return inviteeId ? `${inviteeId} (erased)` : '(erased)';
}

/**
 * An invitation discloses the case to the invitee: the access log records it, with the consent it relies on. The
 * entry follows from convening's own `InvitationSent`, not from the request that caused it, so a process that dies
 * after the append (and the client's retry, answered `alreadyHandled`) still leaves exactly one disclosure: the
 * entry and the "processed" record commit in one transaction (the log is in this database), once per event id.
 */
@Injectable()
export class InvitationDisclosures implements IntegrationEventHandler, OnModuleInit {
  readonly consumer = 'convening.invitation-disclosures';
  readonly handles = ['InvitationSent'];

  constructor(
    private readonly messaging: MessagingHost,
    private readonly accessLog: AccessLogHost,
    private readonly personalData: PersonalDataHost,
  ) {}

  onModuleInit(): void {
    this.messaging.registerConsumer({ schema: 'convening', sources: ['convening'], contracts: CONVENING_CONTRACTS, handler: this });
  }

  /** The invitee is sealed with the case key: opened before the transaction (the vault reads on its own connection). */
  async prepare(event: IntegrationEvent): Promise<unknown> {
    if (!isEvent(event, 'InvitationSent')) return undefined;
    // Sealed in the event; opened here.
    const { invitee } = event.data;
    return (await this.personalData.get()).openFields(event.caseId, invitee);
  }

  async handle(event: IntegrationEvent, tx?: PoolClient, invitee?: unknown): Promise<void> {
    if (!isEvent(event, 'InvitationSent')) return;
    const { data } = event;
    const actor = event.actor ?? { id: 'convening', role: 'system', organisation: 'perheverkko' };
    await this.accessLog.accessLog.record(
      {
        actorId: actor.id,
        actorRole: actor.role,
        organisation: actor.organisation,
        caseId: event.caseId,
        action: 'disclose',
        what: data.share.join(', '),
        purpose: 'invitation to a joint meeting',
        recipient: recipientOf(invitee, data.inviteeId),
        basis: `consent ${data.consentId}`,
      },
      new Date(event.occurredAt),
      tx,
    );
  }
}
