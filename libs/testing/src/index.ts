export { freePort, waitFor } from './ports';
export {
  startEmbeddedPostgres,
  createDatabase,
  type RunningPostgres,
  type EmbeddedPostgresOptions,
} from './postgres';
export {
  startKafkaBroker,
  kafkaClasspath,
  kafkaVersion,
  type RunningKafka,
  type KafkaBrokerOptions,
} from './kafka';
export { testPostgresUrl, testKafkaBrokers, TEST_PG_URL, TEST_KAFKA_BROKERS } from './env';
export { uniqueTopic, createTopics } from './topics';
export { readTopic, type ReadMessage } from './kafka-read';
export { LogCapture } from './log-capture';
export { describeHost } from './machine';
export { postgresCpuSeconds, processCpuSeconds } from './cpu';
export {
  startNpmScript,
  stopNpmScript,
  processTree,
  type RunningScript,
  type NpmScriptOptions,
} from './npm-script';
export { launchChromium, axeViolations, seriousOrCritical, type AxeViolation } from './browser';
export { eventually } from './eventually';
