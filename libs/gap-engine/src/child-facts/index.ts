export * from './child-facts';
export { childFactsFrom, evolveChildFacts, toInstant } from './evolve-child-facts';
