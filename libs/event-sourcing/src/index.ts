export * from './event-store';
export * from './decider';
export * from './command-handler';
export * from './postgres';
export * from './kurrentdb';
