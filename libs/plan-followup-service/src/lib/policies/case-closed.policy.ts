import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PLAN_FOLLOWUP_CONTRACTS, isEvent, type IntegrationEvent } from '@perheverkko/contracts';
import type { IntegrationEventHandler } from '@perheverkko/messaging';
import type { PersonalDataVault } from '@perheverkko/personal-data';
import { MessagingHost, PersonalDataHost } from '@perheverkko/service-host';

/**
 * A closed case keeps its personal data only for the retention period of its records; a reopened one keeps it
 * until it closes again. The date follows from plan follow-up's own `CaseClosed` and `CaseReopened`, not from the
 * request that closed the case, so a process that dies after the append (and the client's retry, answered
 * `alreadyHandled`) still sets it: the date and the "processed" record commit in one transaction, once per event id.
 */
@Injectable()
export class CaseRetention implements IntegrationEventHandler, OnModuleInit {
  readonly consumer = 'plan-followup.case-retention';
  readonly handles = ['CaseClosed', 'CaseReopened'];

  constructor(
    private readonly messaging: MessagingHost,
    private readonly personalData: PersonalDataHost,
  ) {}

  onModuleInit(): void {
    this.messaging.registerConsumer({
      schema: 'plan_followup',
      sources: ['plan-followup'],
      contracts: PLAN_FOLLOWUP_CONTRACTS,
      handler: this,
    });
  }

  /** The vault opens (and migrates) on its own connection the first time: before the transaction, not inside it. */
  prepare(): Promise<PersonalDataVault> {
    return this.personalData.get();
  }

  async handle(event: IntegrationEvent, tx?: PoolClient, prepared?: unknown): Promise<void> {
    const vault = (prepared as PersonalDataVault | undefined) ?? (await this.personalData.get());
    if (isEvent(event, 'CaseClosed')) {
      const { closedAt } = event.data;
      await vault.retainUntil(event.caseId, this.personalData.retention.eraseAfter('joint-plan', new Date(closedAt)), tx);
    } else if (event.type === 'CaseReopened') {
      await vault.clearRetention(event.caseId, tx);
    }
  }
}
