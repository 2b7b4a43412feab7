/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import {
  axeViolations,
  freePort,
  launchChromium,
  seriousOrCritical,
  startNpmScript,
  stopNpmScript,
  waitFor,
  type RunningScript,
} from '@samvirke/testing';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';

// The coordinator web page in Debian's Chromium against `npm start`, as people use it: log in on
// the log-in page as a demo user, work a gap from the caseload to resolved, read the dashboard as
// the coordinating unit, withdraw and give consent (child welfare's lane and entries go and
// come; a sector without consent is a lane mark), read the access log as an auditor, and erase
// a child. Every page is checked with axe-core. Screenshots go to test-output/screenshots.
const root = join(__dirname, '..', '..', '..');
const screenshots = join(root, 'test-output', 'screenshots');
jest.setTimeout(600_000);

const DISCHARGE = 'health.discharge-follow-up';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads whatever the API answered
type Json = any;
interface Answer {
  url: string;
  body: string;
}

describe('coordinator web page (npm start, Chromium)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samvirke-web-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when the tests run as root
  let running: RunningScript;
  let browser: Browser;
  let base = '';
  const tokens = new Map<string, string>();

  /** A demo user's token, through the same demo log-in the page uses. */
  async function tokenOf(userId: string): Promise<string> {
    const known = tokens.get(userId);
    if (known) return known;
    const response = await fetch(`${base}/v1/session/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    expect(response.status).toBe(200);
    const token = ((await response.json()) as Json).access_token as string;
    tokens.set(userId, token);
    return token;
  }

  async function api(userId: string, path: string): Promise<Json> {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${await tokenOf(userId)}` },
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  /**
   * A fresh browser session (nothing remembered), logged in on the log-in page as `userId`, with
   * every API answer the browser gets, in the order they came (`read()` waits for their bodies).
   */
  async function logIn(userId: string): Promise<{
    context: BrowserContext;
    page: Page;
    responses: Answer[];
    read(): Promise<unknown>;
  }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const responses: Answer[] = [];
    const reading: Array<Promise<unknown>> = [];
    page.on('response', (response: Response) => {
      if (!response.url().includes('/v1/')) return;
      const answer = { url: response.url(), body: '' };
      responses.push(answer);
      reading.push(
        response.text().then(
          (body) => (answer.body = body),
          () => undefined,
        ),
      );
    });
    await page.goto(`${base}/`);
    await page.locator(`button[data-user-id="${userId}"]`).click();
    // Logged in: the page's header with its menu (the log-in page has none).
    await page.locator('header.top nav').waitFor();
    return { context, page, responses, read: () => Promise.all(reading) };
  }

  async function expectAccessible(page: Page, what: string) {
    const problems = seriousOrCritical(await axeViolations(page));
    expect({ page: what, problems }).toEqual({ page: what, problems: [] });
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    const ports: Record<string, number> = {};
    for (const name of ['coordination', 'health', 'school', 'childWelfare', 'postgres'])
      ports[name] = await freePort();
    running = await startNpmScript('start', { root, dataDir, ports });
    base = `http://127.0.0.1:${ports.coordination}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (running) expect(await stopNpmScript(running)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the page at / with a strict content security policy, and the log-in page passes axe', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root">');

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('button[data-user-id="demo-ke"]').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    expect(await page.locator('h1').textContent()).toBe('Logg inn');
    await expectAccessible(page, 'log-in');
    // English on the toggle, and back.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Norsk' }).click();
    expect(await page.locator('h1').textContent()).toBe('Logg inn');
    // By keyboard alone: Tab to the coordinating unit and press Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (
        (await page.evaluate(() => document.activeElement?.getAttribute('data-user-id'))) ===
        'demo-ke'
      )
        break;
    }
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Barn i kommunen' }).waitFor();
    await context.close();
  });

  it('takes a coordinator from the caseload to an open discharge follow-up gap, and through acknowledge and resolve', async () => {
    // A child with an open discharge follow-up gap and a coordinator, found as the unit sees it.
    const { gaps } = await api('demo-ke', `/v1/gaps?status=open&ruleId=${DISCHARGE}&limit=200`);
    const { children } = await api('demo-ke', '/v1/children?limit=200');
    const coordinatorOf = new Map<string, string | null>(
      children.map((c: Json) => [c.childRef, c.coordinatorId]),
    );
    const gap = gaps.find((g: Json) => coordinatorOf.get(g.childRef));
    expect(gap).toBeDefined();
    const coordinator = coordinatorOf.get(gap.childRef) as string;

    const { context, page } = await logIn(coordinator);
    await page.locator('h1', { hasText: 'Mine barn' }).waitFor();
    const row = page.locator(`li[data-child-ref="${gap.childRef}"]`);
    await row.locator(`[data-gap-id="${gap.gapId}"]`).waitFor();
    await expectAccessible(page, 'caseload');
    await page.screenshot({ path: join(screenshots, 'caseload.png'), fullPage: true });

    await row.locator('a.child-name').click();
    const card = page.locator(`article.gap-card[data-gap-id="${gap.gapId}"]`);
    const bar = page.locator(`svg .gap-bar[data-gap-id="${gap.gapId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('open');
    expect(await card.textContent()).toContain('hotjl §7-2a');
    // On the timeline, in the health lane, from the discharge to the deadline.
    expect(await bar.getAttribute('data-status')).toBe('open');
    await expectAccessible(page, 'child');
    await page.screenshot({ path: join(screenshots, 'child.png'), fullPage: true });

    // The bar is reached by keyboard and takes you to the gap.
    await bar.focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-gap-id'))).toBe(
      gap.gapId,
    );

    await card.locator('textarea').fill('Ringte helsesykepleier; hjemmebesøk avtalt.');
    await card.getByRole('button', { name: 'Kvitter ut' }).click();
    await page
      .locator(`article.gap-card[data-gap-id="${gap.gapId}"][data-status="acknowledged"]`)
      .waitFor();
    expect(await bar.getAttribute('data-status')).toBe('acknowledged');
    expect(await card.textContent()).toContain('Ringte helsesykepleier');

    await card.locator('textarea').fill('Hjemmebesøk gjennomført.');
    await card.getByRole('button', { name: 'Lukk' }).click();
    await page
      .locator(`article.gap-card[data-gap-id="${gap.gapId}"][data-status="resolved"]`)
      .waitFor();
    expect(await bar.getAttribute('data-status')).toBe('resolved');
    const resolved = (
      await api('demo-ke', `/v1/gaps?childRef=${gap.childRef}&ruleId=${DISCHARGE}`)
    ).gaps.find((g: Json) => g.gapId === gap.gapId);
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedBy: coordinator,
      note: 'Hjemmebesøk gjennomført.',
    });

    // Back on the caseload the gap is gone from the child's open gaps.
    await page.locator('nav a', { hasText: 'Mine barn' }).click();
    await row.waitFor();
    expect(await row.locator(`[data-gap-id="${gap.gapId}"]`).count()).toBe(0);
    await context.close();
  });

  it('shows the coordinating unit a dashboard whose figures are those of GET /v1/statistics', async () => {
    const { context, page } = await logIn('demo-ke');
    // The scheduler may open a gap between two reads: compare a page and an API answer read together.
    const matched = await waitFor(
      'the dashboard to show the figures of GET /v1/statistics',
      async () => {
        await page.goto(`${base}/#/dashboard`);
        await page.reload();
        const table = page.locator('[data-testid="statistics-table"]');
        await table.waitFor();
        const shown = await table.locator('tbody tr').evaluateAll((rows) =>
          rows.map((row) => ({
            ruleId: row.getAttribute('data-rule-id'),
            ...Object.fromEntries(
              [...row.querySelectorAll('td[data-figure]')].map((td) => [
                td.getAttribute('data-figure'),
                td.textContent,
              ]),
            ),
          })),
        );
        const { rules } = await api('demo-ke', '/v1/statistics');
        const expected = rules.map((r: Json) => ({
          ruleId: r.ruleId,
          opened: String(r.opened),
          open: String(r.open),
          escalated: String(r.escalated),
          resolved: String(r.resolved),
          resolvedWithinDeadline: String(r.resolvedWithinDeadline),
          withinDeadlinePercent:
            r.withinDeadlinePercent === null
              ? '–'
              : r.withinDeadlinePercent.toLocaleString('nb-NO'),
        }));
        return JSON.stringify(shown) === JSON.stringify(expected) ? { shown, rules } : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(matched.shown).toHaveLength(14);
    const open = matched.rules.reduce((sum: number, r: Json) => sum + r.open, 0);
    expect(await page.locator('[data-testid="total-open"]').textContent()).toBe(String(open));
    // Four charts (by rule, by sector, within deadline, waiting), each drawn; the waiting list comes by its own request.
    await page.locator('[data-testid="total-waiting"]').waitFor();
    expect(await page.locator('figure canvas').count()).toBe(4);
    await expectAccessible(page, 'dashboard');
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
    await context.close();
  });

  it('shows nothing of child welfare without consent, not even its lane, a lane mark for a sector whose content is hidden, and all again with consent', async () => {
    // A coordinator's child whose consent in force covers child welfare, which is involved.
    const coordinators = (
      await (await fetch(`${base}/v1/session/options`)).json()
    ).demoLogin.users.filter((u: Json) => u.roles.includes('coordinator'));
    let target: { coordinator: string; childRef: string; consents: Json[] } | undefined;
    for (const user of coordinators) {
      for (const child of (await api(user.id, '/v1/children?limit=200')).children) {
        if (!child.sectors.includes('child-welfare')) continue;
        const summary = await api(user.id, `/v1/children/${child.childRef}`);
        const covering = summary.consents.filter(
          (c: Json) => c.inForce && c.sectors.includes('child-welfare'),
        );
        if (covering.length > 0)
          target = { coordinator: user.id, childRef: child.childRef, consents: covering };
        if (target) break;
      }
      if (target) break;
    }
    expect(target).toBeDefined();
    const { coordinator, childRef, consents } = target as {
      coordinator: string;
      childRef: string;
      consents: Json[];
    };
    const { context, page, responses, read } = await logIn(coordinator);
    const welfareRows = page.locator('table.entries tr[data-sector="child-welfare"]');
    const welfareLane = page.locator('svg g[data-lane="child-welfare"]');
    const timelineAnswers = (answers: Answer[]) =>
      answers.filter((r) => r.url.includes(`/v1/children/${childRef}/timeline`));
    const welfareEntries = (answers: Answer[]) =>
      timelineAnswers(answers).flatMap((r) =>
        ((r.body ? JSON.parse(r.body).entries : []) as Json[]).filter(
          (e) => e.sector === 'child-welfare',
        ),
      );

    // 1. Under consent: child welfare's lane and entries, with their details.
    await page.goto(`${base}/#/children/${childRef}`);
    await welfareRows.first().waitFor();
    await waitFor(
      'the timeline answer',
      async () => (timelineAnswers(responses).length > 0 ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    await read();
    const shown = welfareEntries(responses);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((e) => e.details === undefined)).toEqual([]);
    expect(await welfareLane.count()).toBe(1);
    // Words only the details and the entries hold (ids of reports, measures, investigations), to look for later.
    const secrets = [
      ...new Set([
        ...shown.map((e) => e.eventId as string),
        ...shown.flatMap((e) =>
          Object.values(e.details as Record<string, unknown>).filter(
            (v): v is string => typeof v === 'string' && v.length >= 8,
          ),
        ),
      ]),
    ];

    // 2. Withdrawn on the page: nothing of child welfare at all, in the answers, not only on screen.
    const afterShown = responses.length;
    for (const consent of consents) {
      const item = page.locator(`li[data-consent-id="${consent.consentId}"]`);
      await item.getByRole('button', { name: 'Trekk tilbake' }).click();
      await item.getByRole('button', { name: 'Trekk tilbake' }).waitFor({ state: 'detached' });
    }
    await waitFor(
      'child welfare gone from the page',
      async () => ((await welfareRows.count()) === 0 ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const beforeReload = responses.length;
    await page.reload();
    await page.locator('#timeline-heading').waitFor();
    await waitFor(
      'the timeline answer after the reload',
      async () => (timelineAnswers(responses.slice(beforeReload)).length > 0 ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    await read();
    expect(await welfareRows.count()).toBe(0);
    expect(await welfareLane.count()).toBe(0);
    const after = responses.slice(afterShown);
    const leaked = (answers: Answer[]) =>
      answers.flatMap((answer) =>
        secrets
          .filter((secret) => answer.body.includes(secret))
          .map((secret) => `${answer.url}: ${secret}`),
      );
    expect(leaked(after)).toEqual([]);
    // Not even involvement: no answer but the consents (the coordinator's own record) names child welfare.
    const withoutConsents = (body: string) => {
      try {
        // The consents, and the timeline's entries of them, are the coordinator's own record: they say nothing of a case.
        const { consents: _, ...rest } = JSON.parse(body) as Json;
        if (Array.isArray(rest.entries))
          rest.entries = rest.entries.filter(
            (e: Json) => !/\.consent-(given|withdrawn)\./.test(e.type),
          );
        return JSON.stringify(rest);
      } catch {
        return body;
      }
    };
    const naming = after.filter((answer) => /child-?welfare/.test(withoutConsents(answer.body)));
    expect(naming.map((answer) => answer.url)).toEqual([]);

    // The sectors the withdrawn consent covered and no other does: a lane mark, nothing in it.
    const { restrictedSectors } = await api(coordinator, `/v1/children/${childRef}`);
    for (const sector of restrictedSectors as string[]) {
      expect(await page.locator(`[data-testid="lane-mark-${sector}"]`).count()).toBe(1);
      expect(await page.locator(`table.entries tr[data-sector="${sector}"]`).count()).toBe(0);
    }
    if ((restrictedSectors as string[]).includes('health')) {
      expect(await page.locator('li[data-restricted-sector="health"]').textContent()).toBe(
        'Helse er involvert; innholdet vises bare med samtykke',
      );
    }
    await expectAccessible(page, 'child without consent');
    await page.screenshot({ path: join(screenshots, 'child-without-consent.png'), fullPage: true });

    // 3. Consent for child welfare given again on the page: its lane and details come back.
    const form = page.locator('form[aria-labelledby="consent-title"]');
    await form.getByLabel('Barnevern').check();
    await form.getByRole('button', { name: 'Lagre' }).click();
    await form.getByText('Lagret.').waitFor();
    await welfareRows.first().waitFor({ timeout: 20_000 });
    expect(await welfareLane.count()).toBe(1);
    expect(await welfareRows.first().textContent()).not.toContain('Innhold skjult');
    await context.close();
  });

  it('shows an auditor who read a child, with their roles, and the unit can erase the child from the page', async () => {
    const { children } = await api('demo-ke', '/v1/children?limit=200');
    // A child with a coordinator and a name no other demo child has, to look for after erasure.
    const child = children.find(
      (c: Json) =>
        c.coordinatorId && c.name && children.filter((o: Json) => o.name === c.name).length === 1,
    );
    // The child read on the page by its coordinator and by the coordinating unit.
    for (const reader of [child.coordinatorId, 'demo-ke']) {
      const { context, page } = await logIn(reader);
      await page.goto(`${base}/#/children/${child.childRef}`);
      await page.locator('h1', { hasText: child.name }).waitFor();
      await context.close();
    }
    const auditor = await logIn('demo-revisor');
    await auditor.page.goto(`${base}/#/children/${child.childRef}/access-log`);
    await auditor.page.locator('table.access-log').waitFor();
    const subjects = await auditor.page
      .locator('table.access-log tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.getAttribute('data-subject')}: ${row.children[2]?.textContent}`),
      );
    expect(subjects).toEqual(
      expect.arrayContaining([
        `${child.coordinatorId}: Barnekoordinator`,
        'demo-ke: Koordinerende enhet',
        'demo-revisor: Revisor',
      ]),
    );
    await auditor.context.close();

    const unit = await logIn('demo-ke');
    await unit.page.goto(`${base}/#/children/${child.childRef}`);
    await unit.page.locator('h1', { hasText: child.name }).waitFor();
    unit.page.once('dialog', (dialog) => void dialog.accept());
    await unit.page.locator('section.danger').getByRole('button', { name: 'Slett barnet' }).click();
    await unit.page.getByText('Opplysningene om barnet er slettet.').waitFor();
    // The caseload follows the event store within moments: then the child is not listed.
    await waitFor(
      'the erased child gone from the caseload',
      async () => {
        await unit.page.goto(`${base}/#/caseload`);
        await unit.page.reload();
        await unit.page.locator('li.caseload-child').first().waitFor();
        return (await unit.page.locator(`li[data-child-ref="${child.childRef}"]`).count()) === 0
          ? true
          : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    // From then on no answer to the page holds the name: the list, the child's page, its gaps and timeline.
    await unit.read();
    const from = unit.responses.length;
    await unit.page.reload();
    await unit.page.locator('li.caseload-child').first().waitFor();
    await unit.page.goto(`${base}/#/children/${child.childRef}`);
    await unit.page.getByText('Opplysningene om barnet er slettet.').waitFor();
    await unit.read();
    const after = unit.responses.slice(from);
    expect(after.map((answer) => new URL(answer.url).pathname)).toEqual(
      expect.arrayContaining(['/v1/children', `/v1/children/${child.childRef}`]),
    );
    expect(
      after.filter((answer) => answer.body.includes(child.name)).map((answer) => answer.url),
    ).toEqual([]);
    await unit.context.close();
  });
});
