/**
 * The console and the admin page in headless Chromium against the real backend in the sandbox, through the
 * sandbox's browser host (Custom UI served with the injected bridge and the CSP Forge computes from the manifest;
 * UI Kit rendered from its ForgeDoc; local tiles at /tiles/). Needs the console built first:
 * `npx vite build` in apps/dispatchdesk. Failing tests leave a screenshot in test-results/; passing runs leave
 * `screen-console.png`, `screen-mywork.png`, `screen-admin.png` and `screen-admin-phases.png` there too, for a look.
 */

import { existsSync, mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { createSandboxServer, listen, type Sandbox } from '@suite/sandbox';
import { launchBrowser } from '@suite/sandbox/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../src/domain/contract';
import { SHARD_ENTITY, type Shard, shardKey, shardOf } from '../src/domain/technicians';
import { ADMIN, data, saveTechnicians, setUp, startSandbox, type TestSandbox } from './resolvers-support';

const APP = resolve(import.meta.dirname, '..');
const RESULTS = join(APP, 'test-results');
const XSS = '<img src=x onerror=alert(1)>';
const TILE_URL = '/tiles/{z}/{x}/{y}.png';

type HostHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

let t: TestSandbox;
let server: Server;
let origin: string;
let browser: Browser;
let xssKey: string;
const tileRequests: string[] = [];

type Issue = TestSandbox['site']['jira']['issues'] extends Map<string, infer I> ? I : never;
const issues = (): Issue[] => [...t.site.jira.issues.values()];

beforeAll(async () => {
  if (!existsSync(join(APP, 'static', 'console', 'dist', 'index.html'))) {
    throw new Error('Build the console first: `npx vite build` in apps/dispatchdesk.');
  }
  t = await startSandbox({ variables: { DISPATCH_TILE_URL: TILE_URL } });
  await setUp(t);
  await saveTechnicians(t, 40);
  // A customer-typed summary with markup: it must render as text.
  const target = issues().find(
    (i) => i.key.startsWith('FS-') && i.fields.resolutionDate === null && i.fields.location !== null,
  ) as Issue;
  target.fields.summary = XSS;
  xssKey = target.key;

  const hostModule = join(APP, '..', '..', 'packages', 'sandbox', 'src', 'host', 'index.ts');
  const { createHost } = (await import(hostModule)) as {
    createHost: (sandbox: Sandbox, options: { workDir: string }) => HostHandler;
  };
  const workDir = join(APP, 'test-results', '.host');
  mkdirSync(workDir, { recursive: true });
  const host = createHost(t.sb.sandbox, { workDir });
  server = createSandboxServer(t.sb.sandbox, {
    kvsDump: (app, cloudId) => t.sb.kvs.dump(t.sb.sandbox.kvsScope(app, cloudId)),
    host: (req, res, url) => {
      if (url.pathname.startsWith('/tiles/')) tileRequests.push(url.pathname);
      return host(req, res, url);
    },
  });
  origin = await listen(server, t.sb.sandbox, 0);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  t?.close();
});

async function withPage(name: string, run: (page: Page, dialogs: string[]) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) errors.push(m.text());
  });
  try {
    await run(page, dialogs);
    expect(errors).toEqual([]);
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `e2e-${name}.png`), fullPage: true }).catch(() => {});
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\npage errors: ${errors.join(' | ') || 'none'}`,
    );
  } finally {
    await context.close();
  }
}

const consoleUrl = (accountId: string) =>
  `${origin}/host/custom/dispatchdesk/dispatchdesk-console/?as=${encodeURIComponent(accountId)}`;

async function jiraIssue(key: string, accountId: string) {
  const r = await fetch(`${origin}/rest/api/3/issue/${key}?fields=assignee,status,summary`, {
    headers: { 'X-Sandbox-User': accountId },
  });
  return (await r.json()) as {
    fields: { assignee: { accountId: string } | null; status: { name: string }; summary: string };
  };
}

/** Clicks the first marker matching `selector` that is well inside the map and not under the legend. */
async function clickOnMap(page: Page, selector: string): Promise<void> {
  const at = await page.evaluate((sel) => {
    const map = document.querySelector('.dd-map')?.getBoundingClientRect();
    const legend = document.querySelector('.dd-legend')?.getBoundingClientRect();
    if (!map) return null;
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const x = r.x + r.width / 2;
      const y = r.y + r.height / 2;
      const inside = x > map.left + 40 && x < map.right - 40 && y > map.top + 40 && y < map.bottom - 40;
      const underLegend =
        legend && x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom;
      if (inside && !underLegend && document.elementFromPoint(x, y)?.closest(sel)) return { x, y };
    }
    return null;
  }, selector);
  if (!at) throw new Error(`no clickable ${selector} on the map`);
  await page.mouse.click(at.x, at.y);
}

describe('the console in the sandbox', () => {
  it('renders the map with local tiles and clusters, and a cluster expands on click', async () => {
    await withPage('map', async (page) => {
      const before = tileRequests.length;
      const response = page.waitForResponse((r) => r.url().includes('/host/custom/dispatchdesk/'));
      await page.goto(consoleUrl(t.users.dispatcher as string));
      const csp = (await response).headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      await page.locator('.dd-cluster').first().waitFor({ timeout: 20_000 });
      await expect.poll(() => tileRequests.length - before).toBeGreaterThan(0);
      const loaded = await page.evaluate(
        () =>
          [...document.querySelectorAll('img.leaflet-tile')].filter(
            (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 256,
          ).length,
      );
      expect(loaded).toBeGreaterThan(0);
      expect(await page.getByTestId('dd-attribution').innerText()).toContain('OpenStreetMap');
      // Clusters and dots together account for every located ticket in view at the start.
      const stats = await page.getByTestId('dd-stats').innerText();
      expect(stats).toMatch(/\d+\s*Open/);
      const zoom = async () => Number(await page.getByTestId('dd-map').getAttribute('data-zoom'));
      const z0 = await zoom();
      await clickOnMap(page, '.dd-cluster');
      await expect.poll(zoom, { timeout: 5000 }).toBeGreaterThan(z0);
      // Zooming in far enough breaks clusters into single ticket dots.
      await page.waitForTimeout(700);
      for (let i = 0; i < 6 && (await page.locator('path.dd-ticket').count()) === 0; i++) {
        await page.locator('.leaflet-control-zoom-in').click();
        await page.waitForTimeout(400);
      }
      expect(await page.locator('path.dd-ticket').count()).toBeGreaterThan(0);
      const reports = (await (await fetch(`${origin}/host/csp-reports`)).json()) as unknown[];
      expect(reports).toEqual([]);
    });
  }, 90_000);

  it('a dispatcher selects a ticket, sees ranked technicians with reasons, and assigns it', async () => {
    await withPage('assign', async (page) => {
      const dispatcher = t.users.dispatcher as string;
      await page.goto(consoleUrl(dispatcher));
      await page.getByTestId('dd-console').waitFor({ timeout: 20_000 });
      const c = data(await t.invoke<{ tickets: TicketView[] }>('getConsole', {}, dispatcher));
      const ticket = c.tickets.find((x) => !x.assignee && x.key !== xssKey) as TicketView;
      await page.getByPlaceholder('Search key or summary').fill(ticket.key);
      await page.getByTestId(`dd-ticket-${ticket.key}`).click();
      const ranked = page.getByTestId('dd-ranked-tech');
      await ranked.first().waitFor({ timeout: 15_000 });
      expect(await ranked.count()).toBeGreaterThan(1);
      const reasons = await ranked.first().getByTestId('dd-reason').allInnerTexts();
      expect(reasons.length).toBeGreaterThan(1);
      expect(reasons.join(' ')).toMatch(/km/);
      const accountId = (await ranked.first().getAttribute('data-account-id')) as string;
      await page.screenshot({ path: join(RESULTS, 'screen-console.png') });

      await ranked.first().getByTestId('dd-assign').click();
      await page.getByTestId('dd-notice-success').waitFor({ timeout: 15_000 });
      const after = await jiraIssue(ticket.key, dispatcher);
      expect(after.fields.assignee?.accountId).toBe(accountId);
      expect(after.fields.status.name).not.toBe(ticket.status.name);
      expect(await page.getByTestId('dd-selected-assignee').innerText()).not.toBe('Unassigned');
    });
  }, 90_000);

  it('refuses an assign over a change made elsewhere, with a clear message', async () => {
    await withPage('conflict', async (page) => {
      const dispatcher = t.users.dispatcher as string;
      await page.goto(consoleUrl(dispatcher));
      await page.getByTestId('dd-console').waitFor({ timeout: 20_000 });
      const c = data(await t.invoke<{ tickets: TicketView[] }>('getConsole', {}, dispatcher));
      const ticket = c.tickets.find((x) => !x.assignee && x.key !== xssKey) as TicketView;
      await page.getByPlaceholder('Search key or summary').fill(ticket.key);
      await page.getByTestId(`dd-ticket-${ticket.key}`).click();
      await page.getByTestId('dd-ranked-tech').first().waitFor({ timeout: 15_000 });
      // Someone else changes the ticket after this console loaded it.
      const issue = issues().find((i) => i.key === ticket.key) as Issue;
      issue.fields.summary = `${issue.fields.summary} (edited)`;
      issue.updated = Date.now() + 1000;
      await page.getByTestId('dd-assign').first().click();
      const notice = page.getByTestId('dd-notice-error');
      await notice.waitFor({ timeout: 15_000 });
      expect(await notice.innerText()).toContain('changed since you loaded it');
      expect((await jiraIssue(ticket.key, dispatcher)).fields.assignee).toBeNull();
    });
  }, 90_000);

  it('renders a summary with markup as text, with no script run', async () => {
    await withPage('xss', async (page, dialogs) => {
      await page.goto(consoleUrl(t.users.dispatcher as string));
      await page.getByPlaceholder('Search key or summary').fill(xssKey);
      const row = page.getByTestId(`dd-ticket-${xssKey}`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.innerText()).toContain(XSS);
      await row.click();
      await expect.poll(() => page.getByTestId('dd-selected-summary').innerText()).toBe(XSS);
      await page.waitForTimeout(900); // the map flies to the ticket
      const box = await page.locator('path.dd-ticket-selected').boundingBox();
      if (!box) throw new Error('the selected ticket is not on the map');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByTestId('dd-ticket-tip').waitFor();
      expect(await page.getByTestId('dd-ticket-tip').innerText()).toContain(XSS);
      await page.waitForTimeout(300);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(dialogs).toEqual([]);
    });
  }, 90_000);

  it('a technician works from My work: start travel, arrive, and time off that stays saved', async () => {
    // This site's travel steps: Waiting for support —Dispatch→ Dispatched —Arrive on site→ On site.
    await setUp(t, { transitions: { assign: null, startTravel: 'Dispatch', arrive: 'Arrive on site' } });
    const dispatcher = t.users.dispatcher as string;
    const technician = t.site.technicians[0]?.accountId as string;
    const c = data(await t.invoke<{ tickets: TicketView[] }>('getConsole', {}, dispatcher));
    const visit = issues().find(
      (i) =>
        i.key !== xssKey &&
        i.fields.issueTypeId === '10003' &&
        i.fields.statusId === '10000' &&
        i.fields.assignee === null &&
        i.fields.location !== null &&
        c.tickets.some((x) => x.key === i.key),
    ) as Issue;
    const ticket = c.tickets.find((x) => x.key === visit.key) as TicketView;
    data(
      await t.invoke(
        'assign',
        { issueKey: ticket.key, accountId: technician, expectedUpdated: ticket.updated },
        dispatcher,
      ),
    );
    expect((await jiraIssue(ticket.key, dispatcher)).fields.status.name).toBe('Waiting for support');

    await withPage('technician', async (page) => {
      await page.goto(consoleUrl(technician));
      await page.getByTestId('dd-mywork').waitFor({ timeout: 30_000 });
      const row = page.getByTestId(`dd-mywork-ticket-${ticket.key}`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.innerText()).toContain(ticket.key);
      // No dispatching controls: no queue, no ranking, no assign buttons, no other technicians.
      expect(await page.locator('[data-testid^="dd-ticket-FS-"]').count()).toBe(0);
      expect(await page.getByTestId('dd-assign').count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Assign/ }).count()).toBe(0);
      expect(await page.getByTestId('dd-all-techs').count()).toBe(0);
      expect(await page.getByTestId('dd-privacy-note').innerText()).toContain('not tracking');
      expect(await page.getByTestId('dd-privacy-note').innerText()).toContain(
        "never collects a device's location",
      );

      await row.getByTestId('dd-start-travel').click();
      await page.getByText(`Travelling to ${ticket.key}`).waitFor({ timeout: 20_000 });
      await expect
        .poll(async () => (await jiraIssue(ticket.key, technician)).fields.status.name, { timeout: 10_000 })
        .toBe('Dispatched');

      await row.getByTestId('dd-arrive').click();
      await page.getByText(`Arrived at ${ticket.key}`).waitFor({ timeout: 20_000 });
      await expect
        .poll(async () => (await jiraIssue(ticket.key, technician)).fields.status.name, { timeout: 10_000 })
        .toBe('On site');
      // Their planning position is now that ticket, and the UI says why.
      await expect
        .poll(() => page.getByTestId('dd-position-why').innerText(), { timeout: 15_000 })
        .toContain(ticket.key);
      expect(await page.getByTestId('dd-position-source').innerText()).toBe('Last on-site ticket');
      expect(await row.getByTestId('dd-arrive').count()).toBe(0);

      // Time off: add an entry and save it.
      await page.getByTestId('dd-timeoff-start').fill('2099-11-02');
      await page.getByTestId('dd-timeoff-end').fill('2099-11-03');
      await page.getByTestId('dd-timeoff-reason').fill('First aid course');
      await page.getByTestId('dd-timeoff-add').click();
      await page.getByTestId('dd-profile-save').click();
      await page.getByTestId('dd-profile-saved').waitFor({ timeout: 15_000 });
      const stored = (
        t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk')).entities[SHARD_ENTITY] as Record<string, unknown>
      )[shardKey(shardOf(technician))] as Shard;
      expect(stored.profiles[technician]?.timeOff).toContainEqual({
        start: '2099-11-02',
        end: '2099-11-03',
        reason: 'First aid course',
      });

      // Still there after a reload.
      await page.reload();
      await page.getByTestId('dd-timeoff').waitFor({ timeout: 30_000 });
      const entries = page.getByTestId('dd-timeoff-entry');
      await entries.first().waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('dd-timeoff').innerText()).toContain('2 Nov 2099 – 3 Nov 2099');
      expect(await page.getByTestId('dd-timeoff').innerText()).toContain('First aid course');
      expect(await page.getByTestId('dd-assign').count()).toBe(0);
      await page.screenshot({ path: join(RESULTS, 'screen-mywork.png') });
    });
  }, 180_000);

  it("a dispatcher opens a technician's profile from All technicians and edits it, skills included", async () => {
    await withPage('dispatcher-profile', async (page) => {
      const dispatcher = t.users.dispatcher as string;
      const fixture = t.site.technicians[2] as (typeof t.site.technicians)[number];
      await page.goto(consoleUrl(dispatcher));
      await page.getByTestId('dd-all-techs').waitFor({ timeout: 30_000 });
      await page
        .locator(`[data-testid="dd-tech"][data-account-id="${fixture.accountId}"]`)
        .getByTestId('dd-open-profile')
        .click();
      const profile = page.getByTestId('dd-profile');
      await page.getByTestId('dd-skills-input').waitFor({ timeout: 15_000 });
      expect(await profile.innerText()).toContain('not tracking');
      await page.getByTestId('dd-skills-input').fill([...fixture.skills, 'Rope access'].join(', '));
      await page.getByRole('checkbox', { name: 'Works on Sunday' }).check();
      await page.getByTestId('dd-profile-save').click();
      await page.getByTestId('dd-profile-saved').waitFor({ timeout: 15_000 });
      const shard = (
        t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk')).entities[SHARD_ENTITY] as Record<string, unknown>
      )[shardKey(shardOf(fixture.accountId))] as Shard;
      expect(shard.profiles[fixture.accountId]?.skills).toContain('Rope access');
      expect(shard.profiles[fixture.accountId]?.hours['0']).toBeDefined();
      expect(shard.profiles[fixture.accountId]?.updatedBy).toBe(dispatcher);
      await page.getByTestId('dd-profile-back').click();
      await page.getByTestId('dd-all-techs').waitFor();
    });
  }, 120_000);

  it('a customer opening the console sees a refusal', async () => {
    await withPage('customer', async (page) => {
      await page.goto(consoleUrl(t.users.customer as string));
      const refusal = page.getByTestId('dd-refused');
      await refusal.waitFor({ timeout: 20_000 });
      expect(await refusal.innerText()).toMatch(/don't have access|could not load/);
      expect(await page.locator('.leaflet-container').count()).toBe(0);
    });
  }, 60_000);
});

describe('the admin page in the sandbox', () => {
  it('shows the settings, detects statuses and runs the health check', async () => {
    await withPage('admin', async (page) => {
      const admin = t.users['site-admin'] as string;
      await page.goto(`${origin}/host/modules/dispatchdesk/${ADMIN}?as=${encodeURIComponent(admin)}`);
      await page.getByRole('heading', { name: 'DispatchDesk' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('admin-general').waitFor();
      expect(await page.getByTestId('admin-general').innerText()).toContain('FS');
      await page.screenshot({ path: join(RESULTS, 'screen-admin.png'), fullPage: true });
      await page.getByRole('tab', { name: 'Phases' }).click();
      await page.getByTestId('detect-statuses').click();
      await page.getByTestId('phase-table').waitFor();
      await page
        .getByTestId('health-check')
        .getByText(/OK|Warning|Error/)
        .first()
        .waitFor();
      await page.screenshot({ path: join(RESULTS, 'screen-admin-phases.png'), fullPage: true });
      await page.getByRole('tab', { name: 'Audit log' }).click();
      await page.getByTestId('audit-table').waitFor();
      expect(await page.getByTestId('audit-table').innerText()).toContain('config');
    });
  }, 90_000);
});
