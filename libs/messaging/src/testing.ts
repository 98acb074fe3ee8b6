// Fixtures for backbone specs (test code only).
export {
  ScratchSchemas,
  StepEffects,
  appendSteps,
  registryFor,
  stepEvent,
  stepRecordedContract,
  until,
  uniqueName,
} from './testing/backbone-fixtures';
export { deadLetteringProcessor, onRealBroker, type RealBroker } from './testing/real-broker';
