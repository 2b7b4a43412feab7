import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  measureDecider,
  recordsMeasureCommand,
  type DecideMeasure,
  type EvaluateMeasure,
} from './measure.decide';
import { streamIdForMeasure } from './measure';

const decide: DecideMeasure = {
  type: 'DecideMeasure',
  data: {
    measureId: 'tiltak-1',
    childRef: 'child-1',
    municipality: '4601',
    kind: 'parental guidance',
    decidedAt: '2026-06-25T10:00:00+02:00',
  },
};
const decided: CatalogEvent<'no.samvirke.childwelfare.measure-decided.v1'> = {
  type: 'no.samvirke.childwelfare.measure-decided.v1',
  data: {
    measureId: 'tiltak-1',
    kind: 'parental guidance',
    decidedAt: '2026-06-25T10:00:00+02:00',
  },
};
const evaluateAt = (evaluatedAt: string): EvaluateMeasure => ({
  type: 'EvaluateMeasure',
  data: { measureId: 'tiltak-1', evaluatedAt },
});
const evaluatedAt = (
  at: string,
): CatalogEvent<'no.samvirke.childwelfare.measure-evaluated.v1'> => ({
  type: 'no.samvirke.childwelfare.measure-evaluated.v1',
  data: { measureId: 'tiltak-1', evaluatedAt: at },
});
const september = '2026-09-20T10:00:00+02:00';
const december = '2026-12-18T10:00:00+01:00';

describe('measure', () => {
  it('names its stream by the measure id', () => {
    expect(streamIdForMeasure('tiltak-1')).toBe('childwelfare-measure-tiltak-1');
  });

  describe('decide', () => {
    it('records a decided measure, without the child or municipality in the payload', () => {
      given(measureDecider, []).when(decide).then([decided]);
    });

    it('does nothing when the same decision is recorded again', () => {
      given(measureDecider, [decided, evaluatedAt(september)])
        .when(decide)
        .thenNothingHappens();
    });

    it('refuses the same measure id with another kind', () => {
      given(measureDecider, [decided])
        .when({ ...decide, data: { ...decide.data, kind: 'relief measure' } })
        .thenThrows('measure-conflict');
    });
  });

  describe('evaluate', () => {
    it('records an evaluation of a decided measure', () => {
      given(measureDecider, [decided])
        .when(evaluateAt(september))
        .then([evaluatedAt(september)]);
    });

    it('records later evaluations too: evaluations repeat', () => {
      const state = given(measureDecider, [decided, evaluatedAt(september)])
        .when(evaluateAt(december))
        .then([evaluatedAt(december)]);
      expect(state).toMatchObject({ status: 'decided', evaluations: [september, december] });
    });

    it('refuses to evaluate a measure it has not seen decided', () => {
      given(measureDecider, []).when(evaluateAt(september)).thenThrows('measure-not-decided');
    });

    it('refuses an evaluation dated before the decision', () => {
      given(measureDecider, [decided])
        .when(evaluateAt('2026-06-01T10:00:00+02:00'))
        .thenThrows('evaluation-before-decision');
    });

    it('does nothing when an evaluation at the same moment is recorded again', () => {
      given(measureDecider, [decided, evaluatedAt(september), evaluatedAt(december)])
        .when(evaluateAt('2026-09-20T08:00:00Z'))
        .thenNothingHappens();
    });
  });

  it('points a repeated evaluation at the event for that moment', () => {
    const history = [decided, evaluatedAt(september), evaluatedAt(december)];
    expect(history.find((e) => recordsMeasureCommand(e, evaluateAt(december)))).toBe(history[2]);
    expect(history.find((e) => recordsMeasureCommand(e, decide))).toBe(decided);
  });
});
