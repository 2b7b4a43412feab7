// Test builders for the engine's input (envelopes as the coordination service receives them)
// and the given/when/then of a gap rule.
export * from './events';
export * from './rule-spec';
export * from './synthetic';
