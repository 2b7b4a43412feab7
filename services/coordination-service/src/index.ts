export { createCoordinationApp, runCoordinationService, COORDINATION_PORT, type CoordinationAppOptions } from './service';
export { CoordinationModule, COORDINATION_SERVICE, type CoordinationModuleOptions } from './app.module';
export { CoordinationConfig } from './web';
// The pure gap engine, for tools that judge scenarios as the service does (the demo).
export { childFactsFrom } from './child-facts';
export { evaluateAll, defaultThresholds, isNorwegianPublicHoliday, RULE_IDS, type RuleId } from './gaps';
