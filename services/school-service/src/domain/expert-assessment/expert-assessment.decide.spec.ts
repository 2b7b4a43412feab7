import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  expertAssessmentDecider,
  recordsExpertAssessmentCommand,
  type CompleteExpertAssessment,
  type RequestExpertAssessment,
} from './expert-assessment.decide';
import { streamIdForExpertAssessment } from './expert-assessment';

const request: RequestExpertAssessment = {
  type: 'RequestExpertAssessment',
  data: {
    assessmentId: 'ppt-1',
    childRef: 'child-1',
    municipality: '0301',
    requestedAt: '2026-01-15T09:00:00+01:00',
  },
};
const requested: CatalogEvent<'no.samvirke.school.expert-assessment-requested.v1'> = {
  type: 'no.samvirke.school.expert-assessment-requested.v1',
  data: { assessmentId: 'ppt-1', requestedAt: '2026-01-15T09:00:00+01:00' },
};
const complete: CompleteExpertAssessment = {
  type: 'CompleteExpertAssessment',
  data: {
    assessmentId: 'ppt-1',
    completedAt: '2026-04-01T15:00:00+02:00',
    recommendsSpecialEducation: true,
  },
};
const completed: CatalogEvent<'no.samvirke.school.expert-assessment-completed.v1'> = {
  type: 'no.samvirke.school.expert-assessment-completed.v1',
  data: complete.data,
};

describe('expert assessment', () => {
  it('names its stream by the assessment id', () => {
    expect(streamIdForExpertAssessment('ppt-1')).toBe('school-expert-assessment-ppt-1');
  });

  describe('request', () => {
    it('records a request', () => {
      given(expertAssessmentDecider, []).when(request).then([requested]);
    });

    it('does nothing when the same request is recorded again', () => {
      given(expertAssessmentDecider, [requested]).when(request).thenNothingHappens();
    });

    it('does nothing when the request is repeated after completion', () => {
      given(expertAssessmentDecider, [requested, completed]).when(request).thenNothingHappens();
    });

    it('refuses the same assessment id requested at another time', () => {
      given(expertAssessmentDecider, [requested])
        .when({ ...request, data: { ...request.data, requestedAt: '2026-01-16T09:00:00+01:00' } })
        .thenThrows('assessment-conflict');
    });
  });

  describe('complete', () => {
    it('records the completion of a requested assessment', () => {
      given(expertAssessmentDecider, [requested]).when(complete).then([completed]);
    });

    it('refuses the completion of an assessment it has not seen requested', () => {
      given(expertAssessmentDecider, []).when(complete).thenThrows('assessment-not-requested');
    });

    it('refuses a completion dated before the request', () => {
      given(expertAssessmentDecider, [requested])
        .when({ ...complete, data: { ...complete.data, completedAt: '2026-01-14T09:00:00+01:00' } })
        .thenThrows('completion-before-request');
    });

    it('does nothing when the same completion is recorded again', () => {
      given(expertAssessmentDecider, [requested, completed]).when(complete).thenNothingHappens();
    });

    it('refuses a second completion with another recommendation', () => {
      given(expertAssessmentDecider, [requested, completed])
        .when({ ...complete, data: { ...complete.data, recommendsSpecialEducation: false } })
        .thenThrows('assessment-already-completed');
    });
  });

  it('points a repeated command at the event that first recorded it', () => {
    const history = [requested, completed];
    expect(history.find((e) => recordsExpertAssessmentCommand(e, request))).toBe(requested);
    expect(history.find((e) => recordsExpertAssessmentCommand(e, complete))).toBe(completed);
  });
});
