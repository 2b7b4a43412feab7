import type { Sector } from './sector';

export const TOPICS = {
  health: 'health.events.v1',
  school: 'school.events.v1',
  childwelfare: 'childwelfare.events.v1',
  coordination: 'coordination.events.v1',
} as const satisfies Record<Sector, string>;

export type Topic = (typeof TOPICS)[Sector];
export type DlqTopic = `${Topic}.dlq`;

export const HEALTH_TOPIC = TOPICS.health;
export const SCHOOL_TOPIC = TOPICS.school;
export const CHILDWELFARE_TOPIC = TOPICS.childwelfare;
export const COORDINATION_TOPIC = TOPICS.coordination;

/** Every sector topic, e.g. for the coordination service's consumer group. */
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/** The topic a sector publishes its events on. */
export function topicForSector<S extends Sector>(sector: S): (typeof TOPICS)[S] {
  return TOPICS[sector];
}

/** The dead-letter topic beside a topic: `<topic>.dlq`. */
export function dlqTopic<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}
