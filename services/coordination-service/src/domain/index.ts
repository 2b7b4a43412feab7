// The coordination service's own commands as pure deciders, and who may act: no Nest, no I/O.
export * from './child/child';
export * from './child/child.decide';
export * from './child/transfer.decide';
export * from './gap/gap';
export * from './gap/gap.decide';
export * from './access';
export * from './personal-data';
export * from './time';
