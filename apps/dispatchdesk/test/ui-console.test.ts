/**
 * The built console (static/console/dist) in headless Chromium against a stubbed bridge (test/ui-stub-host.ts):
 * clustering, user text rendered as text, the conflict guard's message, drag-and-drop and popup assignment,
 * polling, the refusal screen, and no CSP violations under a Forge-like policy. The sandbox e2e test
 * (e2e-console.test.ts) covers the same console against the real backend.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '@suite/sandbox/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleData, TicketView } from '../src/domain/contract';
import { APP_DIR, type StubHost, startStubHost, syntheticConsole, syntheticRanking } from './ui-stub-host';

const RESULTS = join(APP_DIR, 'test-results');
const XSS = '<img src=x onerror=alert(1)>';
let host: StubHost;
let browser: Browser;
let data: ConsoleData;

const ok = (d: unknown) => ({ ok: true, data: d });

/** Clicks the first marker matching `selector` that is well inside the map and not under the legend. */
export async function clickOnMap(page: Page, selector: string): Promise<void> {
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

function standardHandler(d: () => ConsoleData) {
  return (key: string, payload: Record<string, unknown>): unknown => {
    if (key === 'getConsole') return ok(d());
    if (key === 'getChanges') return ok({ changed: payload.version !== d().version, version: d().version });
    if (key === 'rankTechnicians') return ok(syntheticRanking(d(), String(payload.issueKey)));
    if (key === 'assign') {
      const t = d().tickets.find((x) => x.key === payload.issueKey) as TicketView;
      const tech = d().technicians.find((x) => x.accountId === payload.accountId);
      return ok({
        ticket: {
          ...t,
          assignee: { accountId: String(payload.accountId), displayName: tech?.displayName ?? '' },
          status: { id: '3', name: 'Dispatched' },
          phase: 'assigned',
        },
      });
    }
    return { ok: false, error: { code: 'NOT_FOUND', message: `no ${key}` } };
  };
}

function withXss(base: ConsoleData): ConsoleData {
  const [first, ...rest] = base.tickets;
  return {
    ...base,
    tickets: [{ ...(first as TicketView), summary: XSS, sla: 'breached', slaMinutesLeft: -999 }, ...rest],
  };
}

beforeAll(async () => {
  data = withXss(syntheticConsole(600, 3));
  host = await startStubHost(standardHandler(() => data));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
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
    await page.screenshot({ path: join(RESULTS, `ui-console-${name}.png`) }).catch(() => {});
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\npage errors: ${errors.join(' | ') || 'none'}`,
    );
  } finally {
    await context.close();
  }
}

describe('the console with a stubbed bridge', () => {
  it('renders clusters over local tiles, coloured by worst SLA, and expands a cluster on click', async () => {
    await withPage('clusters', async (page) => {
      const tilesBefore = host.tileRequests.length;
      await page.goto(`${host.origin}/console/`);
      await page.locator('.dd-cluster').first().waitFor();
      expect(host.tileRequests.length).toBeGreaterThan(tilesBefore);
      expect(await page.getByTestId('dd-attribution').innerText()).toContain('© OpenStreetMap contributors');
      // The attribution came as HTML; it is shown as text and no link element was created from it.
      expect(await page.locator('[data-testid=dd-attribution] a').count()).toBe(0);
      const counts = await page.locator('.dd-cluster-count').allInnerTexts();
      const total = counts.reduce((n, c) => n + Number(c), 0);
      expect(total).toBeGreaterThan(0);
      // Some cluster contains the breached ticket: at least one cluster is red.
      expect(await page.locator('.dd-cluster.dd-sla-breached').count()).toBeGreaterThan(0);
      const zoom = async () => Number(await page.getByTestId('dd-map').getAttribute('data-zoom'));
      const before = await zoom();
      await clickOnMap(page, '.dd-cluster');
      await expect.poll(zoom, { timeout: 5000 }).toBeGreaterThan(before);
      expect(await page.getByTestId('dd-stats').innerText()).toContain('600');
    });
  }, 60_000);

  it('shows a summary with markup as text everywhere, and runs no script', async () => {
    await withPage('xss', async (page, dialogs) => {
      await page.goto(`${host.origin}/console/`);
      await page.getByPlaceholder('Search key or summary').fill('FS-1');
      await page.getByTestId('dd-ticket-FS-1').waitFor();
      expect(await page.getByTestId('dd-ticket-FS-1').innerText()).toContain(XSS);
      await page.getByTestId('dd-ticket-FS-1').click();
      await expect.poll(() => page.getByTestId('dd-selected-summary').innerText()).toBe(XSS);
      // Hover the highlighted ticket on the map: its tooltip is a React element with the summary as text.
      await page.waitForTimeout(900); // the map flies to the ticket
      const box = await page.locator('path.dd-ticket-selected').boundingBox();
      if (!box) throw new Error('the selected ticket is not on the map');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByTestId('dd-ticket-tip').waitFor();
      expect(await page.getByTestId('dd-ticket-tip').innerText()).toContain(XSS);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      await page.waitForTimeout(300);
      expect(dialogs).toEqual([]);
      expect(host.cspReports).toEqual([]);
    });
  }, 60_000);

  it('ranks technicians with reasons and assigns with expectedUpdated from a click', async () => {
    await withPage('assign', async (page) => {
      await page.goto(`${host.origin}/console/`);
      const ticket = data.tickets.find((t) => !t.assignee && t.location) as TicketView;
      await page.getByPlaceholder('Search key or summary').fill(ticket.key);
      await page.getByTestId(`dd-ticket-${ticket.key}`).click();
      const first = page.getByTestId('dd-ranked-tech').first();
      await first.waitFor();
      expect(await first.getByTestId('dd-reason').allInnerTexts()).toContain('Available now');
      await first.getByTestId('dd-assign').click();
      await page.getByTestId('dd-notice-success').waitFor();
      const call = host.calls.filter((c) => c.functionKey === 'assign').pop();
      const expectedTech = syntheticRanking(data, ticket.key)[0]?.accountId;
      expect(call?.payload).toEqual({
        issueKey: ticket.key,
        accountId: expectedTech,
        expectedUpdated: ticket.updated,
      });
      expect(await page.getByTestId('dd-notice-success').innerText()).toContain('Dispatched');
    });
  }, 60_000);

  it('assigns by dragging a queue row onto a technician', async () => {
    await withPage('drag', async (page) => {
      await page.goto(`${host.origin}/console/`);
      const ticket = data.tickets.find((t) => !t.assignee && t.location && t.key !== 'FS-1') as TicketView;
      await page.getByPlaceholder('Search key or summary').fill(ticket.key);
      const tech = page.getByTestId('dd-tech').nth(2);
      const accountId = await tech.getAttribute('data-account-id');
      await page.getByTestId(`dd-ticket-${ticket.key}`).dragTo(tech);
      await page.getByTestId('dd-notice-success').waitFor();
      const call = host.calls.filter((c) => c.functionKey === 'assign').pop();
      expect(call?.payload).toMatchObject({
        issueKey: ticket.key,
        accountId,
        expectedUpdated: ticket.updated,
      });
    });
  }, 60_000);

  it('assigns from a technician pin popup on the map', async () => {
    await withPage('popup', async (page) => {
      await page.goto(`${host.origin}/console/`);
      const ticket = data.tickets.find((t) => !t.assignee && t.location && t.key !== 'FS-1') as TicketView;
      await page.getByPlaceholder('Search key or summary').fill(ticket.key);
      await page.getByTestId(`dd-ticket-${ticket.key}`).click();
      await page.getByTestId('dd-ranked-tech').first().waitFor();
      await page.waitForTimeout(800); // the map flies to the ticket
      await clickOnMap(page, '.dd-tech-pin');
      const popup = page.getByTestId('dd-tech-popup');
      await popup.waitFor();
      const name = await popup.locator('.dd-popup-title').innerText();
      const accountId = data.technicians.find((t) => t.displayName === name)?.accountId;
      await popup.getByRole('button', { name: new RegExp(`Assign ${ticket.key}`) }).click();
      await page.getByTestId('dd-notice-success').waitFor();
      const call = host.calls.filter((c) => c.functionKey === 'assign').pop();
      expect(call?.payload).toMatchObject({ issueKey: ticket.key, accountId });
    });
  }, 60_000);

  it('explains a CONFLICT and reloads the console instead of overwriting', async () => {
    await withPage('conflict', async (page) => {
      const base = standardHandler(() => data);
      host.handler = (key, payload) =>
        key === 'assign'
          ? { ok: false, error: { code: 'CONFLICT', message: 'FS-2 was assigned to someone else at 10:02.' } }
          : base(key, payload);
      try {
        await page.goto(`${host.origin}/console/`);
        await page.getByPlaceholder('Search key or summary').fill('FS-2');
        await page.getByTestId('dd-ticket-FS-2').click();
        await page.getByTestId('dd-assign').first().click();
        const notice = page.getByTestId('dd-notice-error');
        await notice.waitFor();
        expect(await notice.innerText()).toContain('changed since you loaded it');
        expect(await notice.innerText()).toContain('assigned to someone else');
        const loads = host.calls.filter((c) => c.functionKey === 'getConsole').length;
        expect(loads).toBeGreaterThanOrEqual(2);
      } finally {
        host.handler = standardHandler(() => data);
      }
    });
  }, 60_000);

  it('reloads when getChanges reports a change (polling every 10 s)', async () => {
    await withPage('poll', async (page) => {
      await page.goto(`${host.origin}/console/`);
      await page.getByTestId('dd-stats').waitFor();
      const before = data;
      data = { ...data, version: 'v2', tickets: data.tickets.slice(1) };
      try {
        await expect
          .poll(() => page.getByTestId('dd-stats').innerText(), { timeout: 15_000 })
          .toContain('599');
      } finally {
        data = before;
      }
    });
  }, 60_000);

  it('shows a refusal when the backend refuses the user', async () => {
    await withPage('refused', async (page) => {
      host.handler = () => ({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Customers cannot use DispatchDesk.' },
      });
      try {
        await page.goto(`${host.origin}/console/`);
        const refusal = page.getByTestId('dd-refused');
        await refusal.waitFor();
        expect(await refusal.innerText()).toContain("You don't have access to DispatchDesk");
        expect(await page.locator('.leaflet-container').count()).toBe(0);
      } finally {
        host.handler = standardHandler(() => data);
      }
    });
  }, 60_000);
});
