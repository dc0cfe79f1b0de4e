/**
 * Everything DispatchDesk keeps in Forge KVS (storage:app). Ids, metadata and positions — no ticket content.
 *
 * | Key | Value |
 * |---|---|
 * | `config` | the admin's {@link DispatchConfig} (projects, location source, phase mapping, transitions, tiles…), with its `version` |
 * | entity `record-version`, `config` / `roles:<role>` | the version of the config and of each role grant record: a write is a transaction conditional on it |
 * | `meta:change` | a change token rewritten on every write the console should notice (assign, technician, config) |
 * | entity `technician-shard`, `tech:shard:<0…21>` | technician profiles, `{ version, profiles: { <accountId>: StoredTechnician } }`, by account-id hash; written by compare-and-set on `version` |
 * | entity `lease`, `ticket:<issue key>` | who is assigning / moving that ticket now (deleted after; expires in 60 s) |
 * | entity `lease`, `technicians:create` | who is creating a technician profile now (counted against the cap under it) |
 * | `cache:assets-workspace` | the site's Assets workspace id (stable per site) |
 * | secret `tiles-api-key` | the keyed tile provider's API key (KVS secret storage; never returned to a browser) |
 * | `roles:<role>`, `audit:<inverted time>:<uuid>` | role grants and the append-only audit log (@suite/permissions) |
 *
 * A console load reads `config`, `meta:change`, the workspace cache and all 22 shards in **one** `batchGet`
 * (25 keys, the batch maximum) — the same whether there are 10 technicians or 1,000.
 */
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { forgeKvsStore, type KeyValueStore } from '@suite/permissions';
import {
  type AlongsideWrite,
  forgeKeyValueVersionedStore,
  forgeLeaseStore,
  forgeVersionedStore,
  LeaseHeldError,
  replaceVersioned,
  updateVersioned,
  withLease,
} from '@suite/storage';
import type { DispatchConfig } from '../domain/contract';
import {
  SHARD_COUNT,
  SHARD_ENTITY,
  type Shard,
  type StoredTechnician,
  shardKey,
  shardOf,
  shardWithin,
} from '../domain/technicians';

export function permissionStore(): KeyValueStore {
  return forgeKvsStore();
}

const CONFIG = 'config';
const CHANGE = 'meta:change';
const WORKSPACE = 'cache:assets-workspace';
const TILES_SECRET = 'tiles-api-key';

export interface ConsoleState {
  readonly config: DispatchConfig | undefined;
  readonly change: string | undefined;
  readonly workspaceId: string | undefined;
  readonly technicians: StoredTechnician[];
}

/** One `batchGet`; keys that do not exist are simply absent from the map (any other failure throws). */
async function batchRead(
  keys: readonly (string | { key: string; entityName: string })[],
): Promise<Map<string, unknown>> {
  const result = await kvs.batchGet<unknown>(keys.map((k) => (typeof k === 'string' ? { key: k } : k)));
  const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
  if (failed.length > 0) throw new Error(`KVS batch read failed for ${failed.length} keys`);
  return new Map(result.successfulKeys.map((r) => [r.key, r.value]));
}

/** The console's whole KVS state in one batch read. */
export async function readConsoleState(): Promise<ConsoleState> {
  const keys = [
    CONFIG,
    CHANGE,
    WORKSPACE,
    ...Array.from({ length: SHARD_COUNT }, (_, i) => ({ key: shardKey(i), entityName: SHARD_ENTITY })),
  ];
  const values = await batchRead(keys);
  const technicians: StoredTechnician[] = [];
  for (let i = 0; i < SHARD_COUNT; i++) {
    const shard = values.get(shardKey(i)) as Shard | undefined;
    if (shard?.profiles) technicians.push(...Object.values(shard.profiles));
  }
  technicians.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  return {
    config: values.get(CONFIG) as DispatchConfig | undefined,
    change: values.get(CHANGE) as string | undefined,
    workspaceId: values.get(WORKSPACE) as string | undefined,
    technicians,
  };
}

