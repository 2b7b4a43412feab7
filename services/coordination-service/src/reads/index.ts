export { AccessLogController } from './access-log.controller';
export { ChildrenReadController } from './children-read.controller';
export { GapsReadController } from './gaps-read.controller';
export { StatisticsController } from './statistics.controller';
export {
  CallerRateLimit,
  DEFAULT_RATE_LIMITS,
  rateLimitModule,
  rateLimitsFrom,
  type RateLimit,
  type RateLimits,
} from './rate-limits';
export { READ_MODEL_DB, readModelDbProvider, type ReadModelDb } from './read-model.database';
export { coveredSectors, visibleEntry, type TimelineEntry, type TimelineRow } from './visibility';
