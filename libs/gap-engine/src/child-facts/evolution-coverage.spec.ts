import { eventCatalog, SECTORS } from '@samvirke/contracts';
import { envelope, events as e } from '../testing';
import {
  childFactsFrom,
  evolution,
  evolveChildFacts,
  ignoredEvents,
  involvement,
  notInvolving,
} from './evolve-child-facts';

// The projection consumes every sector's topic and the coordination service's own: every event
// of the catalog reaches the engine.
const consumed = eventCatalog.filter((entry) =>
  (SECTORS as readonly string[]).includes(entry.sector),
);

describe('the evolution table', () => {
  it('has an entry for every event of the catalog, or says why it ignores it', () => {
    const reasons: Readonly<Record<string, string>> = ignoredEvents;
    const unhandled = consumed
      .map((entry) => entry.type)
      .filter((type) => !Object.hasOwn(evolution, type) && !reasons[type]?.trim());
    expect(unhandled).toEqual([]);
  });

  it('neither handles nor ignores an event type the catalog does not have, and not both', () => {
    const known = new Set<string>(eventCatalog.map((entry) => entry.type));
    const listed = [
      ...Object.keys(evolution),
      ...Object.keys(ignoredEvents),
      ...Object.keys(involvement),
      ...Object.keys(notInvolving),
    ];
    expect(listed.filter((type) => !known.has(type))).toEqual([]);
    expect(Object.keys(ignoredEvents).filter((type) => Object.hasOwn(evolution, type))).toEqual([]);
  });

  it('says of every event of health, school and child welfare whether it shows its sector involved, and why not', () => {
    const reasons: Readonly<Record<string, string>> = notInvolving;
    const sectorEvents = consumed.filter((entry) => entry.sector !== 'coordination');
    const undecided = sectorEvents
      .map((entry) => entry.type)
      .filter((type) => !Object.hasOwn(involvement, type) && !reasons[type]?.trim());
    const both = Object.keys(notInvolving).filter((type) => Object.hasOwn(involvement, type));
    expect({ undecided, both }).toEqual({ undecided: [], both: [] });
  });

  it('names no coordination event in involvement: the multi-sector rule matches the other sectors only', () => {
    const coordination = consumed.filter((entry) => entry.sector === 'coordination');
    const listed = coordination
      .map((entry) => entry.type)
      .filter((type) => Object.hasOwn(involvement, type) || Object.hasOwn(notInvolving, type));
    expect(listed).toEqual([]);
  });

  it("takes every handled event's time from a field the catalog names", () => {
    const timeless = consumed
      .filter((entry) => Object.hasOwn(evolution, entry.type))
      .filter((entry) => !entry.occurredAtField || !(entry.occurredAtField in entry.example))
      .map((entry) => entry.type);
    expect(timeless).toEqual([]);
  });

  it('leaves the facts as they were for every ignored event', () => {
    const facts = childFactsFrom([e.childEnrolled('2026-01-05T09:00:00+01:00', '2014-05-20')]);
    const changed = consumed
      .filter((entry) => Object.hasOwn(ignoredEvents, entry.type))
      .filter(
        (entry) => evolveChildFacts(facts, envelope(entry.type, entry.example as never)) !== facts,
      )
      .map((entry) => entry.type);
    expect(changed).toEqual([]);
  });
});
