import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ConcurrencyError, DomainError } from '@samvirke/event-sourcing';
import { toProblem } from './problem.filter';
import { ProblemException, ProblemType } from './problem';

describe('toProblem', () => {
  it('sends a ProblemException as it is', () => {
    const problem = { type: 'urn:x', title: 'Gone', status: 410, detail: 'gone', extra: 1 };
    expect(toProblem(new ProblemException(problem))).toBe(problem);
  });

  it('makes a DomainError a 409 with its message and code', () => {
    expect(toProblem(new DomainError('Already reviewed.', 'already-reviewed'))).toEqual({
      type: 'urn:samvirke:problem:domain-rule',
      title: 'Conflict',
      status: 409,
      detail: 'Already reviewed.',
      code: 'already-reviewed',
    });
  });

  it('makes a ConcurrencyError a 409 without the stream id', () => {
    const problem = toProblem(new ConcurrencyError('child-secret-stream', 2, 3));
    expect(problem.status).toBe(409);
    expect(problem.detail).not.toContain('child-secret-stream');
  });

  it("keeps a Nest HttpException's status and message", () => {
    expect(toProblem(new ForbiddenException('Not your caseload.'))).toMatchObject({
      status: 403,
      title: 'Forbidden',
      detail: 'Not your caseload.',
    });
    expect(toProblem(new HttpException('I am a teapot', 418))).toMatchObject({
      status: 418,
      detail: 'I am a teapot',
    });
  });

  it('makes an outage a 503 that names no host', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), {
      code: 'ECONNREFUSED',
    });
    const problem = toProblem(new Error('reading the stream failed', { cause: refused }));
    expect(problem).toMatchObject({
      status: 503,
      type: ProblemType.unavailable,
      title: 'Service Unavailable',
    });
    expect(problem.detail).not.toContain('10.0.0.7');
  });

  it('joins the messages of a Nest validation error', () => {
    expect(
      toProblem(new BadRequestException(['a must be a string', 'b should not exist'])).detail,
    ).toBe('a must be a string; b should not exist');
  });

  it('never shows the message of a 5xx or of an unknown error', () => {
    expect(toProblem(new ServiceUnavailableException('db at 10.0.0.7 down')).detail).not.toContain(
      '10.0.0.7',
    );
    expect(
      toProblem(new TypeError("Cannot read properties of undefined (reading 'x')")),
    ).toMatchObject({
      status: 500,
      type: 'about:blank',
    });
    expect(toProblem('a thrown string').status).toBe(500);
  });
});
