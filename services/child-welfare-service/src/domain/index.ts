// The child welfare service's pure domain: one decider per aggregate, no Nest, no I/O.
export * from './concern-report/concern-report';
export * from './concern-report/concern-report.decide';
export * from './investigation/investigation';
export * from './investigation/investigation.decide';
export * from './measure/measure';
export * from './measure/measure.decide';
