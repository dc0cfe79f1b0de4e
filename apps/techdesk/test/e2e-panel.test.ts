/**
 * TechDesk end to end in a real browser: the sandbox server with the browser host, the real backend bundle, the
 * UI Kit resources rendered from their ForgeDoc, chromium driven with playwright-core. After each step the
 * sandbox's Jira state must show the change. A failing test leaves a full-page screenshot in test-results/;
 * passing runs also leave screenshots of the panel and the admin page there.
 */

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, createSandbox, createSandboxServer, listen, type SandboxInstance } from '@suite/sandbox';
import { launchBrowser, moduleFrame } from '@suite/sandbox/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP_DIR = join(import.meta.dirname, '..');
const RESULTS = join(APP_DIR, 'test-results');
const work = mkdtempSync(join(tmpdir(), 'techdesk-e2e-'));

let sb: SandboxInstance;
let server: Server;
let origin: string;
let browser: Browser;
let users: Record<string, string>;
let ticket: string;
let itTicket: string;
let outsider: string;

interface AdfNode {
  type?: string;
  text?: string;
  content?: AdfNode[];
}
const adfText = (n: AdfNode | null | undefined): string =>
  !n
    ? ''
    : n.type === 'text'
      ? (n.text ?? '')
      : (n.content ?? []).map(adfText).join(n.type === 'doc' ? '\n' : '');

const jira = () => sb.sites()[0]?.jira ?? (undefined as never);
const issue = (key: string) => {
  const id = jira().issueKeys.get(key);
  const found = id ? jira().issues.get(id) : undefined;
  if (!found) throw new Error(`no issue ${key}`);
  return found;
};
const statusName = (id: string) => jira().statuses.find((s) => s.id === id)?.name;

