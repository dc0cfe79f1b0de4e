/**
 * Panel load benchmark (run with `tsx bench/panel.bench.ts`). Prints `BENCH {json}` lines:
 * - panel load time (`getPanel` through `sandbox.invokeResolver`) with 100 ms added to every product call, as a
 *   ratio to one round trip (baseline 100 ms; goal ≤ 1.3×: the backend loads everything in one parallel wave);
 * - product API calls per panel load (from `sandbox.requests`);
 * - the backend bundle size, and the two UI Kit resource bundles (what the host serves to the browser).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sizeFigures } from '@suite/forge-build';
import { createSandbox } from '@suite/sandbox';

// apps/techdesk is CommonJS to tsx (no "type": "module"), so no top-level await and no import.meta here.
const APP_DIR = join(__dirname, '..');
const LATENCY_MS = 100;
const RUNS = 7;

function bench(line: Record<string, unknown>): void {
  console.log(`BENCH ${JSON.stringify(line)}`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'techdesk-bench-'));
  const sb = await createSandbox({ apps: [{ key: 'techdesk', dir: APP_DIR }], seed: 5, workDir: work });
  try {
    const users = sb.users();
    const agent = users.agent;
    const admin = users['site-admin'];
    if (!agent || !admin) throw new Error('the seed has no agent or site admin');
    const jira = sb.sites()[0]?.jira;
    const ticket =
      [...(jira?.issues.values() ?? [])].find(
        (i) =>
          i.key.startsWith('FS-') &&
          jira?.statuses.find((s) => s.id === i.fields.statusId)?.name === 'Waiting for support',
      )?.key ?? 'FS-1';

    const invoke = async (moduleKey: string, functionKey: string, payload: unknown, accountId: string) => {
      const result = (await sb.sandbox.invokeResolver({
        app: 'techdesk',
        moduleKey,
        functionKey,
        payload,
        accountId,
      })) as { ok: boolean; error?: { message: string } };
      if (!result.ok) throw new Error(`${functionKey} failed: ${result.error?.message}`);
      return result;
    };

    // A fully configured project, so the load includes Assets fields and canned responses.
    await invoke(
      'techdesk-admin',
      'saveProjectConfig',
      {
        projectKey: 'FS',
        enabled: true,
        activeStatusIds: [],
        assets: {
          fieldIds: ['customfield_10100'],
          attributeNames: ['Model', 'RAM'],
          aqlTemplate: ['objectType = "Laptop" AND Model = $', '{search}'].join(''),
        },
      },
      admin,
    );
    await invoke(
      'techdesk-admin',
      'saveCannedResponse',
      { scope: 'global', title: 'Greeting', body: 'Hello {{reporter.displayName}}' },
      admin,
    );

    const load = () => invoke('techdesk-panel', 'getPanel', { issueKey: ticket }, agent);
    await load(); // warm up (module caches, JIT)

    // Product calls per panel load.
    const before = sb.sandbox.requests.length;
    await load();
    const calls = sb.sandbox.requests.slice(before).filter((r) => r.app === 'techdesk');

    // Load time with latency on every product call.
    sb.sandbox.setFaults([{ latencyMs: LATENCY_MS }]);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await load();
      times.push(performance.now() - start);
    }
    sb.sandbox.setFaults([]);
    const ms = Math.round(median(times) * 10) / 10;

    bench({
      name: 'panel_load_ms_at_100ms_latency',
      value: ms,
      unit: 'ms',
      baseline: LATENCY_MS,
      ratio: Math.round((ms / LATENCY_MS) * 100) / 100,
      runs: RUNS,
    });
    bench({
      name: 'panel_load_product_calls',
      value: calls.length,
      unit: 'calls',
      paths: calls.map((c) => `${c.method} ${c.path.split('?')[0]}`),
    });
    bench({ name: 'backend_bundle_bytes', value: sb.sandbox.bundleOf('techdesk').bytes, unit: 'bytes' });
    // The UI Kit resources as Forge's NativeUIBundler built them (minified, with their chunks).
    const figures = sizeFigures(sb.sandbox.bundleOf('techdesk').build);
    for (const [name, resource] of [
      ['panel_ui_bundle_bytes', 'resource panel-ui'],
      ['admin_ui_bundle_bytes', 'resource admin-ui'],
    ] as const) {
      const figure = figures.find((f) => f.name === resource);
      if (!figure) throw new Error(`no ${resource} in the Forge build`);
      bench({ name, value: figure.bytes, unit: 'bytes', gzipBytes: figure.gzipBytes });
    }
  } finally {
    sb.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
