/**
 * The sandbox's HTTP surface as `npm start` serves it (control endpoints, resolver invoke, web trigger routing, the
 * emulated REST APIs and the browser host), fired at with generated bad requests: malformed and deep JSON, bodies of
 * the wrong shape, unknown and odd paths, methods and headers (also as raw bytes on the socket). None may answer 5xx.
 * Fault and crash rules a request manages to set are cleared after it, so an injected 500 is never counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../src/host/index';
import { createSandbox, createSandboxServer, listen, type SandboxInstance } from '../src/index';
import { nastyString, wireValue } from '../src/testing/index';

const DEMO = join(import.meta.dirname, 'fixtures', 'demo-app');
const work = mkdtempSync(join(tmpdir(), 'sandbox-http-fuzz-'));
let instance: SandboxInstance;
let server: Server;
let port: number;
let hookPath: string;

beforeAll(async () => {
  instance = await createSandbox({ apps: [{ key: 'demo', dir: DEMO }], seed: 42, workDir: work });
  const { sandbox, kvs } = instance;
  // As packages/sandbox/bin/start.ts wires it.
  server = createSandboxServer(sandbox, {
    kvsDump: (app, cloudId) => kvs.dump(sandbox.kvsScope(app, cloudId)),
    reset: () => instance.reset(),
    host: createHost(sandbox, { workDir: work }),
  });
  port = Number(new URL(await listen(server, sandbox, 0)).port);
  const cloudId = instance.sites()[0]?.cloudId as string;
  hookPath = new URL(sandbox.webTriggerUrl('demo', cloudId, 'demo-hook')).pathname;
}, 300_000);

afterAll(() => {
  server.close();
  instance.close();
  rmSync(work, { recursive: true, force: true });
});

interface Case {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

let lastError = '';
function send(c: Case): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      // One connection per request, so each answer is about its own request only.
      { host: '127.0.0.1', port, method: c.method, path: c.path, headers: c.headers, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    // A reset or hang-up (status 0) counts as a failure: the server must answer.
    req.on('error', (e) => {
      lastError = e.message;
      resolve(0);
    });
    req.end(c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body);
  });
}

/** Writes raw bytes and reads the status code of the answer (0 if the server just closed the socket). */
function sendRaw(bytes: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes, 'latin1'));
    let head = '';
    socket.on('data', (d) => {
      head += d.toString('latin1');
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)));
    socket.on('error', () => undefined);
  });
}

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as on the wire), keeping unreserved ones. */
const percentEncode = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

const deepJson = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

