/**
 * Push without I/O: Standard Webhooks signing (checked with the off-the-shelf `standardwebhooks` verifier), the
 * retry and pause policy, schedule arithmetic, full/incremental choice, progress, and input validation.
 */
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  afterSuccess,
  auditedDestination,
  backoffSeconds,
  chooseMode,
  classifyDelivery,
  type Destination,
  estimateProgress,
  firstRunAt,
  INTERVAL_MS,
  MAX_DELAY_SECONDS,
  newPushRun,
  nextRunAfter,
  type PushRun,
  type PushState,
  retryDelaySeconds,
  runView,
  saveDestinationInput,
  setScheduleInput,
  withError,
  withHistory,
} from '../src/domain/push';
import {
  activeSecrets,
  generateWebhookSecret,
  signWebhook,
  WebhookSecretError,
  webhookHeaders,
  webhookId,
  webhookKey,
} from '../src/domain/webhook';

describe('Standard Webhooks signing', () => {
  it('makes whsec_ + base64(24 random bytes) secrets', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(webhookKey(secret)).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(() => webhookKey('whsec_short')).toThrow(WebhookSecretError);
    expect(() => webhookKey('not-a-secret')).toThrow(WebhookSecretError);
  });

  it('signs v1,base64(HMAC-SHA256(key, id.timestamp.body)) as the spec example does', () => {
    // The example from the Standard Webhooks specification.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is verified by the standardwebhooks library for any body, and refused when anything changes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        fc.nat(10_000),
        (body, runId, chunk) => {
          const secret = generateWebhookSecret();
          const id = webhookId(runId, chunk);
          const timestamp = Math.floor(Date.now() / 1000);
          const headers = webhookHeaders([secret], id, timestamp, body);
          expect(headers['webhook-id']).toBe(id);
          expect(() => new Webhook(secret).verify(body, headers, { jsonParse: false })).not.toThrow();
          expect(() => new Webhook(secret).verify(`${body}x`, headers, { jsonParse: false })).toThrow();
          expect(() =>
            new Webhook(generateWebhookSecret()).verify(body, headers, { jsonParse: false }),
          ).toThrow();
          expect(() =>
            new Webhook(secret).verify(body, { ...headers, 'webhook-id': `${id}0` }, { jsonParse: false }),
          ).toThrow();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses stale timestamps on the receiver side (replay protection)', () => {
    const secret = generateWebhookSecret();
    const old = Math.floor(Date.now() / 1000) - 600;
    const headers = webhookHeaders([secret], 'msg_x_0', old, 'SELECT 1;');
    expect(() => new Webhook(secret).verify('SELECT 1;', headers, { jsonParse: false })).toThrow(/too old/);
  });

  it('signs with the previous secret too during a rotation grace period, and only then', () => {
    const previous = generateWebhookSecret();
    const current = generateWebhookSecret();
    const now = Date.parse('2026-01-05T09:00:00Z');
    const secrets = { current, previous, previousUntil: '2026-01-06T09:00:00Z' };
    expect(activeSecrets(secrets, now)).toEqual([current, previous]);
    expect(activeSecrets(secrets, Date.parse('2026-01-06T09:00:01Z'))).toEqual([current]);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders(activeSecrets(secrets, now), 'msg_r_1', timestamp, 'x');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(() => new Webhook(secret).verify('x', headers, { jsonParse: false })).not.toThrow();
    }
  });
});

