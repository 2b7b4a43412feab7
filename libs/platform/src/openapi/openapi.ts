import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const BEARER_SCHEME = 'bearer';

/** Serves the OpenAPI UI at `/docs` and the document at `/docs-json`, with bearer auth declared. */
export function setupOpenApi(app: INestApplication, info: { title: string; version: string; description?: string }): void {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setVersion(info.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME);
  if (info.description) builder.setDescription(info.description);
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
