import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { expertAssessment } from './school-expert-assessment';

const { given } = ruleSpec(expertAssessment);

describe('school.expert-assessment', () => {
  const requested = e.expertRequested('ppt-1', '2026-01-15T09:00:00+01:00');
  const due = '2026-04-15T09:00:00+02:00'; // 3 calendar months, same Oslo wall-clock time

  it('opens 3 calendar months after the request without completion, and not a minute before', () => {
    given([requested]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([requested])
      .when(due)
      .then([
        {
          key: 'school.expert-assessment:ppt-1',
          status: 'open',
          owner: 'school',
          legalBasis: 'forvaltningsloven §11a; Udir guidance',
          evidence: [requested.id],
          dueAt: due,
          escalatesAt: '2026-07-15T09:00:00+02:00',
        },
      ]);
  });

  it('opens no gap when completed in time', () => {
    given([requested, e.expertCompleted('ppt-1', '2026-04-01T15:00:00+02:00')])
      .when('2026-08-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when completed after the deadline', () => {
    const completed = e.expertCompleted('ppt-1', '2026-04-20T09:00:00+02:00');
    given([requested, completed])
      .when('2026-05-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', lateByMs: 5 * DAYS }]);
  });

  it('accepts a completion delivered before the request', () => {
    given([e.expertCompleted('ppt-1', '2026-03-01T15:00:00+01:00'), requested])
      .when(due)
      .then([]);
  });

  it("uses the child's municipality's number of months", () => {
    const overrides = { '4601': { 'school.expert-assessment': { months: 2 } } };
    given([inMunicipality('4601', requested)])
      .when('2026-03-15T09:00:00+01:00', { overrides })
      .then([{ dueAt: '2026-03-15T09:00:00+01:00' }]);
  });
});
