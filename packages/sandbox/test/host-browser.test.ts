import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../src/host/index';
import { createKvsStore } from '../src/kvs/index';
import { Sandbox } from '../src/runtime/sandbox';
import { createSandboxServer, listen } from '../src/server';
import type { SandboxUser } from '../src/site/types';
import { launchBrowser, moduleFrame } from '../src/testing/index';
import { fakeSite } from './support/fake-site';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const RESULTS = join(import.meta.dirname, '..', 'test-results');
const work = mkdtempSync(join(tmpdir(), 'sandbox-host-'));
const USERS: SandboxUser[] = [
  { accountId: 'u-agent', displayName: 'Ada Agent', roles: ['agent', 'site-admin'] },
  { accountId: 'u-cust', displayName: 'Cy Customer', roles: ['customer'] },
];
const site = Object.assign(fakeSite('cloud-a'), { sandboxUsers: () => USERS });
const kvs = createKvsStore({});
let sandbox: Sandbox;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  sandbox = await Sandbox.create({
    apps: [
      { key: 'demo', dir: join(FIXTURES, 'demo-app') },
      { key: 'hello', dir: join(FIXTURES, 'demo-customui') },
    ],
    sites: [site],
    kvs,
    workDir: work,
  });
  server = createSandboxServer(sandbox, {
    kvsDump: (app, cloudId) => kvs.dump(sandbox.kvsScope(app, cloudId)),
    host: createHost(sandbox, { workDir: work }),
  });
  origin = await listen(server, sandbox, 0);
  browser = await launchBrowser();
}, 300_000); // may include a cold Forge build of the fixture apps, queued behind other files' builds

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** A fresh browser context per test; a failing test leaves a full-page screenshot in test-results/. */
async function withPage(name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await run(page);
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `host-${name}.png`), fullPage: true }).catch(() => {});
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\npage errors: ${errors.join(' | ') || 'none'}`,
    );
  } finally {
    await context.close();
  }
}

describe('the shell', () => {
  it('lists the users with their roles, and switching user changes who invokes', async () => {
    await withPage('switch-user', async (page) => {
      await page.goto(`${origin}/jira/settings/apps/demo/demo-admin?as=u-agent`);
      await page.getByTestId('user-picker').click();
      const agent = page.getByTestId('user-option-u-agent');
      await expect.poll(() => agent.textContent()).toContain('Ada Agent');
      expect(await agent.textContent()).toContain('site-admin');
      expect(await page.getByTestId('user-option-u-cust').textContent()).toContain('customer');
      await page.getByTestId('user-option-u-agent').click();

      let frame = await moduleFrame(page, 'demo-admin');
      await frame.getByText('(Ada Agent)').waitFor();
      expect(await frame.getByText('u-agent', { exact: true }).count()).toBe(1);

      await page.getByTestId('user-picker').click();
      await page.getByTestId('user-option-u-cust').click();
      expect(await page.getByTestId('current-user').innerText()).toBe('Cy Customer');
      expect(page.url()).toContain('as=u-cust');
      frame = await moduleFrame(page, 'demo-admin');
      await frame.getByText('(Cy Customer)').waitFor();
      expect(await frame.getByText('u-cust', { exact: true }).count()).toBe(1);
    });
  }, 60_000);
});

describe('UI Kit resources as Forge built them', () => {
  it("serves the NativeUIBundler output: the page loads <key>.js from the resource's folder, chunks beside it", async () => {
    const page = await (await fetch(`${origin}/host/modules/demo/demo-admin?as=u-agent`)).text();
    const src = /<script src="(\/host\/apps\/demo\/demo-ui\/demo-ui\.js\?v=[0-9a-f]{12})"><\/script>/.exec(
      page,
    )?.[1];
    expect(src).toBeDefined();
    const built = sandbox.bundleOf('demo').build;
    const script = await fetch(`${origin}${src}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toBe(
      readFileSync(join(built.outDir, 'resources', 'demo-ui', 'demo-ui.js'), 'utf8'),
    );
    for (const name of readdirSync(join(built.outDir, 'resources', 'demo-ui'))) {
      expect((await fetch(`${origin}/host/apps/demo/demo-ui/${name}`)).status).toBe(200);
    }
  });

  it('answers 404 for a file outside the build, an unknown resource or a Custom UI resource', async () => {
    for (const path of [
      '/host/apps/demo/demo-ui/..%2F..%2Freport.json',
      '/host/apps/demo/demo-ui/.hidden',
      '/host/apps/demo/nope/nope.js',
      '/host/apps/hello/hello/index.html',
      '/host/apps/ghost/demo-ui/demo-ui.js',
    ]) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(404);
    }
  });
});

