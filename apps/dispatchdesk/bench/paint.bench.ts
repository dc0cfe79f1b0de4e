/**
 * Time to first map paint with 10,000 tickets in headless Chromium (goal < 1 s): the built console
 * (static/console/dist) is served by the stub host (test/ui-stub-host.ts) with a stubbed bridge whose
 * `getConsole` answers 10,000 synthetic tickets and 40 technicians over HTTP, as a resolver would. Measured from
 * navigation start (performance.timeOrigin) to the first animation frame after the first cluster or ticket marker
 * is in the DOM, in a fresh browser context each run; the median of the runs is reported.
 *
 * Run: `npx vite build && npx tsx bench/paint.bench.ts` in apps/dispatchdesk.
 */

import { launchBrowser } from '@suite/sandbox/testing';
import { startStubHost, syntheticConsole, syntheticRanking } from '../test/ui-stub-host';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const GOAL_MS = 1000;

async function main(): Promise<void> {
  const data = syntheticConsole(TICKETS);
  const payloadKb = Buffer.byteLength(JSON.stringify({ ok: true, data })) / 1024;
  const host = await startStubHost((key, payload) => {
    if (key === 'getConsole') return { ok: true, data };
    if (key === 'getChanges') return { ok: true, data: { changed: false, version: data.version } };
    if (key === 'rankTechnicians')
      return { ok: true, data: syntheticRanking(data, String(payload.issueKey)) };
    return { ok: false, error: { code: 'NOT_FOUND', message: key } };
  });
  const browser = await launchBrowser();

  // Records when the first marker (a cluster or a ticket dot) is in the DOM, and the frame after it.
  const PROBE = `(() => {
  const seen = () => document.querySelector('.dd-cluster, path.dd-ticket');
  const done = (t) => { window.__ddFirstPaint = t; };
  const check = () => {
    if (window.__ddFirstMarker !== undefined || !seen()) return false;
    window.__ddFirstMarker = performance.now();
    requestAnimationFrame(() => done(performance.now()));
    return true;
  };
  new MutationObserver((_, obs) => { if (check()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true });
})();`;

  const samples: { paint: number; marker: number; markers: number }[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(PROBE);
      const page = await context.newPage();
      await page.goto(`${host.origin}/console/`);
      await page.waitForFunction(
        () => (window as unknown as { __ddFirstPaint?: number }).__ddFirstPaint,
        null,
        {
          timeout: 30_000,
        },
      );
      const result = await page.evaluate(() => {
        const w = window as unknown as { __ddFirstPaint: number; __ddFirstMarker: number };
        return {
          paint: w.__ddFirstPaint,
          marker: w.__ddFirstMarker,
          markers: document.querySelectorAll('.dd-cluster, path.dd-ticket, .dd-tech-pin').length,
        };
      });
      if (i > 0) samples.push(result); // the first run warms the server's file cache
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] as number;
  };
  const paint = Math.round(median(samples.map((s) => s.paint)));
  const marker = Math.round(median(samples.map((s) => s.marker)));
  console.log(
    `first map paint, ${TICKETS.toLocaleString('en')} tickets: median ${paint} ms over ${samples.length} runs ` +
      `(first marker in DOM ${marker} ms; ${samples[0]?.markers} markers; getConsole payload ${payloadKb.toFixed(0)} KB)`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: 'dispatchdesk.console.firstMapPaint10k',
      value: paint,
      unit: 'ms',
      baseline: GOAL_MS,
      ratio: +(GOAL_MS / paint).toFixed(2),
    })}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
