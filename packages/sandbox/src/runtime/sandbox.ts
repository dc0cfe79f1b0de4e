import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { EgressFilteringService } from '@forge/egress';
import { buildForgeApp, type ForgeBuild, functionEntry } from '@suite/forge-build';
import type { EntityDefinition } from '../kvs/entities';
import { toResponse } from '../kvs/index';
import type { Principal, SiteLike, SiteRequest, SiteResponse } from '../site/types';
import { SandboxClock } from './clock';
import { FaultInjector, type FaultRule, StorageCrasher, type StorageCrashRule } from './faults';
import { Interleaver, type InterleavingOptions } from './interleave';
import { byteLength, LIMITS } from './limits';
import { type AppManifest, type FunctionModule, loadManifest } from './manifest';
import { PersonalDataRegistry, REPORT_ACCOUNTS_PATH } from './personal-data';
import {
  type ForgeTarget,
  type Invocation,
  installPlatformGlobals,
  type PlatformHost,
  runInvocation,
} from './platform';
import { EventQueue, type QueuedEvent } from './queues';

/** The KVS emulation as the runtime sees it (implemented in src/kvs). */
export interface KvsBackend {
  handle(
    scope: { appId: string; installationId: string },
    path: string,
    body: unknown,
  ): { status: number; body?: unknown };
  /** Declares an app's custom entities (the manifest's `app.storage.entities`). */
  defineEntities?(appId: string, entities: readonly EntityDefinition[]): void;
}

export interface AppSpec {
  /** Short name used in URLs and logs, e.g. `techdesk`. */
  readonly key: string;
  readonly dir: string;
  /** Forge environment variables (`forge variables set`), the only things app code sees in `process.env`. */
  readonly variables?: Readonly<Record<string, string>>;
}

export interface SandboxOptions {
  readonly apps: readonly AppSpec[];
  readonly sites: readonly SiteLike[];
  readonly kvs: KvsBackend;
  /** The sandbox's own working folder (host assets, persisted KVS). Apps are built into `<app>/dist/forge`. */
  readonly workDir: string;
  readonly clock?: SandboxClock;
  /** Origin used for web trigger URLs (set by the HTTP server once it listens). */
  readonly baseUrl?: string;
  /** Hosts that stand in for the outside world for egress that the manifest allows (e.g. a webhook receiver). */
  readonly externalHosts?: Readonly<Record<string, (request: Request) => Promise<Response> | Response>>;
  readonly random?: () => number;
  /**
   * Override platform limits — for tests that prove a limit is enforced without waiting the real 25 s; the
   * defaults are the platform's numbers (limits.ts).
   */
  readonly limits?: Partial<Limits>;
  /** Interleave concurrent invocations' KVS calls and queue deliveries (seeded); off by default. */
  readonly interleaving?: InterleavingOptions;
}

type Limits = typeof LIMITS;

export interface RequestLogEntry {
  readonly app: string;
  readonly cloudId: string;
  readonly as: 'user' | 'app';
  readonly accountId?: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The request body as sent (first 4 KB), so a developer — or a test — can see exactly what an app asked. */
  readonly body?: string;
}

const LOGGED_BODY_CHARS = 4096;

/** An invocation the platform refused or that failed, with a code like the platform's. */
export class InvocationFailure extends Error {
  constructor(
    readonly code:
      | 'APP_NOT_FOUND'
      | 'MODULE_NOT_FOUND'
      | 'SITE_NOT_FOUND'
      | 'FUNCTION_NOT_FOUND'
      | 'PAYLOAD_TOO_LARGE'
      | 'RESPONSE_TOO_LARGE'
      | 'TIMEOUT'
      | 'FUNCTION_ERROR',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'InvocationFailure';
  }
}

/** The backend artifact an app runs from: `forge deploy`'s function bundle, as Forge's bundler built it. */
export interface BundleResult {
  /** The app's bundle (`function/index.cjs`). */
  readonly file: string;
  readonly bytes: number;
  readonly build: ForgeBuild;
}

type ResolveHandler = (handler: string) => ((...args: unknown[]) => unknown) | Error;

interface LoadedApp {
  readonly spec: AppSpec;
  readonly manifest: AppManifest;
  readonly bundle: BundleResult;
  /** The runtime wrapper's handler lookup (`__forge__.cjs`): how the platform finds `index.<export>`. */
  readonly resolveHandler: ResolveHandler;
  readonly environmentId: string;
  readonly egress: EgressFilteringService;
}

/** One group of admin-approved egress domains (the shape `@forge/bridge` `permissions.egress` uses). */
export interface ConfiguredEgress {
  readonly key: string;
  readonly description: string;
  readonly configured: readonly { readonly domain: string; readonly type: readonly string[] }[];
}

export interface WebTriggerRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly query: URLSearchParams;
  readonly body: string;
}

export interface WebTriggerResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: string;
}

function deterministicId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs unmodified Forge apps against emulated Atlassian sites. Apps are bundled like `forge deploy` does and
 * run in this process with the real `@forge/*` SDK; everything the SDK sends to "the platform" comes here.
 */
/** `key`/`entityName` of a KVS request body, for crash messages (never values). */
function describeKvsBody(body: string | undefined): string {
  if (!body) return '';
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const keys = [parsed.key, parsed.entityName].filter((v) => typeof v === 'string');
    if (Array.isArray(parsed.set) || Array.isArray(parsed.delete)) keys.push('transaction');
    return keys.join(' ');
  } catch {
    return '';
  }
}

