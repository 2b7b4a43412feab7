import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_JSON_DEPTH, nestsDeeperThan, unstorableFields } from './json-limits';
import { ProblemException, ProblemType } from './problem';

/** Bodies larger than this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** `application/json` and the `application/*+json` family (e.g. problem+json, merge-patch+json). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return (
    mediaType === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(mediaType)
  );
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Installs the only body parser: JSON, UTF-8, at most `limit` bytes and `MAX_JSON_DEPTH` levels
 * deep. Any body that is not JSON is refused with 415, whatever the method; a request without a
 * body passes (and its DTO, if any, names the missing fields). Then no string of the body or the
 * query may hold text PostgreSQL cannot store: that is a 400 naming the field, on every route.
 */
export function useJsonBodyOnly(app: NestExpressApplication, limit = BODY_LIMIT_BYTES): void {
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (hasBody(req) && !isJsonMediaType(req.headers['content-type'])) {
      next(
        ProblemException.of(415, 'The request body must be JSON (Content-Type: application/json).'),
      );
      return;
    }
    next();
  });
  app.useBodyParser('json', {
    limit,
    type: (req: Request) => isJsonMediaType(req.headers['content-type']),
    verify: refuseBeforeParsing,
  });
  app.use(translateBodyParserError);
  app.use(refuseUnstorableText);
}

/** Runs on the raw bytes before JSON.parse, so no deep nesting reaches recursive code (class-transformer, hashing). */
function refuseBeforeParsing(_req: Request, _res: Response, body: Buffer, encoding: string): void {
  // RFC 8259 §8.1: JSON between systems is UTF-8; the depth scan reads UTF-8 bytes.
  if (encoding !== 'utf-8')
    throw Object.assign(new Error('not UTF-8'), { type: 'charset.unsupported' });
  if (nestsDeeperThan(body, MAX_JSON_DEPTH))
    throw Object.assign(new Error('too deep'), { type: 'entity.too.deep' });
}

function refuseUnstorableText(req: Request, _res: Response, next: NextFunction): void {
  const errors = [...unstorableFields(req.query), ...unstorableFields(req.body)];
  if (errors.length > 0) {
    next(ProblemException.validation(errors, 'The request has text that cannot be stored.'));
    return;
  }
  next();
}

/** body-parser fails with an http-errors error carrying a `type`; give each a problem of its own. */
function translateBodyParserError(
  err: unknown,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const { type, limit } = (typeof err === 'object' && err !== null ? err : {}) as {
    type?: unknown;
    limit?: number;
  };
  switch (type) {
    case 'entity.parse.failed':
      return next(
        ProblemException.of(400, 'The request body is not valid JSON.', {
          type: ProblemType.malformedJson,
        }),
      );
    case 'entity.too.deep':
      // 400, not 413: the body is within the size limit; its shape, not its size, is wrong.
      return next(
        ProblemException.validation(
          [
            {
              field: 'body',
              message: `the body must not nest arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
            },
          ],
          'The request body nests too deeply.',
        ),
      );
    case 'entity.too.large':
      return next(
        ProblemException.of(
          413,
          `The request body is larger than ${Math.floor((limit ?? BODY_LIMIT_BYTES) / 1024)} KiB.`,
        ),
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return next(ProblemException.of(415, 'The request body must be UTF-8 encoded JSON.'));
    case 'request.aborted':
    case 'request.size.invalid':
      return next(ProblemException.of(400, 'The request body was incomplete.'));
    default:
      return next(err);
  }
}
