export * from './child-facts';
export * from './calendar';
export * from './rule';
export * from './thresholds';
export { judge, judgeAll, type Deadline } from './deadline';
export * from './rules';
export { evaluateAll } from './evaluate-all';
export { diffGaps, type AutoResolution, type GapChanges, type KnownGap } from './diff-gaps';