describe('sandbox HTTP surface under fuzzing', () => {
  it('answers generated bad requests with 4xx (or a plain success), never 5xx', async () => {
    const users = instance.sites()[0]?.sandboxUsers?.() ?? [];
    const admin = users.find((u) => u.roles.includes('site-admin'))?.accountId as string;
    const paths = fc.oneof(
      fc.constantFrom(
        '/sandbox/apps/demo/invoke',
        '/sandbox/apps/nope/invoke',
        '/sandbox/apps/__proto__/invoke',
        '/sandbox/apps/constructor/kvs',
        '/sandbox/apps/demo/kvs',
        '/sandbox/apps/demo/scheduled/nope',
        '/sandbox/apps/toString/scheduled/demo-tick',
        '/sandbox/users',
        '/sandbox/requests?limit=-5',
        '/sandbox/requests?limit=abc',
        '/sandbox/interleaving',
        '/sandbox/storage-crash',
        '/sandbox/faults',
        '/sandbox/clock/advance',
        '/sandbox/queues',
        '/sandbox/nothing',
        hookPath,
        `${hookPath}/deeper/path?x=1&__proto__=2`,
        '/x1/00000000-0000-4000-8000-000000000000',
        '/rest/api/3/issue/FS-1',
        '/rest/api/3/issue/__proto__',
        '/rest/api/3/issue/FS-1/transitions',
        '/rest/api/3/search/jql',
        '/rest/api/3/mypermissions?permissions=__proto__',
        '/rest/api/3/user/assignable/search?query=%E0%A4%A',
        '/rest/servicedeskapi/request',
        '/rest/api/3/%2e%2e/%2e%2e/etc',
        '/jsm/assets/workspace/x/v1/object/aql',
        '/jsm/assets/workspace/constructor/v1/objectschema/list',
        '/',
        '/jira/x',
        '/host/modules/demo/demo-panel',
        '/host/modules/__proto__/x',
        '/host/apps/demo/demo-ui/..%2f..%2fpackage.json',
        '/host/custom/demo/x/%00',
        '/host/resource/demo/x/../../../../etc/passwd',
        '/host/bridge/invoke',
        '/host/bridge/constructor',
        '/host/bridge/__proto__',
        '/host/csp-report',
        '/tiles/99/1/1.png',
      ),
      fc
        .array(fc.oneof(nastyString.map(percentEncode), fc.constantFrom('..', '%', '%zz', '%00', '~', '')), {
          minLength: 1,
          maxLength: 6,
        })
        .map((segments) => `/${segments.join('/')}`),
      fc
        .string({ minLength: 2_000, maxLength: 8_000, unit: fc.constantFrom('a', '/', '%41') })
        .map((s) => `/${s}`),
    );
    const method = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
      { weight: 1, arbitrary: fc.constantFrom('TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'SEARCH', 'LINK') },
    );
    const body = fc.oneof(
      fc.constantFrom('', '{', '{"a":', 'null', '[]', '0', '"x"', 'true', '{"__proto__":{"x":1}}', '\u0000'),
      fc.constantFrom(
        deepJson(250, '[', ']'),
        deepJson(150, '{"a":', '}'),
        `{"payload":${deepJson(190, '[', ']')}}`,
      ),
      nastyString,
      wireValue(3).map((v) => JSON.stringify(v) ?? ''),
      fc
        .record({
          functionKey: fc.oneof(
            nastyString,
            fc.constantFrom('constructor', '__proto__', 'hasOwnProperty', 'nope'),
          ),
          moduleKey: fc.option(fc.oneof(nastyString, fc.constantFrom('demo-panel', 'demo-admin')), {
            nil: undefined,
          }),
          payload: wireValue(3),
          extension: fc.option(wireValue(2), { nil: undefined }),
        })
        .map((v) => JSON.stringify(v)),
      fc
        .record({
          rules: fc.option(fc.array(wireValue(2), { maxLength: 3 }), { nil: undefined }),
          status: fc.option(fc.oneof(fc.integer({ min: -5, max: 1_000 }), nastyString), { nil: undefined }),
          pathPrefix: fc.option(wireValue(1), { nil: undefined }),
          latencyMs: fc.option(wireValue(1), { nil: undefined }),
          at: fc.option(wireValue(1), { nil: undefined }),
          when: fc.option(fc.constantFrom('before', 'after', 'never'), { nil: undefined }),
          kind: fc.option(wireValue(1), { nil: undefined }),
          seed: fc.option(wireValue(1), { nil: undefined }),
          maxYields: fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined }),
          deliveryConcurrency: fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined }),
          ms: fc.option(fc.oneof(fc.integer(), fc.double(), nastyString), { nil: undefined }),
        })
        .map((v) => JSON.stringify(v)),
      fc.string({ minLength: 50_000, maxLength: 200_000 }),
    );
    const headers = fc.record({
      user: fc.option(
        fc.oneof(fc.constant(admin), nastyString, fc.constantFrom('__proto__', 'constructor')),
        {
          nil: undefined,
        },
      ),
      site: fc.option(fc.oneof(nastyString, fc.constantFrom('__proto__', 'sandbox-x')), { nil: undefined }),
      type: fc.option(
        fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', '%%%'),
        {
          nil: undefined,
        },
      ),
      extra: fc.dictionary(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'x-forwarded-host', 'authorization'),
          fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
        ),
        fc.string({ maxLength: 40, unit: fc.constantFrom('a', '1', ' ', '=', ';', ',', '\u00e9') }),
        { maxKeys: 3 },
      ),
    });
    // Header values must be latin1 without control characters for Node's client to send them at all.
    const headerSafe = (v: string) => v.replace(/[^\u0020-\u007e]/g, '?');
    const cases = fc.sample(
      fc.record({ method, path: paths, body, h: headers }).map(
        ({ method, path, body, h }): Case => ({
          method,
          path,
          body,
          headers: {
            ...Object.fromEntries(Object.entries(h.extra).map(([k, v]) => [k, headerSafe(v)])),
            ...(h.user === undefined ? {} : { 'x-sandbox-user': headerSafe(h.user) }),
            ...(h.site === undefined ? {} : { 'x-sandbox-site': headerSafe(h.site) }),
            ...(h.type === undefined ? {} : { 'content-type': h.type }),
          },
        }),
      ),
      { numRuns: 1_500, seed: 20_261_203 },
    );
    const byStatus: Record<string, number> = {};
    const failures: { status: number; case: string }[] = [];
    for (const c of cases) {
      const status = await send(c);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status >= 500 || status === 0)
        failures.push({
          status,
          case: `${lastError} (body ${c.body.length} chars) ${JSON.stringify({ ...c, body: c.body.slice(0, 200) }).slice(0, 400)}`,
        });
      // Whatever a request managed to switch on is switched off again: an injected 500 is not a finding.
      instance.sandbox.setFaults([]);
      instance.sandbox.setStorageCrash(undefined);
      instance.sandbox.setInterleaving(undefined);
    }

    // Requests Node's own client would not send: broken request lines, bad header bytes, lying lengths.
    const raw = fc.sample(
      fc.oneof(
        fc.constantFrom(
          'GET http://[::1/ HTTP/1.1\r\nHost: x\r\n\r\n',
          'GET http://%zz/ HTTP/1.1\r\nHost: x\r\n\r\n',
          'GET //sandbox/users HTTP/1.1\r\nHost: x\r\n\r\n',
          'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
          'POST /sandbox/faults HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a"',
          'POST /sandbox/apps/demo/invoke HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
          'GET /sandbox/users HTTP/1.1\r\nHost: x\r\nX-Sandbox-Site: \x01\x02\r\n\r\n',
          'GET /sandbox/users HTTP/9.9\r\n\r\n',
          '\r\n\r\n',
        ),
        fc
          .tuple(fc.string({ maxLength: 30, unit: 'binary' }), fc.string({ maxLength: 60, unit: 'binary' }))
          .map(([m, p]) => `${m} /${p} HTTP/1.1\r\nHost: x\r\n\r\n`),
      ),
      { numRuns: 300, seed: 7 },
    );
    for (const bytes of raw) {
      const status = await sendRaw(bytes);
      byStatus[`raw ${status}`] = (byStatus[`raw ${status}`] ?? 0) + 1;
      // 0: the server closed without an answer, which is all one can do for a request that never ends (a
      // Content-Length the bytes fall short of, then end of stream); never a 5xx.
      if (status >= 500) failures.push({ status, case: JSON.stringify(bytes).slice(0, 300) });
    }

    const total = cases.length + raw.length;
    const fiveXx = failures.length;
    console.log(
      `fuzz sandbox HTTP: ${total} bad requests (${cases.length} HTTP, ${raw.length} raw), ${fiveXx} answered 5xx; by status ${JSON.stringify(byStatus)}`,
    );
    expect(failures).toEqual([]);
    expect(total).toBe(1_800);
  }, 240_000);
});
