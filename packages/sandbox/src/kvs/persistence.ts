import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** One stored value with its metadata. Times are epoch milliseconds. */
export interface StoredItem {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expiresAt?: number;
}

/** Everything one installation of one app can see. */
export interface ScopeData {
  kv: Map<string, StoredItem>;
  secret: Map<string, StoredItem>;
  entities: Map<string, Map<string, StoredItem>>;
}

export const FILE_FORMAT_VERSION = 1;

const itemSchema = z.object({
  value: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number().optional(),
});
const itemsSchema = z.record(z.string(), itemSchema);
const fileSchema = z.object({
  version: z.literal(FILE_FORMAT_VERSION),
  scopes: z.array(
    z.object({
      appId: z.string(),
      installationId: z.string(),
      kv: itemsSchema,
      secret: itemsSchema,
      entities: z.record(z.string(), itemsSchema),
    }),
  ),
});
export type KvsFile = z.infer<typeof fileSchema>;

export function emptyScope(): ScopeData {
  return { kv: new Map(), secret: new Map(), entities: new Map() };
}

function toItems(map: Map<string, StoredItem>): Record<string, StoredItem> {
  const out: Record<string, StoredItem> = {};
  for (const key of [...map.keys()].sort()) {
    const item = map.get(key);
    if (item) out[key] = item;
  }
  return out;
}

function fromItems(items: Record<string, z.infer<typeof itemSchema>>): Map<string, StoredItem> {
  const map = new Map<string, StoredItem>();
  for (const [key, item] of Object.entries(items)) map.set(key, { ...item });
  return map;
}

export function serialize(
  scopes: Map<string, { appId: string; installationId: string; data: ScopeData }>,
): KvsFile {
  return {
    version: FILE_FORMAT_VERSION,
    scopes: [...scopes.values()]
      .filter(({ data }) => data.kv.size + data.secret.size + data.entities.size > 0)
      .map(({ appId, installationId, data }) => ({
        appId,
        installationId,
        kv: toItems(data.kv),
        secret: toItems(data.secret),
        entities: Object.fromEntries(
          [...data.entities.entries()]
            .filter(([, items]) => items.size > 0)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([name, items]) => [name, toItems(items)]),
        ),
      })),
  };
}

export function readKvsFile(file: string): Array<{ appId: string; installationId: string; data: ScopeData }> {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `KVS sandbox file ${file} is not valid JSON (${(e as Error).message}); start with reset to discard it`,
    );
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`KVS sandbox file ${file} has an unexpected shape; start with reset to discard it`);
  }
  return result.data.scopes.map((s) => ({
    appId: s.appId,
    installationId: s.installationId,
    data: {
      kv: fromItems(s.kv),
      secret: fromItems(s.secret),
      entities: new Map(Object.entries(s.entities).map(([name, items]) => [name, fromItems(items)])),
    },
  }));
}

/** Atomic write: the full JSON goes to a temp file in the same directory, then replaces the target by rename. */
export function writeKvsFile(file: string, content: KvsFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
  renameSync(tmp, file);
}

export function deleteKvsFile(file: string): void {
  rmSync(file, { force: true });
}
