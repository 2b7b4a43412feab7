import { eventStoreContract } from '../testing/event-store-contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// No KurrentDB server is started for the test run: point this at one (e.g. docker compose's
// `kurrentdb` profile) with KURRENTDB_CONNECTION_STRING=kurrentdb://localhost:2113?tls=false.
const connectionString = process.env.KURRENTDB_CONNECTION_STRING ?? '';

eventStoreContract(
  'KurrentDbEventStore',
  async () => {
    const store = await KurrentDbEventStore.connect(connectionString);
    return { store, reopen: () => KurrentDbEventStore.connect(connectionString) };
  },
  {
    skip: connectionString
      ? undefined
      : 'KURRENTDB_CONNECTION_STRING is not set, so there is no KurrentDB server to run against',
    slowTransactionsUnsupported:
      'KurrentDB commits each append atomically on the server; a client cannot hold a transaction open',
  },
);
