/**
 * The admin page in a real browser: the app, unmodified, in a sandbox server with the browser host (UI Kit
 * rendered from its ForgeDoc), driven with playwright-core and Debian's chromium. A site admin creates an export,
 * sees its DDL, creates an API key and reads it from the one-time Modal; the test then pulls the export with plain
 * `fetch` through the URL the page shows and loads it into sqlite3. A non-admin agent is refused.
 *
 * Screenshots of every tab go to test-results/ (and a full-page one of any failure).
 */

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHost, createSandbox, createSandboxServer, listen, type SandboxInstance } from '@suite/sandbox';
import { launchBrowser } from '@suite/sandbox/testing';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MODULE, APP, APP_DIR, newDbFile, sqlite } from './app-support';

const RESULTS = join(APP_DIR, 'test-results');
const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'a2s-e2e-admin-'));
let sb: SandboxInstance;
let server: Server;
let origin: string;
let browser: Browser;
let admin: string;
let agent: string;
let cloudId: string;
/** What the stand-in webhook receiver got: one SQL chunk per POST. */
const received: { body: string; headers: Headers }[] = [];
/** When set, the receiver answers the next delivery with 429 + Retry-After, so the run waits half-way. */
let busyOnce = false;

beforeAll(async () => {
  sb = await createSandbox({
    // Small chunks, so the pull follows several cursors.
    apps: [{ key: APP, dir: APP_DIR, variables: { A2S_CHUNK_MAX_BYTES: '3000', A2S_PAGE_SIZE: '5' } }],
    seed: 3,
    objects: 60,
    workDir: work,
    externalHosts: {
      'https://etl.example.com': async (request) => {
        if (busyOnce) {
          busyOnce = false;
          return new Response(null, { status: 429, headers: { 'Retry-After': '30' } });
        }
        received.push({ body: await request.text(), headers: request.headers });
        return new Response(null, { status: 204 });
      },
    },
  });
  const users = sb.users();
  admin = users['site-admin'] ?? '';
  agent = users.agent ?? '';
  cloudId = sb.sites()[0]?.cloudId ?? '';
  if (!admin || !agent || !cloudId) throw new Error('the seeded site lacks an admin, an agent or a site');
  server = createSandboxServer(sb.sandbox, { host: createHost(sb.sandbox, { workDir: work }) });
  origin = await listen(server, sb.sandbox, 0);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  sb?.close();
  rmSync(work, { recursive: true, force: true });
});

const pageUrl = (accountId: string) =>
  `${origin}/host/modules/${APP}/${ADMIN_MODULE}?as=${encodeURIComponent(accountId)}&site=${encodeURIComponent(cloudId)}`;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `admin-${name}.png`), fullPage: true });
}

/** A fresh browser context per test; a failing test leaves a full-page screenshot in test-results/. */
async function withPage(name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await run(page);
    expect(errors).toEqual([]);
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `failure-${name}.png`), fullPage: true }).catch(() => {});
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\npage errors: ${errors.join(' | ') || 'none'}`,
    );
  } finally {
    await context.close();
  }
}

/** Follows X-Next-Cursor with plain fetch, as a client would. */
async function pullAll(url: string, exportId: string, key: string): Promise<{ sql: string; chunks: number }> {
  let cursor: string | undefined;
  let sql = '';
  for (let chunks = 1; chunks <= 200; chunks++) {
    const query = new URLSearchParams({ export: exportId, dialect: 'sqlite', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${url}?${query}`, { headers: { Authorization: `Bearer ${key}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${body}`);
    sql += body;
    cursor = response.headers.get('x-next-cursor') ?? undefined;
    if (!cursor) return { sql, chunks };
  }
  throw new Error('the export did not finish in 200 chunks');
}

