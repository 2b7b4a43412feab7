export {
  AccessLog,
  ACCESS_KINDS,
  ACCESS_LOG_SQL,
  ensureAccessLog,
  type AccessKind,
  type AccessLogEntry,
} from './access-log';
