export { given, When, type Given } from './decider-specification';
export {
  eventStoreContract,
  type EventStoreUnderTest,
  type EventStoreContractOptions,
} from './event-store-contract';
export { InMemoryEventStore, InMemoryEventLog } from '../in-memory/in-memory-event-store';
