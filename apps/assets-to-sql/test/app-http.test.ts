/**
 * The documented client loop over real HTTP: the sandbox server serves the web trigger at the URL
 * `getPullEndpoint` returns, and scripts/pull.sh (POSIX sh + curl) follows X-Next-Cursor into sqlite3.
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import { createSandboxServer, listen } from '@suite/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, createHarness, type Harness, newDbFile, sqlite, unwrap } from './app-support';

const run = promisify(execFile);
const SCRIPT = `${APP_DIR}scripts/pull.sh`;

let h: Harness;
let server: Server;
let url: string;
let key: string;
let exportId: string;

beforeAll(async () => {
  h = await createHarness({ objects: 150, variables: { A2S_CHUNK_MAX_BYTES: '2000', A2S_PAGE_SIZE: '10' } });
  server = createSandboxServer(h.sb.sandbox);
  await listen(server, h.sb.sandbox, 0);
  exportId = unwrap(
    await h.invoke<{ id: string }>('saveExport', {
      name: 'Facilities',
      schemaIds: ['2'],
      dialect: 'sqlite',
      tableNames: { '8': 'buildings' },
    }),
  ).id;
  key = unwrap(await h.invoke<{ key: string }>('createApiKey', { label: 'cli', exportIds: [exportId] })).key;
  url = unwrap(await h.invoke<{ url: string }>('getPullEndpoint')).url;
}, 60_000);

afterAll(() => {
  server?.close();
  h?.sb.close();
});

describe('scripts/pull.sh over HTTP', () => {
  it('pulls a whole export into sqlite3, following X-Next-Cursor', async () => {
    expect(url).toMatch(/^http:\/\/localhost:\d+\/x1\//);
    const { stdout } = await run('/bin/sh', [SCRIPT, url, exportId, 'sqlite'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', A2S_KEY: key },
      maxBuffer: 50 * 1024 * 1024,
    });
    expect((stdout.match(/continues at X-Next-Cursor/g) ?? []).length).toBeGreaterThan(1);
    expect(stdout).toContain('export complete');
    const db = newDbFile();
    sqlite(db, stdout);
    const state = h.sb.sites()[0]?.assets;
    if (!state) throw new Error('no site');
    expect(Number(sqlite(db, 'SELECT COUNT(*) FROM buildings;').trim())).toBe(state.objectCount(8));
    expect(Number(sqlite(db, 'SELECT COUNT(*) FROM room;').trim())).toBe(state.objectCount(9));
  });

  it('stops with the JSON error on stderr for a bad key, without leaking the key on argv', async () => {
    const failure = await run('/bin/sh', [SCRIPT, url, exportId, 'sqlite'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', A2S_KEY: `a2s_${'x'.repeat(43)}` },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('HTTP 401');
    expect(failure?.stderr).toContain('"code":"UNAUTHORIZED"');
  });
});
