import { osloDayOf } from './calendar';
import { Random } from './random';
import { tellChildStory } from './story/child';
import {
  DEMO_RULE_IDS,
  VARIANTS,
  type DemoRuleId,
  type DemoScenario,
  type DemoScenarioOptions,
  type StoryContext,
  type Variant,
} from './story/types';

export {
  CHILD_REF,
  DEMO_RULE_IDS,
  VARIANTS,
  type DemoCase,
  type DemoChild,
  type DemoRequest,
  type DemoRole,
  type DemoRuleId,
  type DemoScenario,
  type DemoScenarioOptions,
  type DemoService,
  type FactKind,
  type Variant,
} from './story/types';

/**
 * The demo municipality: children with synthetic personal ids and a year of facts, as the HTTP
 * requests the sector systems and the coordinating unit would send. Pure and seeded: the same
 * options give the same requests, byte for byte, so a rerun repeats them (and the services
 * answer 200 and append nothing).
 *
 * Each child gets one designed case (a gap rule and how it ends: still open, met in time, met
 * late), cycling through all 14 × 3 so that any 42 consecutive children cover every one; on top,
 * ordinary facts (enrolment at school, a sick day now and then, a hospital stay that went as it
 * should, a coordinator and an individual plan for some) and a few more cases at random. Each
 * child's story is told in `story/`: `child.ts` tells it, one file per sector sends its part.
 */

export const DEFAULT_DEMO_CHILDREN = 200;
export const DEFAULT_DEMO_MUNICIPALITY = '0301';
export const DEFAULT_DEMO_SEED = 'samvirke';

const SEED_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

/** Every (rule, variant) pair, in a seeded order: child n's designed case is pair n mod 42. */
export function designedPairs(seed: string): Array<[DemoRuleId, Variant]> {
  const pairs = DEMO_RULE_IDS.flatMap((rule) =>
    VARIANTS.map((variant): [DemoRuleId, Variant] => [rule, variant]),
  );
  return new Random(`${seed}/pairs`).shuffle(pairs);
}

export function demoScenario(options: DemoScenarioOptions): DemoScenario {
  const { seed, municipality, now } = options;
  if (!SEED_PATTERN.test(seed)) {
    throw new RangeError(
      `seed must be 1 to 32 letters, digits or '-', starting with a letter or digit`,
    );
  }
  if (!/^\d{4}$/.test(municipality))
    throw new RangeError('municipality must be a 4-digit kommunenummer');
  if (!Number.isInteger(options.children) || options.children < 0 || options.children > 100_000) {
    throw new RangeError('children must be a whole number from 0 to 100000');
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');

  const pairs = designedPairs(seed);
  const usedIds = new Set<string>();
  const context: StoryContext = { seed, municipality, today: osloDayOf(now), now: now.getTime() };
  const stories = [];
  for (let number = 1; number <= options.children; number++) {
    stories.push(tellChildStory(context, number, pairs[(number - 1) % pairs.length], usedIds));
  }
  const requests = stories.flatMap((story) => story.timedRequests());
  requests.sort((a, b) => a.ms - b.ms || a.childNumber - b.childNumber || a.sequence - b.sequence);
  return {
    seed,
    municipality,
    now: now.toISOString(),
    children: stories.map((story) => story.demoChild()),
    requests: requests.map((timed) => timed.request),
  };
}
