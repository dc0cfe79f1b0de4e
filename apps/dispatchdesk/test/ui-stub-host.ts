/**
 * A stand-in Forge host for the built console (static/console/dist), used by the console UI tests and the paint
 * bench: serves the resource with a bridge stub injected as the first child of <head> (as Forge injects its
 * global bridge) under a Forge-like CSP (no inline script or style), answers `invoke` from a handler in this
 * process, and serves offline tiles at /tiles/{z}/{x}/{y}.png. Synthetic data: `syntheticConsole(n)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type {
  ConsoleData,
  Phase,
  RankedTechnician,
  SlaState,
  TechnicianView,
  TicketView,
} from '../src/domain/contract';

// Works as ESM (vitest) and as CommonJS (tsx on a package without "type": "module").
const HERE = typeof __dirname === 'string' ? __dirname : import.meta.dirname;
export const APP_DIR = resolve(HERE, '..');
export const DIST = join(APP_DIR, 'static', 'console', 'dist');
const REPO = resolve(APP_DIR, '..', '..');

export const FORGE_LIKE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'self'",
  'report-uri /stub/csp-report',
].join('; ');

export type InvokeHandler = (functionKey: string, payload: Record<string, unknown>) => unknown;

export interface StubHost {
  readonly origin: string;
  /** Every invoke the page made, in order. */
  readonly calls: { functionKey: string; payload: Record<string, unknown> }[];
  readonly tileRequests: string[];
  readonly cspReports: unknown[];
  handler: InvokeHandler;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const BRIDGE_JS = `(() => {
  const context = { accountId: 'dispatcher-1', cloudId: 'stub', moduleKey: 'dispatchdesk-console',
    environmentType: 'DEVELOPMENT', locale: 'en-GB', timezone: 'Europe/London', extension: { type: 'jira:globalPage' } };
  window.__bridge = {
    callBridge: async (command, payload) => {
      if (command === 'invoke') {
        const r = await fetch('/stub/invoke', { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ functionKey: payload.functionKey, payload: payload.payload || {} }) });
        const body = await r.json();
        if (!r.ok) { const e = new Error(body.error && body.error.message || 'invoke failed'); e.code = body.error && body.error.code; throw e; }
        return body.result;
      }
      if (command === 'getContext') return context;
      return undefined;
    },
  };
})();`;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

let tilePng: ((z: number, x: number, y: number) => Buffer) | undefined;