/** The stored config with its `version` (0: saved before configs were versioned). */
export async function getConfig(): Promise<(DispatchConfig & { version: number }) | undefined> {
  const stored = ((await kvs.get<DispatchConfig>(CONFIG)) ?? undefined) as DispatchConfig | undefined;
  return stored ? { ...stored, version: stored.version ?? 0 } : undefined;
}

const configStore = forgeKeyValueVersionedStore<DispatchConfig>();

/**
 * Saves the config only if it is still at `expectedVersion`, the version the admin's page loaded (0: none saved
 * yet); `StaleVersionError` otherwise, nothing written. `alongside` (the audit entry) goes in the same transaction.
 */
export async function putConfig(
  config: DispatchConfig,
  expectedVersion: number,
  alongside: (before: DispatchConfig | undefined) => readonly AlongsideWrite[],
): Promise<DispatchConfig & { version: number }> {
  const { version: _, ...value } = config;
  const result = await replaceVersioned(configStore, CONFIG, expectedVersion, () => value, {
    alongside: (_next, before) => alongside(before),
  });
  return { ...value, version: result.version };
}

/** Config and change token in one read (what `getChanges` needs). */
export async function readChangeState(): Promise<{
  config: DispatchConfig | undefined;
  change: string | undefined;
}> {
  const values = await batchRead([CONFIG, CHANGE]);
  return {
    config: values.get(CONFIG) as DispatchConfig | undefined,
    change: values.get(CHANGE) as string | undefined,
  };
}

/** Marks that something the console shows changed (a unique token: concurrent writers never cancel out). */
export async function bumpChange(): Promise<string> {
  const token = `${Date.now().toString(36)}.${randomUUID().slice(0, 8)}`;
  await kvs.set(CHANGE, token);
  return token;
}

const shards = forgeVersionedStore<Shard['profiles']>(SHARD_ENTITY, 'profiles');

export async function getTechnician(accountId: string): Promise<StoredTechnician | undefined> {
  return (await shards.read(shardKey(shardOf(accountId))))?.value?.[accountId];
}

/** The most technician profiles DispatchDesk keeps (and the most technicians a console load shows). */
export const MAX_TECHNICIANS = 500;

/**
 * Read-modify-write of one technician in their shard, by compare-and-set on the shard's version: a writer whose
 * read went stale re-reads and re-applies its change on top of the other writer's, so no acknowledged write is
 * lost. `change` may run more than once (it must only compute). After repeated conflicts the caller gets
 * `ConcurrentUpdateError` and nothing of its change is stored. A change that would create a profile is made under
 * the create lease, counted against {@link MAX_TECHNICIANS} (`TechniciansFullError` at the cap).
 */
export async function updateTechnician(
  accountId: string,
  change: (current: StoredTechnician | undefined) => StoredTechnician | null,
  /** Written in the same transaction as the shard (the change's audit entry). */
  alongside?: () => readonly AlongsideWrite[],
): Promise<StoredTechnician | null> {
  try {
    return await writeTechnician(
      accountId,
      (current) => {
        if (!current) throw new NewProfile();
        return change(current);
      },
      alongside,
    );
  } catch (error) {
    if (!(error instanceof NewProfile)) throw error;
  }
  // Counted and written while holding one lease: profiles live in 22 shards, so no single compare-and-set could
  // stop two creates in different shards from both taking the last place.
  for (let attempt = 0; ; attempt++) {
    try {
      return await withLease(leases, CREATE_LEASE, { ttlMs: CREATE_LEASE_MS }, async () => {
        const count = (await readConsoleState()).technicians.length;
        return writeTechnician(
          accountId,
          (current) => {
            if (!current && count >= MAX_TECHNICIANS) throw new TechniciansFullError();
            return change(current);
          },
          alongside,
        );
      });
    } catch (error) {
      if (!(error instanceof LeaseHeldError) || attempt >= 40) throw error;
      await new Promise((r) =>
        setTimeout(r, 20 + Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5))),
      );
    }
  }
}

