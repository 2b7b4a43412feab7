import { eventStoreContract } from '../testing/event-store-contract';
import { InMemoryEventLog, InMemoryEventStore } from './in-memory-event-store';

eventStoreContract(
  'InMemoryEventStore',
  async () => {
    const log = new InMemoryEventLog();
    return {
      store: new InMemoryEventStore({ log }),
      reopen: async () => new InMemoryEventStore({ log }),
    };
  },
  {
    slowTransactionsUnsupported:
      'in-memory appends are atomic and visible at once; there is no transaction to hold open',
  },
);