beforeAll(async () => {
  sb = await createSandbox({
    apps: [{ key: 'techdesk', dir: APP_DIR }],
    seed: 5,
    workDir: work,
    clock: 'real',
  });
  server = createSandboxServer(sb.sandbox, {
    kvsDump: (app, cloudId) => sb.kvs.dump(sb.sandbox.kvsScope(app, cloudId)),
    host: createHost(sb.sandbox, { workDir: work }),
  });
  origin = await listen(server, sb.sandbox, 0);
  users = { ...sb.users() };
  const open = (project: string) =>
    [...jira().issues.values()].find(
      (i) => i.key.startsWith(`${project}-`) && statusName(i.fields.statusId) === 'Waiting for support',
    )?.key;
  ticket = open('FS') ?? 'FS-1';
  itTicket = open('IT') ?? 'IT-1';
  // An agent of Field Service who is not in the IT Support team.
  outsider = [...jira().users.values()].find((u) => u.displayName === 'Tom Becker')?.accountId ?? '';
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  sb?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A fresh browser context (fresh profile) per test; a failure leaves a screenshot. */
async function withPage(name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await run(page);
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `e2e-${name}-failure.png`), fullPage: true }).catch(() => {});
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\npage errors: ${errors.join(' | ') || 'none'}`,
    );
  } finally {
    await context.close();
  }
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

const modulePage = (moduleKey: string, as: string, ext?: Record<string, unknown>) =>
  `${origin}/host/modules/techdesk/${moduleKey}?as=${encodeURIComponent(as)}${
    ext ? `&ext=${encodeURIComponent(JSON.stringify(ext))}` : ''
  }`;

const TEMPLATE = ['objectType = "Laptop" AND Model = $', '{search}'].join('');
const QUOTED = ['objectType = "Laptop" AND Model = "$', '{search}"'].join('');

describe('TechDesk in the browser', () => {
  it('an app admin configures canned responses and the Assets search on the admin page', async () => {
    await withPage('admin', async (page) => {
      await page.goto(`${origin}/jira/settings/apps/techdesk/techdesk-admin?as=${users['site-admin']}`);
      const admin = await moduleFrame(page, 'techdesk-admin');
      await admin.getByText('Configure a project').waitFor();
      await admin.getByTestId('projects-table').getByText('Field Service (FS)').waitFor();

      // A global canned response.
      await admin.getByRole('tab', { name: 'Canned responses' }).click();
      await admin.getByTestId('canned-new').click();
      await admin.getByTestId('canned-title').fill('Network check');
      await admin
        .getByTestId('canned-body')
        .fill('Hi {{reporter.displayName}}, we are checking the network for {{issue.key}}.');
      await admin.getByTestId('canned-save').click();
      await admin.getByText('Saved “Network check”.').waitFor();
      await admin.getByTestId('canned-table').getByText('Network check').waitFor();
      await shot(page, 'admin-canned');

      // Assets: field, attributes, and a template the backend refuses first (placeholder inside quotes).
      await admin.getByRole('tab', { name: 'Assets' }).click();
      await admin.getByText('Affected asset (customfield_10100)').click();
      await admin.getByTestId('asset-attributes').fill('Model, RAM');
      await admin.getByTestId('aql-template').fill(QUOTED);
      await admin.getByTestId('assets-save').click();
      await admin.locator('.fk-message--error').first().waitFor();
      expect(await admin.getByTestId('assets-saved').count()).toBe(0);

      await admin.getByTestId('aql-template').fill(TEMPLATE);
      await admin.getByTestId('assets-save').click();
      await admin.getByTestId('assets-saved').waitFor();

      // Live preview against the ticket.
      await admin.getByTestId('preview-issue').fill(ticket);
      await admin.getByTestId('preview-text').fill('Dell XPS 13');
      await admin.getByText('Model = "Dell XPS 13"').waitFor();
      await admin.getByText(/object\(s\) found/).waitFor();
      await shot(page, 'admin-assets');

      await admin.getByRole('tab', { name: 'Audit log' }).click();
      await admin.getByTestId('audit-table').waitFor();
      await shot(page, 'admin-audit');
      await admin.getByRole('tab', { name: 'Roles' }).click();
      await admin.getByTestId('role-save-app-admin').waitFor();
      await shot(page, 'admin-roles');
      await admin.getByRole('tab', { name: 'Projects' }).click();
      await admin.getByText('Configure a project').waitFor();
      await shot(page, 'admin-projects');
    });
  }, 120_000);

  it('an agent works the ticket from the issue panel, and Jira shows every change', async () => {
    await withPage('panel', async (page) => {
      await page.goto(`${origin}/jira/browse/${ticket}?as=${users.agent}`);
      const panel = await moduleFrame(page, 'techdesk-panel');
      await panel.getByTestId('techdesk-panel').waitFor();
      await panel.getByTestId('status').getByText('Waiting for support').waitFor();
      expect(await panel.getByTestId('visibility').textContent()).toBe('Internal');
      await shot(page, 'panel-loaded');

      // 1. An internal note from the canned response.
      const commentsBefore = issue(ticket).comments.length;
      await panel.getByTestId('canned-select').selectOption({ label: 'Network check (global)' });
      await expect
        .poll(() => panel.getByTestId('reply-text').inputValue())
        .toContain('{{reporter.displayName}}');
      await panel.getByTestId('reply-preview-button').click();
      await panel
        .getByTestId('reply-preview')
        .getByText(`we are checking the network for ${ticket}.`)
        .waitFor();
      await panel.getByTestId('reply-send').click();
      await panel.getByText('Internal note added.').waitFor();
      expect(await panel.getByTestId('reply-text').inputValue()).toBe('');
      const comments = issue(ticket).comments;
      expect(comments).toHaveLength(commentsBefore + 1);
      const note = comments.at(-1);
      expect(note?.internal).toBe(true);
      // JSM request comments are wiki markup; the backend escapes it (`FS\-1`), which the sandbox stores as is.
      const noteText = adfText(note?.body).replace(/\\(.)/g, '$1');
      expect(noteText).toMatch(/^Hi \S/);
      expect(noteText).toContain(`we are checking the network for ${ticket}.`);
      expect(noteText).not.toContain('{{');

      // 2. Log 1h 30m (a bad duration first: the backend's field error shows under the field).
      await panel.getByRole('tab', { name: /^Time/ }).click();
      await panel.getByTestId('log-duration').fill('soon');
      await panel.getByTestId('log-submit').click();
      await panel.locator('.fk-message--error').first().waitFor();
      const worklogsBefore = issue(ticket).worklogs.length;
      expect(worklogsBefore).toBe(issue(ticket).worklogs.length);
      await panel.getByTestId('log-duration').fill('1h 30m');
      await panel.getByTestId('log-description').fill('Checked the router');
      await panel.getByTestId('log-submit').click();
      await panel.getByText('Logged 1h 30m.').waitFor();
      const worklogs = issue(ticket).worklogs;
      expect(worklogs).toHaveLength(worklogsBefore + 1);
      expect(worklogs.at(-1)?.timeSpentSeconds).toBe(5400);
      expect(adfText(worklogs.at(-1)?.comment)).toContain('Checked the router');
      await expect.poll(() => panel.getByTestId('worklogs').innerText()).toContain('Checked the router');
      await shot(page, 'panel-time');

      // 3. Transition.
      await panel.getByTestId('transition-select').selectOption({ label: 'Investigate → In Progress' });
      await panel.getByTestId('status').getByText('In Progress').waitFor();
      await expect.poll(() => statusName(issue(ticket).fields.statusId)).toBe('In Progress');

      // 4. Assign to me.
      await panel.getByTestId('assign-to-me').click();
      await expect.poll(() => issue(ticket).fields.assignee).toBe(users.agent);
      await expect.poll(() => panel.getByTestId('assign-to-me').count()).toBe(0);

      // 5. Find and link an Assets object.
      await panel.getByRole('tab', { name: /^Assets/ }).click();
      await panel.getByTestId('asset-search').fill('Dell XPS 13');
      await panel.getByTestId('asset-search-button').click();
      const link = panel.locator('[data-testid^="asset-link-"]').first();
      await link.waitFor();
      const objectKey = ((await link.getAttribute('data-testid')) ?? '').replace('asset-link-', '');
      await link.click();
      await panel.getByTestId('asset-linked').waitFor();
      const linked = issue(ticket).fields.assets;
      const objectId = objectKey.split('-').pop();
      expect(linked.map((a) => a.objectId)).toContain(objectId);
      await panel.getByTestId('asset-field-customfield_10100').getByText(objectKey).waitFor();
      await shot(page, 'panel-assets');

      // Back to the reply tab for a picture of the whole panel.
      await panel.getByRole('tab', { name: 'Reply' }).click();
      await panel.getByTestId('mode-public').click();
      await panel.getByTestId('reply-text').fill('We are on our way.');
      await panel.getByTestId('reply-send').click();
      await panel.getByTestId('confirm-public').waitFor();
      await shot(page, 'panel-confirm-public');
      await panel.getByTestId('confirm-public-cancel').click();
      expect(issue(ticket).comments).toHaveLength(commentsBefore + 1);
    });
  }, 180_000);

  it('an agent creates a personal canned response in the panel and uses it in an internal note', async () => {
    await withPage('panel-canned', async (page) => {
      await page.goto(`${origin}/jira/browse/${ticket}?as=${users.agent}`);
      const panel = await moduleFrame(page, 'techdesk-panel');
      await panel.getByTestId('techdesk-panel').waitFor();
      const commentsBefore = issue(ticket).comments.length;

      // Manage → a new personal response; an agent (not a project admin) sees no project section.
      await panel.getByTestId('canned-manage').click();
      await panel.getByTestId('canned-section-personal').waitFor();
      expect(await panel.getByTestId('canned-section-project').count()).toBe(0);
      await panel.getByTestId('canned-new-personal').click();
      await panel.getByTestId('canned-title').fill('Parts ordered');
      await panel
        .getByTestId('canned-body')
        .fill('Hello {{reporter.firstName}}, parts for {{issue.key}} are ordered. [Do not] *escape*');
      await panel.getByTestId('canned-preview-button').click();
      await panel.getByTestId('canned-preview').getByText(`parts for ${ticket} are ordered.`).waitFor();
      await expect.poll(() => panel.getByTestId('canned-save').isEnabled()).toBe(true);
      await shot(page, 'panel-canned-editor');
      await panel.getByTestId('canned-save').click();
      await panel.getByText('Saved “Parts ordered”.').waitFor();
      await panel.getByTestId('canned-section-personal').getByText('Parts ordered').waitFor();
      await shot(page, 'panel-canned-manager');
      // Stored under the agent's account, nothing sent to Jira.
      const kvs = Object.keys(sb.kvs.dump(sb.sandbox.kvsScope('techdesk')).keys);
      expect(kvs.filter((k) => k.startsWith(`canned:u:${users.agent}:`))).toHaveLength(1);
      expect(issue(ticket).comments).toHaveLength(commentsBefore);
      await panel.getByTestId('canned-manager-close').click();
      await expect.poll(() => panel.getByTestId('canned-manager').count()).toBe(0);

      // In the Select at once (no reload), inserted and sent as an internal note.
      await panel.getByTestId('canned-select').selectOption({ label: 'Parts ordered' });
      await expect.poll(() => panel.getByTestId('reply-text').inputValue()).toContain('{{issue.key}}');
      await panel.getByTestId('reply-send').click();
      await panel.getByText('Internal note added.').waitFor();
      const comments = issue(ticket).comments;
      expect(comments).toHaveLength(commentsBefore + 1);
      const note = comments.at(-1);
      expect(note?.internal).toBe(true);
      expect(note?.authorAccountId).toBe(users.agent);
      const noteText = adfText(note?.body).replace(/\\(.)/g, '$1');
      expect(noteText).toMatch(
        new RegExp(`^Hello \\S+, parts for ${ticket} are ordered\\. \\[Do not\\] \\*escape\\*$`),
      );
      expect(noteText).not.toContain('{{');
    });
  }, 180_000);

  it('the timer starts and stops on the ticket', async () => {
    await withPage('timer', async (page) => {
      await page.goto(modulePage('techdesk-panel', users.agent ?? '', { issue: { key: ticket } }));
      await page.getByRole('tab', { name: /^Time/ }).click();
      await page.getByTestId('timer-start').click();
      await page.getByTestId('timer-stop').waitFor();
      await expect.poll(() => page.getByTestId('timer-elapsed').innerText()).toMatch(/^0:00:0[1-9]$/);
      await page.getByTestId('timer-stop').click();
      await page.getByTestId('timer-start').waitFor();
      await page.getByTestId('time-logged').waitFor();
    });
  }, 60_000);

  it('refuses a portal customer and an agent outside the project: the panel shows the error, not data', async () => {
    expect(outsider).not.toBe('');
    await withPage('refused', async (page) => {
      await page.goto(modulePage('techdesk-panel', users.customer ?? '', { issue: { key: ticket } }));
      await page.getByTestId('panel-error').waitFor();
      expect(await page.getByTestId('panel-error').innerText()).toContain('licensed');
      expect(await page.getByTestId('techdesk-panel').count()).toBe(0);
      expect(await page.getByText(issue(ticket).fields.summary).count()).toBe(0);

      await page.goto(modulePage('techdesk-panel', outsider, { issue: { key: itTicket } }));
      await page.getByTestId('panel-error').waitFor();
      expect(await page.getByTestId('techdesk-panel').count()).toBe(0);
      expect(await page.getByText(issue(itTicket).fields.summary).count()).toBe(0);
      await shot(page, 'panel-refused');
    });
  }, 60_000);
});