describe('retry and pause policy', () => {
  it('backs off exponentially with jitter, within 1..900 s', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, r) => {
        const seconds = backoffSeconds(attempt, () => r);
        const step = Math.min(MAX_DELAY_SECONDS, 10 * 2 ** attempt);
        expect(seconds).toBeGreaterThanOrEqual(Math.max(1, Math.floor(step / 2)));
        expect(seconds).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
      }),
    );
    expect(backoffSeconds(0, () => 0)).toBe(5);
    expect(backoffSeconds(3, () => 0.999)).toBe(80);
  });

  it('honours Retry-After (never earlier, at most one queue delay of 900 s)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (s, r) => {
          const seconds = retryDelaySeconds(3, s * 1000, () => r);
          expect(seconds).toBeGreaterThanOrEqual(Math.min(MAX_DELAY_SECONDS, Math.max(1, s)));
          expect(seconds).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
        },
      ),
    );
  });

  it('classifies deliveries: 2xx delivered, platform 403 not approved, 429 rate limited, the rest failed', () => {
    const response = (status: number, extra: { retryAfter?: string; proxyError?: string } = {}) =>
      classifyDelivery({
        kind: 'response',
        status,
        retryAfter: extra.retryAfter ?? null,
        proxyError: extra.proxyError ?? null,
      });
    expect(response(200).kind).toBe('delivered');
    expect(response(204).kind).toBe('delivered');
    expect(response(403, { proxyError: 'EGRESS_NOT_ALLOWED' }).kind).toBe('not-approved');
    expect(response(403)).toMatchObject({ kind: 'failed', reason: 'the destination answered HTTP 403' });
    expect(response(503, { retryAfter: '120' })).toMatchObject({ kind: 'failed', retryAfterMs: 120_000 });
    expect(response(429, { retryAfter: '30' })).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });
    expect(response(429)).toMatchObject({ kind: 'rate-limited', retryAfterMs: undefined });
    expect(response(500)).toMatchObject({ kind: 'failed', reason: 'the destination answered HTTP 500' });
    expect(response(500)).toMatchObject({ retryAfterMs: undefined });
    expect(response(301).kind).toBe('failed');
    expect(classifyDelivery({ kind: 'timeout' }).kind).toBe('failed');
    expect(classifyDelivery({ kind: 'network' }).kind).toBe('failed');
    expect(classifyDelivery({ kind: 'not-approved' }).kind).toBe('not-approved');
  });

  it('keeps a bounded error list and a bounded history', () => {
    let run = newPushRun({ runId: 'r'.repeat(22), exportId: 'exp-1', trigger: 'manual', now: new Date() });
    for (let i = 0; i < 30; i++) run = withError(run, `e${i}`, new Date());
    expect(run.errors).toHaveLength(10);
    expect(run.errorCount).toBe(30);
    expect(run.errors.at(-1)?.message).toBe('e29');
    let history = withHistory([], runView(run));
    for (let i = 0; i < 40; i++) history = withHistory(history, { ...runView(run), id: `run-${i}` });
    expect(history).toHaveLength(25);
    expect(history[0]?.id).toBe('run-39');
  });
});

