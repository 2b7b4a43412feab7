import type { NestExpressApplication } from '@nestjs/platform-express';
import { launchChromium } from '@samvirke/testing';
import type { Browser } from 'playwright-core';
import { createTestApp } from '../bootstrap';
import { DOCS_CONTENT_SECURITY_POLICY } from './openapi';

// Swagger UI really works under its own policy: a browser renders it and the policy blocks nothing.
describe('Swagger UI at /docs in a browser', () => {
  let app: NestExpressApplication;
  let browser: Browser;

  beforeAll(async () => {
    app = await createTestApp({ module: class EmptyModule {} });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders the API document with nothing refused by its content security policy', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const response = await page.goto(`${await app.getUrl()}/docs`);
    expect(response?.headers()['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 });
    expect(await page.textContent('.swagger-ui .info .title')).toContain('test-service');
    expect(refused).toEqual([]);
  });
});