export class Sandbox implements PlatformHost {
  readonly clock: SandboxClock;
  readonly limits: Limits;
  readonly faults: FaultInjector;
  readonly requests: RequestLogEntry[] = [];
  /** KVS calls per app and platform path (`/api/v1/set`, `/api/v1/transaction`…), counted since the start. */
  readonly kvsCalls = new Map<string, Map<string, number>>();
  readonly queue = new EventQueue();
  /** Atlassian accounts closed or updated (the Personal Data Reporting API's answers; `closeAccount`). */
  readonly personalData = new PersonalDataRegistry();
  /** The concurrency scheduler when interleaving is on (see interleave.ts). */
  interleaver: Interleaver | undefined;
  sites: ReadonlyMap<string, SiteLike>;
  baseUrl: string;
  private readonly apps = new Map<string, LoadedApp>();
  private readonly webTriggerIds = new Map<string, { app: string; cloudId: string; key: string }>();
  private readonly nextSchedule = new Map<string, number>();
  private readonly externalHosts: Map<string, (request: Request) => Promise<Response> | Response>;
  /** Customer-managed egress an admin approved, per app and site (`@forge/bridge` `permissions.egress`). */
  private readonly configuredEgress = new Map<string, Map<string, ConfiguredEgress>>();

  private constructor(private readonly options: SandboxOptions) {
    this.clock = options.clock ?? new SandboxClock('manual');
    this.limits = { ...LIMITS, ...(options.limits ?? {}) };
    this.faults = new FaultInjector(options.random ?? Math.random);
    this.sites = new Map(options.sites.map((s) => [s.cloudId, s]));
    this.baseUrl = options.baseUrl ?? 'http://localhost:4000';
    this.externalHosts = new Map(Object.entries(options.externalHosts ?? {}));
    this.interleaver = options.interleaving ? new Interleaver(options.interleaving) : undefined;
  }

  /**
   * Turns interleaving on (seeded) or off. On, concurrent invocations' KVS calls land in between each other and
   * `drainQueues` delivers several events at once, some twice — races and lost writes show, reproducibly.
   */
  /** The storage crash in effect (see `setStorageCrash`), with its count of KVS calls so far. */
  storageCrash: StorageCrasher | undefined;

  /** Crashes one KVS call (see StorageCrashRule); `undefined` turns it off. */
  setStorageCrash(rule: StorageCrashRule | undefined): StorageCrasher | undefined {
    this.storageCrash = rule ? new StorageCrasher(rule) : undefined;
    return this.storageCrash;
  }

  setInterleaving(options: InterleavingOptions | undefined): void {
    this.interleaver = options ? new Interleaver(options) : undefined;
  }

  /**
   * Installs the platform globals, builds every app with Forge's own bundlers (reused when nothing changed) and
   * loads what they built.
   */
  static async create(options: SandboxOptions): Promise<Sandbox> {
    installPlatformGlobals();
    const sandbox = new Sandbox(options);
    // Two at a time: each build is a webpack + TypeScript run, and the machines this runs on have two cores.
    const builds = new Map<string, ForgeBuild>();
    const queue = [...options.apps];
    const worker = async (): Promise<void> => {
      for (let spec = queue.shift(); spec; spec = queue.shift())
        builds.set(spec.key, await buildForgeApp(spec.dir));
    };
    await Promise.all([worker(), worker()]);
    for (const spec of options.apps) sandbox.loadApp(spec, builds.get(spec.key) as ForgeBuild);
    return sandbox;
  }

  private loadApp(spec: AppSpec, build: ForgeBuild): void {
    const manifest = loadManifest(spec.dir);
    if (manifest.entities.length > 0) this.options.kvs.defineEntities?.(manifest.appId, manifest.entities);
    const entry = functionEntry(build);
    const require = createRequire(import.meta.url);
    // A rebuilt app is loaded afresh (same paths, new content).
    const folder = `${dirname(entry)}${sep}`;
    for (const file of Object.keys(require.cache)) if (file.startsWith(folder)) delete require.cache[file];
    const wrapper = require(entry) as { resolveHandler: ResolveHandler };
    const file = join(dirname(entry), build.report.functions.files[0] ?? 'index.cjs');
    this.apps.set(spec.key, {
      spec,
      manifest,
      bundle: { file, bytes: build.report.functions.sizes[0]?.bytes ?? 0, build },
      resolveHandler: wrapper.resolveHandler,
      environmentId: deterministicId('env', spec.key),
      egress: new EgressFilteringService([...manifest.egress.backend]),
    });
    const start = this.clock.nowMs();
    for (const trigger of manifest.scheduledTriggers) {
      for (const cloudId of this.sites.keys()) {
        this.nextSchedule.set(
          `${spec.key}|${cloudId}|${trigger.key}`,
          start + (this.limits.scheduleIntervalsMs[trigger.interval] ?? 3_600_000),
        );
      }
    }
  }

  /** Swaps in freshly seeded sites (reset); apps, bundles and web trigger ids stay. */
  replaceSites(sites: readonly SiteLike[]): void {
    this.sites = new Map(sites.map((s) => [s.cloudId, s]));
  }

  appKeys(): string[] {
    return [...this.apps.keys()];
  }

  manifestOf(app: string): AppManifest {
    return this.app(app).manifest;
  }

  bundleOf(app: string): BundleResult {
    return this.app(app).bundle;
  }

  installationId(app: string, cloudId: string): string {
    return deterministicId('installation', app, cloudId);
  }

  private app(key: string): LoadedApp {
    const app = this.apps.get(key);
    if (!app) throw new InvocationFailure('APP_NOT_FOUND', `No app "${key}" in this sandbox`, 404);
    return app;
  }