export async function startStubHost(handler: InvokeHandler): Promise<StubHost> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('The console is not built: run `npx vite build` in apps/dispatchdesk first.');
  }
  if (!tilePng) {
    const tilesModule = join(REPO, 'packages', 'sandbox', 'src', 'host', 'tiles.ts');
    tilePng = ((await import(tilesModule)) as { tilePng: typeof tilePng }).tilePng;
  }
  const calls: StubHost['calls'] = [];
  const tileRequests: string[] = [];
  const cspReports: unknown[] = [];
  const host = { handler } as { handler: InvokeHandler };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = url.pathname;
      if (path === '/stub/bridge.js') {
        res.writeHead(200, { 'content-type': TYPES['.js'] as string });
        res.end(BRIDGE_JS);
        return;
      }
      if (path === '/stub/invoke' && req.method === 'POST') {
        const body = (await readBody(req)) as { functionKey: string; payload: Record<string, unknown> };
        calls.push(body);
        try {
          const result = await host.handler(body.functionKey, body.payload ?? {});
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ result }));
        } catch (error) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'FUNCTION_ERROR', message: String(error) } }));
        }
        return;
      }
      if (path === '/stub/csp-report') {
        cspReports.push(await readBody(req).catch(() => ({})));
        res.writeHead(204);
        res.end();
        return;
      }
      const tile = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(path);
      if (tile) {
        tileRequests.push(path);
        const [z, x, y] = [Number(tile[1]), Number(tile[2]), Number(tile[3])];
        if (x >= 2 ** z || y >= 2 ** z) {
          res.writeHead(404);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=3600' });
        res.end(tilePng?.(z, x, y));
        return;
      }
      if (path.startsWith('/console/')) {
        const rest = decodeURIComponent(path.slice('/console/'.length)) || 'index.html';
        const file = resolve(DIST, normalize(`.${sep}${rest}`));
        if (!file.startsWith(DIST) || !existsSync(file)) {
          res.writeHead(404);
          res.end();
          return;
        }
        if (extname(file) === '.html') {
          const html = readFileSync(file, 'utf8').replace(
            /<head>/i,
            '<head><script src="/stub/bridge.js"></script>',
          );
          res.writeHead(200, {
            'content-type': TYPES['.html'] as string,
            'content-security-policy': FORGE_LIKE_CSP,
          });
          res.end(html);
          return;
        }
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(readFileSync(file));
        return;
      }
      res.writeHead(404);
      res.end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    tileRequests,
    cspReports,
    get handler() {
      return host.handler;
    },
    set handler(h: InvokeHandler) {
      host.handler = h;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// ---- synthetic data ----------------------------------------------------------------------------------------------
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKILLS = ['HVAC', 'Electrical', 'Plumbing', 'Networking', 'Elevators', 'Fire safety'];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low'];
const PHASES: Phase[] = ['planned', 'planned', 'planned', 'assigned', 'travelling', 'on-site', 'paused'];
const WORDS = ['Boiler', 'Printer', 'Router', 'Lift', 'Alarm', 'Lights', 'Chiller', 'Door access', 'Leak'];
const FIRST = [
  'Amara',
  'Ben',
  'Carmen',
  'Dev',
  'Erin',
  'Farah',
  'Gabriel',
  'Isla',
  'Kai',
  'Leo',
  'Maya',
  'Niamh',
];
const LAST = ['Adeyemi', 'Brown', 'Chen', 'Davies', 'Evans', 'Fischer', 'Green', 'Hughes', 'Iqbal', 'Jones'];
const LONDON = { lat: 51.5072, lng: -0.1276 };

export function syntheticConsole(count: number, seed = 7, techCount = 40): ConsoleData {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const now = Date.parse('2026-03-02T10:00:00Z');
  const near = (km: number) => {
    const d = Math.sqrt(r()) * km;
    const a = r() * 2 * Math.PI;
    return {
      lat: +(LONDON.lat + (d * Math.cos(a)) / 111.32).toFixed(5),
      lng: +(LONDON.lng + (d * Math.sin(a)) / (111.32 * Math.cos((LONDON.lat * Math.PI) / 180))).toFixed(5),
    };
  };
  const technicians: TechnicianView[] = Array.from({ length: techCount }, (_, i) => {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    const available = r() < 0.7;
    const phase = available ? pick<Phase | null>([null, 'assigned', 'travelling', 'on-site']) : null;
    const base = near(20);
    return {
      accountId: `tech-${i + 1}`,
      displayName: `${first} ${last}`,
      initials: `${first[0]}${last[0]}`,
      skills: [SKILLS[i % SKILLS.length] as string, ...(r() < 0.4 ? [pick(SKILLS)] : [])].filter(
        (s, j, a) => a.indexOf(s) === j,
      ),
      homeBase: { ...base, name: `Depot ${(i % 4) + 1}` },
      position: { ...near(22), source: 'home-base', why: `Home base (Depot ${(i % 4) + 1})` },
      availableNow: available,
      availability: available ? 'On shift until 17:00 (Europe/London)' : 'Off shift (starts 08:00)',
      phase,
      workload: Math.floor(r() * 5),
    };
  });
  const tickets: TicketView[] = [];
  const unlocated: TicketView[] = [];
  for (let i = 0; i < count; i++) {
    const slaRoll = r();
    const sla: SlaState = slaRoll < 0.1 ? 'breached' : slaRoll < 0.25 ? 'at-risk' : 'ok';
    const minutes =
      sla === 'breached'
        ? -Math.round(r() * 600)
        : sla === 'at-risk'
          ? Math.round(r() * 60)
          : 60 + Math.round(r() * 2000);
    const phase = pick(PHASES);
    const assigned = phase !== 'planned' ? pick(technicians) : null;
    const t: TicketView = {
      key: `FS-${i + 1}`,
      id: String(10_000 + i),
      summary: `${pick(WORDS)} ${pick(['not working', 'making noise', 'needs inspection', 'fault reported', 'down'])}`,
      projectKey: 'FS',
      status: phase === 'planned' ? { id: '1', name: 'Open' } : { id: '3', name: 'Dispatched' },
      phase,
      priority: pick(PRIORITIES),
      requestType: pick(['Repair', 'Installation', 'Inspection']),
      requiredSkill: r() < 0.85 ? pick(SKILLS) : null,
      sla,
      slaMinutesLeft: minutes,
      assignee: assigned ? { accountId: assigned.accountId, displayName: assigned.displayName } : null,
      location: near(25),
      created: new Date(now - Math.round(r() * 5 * 86_400_000)).toISOString(),
      updated: new Date(now - Math.round(r() * 3_600_000)).toISOString(),
    };
    if (i % 97 === 5) unlocated.push({ ...t, location: null });
    else tickets.push(t);
  }
  return {
    tickets,
    unlocated,
    technicians,
    offices: [
      { name: 'London HQ', location: { lat: 51.5155, lng: -0.0922 } },
      { name: 'Depot North', location: { lat: 51.5901, lng: -0.1103 } },
      { name: 'Depot South', location: { lat: 51.4452, lng: -0.1411 } },
    ],
    map: {
      tileUrl: '/tiles/{z}/{x}/{y}.png',
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
      center: LONDON,
      zoom: 11,
    },
    version: 'v1',
    me: { accountId: 'dispatcher-1', roles: ['dispatcher'] },
  };
}

/** A plausible ranking for the stub: nearest available technicians first, with the reasons spelled out. */
export function syntheticRanking(data: ConsoleData, issueKey: string): RankedTechnician[] {
  const ticket = [...data.tickets, ...data.unlocated].find((t) => t.key === issueKey);
  const at = ticket?.location ?? data.map.center;
  const rad = Math.PI / 180;
  return data.technicians
    .map((t) => {
      const dx = (t.position.lng - at.lng) * 111.32 * Math.cos(at.lat * rad);
      const dy = (t.position.lat - at.lat) * 111.32;
      const km = Math.sqrt(dx * dx + dy * dy);
      const skill = ticket?.requiredSkill;
      const hasSkill = !skill || t.skills.includes(skill);
      const score = (t.availableNow ? 50 : 0) + (hasSkill ? 30 : 0) - km - t.workload * 2;
      const reasons = [
        t.availableNow ? 'Available now' : 'Not available now',
        ...(skill ? [hasSkill ? `Has skill ${skill}` : `Lacks skill ${skill}`] : []),
        `${km.toFixed(1)} km (~${Math.round((km / 30) * 60)} min)`,
        `${t.workload} open tickets`,
      ];
      return { accountId: t.accountId, score, distanceKm: km, travelMinutes: (km / 30) * 60, reasons };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
}
