export * from './schema';
export * from './ids';