describe('a UI Kit module', () => {
  it('renders its ForgeDoc and a click round-trips through the resolver and KVS', async () => {
    await withPage('uikit-click', async (page) => {
      await page.goto(`${origin}/host/modules/demo/demo-admin?as=u-agent&site=cloud-a`);
      await page.getByRole('heading', { name: 'Sandbox demo' }).waitFor();
      const badge = page.locator('.fk-badge--primary');
      await expect.poll(() => badge.innerText()).toBe('0');
      await page.getByTestId('increment').click();
      await expect.poll(() => badge.innerText()).toBe('1');
      await page.getByTestId('increment').click();
      await expect.poll(() => badge.innerText()).toBe('2');

      const dump = (await (await fetch(`${origin}/sandbox/apps/demo/kvs`)).json()) as {
        keys: Record<string, unknown>;
      };
      expect(dump.keys.clicks).toBe(2);
      expect(kvs.dump(sandbox.kvsScope('demo', 'cloud-a')).keys.clicks).toBe(2);
    });
  }, 60_000);

  it('submits a useForm form through the resolver', async () => {
    await withPage('uikit-form', async (page) => {
      await page.goto(`${origin}/host/modules/demo/demo-admin?as=u-agent`);
      await page.getByRole('tab', { name: 'Note' }).click();
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.getByText('A note is required').waitFor();
      await page.getByPlaceholder('Something to remember').fill('buy milk');
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.getByText('Saved note: buy milk').waitFor();
      expect(kvs.dump(sandbox.kvsScope('demo', 'cloud-a')).keys.note).toBe('buy milk');
    });
  }, 60_000);

  it('pages and sorts a DynamicTable', async () => {
    await withPage('uikit-table', async (page) => {
      await page.goto(`${origin}/host/modules/demo/demo-admin?as=u-agent`);
      await page.getByRole('tab', { name: 'Stock' }).click();
      const firstCells = () => page.locator('.fk-table tbody tr td:first-child').allInnerTexts();
      await expect.poll(firstCells).toEqual(['Apple', 'Banana', 'Cherry', 'Damson', 'Elderberry']);
      await page.getByRole('button', { name: 'next' }).click();
      await expect.poll(firstCells).toEqual(['Fig', 'Grape']);
      await page.getByRole('button', { name: /Stock/ }).click();
      await page.getByRole('button', { name: '1', exact: true }).click();
      await expect.poll(firstCells).toEqual(['Banana', 'Fig', 'Apple', 'Elderberry', 'Cherry']);
    });
  }, 60_000);

  it('renders text containing markup as text, never as HTML', async () => {
    await withPage('uikit-escaping', async (page) => {
      await page.goto(`${origin}/host/modules/demo/demo-admin?as=u-agent`);
      const text = page.getByText('<b>not bold</b> & <script>alert(1)</script>');
      await text.waitFor();
      expect(await page.locator('#forge-root b').count()).toBe(0);
      expect(await page.locator('#forge-root script').count()).toBe(0);
    });
  }, 60_000);

  it('shows a visible box for an unsupported component', async () => {
    await withPage('uikit-unsupported', async (page) => {
      await page.goto(`${origin}/host/modules/demo/demo-admin?as=u-agent`);
      await page.getByRole('heading', { name: 'Sandbox demo' }).waitFor();
      // The same path the reconciler takes: a ForgeDoc through __bridge.callBridge('reconcile').
      await page.evaluate(() =>
        (
          window as unknown as { __bridge: { callBridge: (c: string, p: unknown) => Promise<unknown> } }
        ).__bridge.callBridge('reconcile', {
          forgeDoc: {
            type: 'Root',
            props: {},
            children: [
              {
                type: 'HoloDeck',
                props: {},
                key: 'x',
                children: [{ type: 'String', props: { text: 'inside the holodeck' }, children: [] }],
              },
            ],
          },
        }),
      );
      const box = page.getByTestId('unsupported-component');
      await box.waitFor();
      expect(await box.innerText()).toContain('Unsupported component: HoloDeck');
      expect(await box.innerText()).toContain('inside the holodeck');
      expect(await box.isVisible()).toBe(true);
    });
  }, 60_000);
});

describe('a Custom UI module', () => {
  it('invokes its resolver through the injected bridge, under the CSP computed from the manifest', async () => {
    await withPage('customui', async (page) => {
      // Both image hosts answer with a real PNG, so only the CSP can stop one of them.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      const served: string[] = [];
      await page.context().route(/^https:\/\/images\.(allowed\.example|example\.net)\//, (route) => {
        served.push(route.request().url());
        return route.fulfill({ status: 200, contentType: 'image/png', body: png });
      });
      // Chromium reports each blocked load: "Loading the image '<url>' violates … Content Security Policy …".
      const blocked: string[] = [];
      page.on('console', (msg) => {
        const m = /Loading the image '([^']+)' violates/.exec(msg.text());
        if (m?.[1]) blocked.push(m[1]);
      });
      const response = page.waitForResponse((r) => r.url().includes('/host/custom/hello/hello-page/'));
      await page.goto(`${origin}/jira/apps/hello/hello-page?as=u-agent&site=cloud-a`);
      const csp = (await response).headers()['content-security-policy'] ?? '';
      expect(csp).toContain('img-src');
      expect(csp).toContain('https://images.allowed.example');
      expect(csp).not.toContain('images.example.net');

      const frame = await moduleFrame(page, 'hello-page');
      await expect.poll(() => frame.locator('#answer').innerText()).toBe('pong (hello)');
      await expect.poll(() => frame.locator('#who').innerText()).toBe('u-agent on jira:globalPage');
      await expect.poll(() => frame.locator('#jira').innerText()).toBe('200 Ada Agent');

      const size = (id: string) =>
        frame.locator(id).evaluate((el) => {
          const img = el as unknown as { complete: boolean; naturalWidth: number };
          return img.complete ? img.naturalWidth : -1;
        });
      await expect.poll(() => size('#declared')).toBe(1);
      await expect.poll(() => size('#tile')).toBe(256);
      expect(await size('#undeclared')).toBe(0);
      expect(served.some((u) => u.includes('images.allowed.example'))).toBe(true);
      expect(served.some((u) => u.includes('images.example.net'))).toBe(false);
      await expect.poll(() => blocked).toEqual(['https://images.example.net/x.png']);
    });
  }, 60_000);
});

describe('offline tiles', () => {
  it('serves PNG and SVG tiles for Leaflet', async () => {
    const png = await fetch(`${origin}/tiles/2/1/3.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const svg = await fetch(`${origin}/tiles/2/1/3.svg`);
    expect(await svg.text()).toContain('2/1/3');
    expect((await fetch(`${origin}/tiles/2/9/3.png`)).status).toBe(404);
  });
});
