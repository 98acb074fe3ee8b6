// The adapter contract suite, for adapters' own specs; import it from tests only (it uses jest globals).
export {
  describeEventStoreContract,
  type ContractSetup,
  type EventStoreContractSubject,
  type SlowAppend,
} from './lib/contract/event-store.contract';
export { contractEvent, contractEvents, uniqueId } from './lib/contract/contract-events';
