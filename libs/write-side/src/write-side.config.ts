import { BaseConfig } from '@samvirke/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';

export const EVENT_STORES = ['postgres', 'kurrentdb'] as const;
export const BUSES = ['kafka', 'in-process'] as const;

/** What an event-sourced service reads from its environment besides the platform's settings. */
export class WriteSideConfig extends BaseConfig {
  /** Where the service keeps its events: PostgreSQL (default) or KurrentDB. */
  @IsIn(EVENT_STORES, { message: `EVENT_STORE must be one of ${EVENT_STORES.join(', ')}` })
  EVENT_STORE: (typeof EVENT_STORES)[number] = 'postgres';

  @ValidateIf((c: WriteSideConfig) => c.EVENT_STORE === 'kurrentdb')
  @Matches(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\/\S+$/, {
    message:
      'KURRENTDB_CONNECTION_STRING must be a kurrentdb:// connection string when EVENT_STORE=kurrentdb',
  })
  KURRENTDB_CONNECTION_STRING?: string;

  /** `kafka` in production; `in-process` only when one process runs every service (npm start). */
  @IsIn(BUSES, { message: `BUS must be one of ${BUSES.join(', ')}` })
  BUS: (typeof BUSES)[number] = 'kafka';

  @ValidateIf((c: WriteSideConfig) => c.BUS === 'kafka')
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be host:port[,host:port…] when BUS=kafka',
  })
  KAFKA_BROKERS?: string;

  /** The HMAC key behind childRefs: the same in every service. */
  @IsString({ message: 'SAMVIRKE_CHILDREF_KEY must be set (base64 of at least 32 bytes)' })
  SAMVIRKE_CHILDREF_KEY!: string;

  /** Wraps each child's own key (crypto-shredding). */
  @IsString({ message: 'SAMVIRKE_KEYRING_MASTER_KEY must be set (base64 of 32 bytes)' })
  SAMVIRKE_KEYRING_MASTER_KEY!: string;

  @IsOptional()
  @IsString()
  SAMVIRKE_KEYRING_PREVIOUS_MASTER_KEYS?: string;

  /** Off only for a second instance that should not publish (one relay per store is enough). */
  @Transform(({ value }) =>
    value === undefined ? true : value === true || value === 'true' || value === '1',
  )
  @IsBoolean({ message: 'RELAY_ENABLED must be true or false' })
  RELAY_ENABLED = true;
}
