export * from './envelope';
export * from './sector';
export * from './topics';
export * from './catalog';