async function writeTechnician(
  accountId: string,
  change: (current: StoredTechnician | undefined) => StoredTechnician | null,
  alongside?: () => readonly AlongsideWrite[],
): Promise<StoredTechnician | null> {
  let result: StoredTechnician | null = null;
  await updateVersioned(
    shards,
    shardKey(shardOf(accountId)),
    (current) => {
      const profiles = { ...(current ?? {}) };
      result = change(profiles[accountId]);
      if (result) profiles[accountId] = result;
      else delete profiles[accountId];
      if (!shardWithin({ version: 0, profiles })) throw new ShardFullError();
      return profiles;
    },
    alongside ? { alongside } : {},
  );
  return result;
}

/**
 * Deletes one technician's profile from their shard, with `alongside` (the audit entry) in the same transaction:
 * the log holds an entry exactly when a profile was deleted. Compare-and-set on the shard's version, retried, so a
 * concurrent change to another profile in the shard is kept. Returns whether there was a profile (none: nothing
 * written, no entry).
 */
export async function deleteTechnician(
  accountId: string,
  alongside: (deleted: StoredTechnician) => readonly AlongsideWrite[],
): Promise<boolean> {
  let deleted: StoredTechnician | undefined;
  const result = await updateVersioned(
    shards,
    shardKey(shardOf(accountId)),
    (current) => {
      deleted = current?.[accountId];
      if (!current || !deleted) return undefined;
      const { [accountId]: _, ...rest } = current;
      return rest;
    },
    { alongside: () => (deleted ? alongside(deleted) : []) },
  );
  return result.changed;
}

/** Every stored technician's account id with when their profile was last written (for personal data reporting). */
export async function listTechnicianAccounts(): Promise<
  { accountId: string; updatedAt: string; updatedBy: string }[]
> {
  const { technicians } = await readConsoleState();
  return technicians.map((t) => ({ accountId: t.accountId, updatedAt: t.updatedAt, updatedBy: t.updatedBy }));
}

class NewProfile extends Error {}

export class TechniciansFullError extends Error {
  constructor() {
    super('technician profiles at the cap');
    this.name = 'TechniciansFullError';
  }
}

const CREATE_LEASE = 'technicians:create';
/** Longer than any invocation can run (25 s). */
const CREATE_LEASE_MS = 60_000;

export { LeaseHeldError };

const leases = forgeLeaseStore();
/** Longer than any console invocation can run (25 s), so a live holder's lease never expires under it. */
const TICKET_LEASE_MS = 60_000;

/**
 * Runs `fn` as the only change DispatchDesk is making to this ticket right now (assign, start travel, arrive).
 * Jira has no conditional update, so this is what makes "the ticket changed since you loaded it" hold between the
 * check and the write: a second dispatcher gets `TicketBusyError` instead of overwriting the first.
 */
export async function exclusiveOnTicket<T>(issueKey: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withLease(leases, `ticket:${issueKey}`, { ttlMs: TICKET_LEASE_MS }, fn);
  } catch (error) {
    if (error instanceof LeaseHeldError) throw new TicketBusyError(issueKey);
    throw error;
  }
}

export class TicketBusyError extends Error {
  constructor(readonly issueKey: string) {
    super(`${issueKey} is being changed by someone else right now`);
    this.name = 'TicketBusyError';
  }
}

export class ShardFullError extends Error {
  constructor() {
    super('technician shard is full');
    this.name = 'ShardFullError';
  }
}

export async function putWorkspaceId(id: string): Promise<void> {
  await kvs.set(WORKSPACE, id);
}

export async function getTilesApiKey(): Promise<string | undefined> {
  return ((await kvs.getSecret<string>(TILES_SECRET)) ?? undefined) as string | undefined;
}

export async function setTilesApiKey(key: string | null): Promise<void> {
  if (key === null) await kvs.deleteSecret(TILES_SECRET);
  else await kvs.setSecret(TILES_SECRET, key);
}
