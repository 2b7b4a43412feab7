import { eventCatalog } from './catalog';
import { ALL_TOPICS, dlqTopic, topicForSector } from './topics';

describe('topics', () => {
  it('gives each sector its versioned topic', () => {
    expect(topicForSector('health')).toBe('health.events.v1');
    expect(topicForSector('school')).toBe('school.events.v1');
    expect(topicForSector('childwelfare')).toBe('childwelfare.events.v1');
    expect(topicForSector('coordination')).toBe('coordination.events.v1');
    expect(ALL_TOPICS).toHaveLength(4);
  });

  it('puts the dead letters of a topic beside it', () => {
    expect(dlqTopic('health.events.v1')).toBe('health.events.v1.dlq');
  });

  it('publishes every catalog event on its own sector topic', () => {
    for (const entry of eventCatalog) expect(entry.topic).toBe(`${entry.sector}.events.v1`);
  });
});