describe('schedules and run modes', () => {
  const t0 = new Date('2026-01-05T09:00:00Z');

  it('first run at the next tick; later slots keep the cadence and skip missed ones', () => {
    expect(firstRunAt('daily', undefined, t0)).toBe(t0.toISOString());
    expect(firstRunAt('daily', '2026-01-05T08:00:00Z', t0)).toBe('2026-01-06T08:00:00.000Z');
    const due = '2026-01-05T09:00:00.000Z';
    expect(nextRunAfter(due, 'daily', new Date('2026-01-05T09:30:00Z'))).toBe('2026-01-06T09:00:00.000Z');
    expect(nextRunAfter(due, 'hourly', new Date('2026-01-05T12:10:00Z'))).toBe('2026-01-05T13:00:00.000Z');
    expect(nextRunAfter(due, 'weekly', new Date('2026-01-05T09:00:00Z'))).toBe('2026-01-12T09:00:00.000Z');
    expect(INTERVAL_MS.weekly).toBe(7 * INTERVAL_MS.daily);
  });

  it('full first, incremental since the last success, full every 7th run, after a week, or after a change', () => {
    const base = { dialect: 'sqlite' as const, configUpdatedAt: 'c1', forceFull: false };
    expect(chooseMode(undefined, { ...base, now: t0 })).toEqual({ mode: 'full' });
    let state: PushState | undefined;
    let now = t0;
    const modes: string[] = [];
    for (let i = 0; i < 15; i++) {
      const mode = chooseMode(state, { ...base, now });
      modes.push(mode.mode);
      if (mode.mode === 'incremental') expect(mode.since).toBe(state?.lastSuccess?.startedAt);
      const run: PushRun = {
        ...newPushRun({ runId: `run-${i}`.padEnd(16, 'x'), exportId: 'exp-1', trigger: 'schedule', now }),
        status: 'succeeded',
        startedAt: now.toISOString(),
        mode: mode.mode,
        dialect: 'sqlite',
        configUpdatedAt: 'c1',
      };
      state = afterSuccess(state, run, now);
      now = new Date(now.getTime() + 3_600_000);
    }
    expect(modes.join(' ')).toBe(
      'full incremental incremental incremental incremental incremental incremental full incremental incremental incremental incremental incremental incremental full',
    );
    const later = new Date(Date.parse(state?.lastFullStartedAt ?? '') + 7 * 24 * 3_600_000);
    expect(chooseMode(state, { ...base, now: later }).mode).toBe('full');
    expect(chooseMode(state, { ...base, now, configUpdatedAt: 'c2' }).mode).toBe('full');
    expect(chooseMode(state, { ...base, now, dialect: 'postgresql' }).mode).toBe('full');
    expect(chooseMode(state, { ...base, now, forceFull: true }).mode).toBe('full');
  });

  it('estimates progress from objectCount (full) or tables done (incremental)', () => {
    const run = newPushRun({ runId: 'r'.repeat(22), exportId: 'exp-1', trigger: 'manual', now: t0 });
    expect(estimateProgress(run)).toBe(0);
    const full: PushRun = {
      ...run,
      status: 'running',
      mode: 'full',
      seq: 3,
      rows: 50,
      expectedObjects: 200,
      tables: 4,
      position: { phase: 'objects', table: 1, after: 77 },
    };
    expect(estimateProgress(full)).toBe(0.25);
    expect(estimateProgress({ ...full, rows: 500 })).toBe(0.99);
    expect(estimateProgress({ ...full, mode: 'incremental' })).toBe(0.25);
    expect(estimateProgress({ ...full, position: { phase: 'deletes', table: 0, after: 0 } })).toBe(0.99);
    expect(estimateProgress({ ...full, status: 'succeeded' })).toBe(1);
  });
});

describe('inputs and audit views', () => {
  it('accepts only public HTTPS webhook URLs, without echoing them', () => {
    const ok = saveDestinationInput.safeParse({ exportId: 'exp-1', url: 'https://hooks.example.com/in?t=1' });
    expect(ok.success && ok.data.url).toBe('https://hooks.example.com/in?t=1');
    for (const url of [
      'http://hooks.example.com/in',
      'https://localhost/in',
      'https://10.0.0.1/in',
      'https://user:pw@hooks.example.com/',
      'https://hooks.example.com:8443/',
      'ftp://x.com',
      42,
    ]) {
      const bad = saveDestinationInput.safeParse({ exportId: 'exp-1', url });
      expect(bad.success, String(url)).toBe(false);
      expect(JSON.stringify(bad.error?.issues)).not.toContain('10.0.0.1');
    }
    expect(setScheduleInput.safeParse({ exportId: 'exp-1', interval: null }).success).toBe(true);
    expect(setScheduleInput.safeParse({ exportId: 'exp-1', interval: 'monthly' }).success).toBe(false);
  });

  it('audits a destination without its query string', () => {
    const destination: Destination = {
      exportId: 'exp-1',
      url: 'https://hooks.example.com/in?token=abc',
      origin: 'https://hooks.example.com',
      status: 'active',
      consecutiveFailures: 0,
      consecutiveRateLimited: 0,
      createdAt: 'x',
      updatedAt: 'x',
      updatedBy: 'a',
      secretCreatedAt: 'x',
    };
    const audited = JSON.stringify(auditedDestination(destination));
    expect(audited).not.toContain('abc');
    expect(audited).toContain('https://hooks.example.com/in?…');
  });
});
