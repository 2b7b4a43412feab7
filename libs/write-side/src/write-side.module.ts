import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  createPostgresEventStore,
  KurrentDbEventStore,
  type EventStore,
} from '@samvirke/event-sourcing';
import { ChildRefKey, masterKeysFromEnv, PostgresChildKeyring } from '@samvirke/identity';
import { KafkaTransport, Relay, type Transport } from '@samvirke/messaging';
import {
  DATA_SOURCE,
  DATABASE_POOL,
  databaseCheck,
  HealthRegistry,
  Metrics,
} from '@samvirke/platform';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ChildIdentity } from './child-identity';
import { ChildStreams } from './child-streams';
import { ErasureListener } from './erasure-listener';
import { EventWriter } from './event-writer';
import type { WriteSideConfig } from './write-side.config';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const TRANSPORT = Symbol('TRANSPORT');
export const WRITE_SIDE_OPTIONS = Symbol('WRITE_SIDE_OPTIONS');

export interface WriteSideModuleOptions {
  /** e.g. `health-service`: the CloudEvents source is `/samvirke/<service>`. */
  service: string;
  /** The topic the relay publishes this service's events to. */
  topic: string;
  config: WriteSideConfig;
  /** The bus, when the caller owns it (the in-process bus of `npm start`); otherwise Kafka from the config. */
  transport?: Transport;
  clock?: () => Date;
  relay?: { batchSize?: number; pollIntervalMs?: number };
  /**
   * A sector service's: the topic whose `child-erased` events make it forget the child's key in
   * its own keyring (`coordination.events.v1`). Unset for the coordination service, which erases.
   */
  erasureTopic?: string;
}

// The config's validation makes these present when they are needed; this says so to the compiler.
function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Starts the relay once the app is up; stops it, then closes the store and bus, on shutdown (the platform closes the database after). */
@Injectable()
class WriteSideLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WriteSide');

  constructor(
    @Inject(WRITE_SIDE_OPTIONS) private readonly options: WriteSideModuleOptions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRANSPORT) private readonly transport: Transport,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly relay: Relay,
    private readonly health: HealthRegistry,
    private readonly identity: ChildIdentity,
  ) {}

  private erasure?: ErasureListener;

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('database', databaseCheck(this.pool));
    // The bus itself, at once: the relay's check below turns only once a publish has failed, and a consumer that is not fed fails nothing.
    this.health.register('bus', () => this.transport.ping());
    this.health.register('relay', () => {
      const status = this.relay.status();
      if (this.options.config.RELAY_ENABLED && !status.running) throw new Error('relay stopped');
      if (status.lastError) throw new Error(status.lastError);
    });
    if (this.options.config.RELAY_ENABLED) {
      this.relay.start();
      this.logger.log(`relaying to ${this.options.topic}`);
    }
    if (this.options.erasureTopic) {
      this.erasure = new ErasureListener({
        service: this.options.service,
        topic: this.options.erasureTopic,
        transport: this.transport,
        pool: this.pool,
        keyring: this.identity.keyring,
      });
      await this.erasure.start();
      this.logger.log(`forgetting erased children from ${this.options.erasureTopic}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.erasure?.stop();
    await this.relay.stop();
    if (!this.options.transport) await this.transport.close();
    await this.store.close();
  }
}

/**
 * The event-sourced write side of a service, wired for Nest: its event store (PostgreSQL, or
 * KurrentDB with EVENT_STORE=kurrentdb), the relay to its topic, the child identity (childRef
 * and the per-child keyring) and the `EventWriter` and `ChildStreams` its controllers call. The
 * store and the keyring are on the process's database (`DATA_SOURCE`, `DATABASE_POOL` of the platform).
 */
@Module({})
export class WriteSideModule {
  static forRoot(options: WriteSideModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: WriteSideModule,
      global: true,
      providers: [
        { provide: WRITE_SIDE_OPTIONS, useValue: options },
        {
          provide: EVENT_STORE,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource): Promise<EventStore> =>
            config.EVENT_STORE === 'kurrentdb'
              ? KurrentDbEventStore.connect(
                  required(config.KURRENTDB_CONNECTION_STRING, 'KURRENTDB_CONNECTION_STRING'),
                )
              : createPostgresEventStore({ dataSource, schema: 'event_store' }),
        },
        {
          provide: TRANSPORT,
          useFactory: (): Transport =>
            options.transport ??
            new KafkaTransport({
              brokers: required(config.KAFKA_BROKERS, 'KAFKA_BROKERS').split(','),
              clientId: options.service,
            }),
        },
        {
          provide: Relay,
          inject: [EVENT_STORE, TRANSPORT, Metrics],
          useFactory: (store: EventStore, transport: Transport, metrics: Metrics) => {
            const name = `relay:${options.topic}`;
            return new Relay({
              name,
              store,
              transport,
              topic: options.topic,
              ...options.relay,
              onDeadLettered: ({ topic, code }) =>
                metrics.deadLetteredEvents.inc({ topic, group: name, reason: code }),
            });
          },
        },
        {
          provide: ChildIdentity,
          inject: [DATABASE_POOL],
          useFactory: async (pool: Pool) => {
            const keyring = new PostgresChildKeyring({
              pool,
              masterKeys: masterKeysFromEnv({
                SAMVIRKE_KEYRING_MASTER_KEY: config.SAMVIRKE_KEYRING_MASTER_KEY,
                SAMVIRKE_KEYRING_PREVIOUS_MASTER_KEYS: config.SAMVIRKE_KEYRING_PREVIOUS_MASTER_KEYS,
              }),
            });
            await keyring.migrate();
            return new ChildIdentity(ChildRefKey.parse(config.SAMVIRKE_CHILDREF_KEY), keyring);
          },
        },
        {
          provide: EventWriter,
          inject: [EVENT_STORE, Relay, Metrics],
          useFactory: (store: EventStore, relay: Relay, metrics: Metrics) => {
            const appended = metrics.counter({
              name: 'samvirke_events_appended_total',
              help: 'Events appended to this service’s event store',
            });
            return new EventWriter({
              store,
              source: `/samvirke/${options.service}`,
              clock: options.clock ?? (() => new Date()),
              onAppended: (count) => {
                appended.inc(count);
                relay.notify();
              },
            });
          },
        },
        {
          provide: ChildStreams,
          inject: [EventWriter, ChildIdentity],
          useFactory: (writer: EventWriter, identity: ChildIdentity) =>
            new ChildStreams(writer, identity),
        },
        WriteSideLifecycle,
      ],
      exports: [
        EVENT_STORE,
        TRANSPORT,
        Relay,
        ChildIdentity,
        EventWriter,
        ChildStreams,
        WRITE_SIDE_OPTIONS,
      ],
    };
  }
}
