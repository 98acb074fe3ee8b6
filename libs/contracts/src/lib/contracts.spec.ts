import { CONVENING_CONTRACTS } from './convening.contracts';
import { ContractRegistry } from './contract-registry';
import { INTAKE_CONTRACTS } from './intake.contracts';
import { topicOf } from './integration-event';

describe('the published contracts', () => {
  it.each([
    ['intake', INTAKE_CONTRACTS],
    ['convening', CONVENING_CONTRACTS],
  ])("should all compile under strict JSON Schema and sit on %s's topic", (service, contracts) => {
    expect(() => new ContractRegistry(contracts)).not.toThrow();
    for (const contract of contracts) expect(contract.topic).toBe(topicOf(service));
  });
});
