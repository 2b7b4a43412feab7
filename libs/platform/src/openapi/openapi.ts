import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';

export const BEARER_SCHEME = 'bearer';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:samvirke:problem:validation' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields.' },
    code: {
      type: 'string',
      description: 'A stable reason for a 409 from a domain rule',
      example: 'not-admitted',
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'sectors[1]' },
          message: { type: 'string' },
        },
      },
    },
  },
};

/** Every operation may answer a problem document; say so once, for all of them. */
function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (operation && !operation.responses['default']) {
        operation.responses['default'] = {
          description: 'An error, as RFC 9457 problem details',
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
    }
  }
  return document;
}

/**
 * What Swagger UI at `/docs` may load: its own scripts and styles (and its inline `<style>`
 * blocks and style attributes), its icons as data: URLs, and this service's API for "Try it
 * out". No framing, no plugins. The coordinators' page keeps its own, stricter policy.
 */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Serves the OpenAPI UI at `/docs` (under its own CSP) and the document at `/docs-json`, with bearer auth declared. */
export function setupOpenApi(
  app: INestApplication,
  info: { title: string; version: string; description?: string },
): void {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setVersion(info.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME);
  if (info.description) builder.setDescription(info.description);
  const document = withProblemResponses(SwaggerModule.createDocument(app, builder.build()));
  // Ahead of Swagger's own routes, so the page and its files all carry the policy.
  app.use(
    '/docs',
    (
      _request: unknown,
      response: { setHeader(name: string, value: string): void },
      next: () => void,
    ) => {
      response.setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
      response.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
