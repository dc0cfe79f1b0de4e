import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestParserBuilder } from '@forge/manifest';
import type { EntityDefinition } from '../kvs/entities';

export interface FunctionModule {
  readonly key: string;
  /** `index.handler` → file `index`, export `handler`. */
  readonly handler: string;
  readonly timeoutSeconds?: number;
}

export interface UiModule {
  readonly type: string;
  readonly key: string;
  readonly title?: string;
  readonly resource?: string;
  readonly render?: 'native';
  readonly resolverFunction?: string;
}

export interface WebTriggerModule {
  readonly key: string;
  readonly function: string;
}

export interface ScheduledTriggerModule {
  readonly key: string;
  readonly function: string;
  readonly interval: string;
}

export interface ConsumerModule {
  readonly key: string;
  readonly queue: string;
  /** Resolver style: `{ function, method }`; plain style: just `function`. */
  readonly function: string;
  readonly method?: string;
}

export interface EventTriggerModule {
  readonly key: string;
  readonly function: string;
  readonly events: readonly string[];
}

export interface AppManifest {
  readonly dir: string;
  readonly appId: string;
  readonly runtime: string;
  readonly scopes: readonly string[];
  readonly egress: {
    readonly backend: readonly string[];
    readonly client: readonly string[];
    readonly images: readonly string[];
  };
  /** `permissions.external.configurable.enabled`: admins may approve further egress domains (customer-managed egress). */
  readonly configurableEgress: boolean;
  readonly functions: ReadonlyMap<string, FunctionModule>;
  readonly uiModules: readonly UiModule[];
  readonly webTriggers: readonly WebTriggerModule[];
  readonly scheduledTriggers: readonly ScheduledTriggerModule[];
  readonly consumers: readonly ConsumerModule[];
  readonly triggers: readonly EventTriggerModule[];
  readonly resources: ReadonlyMap<string, string>;
  /** Custom entities (`app.storage.entities`), as declared. */
  readonly entities: readonly EntityDefinition[];
}

type Raw = Record<string, unknown>;

const asArray = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function addresses(list: unknown): string[] {
  return asArray(list)
    .map((e) => (typeof e === 'string' ? e : str((e as Raw).address)))
    .filter((a): a is string => Boolean(a));
}

/**
 * Reads an app's manifest.yml into the shape the runtime needs (validation is @suite/app-contracts' job), with
 * `${VARIABLE}` manifest variables interpolated by Forge's own parser, as the Forge CLI does (the app id is one).
 */
export function loadManifest(dir: string): AppManifest {
  const content = readFileSync(join(dir, 'manifest.yml'), 'utf8');
  const raw = new ManifestParserBuilder()
    .withInterpolators()
    .build()
    .parseManifest({ content, filePath: 'manifest.yml' }) as unknown as Raw;
  const modules = (raw.modules ?? {}) as Record<string, unknown>;
  const app = (raw.app ?? {}) as Raw;
  const permissions = (raw.permissions ?? {}) as Raw;
  const external = (permissions.external ?? {}) as Raw;
  const fetchEgress = (external.fetch ?? {}) as Raw;

  const functions = new Map<string, FunctionModule>();
  for (const f of asArray(modules.function)) {
    const key = str(f.key);
    const handler = str(f.handler);
    if (key && handler) {
      const timeoutSeconds = typeof f.timeoutSeconds === 'number' ? f.timeoutSeconds : undefined;
      functions.set(key, { key, handler, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
    }
  }

  const special = new Set(['function', 'webtrigger', 'scheduledTrigger', 'consumer', 'trigger']);
  const uiModules: UiModule[] = [];
  for (const [type, list] of Object.entries(modules)) {
    if (special.has(type)) continue;
    for (const m of asArray(list)) {
      const key = str(m.key);
      if (!key) continue;
      const resolver = (m.resolver ?? {}) as Raw;
      uiModules.push({
        type,
        key,
        ...(str(m.title) ? { title: str(m.title) } : {}),
        ...(str(m.resource) ? { resource: str(m.resource) } : {}),
        ...(m.render === 'native' ? { render: 'native' as const } : {}),
        ...(str(resolver.function) ? { resolverFunction: str(resolver.function) } : {}),
      });
    }
  }

  return {
    dir,
    appId: str(app.id) ?? 'ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000',
    runtime: str((app.runtime as Raw | undefined)?.name) ?? 'nodejs22.x',
    scopes: asArray(permissions.scopes).map(String),
    egress: {
      backend: addresses(fetchEgress.backend),
      client: addresses(fetchEgress.client),
      images: addresses(external.images),
    },
    configurableEgress: ((external.configurable ?? {}) as Raw).enabled === true,
    functions,
    uiModules,
    webTriggers: asArray(modules.webtrigger).flatMap((m) =>
      str(m.key) && str(m.function)
        ? [{ key: str(m.key) as string, function: str(m.function) as string }]
        : [],
    ),
    scheduledTriggers: asArray(modules.scheduledTrigger).flatMap((m) =>
      str(m.key) && str(m.function)
        ? [
            {
              key: str(m.key) as string,
              function: str(m.function) as string,
              interval: str(m.interval) ?? 'hour',
            },
          ]
        : [],
    ),
    consumers: asArray(modules.consumer).flatMap((m) => {
      const resolver = (m.resolver ?? {}) as Raw;
      const fn = str(resolver.function) ?? str(m.function);
      const method = str(resolver.method);
      return str(m.key) && str(m.queue) && fn
        ? [
            {
              key: str(m.key) as string,
              queue: str(m.queue) as string,
              function: fn,
              ...(method ? { method } : {}),
            },
          ]
        : [];
    }),
    triggers: asArray(modules.trigger).flatMap((m) =>
      str(m.key) && str(m.function)
        ? [
            {
              key: str(m.key) as string,
              function: str(m.function) as string,
              events: asArray(m.events).map(String),
            },
          ]
        : [],
    ),
    resources: new Map(
      asArray(raw.resources).flatMap((r) =>
        str(r.key) && str(r.path) ? [[str(r.key), str(r.path)] as [string, string]] : [],
      ),
    ),
    entities: asArray(((app.storage ?? {}) as Raw).entities) as unknown as EntityDefinition[],
  };
}