  private site(cloudId: string | undefined): SiteLike {
    const site = cloudId ? this.sites.get(cloudId) : this.sites.values().next().value;
    if (!site) throw new InvocationFailure('SITE_NOT_FOUND', `No site "${cloudId}" in this sandbox`, 404);
    return site;
  }

  private handlerOf(
    app: LoadedApp,
    functionKey: string,
  ): { fn: FunctionModule; handler: (...args: unknown[]) => unknown } {
    const fn = app.manifest.functions.get(functionKey);
    if (!fn) throw new InvocationFailure('FUNCTION_NOT_FOUND', `No function module "${functionKey}"`, 404);
    const handler = app.resolveHandler(fn.handler);
    if (handler instanceof Error) throw new InvocationFailure('FUNCTION_NOT_FOUND', handler.message, 500);
    return { fn, handler };
  }

  /** Runs one function invocation the way the platform does: context, env, time limit. */
  private async run(
    app: LoadedApp,
    site: SiteLike,
    functionKey: string,
    meta: { moduleKey: string; moduleType: string; accountId: string | undefined; timeoutMs: number },
    args: unknown[],
  ): Promise<unknown> {
    const { handler } = this.handlerOf(app, functionKey);
    const invocationId = randomUUID();
    const deadline = Date.now() + meta.timeoutMs;
    const invocation: Invocation = {
      host: this,
      appKey: app.spec.key,
      cloudId: site.cloudId,
      invocationId,
      accountId: meta.accountId,
      env: { ...(app.spec.variables ?? {}) },
      expired: false,
      runtime: {
        proxy: { token: 'sandbox', url: 'http://forge-proxy.sandbox.invalid' },
        contextAri: `ari:cloud:jira::site/${site.cloudId}`,
        container: { runtime: app.manifest.runtime, handler: functionKey },
        appContext: {
          appId: app.manifest.appId,
          appVersion: '1.0.0',
          environmentId: app.environmentId,
          environmentType: 'DEVELOPMENT',
          invocationId,
          installationId: this.installationId(app.spec.key, site.cloudId),
          functionKey,
          moduleType: meta.moduleType,
          moduleKey: meta.moduleKey,
        },
        ...(meta.accountId ? { aaid: meta.accountId } : {}),
        lambdaContext: {
          awsRequestId: invocationId,
          getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        },
        tracing: { traceId: invocationId.replace(/-/g, ''), spanId: invocationId.slice(0, 16) },
        realtime: {},
        metrics: {
          counter: () => ({ incr() {}, decr() {} }),
          timing: () => ({ measure: () => ({ stop() {} }) }),
          gauge: () => ({ set() {} }),
        },
        featureFlags: () => false,
      },
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        invocation.expired = true;
        reject(
          new InvocationFailure(
            'TIMEOUT',
            `Function "${functionKey}" timed out after ${meta.timeoutMs / 1000} s`,
            504,
          ),
        );
      }, meta.timeoutMs);
    });
    try {
      return await Promise.race([runInvocation(invocation, async () => handler(...args)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private accountType(site: SiteLike, accountId: string | undefined): string {
    if (!accountId) return 'anonymous';
    const user = site.directory.user(accountId);
    if (!user) return 'anonymous';
    return user.accountType === 'customer' ? 'customer' : 'licensed';
  }

  /** KVS writes (set, delete, batch set/delete, transaction, secret and entity writes) `app` has made so far. */
  kvsWrites(app: string): number {
    let writes = 0;
    for (const [path, count] of this.kvsCalls.get(app) ?? [])
      if (/\/(set|delete|transaction)$/.test(path)) writes += count;
    return writes;
  }

  /** The function a module (UI resolver, web trigger, consumer…) runs, as the platform finds it in the bundle. */
  functionHandler(app: string, functionKey: string): (...args: unknown[]) => unknown {
    return this.handlerOf(this.app(app), functionKey).handler;
  }

  /**
   * The function keys a UI module's resolver defines, when its handler exposes them (`ownKeysOnly` of
   * @suite/permissions does); `undefined` for an unknown module or a handler that does not say.
   */
  resolverFunctionKeys(app: string, moduleKey: string): string[] | undefined {
    const module = this.apps.get(app)?.manifest.uiModules.find((m) => m.key === moduleKey);
    if (!module?.resolverFunction) return undefined;
    let handler: unknown;
    try {
      handler = this.functionHandler(app, module.resolverFunction);
    } catch {
      return undefined;
    }
    const functions = (handler as Record<symbol, unknown>)[
      Symbol.for('@suite/permissions.resolverFunctions')
    ];
    return typeof functions === 'object' && functions !== null ? Object.keys(functions) : undefined;
  }

  /** A frontend `invoke(functionKey, payload)` from a UI module, as the given user. */
  async invokeResolver(input: {
    app: string;
    moduleKey: string;
    functionKey: string;
    payload?: unknown;
    accountId?: string;
    cloudId?: string;
    extension?: Record<string, unknown>;
  }): Promise<unknown> {
    const app = this.app(input.app);
    const site = this.site(input.cloudId);
    const module = app.manifest.uiModules.find((m) => m.key === input.moduleKey);
    if (!module?.resolverFunction) {
      throw new InvocationFailure('MODULE_NOT_FOUND', `No module "${input.moduleKey}" with a resolver`, 404);
    }
    if (byteLength(input.payload) > this.limits.invokeRequestBytes) {
      throw new InvocationFailure('PAYLOAD_TOO_LARGE', 'The invoke payload exceeds the 500 KB limit', 413);
    }
    const installContext = `ari:cloud:jira::site/${site.cloudId}`;
    const event = {
      call: { functionKey: input.functionKey, payload: input.payload ?? {} },
      context: {
        cloudId: site.cloudId,
        siteUrl: site.siteUrl,
        localId: `ari:cloud:ecosystem::extension/${app.manifest.appId.split('/').pop()}/${app.environmentId}/static/${module.key}`,
        moduleKey: module.key,
        extension: { type: module.type, ...(input.extension ?? {}) },
        environmentId: app.environmentId,
        environmentType: 'DEVELOPMENT',
        accountType: this.accountType(site, input.accountId),
        installContext,
      },
    };
    const platformContext = {
      installContext,
      ...(input.accountId ? { principal: { accountId: input.accountId } } : {}),
      installation: {
        ari: { installationId: this.installationId(app.spec.key, site.cloudId) },
        contexts: [installContext],
      },
    };
    let result: unknown;
    try {
      result = await this.run(
        app,
        site,
        module.resolverFunction,
        {
          moduleKey: module.key,
          moduleType: module.type,
          accountId: input.accountId,
          timeoutMs: this.limits.resolverTimeoutMs,
        },
        [event, platformContext],
      );
    } catch (error) {
      if (error instanceof InvocationFailure) throw error;
      throw new InvocationFailure(
        'FUNCTION_ERROR',
        error instanceof Error ? error.message : String(error),
        500,
      );
    }
    if (byteLength(result) > this.limits.invocationPayloadBytes) {
      throw new InvocationFailure('RESPONSE_TOO_LARGE', 'The function response exceeds the 5 MB limit', 413);
    }
    return result;
  }

  /** The URL `webTrigger.getUrl(key)` returns for an app on a site. */
  webTriggerUrl(app: string, cloudId: string, key: string): string {
    const id = deterministicId('webtrigger', app, cloudId, key);
    this.webTriggerIds.set(id, { app, cloudId, key });
    return `${this.baseUrl}/x1/${id}`;
  }

  /** Resolves a web trigger id from a URL path back to its app, site and module. */
  webTriggerById(id: string): { app: string; cloudId: string; key: string } | undefined {
    const known = this.webTriggerIds.get(id);
    if (known) return known;
    // Ids are derived, so a URL handed out before a restart still works.
    for (const [appKey, app] of this.apps) {
      for (const trigger of app.manifest.webTriggers) {
        for (const cloudId of this.sites.keys()) {
          if (deterministicId('webtrigger', appKey, cloudId, trigger.key) === id) {
            return { app: appKey, cloudId, key: trigger.key };
          }
        }
      }
    }
    return undefined;
  }

  /** Calls a web trigger as an HTTP request to its URL would. */
  async invokeWebTrigger(
    target: { app: string; cloudId: string; key: string },
    request: WebTriggerRequest,
  ): Promise<WebTriggerResponse> {
    const app = this.app(target.app);
    const site = this.site(target.cloudId);
    const trigger = app.manifest.webTriggers.find((t) => t.key === target.key);
    if (!trigger) throw new InvocationFailure('MODULE_NOT_FOUND', `No web trigger "${target.key}"`, 404);
    if (byteLength(request.body) > this.limits.invocationPayloadBytes) {
      throw new InvocationFailure(
        'PAYLOAD_TOO_LARGE',
        'The request exceeds the 5 MB invocation payload limit',
        413,
      );
    }
    // Collected in Maps, then made own properties: a name such as `__proto__` or `constructor` is just a name.
    const headerMap = new Map<string, string[]>();
    for (const [k, v] of Object.entries(request.headers)) {
      const name = k.toLowerCase();
      headerMap.set(name, [...(headerMap.get(name) ?? []), ...(Array.isArray(v) ? v : [v])]);
    }
    const queryMap = new Map<string, string[]>();
    for (const [k, v] of request.query) queryMap.set(k, [...(queryMap.get(k) ?? []), v]);
    const headers: Record<string, string[]> = Object.fromEntries(headerMap);
    const queryParameters: Record<string, string[]> = Object.fromEntries(queryMap);
    const event = {
      method: request.method,
      path: request.path,
      headers,
      queryParameters,
      body: request.body,
      context: { cloudId: site.cloudId, moduleKey: trigger.key },
    };
    const result = await this.run(
      app,
      site,
      trigger.function,
      {
        moduleKey: trigger.key,
        moduleType: 'webtrigger',
        accountId: undefined,
        timeoutMs: this.limits.webTriggerTimeoutMs,
      },
      [event, { installContext: `ari:cloud:jira::site/${site.cloudId}` }],
    );
    const response = result as Partial<WebTriggerResponse> | undefined;
    if (!response || typeof response.statusCode !== 'number' || !Number.isInteger(response.statusCode)) {
      throw new InvocationFailure(
        'FUNCTION_ERROR',
        'The web trigger returned no valid { statusCode } response',
        500,
      );
    }
    if (byteLength(response.body ?? '') > this.limits.invocationPayloadBytes) {
      throw new InvocationFailure(
        'RESPONSE_TOO_LARGE',
        'The web trigger response exceeds the 5 MB limit',
        413,
      );
    }
    const outHeaders: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(response.headers ?? {}))
      outHeaders[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    return {
      statusCode: response.statusCode,
      headers: outHeaders,
      body: typeof response.body === 'string' ? response.body : '',
    };
  }

  private timeoutOf(fn: FunctionModule): number {
    const seconds = Math.min(
      fn.timeoutSeconds ?? this.limits.defaultAsyncTimeoutMs / 1000,
      this.limits.maxTimeoutSeconds,
    );
    return seconds * 1000;
  }

  /** Fires a scheduled trigger now, as the platform does on its interval (no user). */
  async fireScheduled(appKey: string, key: string, cloudId?: string): Promise<unknown> {
    const app = this.app(appKey);
    const site = this.site(cloudId);
    const trigger = app.manifest.scheduledTriggers.find((t) => t.key === key);
    if (!trigger) throw new InvocationFailure('MODULE_NOT_FOUND', `No scheduled trigger "${key}"`, 404);
    const { fn } = this.handlerOf(app, trigger.function);
    return this.run(
      app,
      site,
      trigger.function,
      { moduleKey: key, moduleType: 'scheduledTrigger', accountId: undefined, timeoutMs: this.timeoutOf(fn) },
      [
        { context: { cloudId: site.cloudId, moduleKey: key }, contextToken: 'sandbox' },
        { installContext: `ari:cloud:jira::site/${site.cloudId}` },
      ],
    );
  }

  /** Moves sandbox time forward, firing scheduled triggers and delivering events that fall due. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.runDueSchedules();
    await this.drainQueues();
  }

  async runDueSchedules(): Promise<number> {
    let fired = 0;
    const now = this.clock.nowMs();
    for (const [id, due] of this.nextSchedule) {
      if (due > now) continue;
      const [appKey, cloudId, key] = id.split('|') as [string, string, string];
      const trigger = this.app(appKey).manifest.scheduledTriggers.find((t) => t.key === key);
      this.nextSchedule.set(
        id,
        now + (this.limits.scheduleIntervalsMs[trigger?.interval ?? 'hour'] ?? 3_600_000),
      );
      try {
        await this.fireScheduled(appKey, key, cloudId);
      } catch {
        // The platform does not retry a failed scheduled invocation; the next interval runs as usual.
      }
      fired++;
    }
    return fired;
  }

  /**
   * Delivers every event that is due (including retries that fall due while draining), then returns. With
   * interleaving on, up to `deliveryConcurrency` events run at once and some are delivered twice (at-least-once).
   */
  async drainQueues(maxDeliveries = 10_000): Promise<number> {
    let delivered = 0;
    const width = this.interleaver?.deliveryConcurrency ?? 1;
    while (delivered < maxDeliveries) {
      const due = this.queue.takeDue(this.clock.nowMs());
      if (due.length === 0) break;
      const now = due.slice(0, Math.max(0, maxDeliveries - delivered));
      // Over the limit: what was taken but not delivered goes back, untouched, for the next drain.
      for (const rest of due.slice(now.length)) this.queue.requeue(rest);
      for (let i = 0; i < now.length; i += width) {
        const batch = now.slice(i, i + width);
        await Promise.all(
          batch.flatMap((event) => {
            const runs = [this.deliver(event)];
            // The copy's outcome is not recorded or retried: the platform redelivered the same event.
            if (this.interleaver?.duplicate()) runs.push(this.deliver({ ...event }, { duplicate: true }));
            return runs;
          }),
        );
        delivered += batch.length;
      }
      if (now.length < due.length) break;
    }
    return delivered;
  }

  private async deliver(event: QueuedEvent, options: { duplicate?: boolean } = {}): Promise<void> {
    this.interleaver?.deliveryStarted();
    try {
      await this.deliverOnce(event, options);
    } finally {
      this.interleaver?.deliveryEnded();
    }
  }

  private async deliverOnce(event: QueuedEvent, options: { duplicate?: boolean }): Promise<void> {
    const app = this.app(event.appKey);
    const site = this.site(event.cloudId);
    const consumers = app.manifest.consumers.filter((c) => c.queue === event.queueName);
    for (const consumer of consumers) {
      const { fn } = this.handlerOf(app, consumer.function);
      const retryContext =
        event.attempt > 0
          ? {
              retryCount: event.attempt,
              retryReason: event.retryReason ?? 'FUNCTION_RETRY_REQUEST',
              retryData: event.retryData,
            }
          : undefined;
      const args = consumer.method
        ? [
            {
              call: { functionKey: consumer.method, payload: event.body, jobId: event.jobId },
              context: {
                cloudId: site.cloudId,
                moduleKey: consumer.key,
                ...(retryContext ? { retryContext } : {}),
              },
            },
            { installContext: `ari:cloud:jira::site/${site.cloudId}` },
          ]
        : [
            {
              body: event.body,
              queueName: event.queueName,
              jobId: event.jobId,
              eventId: event.eventId,
              ...(retryContext ? { retryContext } : {}),
            },
            { installContext: `ari:cloud:jira::site/${site.cloudId}` },
          ];
      let retry: { retryAfter?: number; retryReason?: string; retryData?: unknown } | undefined;
      let error: string | undefined;
      try {
        const result = (await this.run(
          app,
          site,
          consumer.function,
          {
            moduleKey: consumer.key,
            moduleType: 'consumer',
            accountId: undefined,
            timeoutMs: this.timeoutOf(fn),
          },
          args,
        )) as
          | {
              _retry?: boolean;
              retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown };
            }
          | undefined;
        if (result && result._retry === true) retry = result.retryOptions ?? {};
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        retry = {
          retryReason:
            e instanceof InvocationFailure && e.code === 'TIMEOUT' ? 'FUNCTION_TIME_OUT' : 'FUNCTION_FAILURE',
        };
      }
      if (options.duplicate) {
        this.queue.record({
          eventId: event.eventId,
          jobId: event.jobId,
          queueName: event.queueName,
          attempt: event.attempt,
          outcome: retry ? 'retry' : 'success',
          duplicate: true,
          ...(error ? { error } : {}),
        });
        continue;
      }
      if (!retry) {
        this.queue.record({
          eventId: event.eventId,
          jobId: event.jobId,
          queueName: event.queueName,
          attempt: event.attempt,
          outcome: 'success',
        });
        continue;
      }
      const canRetry = event.attempt < this.limits.eventMaxRetries;
      this.queue.record({
        eventId: event.eventId,
        jobId: event.jobId,
        queueName: event.queueName,
        attempt: event.attempt,
        outcome: canRetry ? 'retry' : 'failed',
        ...(error ? { error } : {}),
      });
      if (canRetry) {
        // Back-off: the consumer's own retryAfter, else exponential from 1 s.
        const afterSeconds = retry.retryAfter ?? 2 ** event.attempt;
        event.attempt++;
        event.dueAtMs = this.clock.nowMs() + afterSeconds * 1000;
        event.retryReason = retry.retryReason ?? 'FUNCTION_RETRY_REQUEST';
        event.retryData = retry.retryData;
        this.queue.requeue(event);
      }
    }
  }

  /**
   * Delivers a product or lifecycle event (`avi:jira:updated:issue`, `avi:forge:installed:app`, …) to every
   * app whose `trigger` module subscribes to it, as the platform does (no user; errors are not retried).
   */
  async emitEvent(
    cloudId: string,
    eventType: string,
    payload: Record<string, unknown> = {},
    apps?: readonly string[],
  ): Promise<number> {
    const site = this.site(cloudId);
    let delivered = 0;
    for (const [key, app] of this.apps) {
      if (apps && !apps.includes(key)) continue;
      for (const trigger of app.manifest.triggers) {
        if (!trigger.events.includes(eventType)) continue;
        const { fn } = this.handlerOf(app, trigger.function);
        try {
          await this.run(
            app,
            site,
            trigger.function,
            {
              moduleKey: trigger.key,
              moduleType: 'trigger',
              accountId: undefined,
              timeoutMs: this.timeoutOf(fn),
            },
            [
              { eventType, ...payload, context: { cloudId: site.cloudId, moduleKey: trigger.key } },
              { installContext: `ari:cloud:jira::site/${site.cloudId}` },
            ],
          );
        } catch {
          // As on the platform, a failed event invocation is logged, not retried.
        }
        delivered++;
      }
    }
    return delivered;
  }

  /** Fires `avi:forge:installed:app` for each app on each site (the sandbox "installs" apps when it starts). */
  async install(): Promise<void> {
    for (const cloudId of this.sites.keys()) {
      for (const app of this.apps.keys()) {
        await this.emitEvent(
          cloudId,
          'avi:forge:installed:app',
          { app: { id: this.app(app).manifest.appId } },
          [app],
        );
      }
    }
  }

  /** After a successful write to an issue, Jira emits `avi:jira:updated:issue`; so does the sandbox. */
  async afterProductCall(
    site: SiteLike,
    method: string,
    path: string,
    status: number,
    accountId?: string,
  ): Promise<void> {
    if (method === 'GET' || status < 200 || status >= 300) return;
    const match = /^\/rest\/api\/[23]\/issue\/([^/]+)(\/(assignee|transitions|comment|worklog))?$/.exec(path);
    if (!match) return;
    await this.emitEvent(site.cloudId, 'avi:jira:updated:issue', {
      issue: { key: match[1] },
      ...(accountId ? { atlassianId: accountId } : {}),
    });
  }

  /** The app's view of KVS on a site, for tests and the developer view. */
  kvsScope(app: string, cloudId?: string): { appId: string; installationId: string } {
    const site = this.site(cloudId);
    return { appId: this.app(app).manifest.appId, installationId: this.installationId(app, site.cloudId) };
  }

  // ---- PlatformHost: what the SDK sends to "the platform" -------------------------------------------------

  async forgeFetch(
    invocation: Invocation,
    target: ForgeTarget,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    const app = this.app(invocation.appKey);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    if (target.type === 'kvs') {
      const counts = this.kvsCalls.get(app.spec.key) ?? new Map<string, number>();
      this.kvsCalls.set(app.spec.key, counts);
      counts.set(path, (counts.get(path) ?? 0) + 1);
      const scope = {
        appId: app.manifest.appId,
        installationId: this.installationId(app.spec.key, invocation.cloudId),
      };
      const handle = () => this.options.kvs.handle(scope, path, body ? JSON.parse(body) : undefined);
      const crash = this.storageCrash;
      const call = crash
        ? () => crash.around(app.spec.key, async () => handle(), `${path} ${describeKvsBody(body)}`)
        : handle;
      return toResponse(
        this.interleaver ? await this.interleaver.around(invocation.invocationId, call) : await call(),
      );
    }
    if (target.type === 'fpp' && target.remote === 'stargate') {
      if (path.split('?')[0]?.replace(/\/$/, '') === REPORT_ACCOUNTS_PATH)
        return this.reportAccounts(invocation, app, target, init, body);
      return this.stargate(invocation, app, path, body);
    }
    if (target.type === 'fpp' && (target.remote === 'jira' || target.remote === undefined)) {
      const principal: Principal =
        target.provider === 'user'
          ? (target.accountId ?? invocation.accountId)
            ? { kind: 'user', accountId: (target.accountId ?? invocation.accountId) as string }
            : { kind: 'anonymous' }
          : { kind: 'app', appKey: app.spec.key };
      if (principal.kind === 'anonymous') {
        // asUser() where the platform has no user (schedules, queues, web triggers).
        return new Response(JSON.stringify({ message: 'asUser() needs a user; this invocation has none' }), {
          status: 401,
          headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
        });
      }
      const call = () => this.productCall(app, this.site(invocation.cloudId), principal, path, init, body);
      // Product calls interleave too: another invocation's read can land between this one's read and write.
      return this.interleaver ? this.interleaver.around(invocation.invocationId, call) : call();
    }
    return new Response(
      JSON.stringify({ message: `The sandbox does not emulate ${target.type}/${target.remote ?? ''}` }),
      {
        status: 501,
      },
    );
  }

  /**
   * The Personal Data Reporting API (`POST /app/report-accounts`), as the app only: asUser() gets 403. Logged in
   * the request log like a product call. Shapes and limits: personal-data.ts.
   */
  private reportAccounts(
    invocation: Invocation,
    app: LoadedApp,
    target: ForgeTarget,
    init: RequestInit | undefined,
    body: string | undefined,
  ): Response {
    const method = (init?.method ?? 'GET').toUpperCase();
    const startedAt = new Date();
    const answer =
      target.provider === 'app'
        ? this.personalData.handle(method, body)
        : { status: 403, body: { message: 'Personal data reporting is for the app, not a user' } };
    this.requests.push({
      app: app.spec.key,
      cloudId: invocation.cloudId,
      as: target.provider === 'app' ? 'app' : 'user',
      method,
      path: REPORT_ACCOUNTS_PATH,
      status: answer.status,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      ...(body ? { body: body.slice(0, LOGGED_BODY_CHARS) } : {}),
    });
    return answer.body === undefined
      ? new Response(null, { status: answer.status })
      : Response.json(answer.body, { status: answer.status });
  }

  /** Closes an Atlassian account: the next personal data report names it `closed` (tests, `npm start`). */
  closeAccount(accountId: string): void {
    this.personalData.close(accountId, this.clock.nowMs());
  }

  /** The account's profile changed now: a report with an older `updatedAt` names it `updated`. */
  updateAccount(accountId: string): void {
    this.personalData.update(accountId, this.clock.nowMs());
  }

  private async stargate(
    invocation: Invocation,
    app: LoadedApp,
    path: string,
    body: string | undefined,
  ): Promise<Response> {
    if (path.startsWith('/webhook/queue/publish/')) {
      const request = JSON.parse(body ?? '{}') as {
        queueName: string;
        jobId: string;
        payload: { body: Record<string, unknown>; delayInSeconds?: number }[];
      };
      if (!app.manifest.consumers.some((c) => c.queue === request.queueName)) {
        return Response.json({ errorMessage: `No consumer for queue ${request.queueName}` }, { status: 400 });
      }
      if (request.payload.length > this.limits.eventsPerPush) {
        return Response.json({ errorMessage: 'Too many events' }, { status: 400 });
      }
      if (byteLength(request.payload) > this.limits.eventPushBytes) {
        return Response.json({ errorMessage: 'The combined payload exceeds 200 KB' }, { status: 413 });
      }
      for (const event of request.payload) {
        const delay = Math.min(Math.max(event.delayInSeconds ?? 0, 0), this.limits.eventMaxDelaySeconds);
        this.queue.push({
          jobId: request.jobId,
          appKey: app.spec.key,
          cloudId: invocation.cloudId,
          queueName: request.queueName,
          body: event.body,
          dueAtMs: this.clock.nowMs() + delay * 1000,
        });
      }
      return new Response(null, { status: 201 });
    }
    if (path.startsWith('/webhook/queue/stats/')) {
      const request = JSON.parse(body ?? '{}') as { jobId: string };
      const stats = this.queue.jobStats(request.jobId);
      return stats ? Response.json(stats) : Response.json({ errorMessage: 'Job not found' }, { status: 404 });
    }
    if (path === '/graphql') {
      const { query, variables } = JSON.parse(body ?? '{}') as {
        query: string;
        variables?: { input?: { triggerKey?: string } };
      };
      if (query.includes('createWebTriggerUrl')) {
        const key = variables?.input?.triggerKey ?? '';
        if (!app.manifest.webTriggers.some((t) => t.key === key)) {
          return Response.json({ errors: [{ message: `No web trigger module "${key}"` }] });
        }
        return Response.json({
          data: { createWebTriggerUrl: { url: this.webTriggerUrl(app.spec.key, invocation.cloudId, key) } },
        });
      }
      return Response.json({
        errors: [{ message: 'The sandbox emulates only createWebTriggerUrl on /graphql' }],
      });
    }
    return new Response(JSON.stringify({ message: `Unknown platform path ${path}` }), { status: 404 });
  }

  /** A product REST call from an app: scopes first (as the platform's proxy does), then faults, then the site. */
  private async productCall(
    app: LoadedApp,
    site: SiteLike,
    principal: Principal,
    rawPath: string,
    init: RequestInit | undefined,
    body: string | undefined,
  ): Promise<Response> {
    const url = new URL(rawPath, 'http://site.invalid');
    const method = (init?.method ?? 'GET').toUpperCase();
    const startedAt = new Date();
    const log = (status: number) => {
      this.requests.push({
        app: app.spec.key,
        cloudId: site.cloudId,
        as: principal.kind === 'user' ? 'user' : 'app',
        ...(principal.kind === 'user' ? { accountId: principal.accountId } : {}),
        method,
        path: url.pathname + url.search,
        status,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        ...(body ? { body: body.slice(0, LOGGED_BODY_CHARS) } : {}),
      });
    };
    const resolved = site.resolve(method, url.pathname);
    if (resolved && resolved !== 'method-not-allowed') {
      const held = new Set(app.manifest.scopes);
      if (!resolved.scopes.some((alternative) => alternative.every((s) => held.has(s)))) {
        log(401);
        return Response.json({ code: 401, message: 'Unauthorized; scope does not match' }, { status: 401 });
      }
    }
    const response = await this.applyFaultsAndHandle(site, url, method, principal, init, body, resolved);
    log(response.status);
    // Delivered after the caller has its answer, as platform events are asynchronous.
    setImmediate(() => {
      void this.afterProductCall(
        site,
        method,
        url.pathname,
        response.status,
        principal.kind === 'user' ? principal.accountId : undefined,
      );
    });
    return response;
  }

  /** Shared by the runtime and the HTTP server: faults, then the route (or Jira's 404/405). */
  async applyFaultsAndHandle(
    site: SiteLike,
    url: URL,
    method: string,
    principal: Principal,
    init: RequestInit | undefined,
    body: string | undefined,
    resolved = site.resolve(method, url.pathname),
  ): Promise<Response> {
    const fault = this.faults.decide(site.cloudId, url.pathname);
    if (fault.hang) await new Promise<never>(() => {});
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.status !== undefined) {
      return Response.json(
        { errorMessages: [fault.status === 429 ? 'Rate limit exceeded.' : 'Injected failure'], errors: {} },
        {
          status: fault.status,
          headers:
            fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
        },
      );
    }
    if (!resolved) return Response.json({ errorMessages: ['Not found'], errors: {} }, { status: 404 });
    if (resolved === 'method-not-allowed') return new Response(null, { status: 405 });
    let parsed: unknown;
    if (body) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return Response.json(
          { errorMessages: ['Unexpected character in the JSON body'], errors: {} },
          { status: 400 },
        );
      }
    }
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const request: SiteRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: parsed,
      principal,
    };
    let answer: SiteResponse;
    try {
      answer = resolved.handle(request);
    } catch (error) {
      answer = {
        status: 500,
        body: { errorMessages: [error instanceof Error ? error.message : 'Internal error'], errors: {} },
      };
    }
    return new Response(
      answer.body === undefined || answer.status === 204 ? null : JSON.stringify(answer.body),
      {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...(answer.headers ?? {}) },
      },
    );
  }

  async egressFetch(
    invocation: Invocation,
    input: Parameters<typeof fetch>[0],
    init: RequestInit | undefined,
    next: typeof fetch,
  ): Promise<Response> {
    const app = this.app(invocation.appKey);
    const request = new Request(input, init);
    // The platform's own matcher decides, exactly as in production (HTTPS only; host must be declared, or
    // approved by an admin where the manifest enables configurable egress).
    if (
      !app.egress.isValidUrl(request.url) &&
      !this.configuredEgressAllows(app, invocation.cloudId, request.url)
    ) {
      return new Response(
        JSON.stringify({
          message: `URL not included in the external fetch backend permissions: ${new URL(request.url).origin}`,
        }),
        { status: 403, headers: { 'forge-proxy-error': 'EGRESS_NOT_ALLOWED' } },
      );
    }
    const origin = new URL(request.url).origin;
    const standIn = this.externalHosts.get(origin);
    if (standIn) return standIn(request);
    return next(request);
  }

  private configuredEgressAllows(app: LoadedApp, cloudId: string, url: string): boolean {
    if (!app.manifest.configurableEgress) return false;
    const groups = this.configuredEgress.get(`${app.spec.key}|${cloudId}`);
    if (!groups) return false;
    const domains = [...groups.values()].flatMap((g) =>
      g.configured.filter((c) => c.type.includes('FETCH_BACKEND_SIDE')).map((c) => c.domain),
    );
    return domains.length > 0 && new EgressFilteringService(domains).isValidUrl(url);
  }

  /**
   * `permissions.egress.*` from an app's admin UI. Like the platform, only a site admin may change what an app
   * can reach, and only apps whose manifest enables configurable egress.
   */
  egressPermissions(
    appKey: string,
    cloudId: string,
    accountId: string | undefined,
    command: 'get' | 'set' | 'deleteDomain' | 'deleteGroup',
    payload: Record<string, unknown>,
  ): unknown {
    const app = this.app(appKey);
    const site = this.site(cloudId);
    if (!app.manifest.configurableEgress) {
      throw new InvocationFailure(
        'FUNCTION_ERROR',
        'This app does not enable configurable egress in its manifest',
        403,
      );
    }
    const id = `${app.spec.key}|${site.cloudId}`;
    const groups = this.configuredEgress.get(id) ?? new Map<string, ConfiguredEgress>();
    this.configuredEgress.set(id, groups);
    if (command === 'get') return { results: [...groups.values()] };
    if (!accountId || !site.directory.isSiteAdmin(accountId)) {
      throw new InvocationFailure(
        'FUNCTION_ERROR',
        'Only a site admin can change the egress an app may use',
        403,
      );
    }
    if (command === 'set') {
      const egresses = (payload.egresses ?? []) as ConfiguredEgress[];
      for (const egress of egresses) {
        for (const c of egress.configured) {
          if (!/^https:\/\/[^/]+$/.test(c.domain)) {
            throw new InvocationFailure(
              'FUNCTION_ERROR',
              `Egress domains must be https:// origins: ${c.domain}`,
              400,
            );
          }
        }
        groups.set(egress.key, {
          key: egress.key,
          description: egress.description,
          configured: egress.configured,
        });
      }
      return { results: egresses.map((e) => groups.get(e.key)) };
    }
    if (command === 'deleteGroup') {
      groups.delete(String(payload.key));
      return undefined;
    }
    const group = groups.get(String(payload.key));
    if (group) {
      groups.set(group.key, {
        ...group,
        configured: group.configured.filter((c) => c.domain !== payload.domain),
      });
    }
    return undefined;
  }

  /** Replaces the external host stand-ins (e.g. a test's webhook receiver). */
  setExternalHost(origin: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.externalHosts.set(origin, handler);
  }

  setFaults(rules: readonly FaultRule[]): void {
    this.faults.set(rules);
  }
}
