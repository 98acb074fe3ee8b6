import { CONVENING_CONTRACTS } from './convening.contracts';
import { ContractRegistry } from './contract-registry';
import { INTAKE_CONTRACTS } from './intake.contracts';
import { MEETING_CONTRACTS } from './meeting.contracts';
import { PLAN_FOLLOWUP_CONTRACTS } from './plan-followup.contracts';
import { topicOf } from './integration-event';

describe('the published contracts', () => {
  it.each([
    ['intake', INTAKE_CONTRACTS],
    ['convening', CONVENING_CONTRACTS],
    ['plan-followup', PLAN_FOLLOWUP_CONTRACTS],
    ['meeting', MEETING_CONTRACTS],
  ])("should all compile under strict JSON Schema and sit on %s's topic", (service, contracts) => {
    expect(() => new ContractRegistry(contracts)).not.toThrow();
    for (const contract of contracts) expect(contract.topic).toBe(topicOf(service));
  });
});
