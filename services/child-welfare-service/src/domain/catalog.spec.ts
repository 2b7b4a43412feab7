import { validateEventData } from '@samvirke/contracts';
import { fold, type Decider } from '@samvirke/event-sourcing';
import { concernReportDecider, investigationDecider, measureDecider } from './index';

/** Runs commands one after another on a fresh stream and returns every event they recorded. */
function record<C, S, E>(decider: Decider<C, S, E>, commands: C[]): E[] {
  let state = decider.initialState();
  return commands.flatMap((command) => {
    const events = decider.decide(command, state);
    state = events.reduce(decider.evolve, state);
    return events;
  });
}

const child = { childRef: 'child-1', municipality: '4601' };

describe('the child welfare domain and the event catalog', () => {
  const reportEvents = record(concernReportDecider, [
    {
      type: 'ReceiveConcernReport',
      data: {
        ...child,
        reportId: 'bm-1',
        receivedAt: '2026-03-04T10:20:00+01:00',
        reporter: 'anonymous',
      },
    },
    {
      type: 'ReviewConcernReport',
      data: { reportId: 'bm-1', reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
    },
  ]);
  const report = fold(concernReportDecider, reportEvents);
  const events = [
    ...reportEvents,
    ...record(investigationDecider, [
      {
        type: 'StartInvestigation',
        data: {
          investigationId: 'us-1',
          reportId: 'bm-1',
          startedAt: '2026-03-10T09:00:00+01:00',
          report,
        },
      },
      {
        type: 'ExtendInvestigation',
        data: {
          investigationId: 'us-1',
          extendedAt: '2026-06-01T09:00:00+02:00',
          reason: 'Awaiting an assessment',
        },
      },
      {
        type: 'ConcludeInvestigation',
        data: {
          investigationId: 'us-1',
          concludedAt: '2026-08-20T12:00:00+02:00',
          outcome: 'closed',
        },
      },
    ]),
    ...record(measureDecider, [
      {
        type: 'DecideMeasure',
        data: {
          ...child,
          measureId: 't-1',
          kind: 'relief measure',
          decidedAt: '2026-06-25T10:00:00+02:00',
        },
      },
      {
        type: 'EvaluateMeasure',
        data: { measureId: 't-1', evaluatedAt: '2026-09-20T10:00:00+02:00' },
      },
      {
        type: 'EvaluateMeasure',
        data: { measureId: 't-1', evaluatedAt: '2026-12-18T10:00:00+01:00' },
      },
    ]),
  ];

  it('records one event per fact', () => {
    expect(events).toHaveLength(8);
  });

  it.each(events.map((event) => [event.type, event]))(
    'records %s as the catalog describes it',
    (_type, event) => {
      expect(validateEventData(event.type, event.data)).toEqual({ ok: true });
    },
  );
});