describe('the admin page in a browser', () => {
  it('creates an export, previews its DDL, creates a key shown once, and the page URL pulls into sqlite3', async () => {
    await withPage('admin-flow', async (page) => {
      await page.goto(pageUrl(admin));
      await page.getByRole('heading', { name: 'Assets to SQL' }).waitFor();
      await page.getByText('No exports yet').waitFor();
      await shot(page, '1-exports-empty');

      // ---- Exports: validation errors from saveExport next to the fields ------------------------------------
      await page.getByTestId('new-export').click();
      await page.getByTestId('save-export').click();
      await page.getByTestId('export-error').waitFor();
      expect(await page.getByTestId('export-error').innerText()).toContain('shown next to the fields');
      await page.getByText('Must not be empty', { exact: true }).waitFor();
      await page.getByText('Must be at least 1 items', { exact: true }).waitFor();

      // ---- Exports: pick a schema, then two of its types, rename a table ------------------------------------
      await page.getByTestId('export-name').fill('IT hardware');
      await page.getByTestId('export-dialect').selectOption({ label: 'SQLite' });
      await page.getByTestId('schema-1').check();
      await page.getByTestId('types-1').waitFor();
      // Object counts come from the emulated Assets.
      const assets = sb.sites()[0]?.assets;
      if (!assets) throw new Error('no Assets on the site');
      const laptopRow = page.getByTestId('types-1').locator('tr', { hasText: 'Laptop' });
      expect(await laptopRow.innerText()).toContain(String(assets.objectCount(2)));
      await page.getByTestId('all-types-1').click(); // clear all
      await page.getByTestId('type-2').check(); // Laptop
      await page.getByTestId('type-5').check(); // Person
      expect(await page.getByTestId('type-3').isChecked()).toBe(false);
      await expect.poll(() => page.getByTestId('table-name-2').getAttribute('placeholder')).toBe('laptop');
      // A reserved word is refused by the backend and shown at the table names.
      await page.getByTestId('table-name-2').fill('select');
      await page.getByTestId('save-export').click();
      await page.getByText('This name is a reserved SQL word; choose another', { exact: true }).waitFor();
      expect(await page.getByTestId('table-name-2').getAttribute('aria-invalid')).toBe('true');
      await page.getByTestId('table-name-2').fill('laptops');
      // ---- Attributes of Laptop (listAttributes): exclude RAM, rename Model's column -------------------------
      const laptopAttribute = (name: string): string => {
        const found = assets.attributesOf(2).find((a) => a.name === name);
        if (!found) throw new Error(`Laptop has no ${name} attribute`);
        return String(found.id);
      };
      const ram = laptopAttribute('RAM');
      const model = laptopAttribute('Model');
      const label = laptopAttribute('Name');
      await page.getByTestId('attributes-2').click();
      await page.getByTestId('attributes-editor').waitFor();
      await page.getByTestId('attributes-table-2').waitFor();
      // The defaults are the mapping's own names; the label attribute is fixed.
      expect(await page.getByTestId(`column-name-${model}`).getAttribute('placeholder')).toBe('model');
      expect(await page.getByTestId(`column-name-${ram}`).getAttribute('placeholder')).toBe('ram');
      expect(await page.getByTestId(`column-fixed-${label}`).innerText()).toBe('label');
      expect(await page.getByTestId(`include-${label}`).isDisabled()).toBe(true);
      expect(await page.getByTestId(`include-${ram}`).isChecked()).toBe(true);
      await page.getByTestId(`include-${ram}`).uncheck();
      expect(await page.getByTestId(`column-name-${ram}`).isDisabled()).toBe(true);
      await page.getByTestId(`column-name-${model}`).fill('laptop_model');
      await shot(page, '2-export-editor');
      await page.getByTestId('save-export').click();
      await page.getByTestId('export-saved').waitFor();
      const exportId = /exp-[0-9a-f]{8}/.exec(await page.getByTestId('export-saved').innerText())?.[0];
      expect(exportId).toBeDefined();
      if (!exportId) return;
      const row = page.getByTestId('exports-table').locator('tr', { hasText: exportId });
      expect(await row.innerText()).toContain('IT hardware');
      expect(await row.innerText()).toContain('2 types');
      expect(await row.innerText()).toContain('SQLite');
      await shot(page, '3-exports-list');

      // ---- Preview: the DDL for the export's dialect, and for another one -----------------------------------
      await page.getByTestId('saved-preview').click();
      await page.getByTestId('preview-sql').waitFor();
      const ddl = await page.getByTestId('preview-sql').innerText();
      expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "laptops"');
      expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "person"');
      expect(ddl).not.toContain('"server"');
      expect(ddl).toContain('"laptop_model"');
      expect(ddl).not.toContain('"ram"');
      expect(ddl).not.toContain('"model"');
      expect(await page.getByTestId('drift').innerText()).toContain('No completed SQLite run yet');
      await shot(page, '4-preview');
      await page.getByTestId('preview-dialect').selectOption({ label: 'SQL Server' });
      await expect
        .poll(async () =>
          (
            await page
              .getByTestId('preview-sql')
              .innerText()
              .catch(() => '')
          ).includes('[laptops]'),
        )
        .toBe(true);

      // ---- Edit: the editor opens with what was saved --------------------------------------------------------
      await page.getByRole('tab', { name: 'Exports' }).click();
      await page.getByTestId(`edit-${exportId}`).click();
      await page.getByTestId('types-1').waitFor();
      expect(await page.getByTestId('export-name').inputValue()).toBe('IT hardware');
      expect(await page.getByTestId('type-2').isChecked()).toBe(true);
      expect(await page.getByTestId('type-5').isChecked()).toBe(true);
      expect(await page.getByTestId('type-3').isChecked()).toBe(false);
      expect(await page.getByTestId('table-name-2').inputValue()).toBe('laptops');
      await page.getByTestId('attributes-2').click();
      await page.getByTestId('attributes-table-2').waitFor();
      expect(await page.getByTestId(`include-${ram}`).isChecked()).toBe(false);
      expect(await page.getByTestId(`include-${model}`).isChecked()).toBe(true);
      expect(await page.getByTestId(`column-name-${model}`).inputValue()).toBe('laptop_model');
      await page.getByTestId('cancel-export').click();
      await page.getByTestId('exports-table').waitFor();

      // ---- Pull: the endpoint URL, the commands, and a key shown once -----------------------------------------
      await page.getByRole('tab', { name: 'Pull' }).click();
      const url = (await page.getByTestId('pull-endpoint-url').innerText()).trim();
      expect(url).toMatch(/^http:\/\/localhost:\d+\//);
      const commands = await page.getByTestId('pull-commands').innerText();
      const scriptLine = `scripts/pull.sh '${url}' ${exportId} sqlite | sqlite3 assets.sqlite`;
      expect(commands).toContain(scriptLine);
      const loop = /^c=; while :; do$[\s\S]*?^done \| sqlite3 assets\.sqlite$/m.exec(commands)?.[0];
      expect(loop).toContain(`'${url}'`);
      await page.getByTestId('pull-target').selectOption({ label: 'PostgreSQL (psql)' });
      await expect
        .poll(() => page.getByTestId('pull-commands').innerText())
        .toContain(`${exportId} postgresql | psql -v ON_ERROR_STOP=1`);

      await page.getByTestId('new-api-key-button').click();
      await page.getByTestId('create-key').click();
      await page.getByTestId('create-key-error').waitFor();
      await page.getByTestId('key-label').fill('Reporting DB');
      expect(await page.getByTestId(`key-export-${exportId}`).isChecked()).toBe(true);
      await page.getByTestId('create-key').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('This is the only time the API key is shown');
      const key = (await page.getByTestId('new-api-key').innerText()).trim();
      expect(key).toMatch(/^a2s_[A-Za-z0-9_-]{43}$/);
      await shot(page, '5-api-key-modal');
      await page.getByTestId('new-api-key-done').click();
      await dialog.waitFor({ state: 'detached' });
      // Never shown again: the list has only the public prefix.
      expect(await page.locator('body').innerText()).not.toContain(key);
      const keyRow = page.getByTestId('api-keys-table').locator('tr', { hasText: 'Reporting DB' });
      await keyRow.waitFor();
      expect(await keyRow.innerText()).toContain(`${key.slice(0, 16)}…`);
      expect(await keyRow.innerText()).toMatch(/\bactive\b/i);
      await shot(page, '6-pull');

      // ---- The pull itself, over HTTP, with the URL from the page ---------------------------------------------
      const { sql, chunks } = await pullAll(url, exportId, key);
      expect(chunks).toBeGreaterThan(1);
      const db = newDbFile();
      sqlite(db, sql);
      expect(Number(sqlite(db, 'SELECT COUNT(*) FROM laptops;').trim())).toBe(assets.objectCount(2));
      expect(Number(sqlite(db, 'SELECT COUNT(*) FROM person;').trim())).toBe(assets.objectCount(5));
      expect(assets.objectCount(2)).toBeGreaterThan(0);
      expect(
        sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'server';").trim(),
      ).toBe('');
      // The attribute choices made on the page: the renamed column is there and filled, the excluded one is not.
      const laptopColumns = sqlite(db, "SELECT name FROM pragma_table_info('laptops');").trim().split('\n');
      expect(laptopColumns).toContain('laptop_model');
      expect(laptopColumns).not.toContain('model');
      expect(laptopColumns).not.toContain('ram');
      expect(laptopColumns).toContain('serial_number');
      expect(Number(sqlite(db, 'SELECT COUNT(laptop_model) FROM laptops;').trim())).toBe(
        assets.objectCount(2),
      );

      // The commands exactly as the page shows them work too: the script, and the loop without it.
      for (const [shell, command] of [
        ['/bin/sh', scriptLine],
        ['/bin/bash', loop ?? ''],
      ] as const) {
        const dir = mkdtempSync(join(tmpdir(), 'a2s-cmd-'));
        symlinkSync(join(APP_DIR, 'scripts'), join(dir, 'scripts'));
        await exec(shell, ['-c', command], {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', A2S_KEY: key },
        });
        const loaded = join(dir, 'assets.sqlite');
        expect(Number(sqlite(loaded, 'SELECT COUNT(*) FROM laptops;').trim())).toBe(assets.objectCount(2));
        expect(Number(sqlite(loaded, 'SELECT COUNT(*) FROM person;').trim())).toBe(assets.objectCount(5));
        rmSync(dir, { recursive: true, force: true });
      }

      // ---- Drift: a rename after those pulls is listed on the Preview tab --------------------------------------
      const serial = laptopAttribute('Serial Number');
      await page.getByRole('tab', { name: 'Exports' }).click();
      await page.getByTestId(`edit-${exportId}`).click();
      await page.getByTestId('types-1').waitFor();
      await page.getByTestId('attributes-2').click();
      await page.getByTestId('attributes-table-2').waitFor();
      expect(await page.getByTestId(`column-name-${serial}`).getAttribute('placeholder')).toBe(
        'serial_number',
      );
      await page.getByTestId(`column-name-${serial}`).fill('serial_no');
      await page.getByTestId('save-export').click();
      await page.getByTestId('export-saved').waitFor();
      await page.getByTestId('saved-preview').click();
      await page.getByTestId('drift-change').first().waitFor();
      expect(await page.getByTestId('drift-change').allInnerTexts()).toEqual([
        expect.stringMatching(
          /^Column "laptops"\."serial_number" is now "serial_no" \(attribute "Serial Number"\)/,
        ),
      ]);
      await page.getByText('1 change since the last completed SQLite pull run', { exact: false }).waitFor();
      await shot(page, '4b-preview-drift');

      // The key's last use shows up after a reload.
      await page.reload();
      await page.getByRole('tab', { name: 'Pull' }).click();
      const usedRow = page.getByTestId('api-keys-table').locator('tr', { hasText: 'Reporting DB' });
      await usedRow.waitFor();
      // Created and last used are both times now.
      expect((await usedRow.innerText()).match(/UTC/g)?.length).toBe(2);

      // ---- Revoke, with confirmation; the key stops working ---------------------------------------------------
      await usedRow.getByRole('button', { name: 'Revoke' }).click();
      await page.getByTestId('revoke-modal').waitFor();
      await page.getByTestId('confirm').click();
      await expect.poll(() => usedRow.innerText()).toMatch(/\brevoked\b/i);
      const refused = await fetch(`${url}?${new URLSearchParams({ export: exportId, dialect: 'sqlite' })}`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(refused.status).toBe(401);

      // ---- Push: destination (validated by the backend), the signing secret once, domain approval, schedule ----
      await page.getByRole('tab', { name: 'Push' }).click();
      await page.getByTestId('push-url').waitFor();
      expect(await page.getByTestId('run-now').isDisabled()).toBe(true); // no destination yet
      await page.getByTestId('push-url').fill('http://etl.example.com/hooks/assets');
      await page.getByTestId('save-destination').click();
      await page.getByTestId('push-error').waitFor();
      expect(await page.getByTestId('push-url').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('.fk-message--error').count()).toBeGreaterThan(0);
      await page.getByTestId('push-url').fill('https://etl.example.com/hooks/assets');
      await page.getByTestId('save-destination').click();
      const secretDialog = page.getByRole('dialog');
      await secretDialog.waitFor();
      expect(await secretDialog.innerText()).toContain('This is the only time the signing secret is shown');
      const secret = (await page.getByTestId('destination-secret').innerText()).trim();
      expect(secret).toMatch(/^whsec_/);
      await shot(page, '7-push-secret');
      await page.getByTestId('destination-secret-done').click();
      await secretDialog.waitFor({ state: 'detached' });
      expect(await page.locator('body').innerText()).not.toContain(secret);
      // Saving the same destination again keeps the secret (and does not show one).
      await page.getByTestId('save-destination').click();
      await expect
        .poll(() => page.getByTestId('push-message').innerText())
        .toContain('signing secret is unchanged');
      expect(await page.getByRole('dialog').count()).toBe(0);

      // The site admin approves the destination's origin as customer-managed egress.
      await expect.poll(() => page.getByTestId('approval-state').innerText()).toMatch(/not approved/i);
      await page.getByTestId('approve-domain').click();
      await expect.poll(() => page.getByTestId('approval-state').innerText()).toMatch(/^approved$/i);
      const egress = sb.sandbox.egressPermissions(APP, cloudId, admin, 'get', {}) as {
        results: { key: string; configured: { domain: string }[] }[];
      };
      expect(egress.results).toEqual([
        expect.objectContaining({
          key: `destination-${exportId}`,
          configured: [expect.objectContaining({ domain: 'https://etl.example.com' })],
        }),
      ]);

      await page.getByTestId('push-schedule').selectOption({ label: 'Every day' });
      await expect.poll(() => page.getByTestId('push-message').innerText()).toContain('Pushed daily');
      await page.getByTestId('pause-destination').click();
      await page.getByTestId('paused-reason').waitFor();
      expect(await page.getByTestId('paused-reason').innerText()).toContain('paused by an app admin');
      await shot(page, '7-push');
      await page.getByTestId('pause-destination').click(); // resume
      await expect.poll(() => page.getByTestId('push-message').innerText()).toContain('Pushes resumed');
      expect(await page.getByTestId('paused-reason').count()).toBe(0);

      // ---- Run now → the Runs tab: progress while the run goes (polled), then the history -------------------
      busyOnce = true;
      await page.getByTestId('run-now').click();
      await page.getByTestId('current-run').waitFor();
      expect(await page.getByTestId('current-run').innerText()).toContain('A run is queued');
      // The receiver asks to slow down the first time (429, Retry-After: 30): the run waits half-way.
      await sb.sandbox.drainQueues();
      await expect
        .poll(() => page.getByTestId('current-run').innerText(), { timeout: 15_000 })
        .toContain('A run is going');
      expect(await page.getByTestId('current-run').innerText()).toContain('HTTP 429');
      expect(await page.getByTestId('run-progress').getAttribute('role')).toBe('progressbar');
      await shot(page, '8-runs-progress');
      // Time passes: the retry falls due and is delivered (each delivery may queue the next one a little later).
      for (let minute = 0; minute < 20; minute++) await sb.sandbox.advance(60_000);
      await expect
        .poll(() => page.getByTestId('runs-table').innerText(), { timeout: 15_000 })
        .toMatch(/succeeded/i);
      expect(await page.getByTestId('current-run').count()).toBe(0);
      const pushed = newDbFile();
      sqlite(pushed, received.map((r) => r.body).join('\n'));
      expect(Number(sqlite(pushed, 'SELECT COUNT(*) FROM laptops;').trim())).toBe(assets.objectCount(2));
      expect(received.length).toBeGreaterThan(0);
      // Every push is signed with the secret the page showed once (Standard Webhooks; the body is SQL, so the
      // signature is recomputed rather than `verify()`d, which parses JSON).
      const signer = new Webhook(secret);
      for (const r of received) {
        const id = r.headers.get('webhook-id') ?? '';
        const timestamp = Number(r.headers.get('webhook-timestamp'));
        const expected = signer.sign(id, new Date(timestamp * 1000), r.body);
        expect((r.headers.get('webhook-signature') ?? '').split(' ')).toContain(expected);
      }
      const historyRow = page.getByTestId('runs-table').locator('tbody tr').first();
      expect(await historyRow.innerText()).toContain(String(received.length)); // chunks
      expect(await page.getByTestId('last-runs-table').innerText()).toContain('SQLite');
      await shot(page, '8-runs');
    });
  }, 120_000);

  it('refuses a non-admin agent without showing any data', async () => {
    await withPage('admin-refused', async (page) => {
      await page.goto(pageUrl(agent));
      await page.getByTestId('admin-refused').waitFor();
      const text = await page.locator('body').innerText();
      expect(text).toContain('You cannot administer Assets to SQL');
      expect(text).not.toMatch(/exp-[0-9a-f]{8}/);
      expect(await page.getByRole('tab').count()).toBe(0);
      await shot(page, '9-refused');
    });
  }, 60_000);
});
