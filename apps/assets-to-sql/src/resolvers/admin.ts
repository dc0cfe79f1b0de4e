/**
 * Admin page resolvers. Every one goes through the suite's resolver kit: input parsed with zod → three-tier check
 * (`appAdminPolicy`: admin page only, Jira ADMINISTER asked as the user, the app-admin list, which this app has no UI
 * to fill, so every Jira admin) → handler → safe errors.
 * Every change is written to the append-only audit log, before → after, with secrets redacted (an API key is never
 * in an audit entry: only its id and metadata).
 */
import { randomUUID } from 'node:crypto';
import Resolver from '@forge/resolver';
import {
  type AuditInput,
  appAdminPolicy,
  auditRefusals,
  createAuditLog,
  createResolverKit,
  forgeKvsStore,
  forgeResolverDeps,
  maskUrl,
  ownKeysOnly,
  UserError,
} from '@suite/permissions';
import { boundedText, numericId } from '@suite/sanitize';
import { StaleVersionError } from '@suite/storage';
import { z } from 'zod';
import { AssetsApiError, createAssetsClient, pullEndpointUrl, RateLimitedError } from '../atlassian/assets';
import { type ApiKeyRecord, generateApiKey, publicKeyView } from '../domain/apikeys';
import { sqlLayer } from '../domain/engine-sql';
import {
  draftConfigInput,
  exportId,
  type StoredExport,
  saveExportInput,
  toExportConfig,
} from '../domain/exports';
import { attributeColumns, describeChanges, diffMappings } from '../domain/mapping';
import {
  type AssetsObjectType,
  DIALECTS,
  type Dialect,
  type ExportConfig,
  type ExportMapping,
} from '../domain/model';
import {
  auditedDestination,
  DEFAULT_ROTATION_GRACE_HOURS,
  type Destination,
  destinationInput,
  destinationView,
  firstRunAt,
  getRunsInput,
  INTERVAL_MS,
  rotateSecretInput,
  runExportInput,
  runView,
  type Schedule,
  saveDestinationInput,
  setScheduleInput,
} from '../domain/push';
import { effectiveSecrets, generateWebhookSecret } from '../domain/webhook';
import { type TxWrite, writeTogether } from '../storage/kv';
import {
  destinationWrite,
  getDestination,
  getHistory,
  getPushRun,
  getPushState,
  getSchedule,
  getSigningSecrets,
  putSigningSecrets,
  scheduleDelete,
  scheduleWrite,
} from '../storage/push';
import {
  apiKeyWrite,
  getApiKey,
  getExport,
  getExportMapping,
  getExportState,
  saveExportRecord,
  createApiKey as storeApiKey,
  listApiKeys as storedApiKeys,
  listExports as storedExports,
  workspaceCache,
} from '../storage/store';
import { withAttributes } from './pull';
import { PushStartError, pauseRunOf, resumeRunOf, startPushRun } from './push';

export const ADMIN_MODULE_KEY = 'assets-to-sql-admin';
export const PULL_TRIGGER_KEY = 'pull-endpoint';

const { defineResolver } = createResolverKit(forgeResolverDeps);
const policy = appAdminPolicy(ADMIN_MODULE_KEY);
const audit = () => createAuditLog(forgeKvsStore());
/** The audit entry as a write of the change's transaction (`writeTogether`). */
const entry = (input: AuditInput): TxWrite => {
  const { key, value } = audit().prepare(input);
  return { set: key, value };
};
/** Resolvers have 25 s; leave room for the response. */
// The admin page reads Assets metadata as the admin: Assets' own permissions decide what they may see.
const assets = () => createAssetsClient({ as: 'user', deadline: Date.now() + 18_000, workspaceCache });
const dialect = z.enum(DIALECTS as [Dialect, ...Dialect[]], {
  error: `Expected one of ${DIALECTS.join(', ')}`,
});

async function typesWithAttributes(config: ExportConfig) {
  const client = assets();
  const all: AssetsObjectType[] = [];
  for (const schemaId of config.schemaIds) all.push(...(await client.listObjectTypes(schemaId)));
  return { types: await withAttributes(all, config, client), workspaceId: await client.workspaceId() };
}

const listSchemas = defineResolver({
  name: 'schemas.list',
  input: z.strictObject({}),
  policy,
  handler: () => assets().listSchemas(),
});

const listObjectTypes = defineResolver({
  name: 'objectTypes.list',
  input: z.strictObject({ schemaId: numericId }),
  policy,
  handler: async ({ input }) => {
    const types = await assets().listObjectTypes(input.schemaId);
    return types.map(({ attributes: _unused, ...t }) => t);
  },
});

/** Assets answers the admin can act on, as the kit's safe errors (anything else stays INTERNAL). */
function assetsUserError(error: unknown, notFound: string): unknown {
  if (error instanceof AssetsApiError && error.status === 404) return new UserError('NOT_FOUND', notFound);
  if (error instanceof RateLimitedError) return new UserError('RATE_LIMITED', error.message);
  return error;
}

/**
 * The attributes of one object type, each with the column (or link table) the mapping gives it without renames:
 * computed by `buildMapping` for an export of the type's schema with only this type selected, so it is the name
 * the DDL uses. Read as the app, like the export itself and `listObjectTypes`.
 */
const listAttributes = defineResolver({
  name: 'attributes.list',
  input: z.strictObject({ objectTypeId: numericId }),
  policy,
  handler: async ({ input }) => {
    const client = assets();
    try {
      const type = await client.objectType(input.objectTypeId);
      const attributes = [...new Map((await client.attributes(type.id)).map((a) => [a.id, a])).values()];
      const inSchema = await client.listObjectTypes(type.schemaId);
      const types = [
        ...inSchema.map((t) => (t.id === type.id ? { ...t, attributes } : t)),
        ...(inSchema.some((t) => t.id === type.id) ? [] : [{ ...type, attributes }]),
      ];
      const config: ExportConfig = {
        id: 'attributes',
        name: 'attributes',
        schemaIds: [type.schemaId],
        objectTypeIds: [type.id],
        dialect: 'postgresql',
      };
      const mapping = sqlLayer.buildMapping(await client.workspaceId(), types, config);
      const columns = attributeColumns(mapping, { id: type.id, attributes });
      return attributes.map((a) => ({
        id: a.id,
        name: a.name,
        kind: a.kind,
        system: a.system,
        label: a.label,
        maximumCardinality: a.maximumCardinality,
        ...(a.referenceObjectTypeId ? { referenceObjectTypeId: a.referenceObjectTypeId } : {}),
        column: columns.get(a.id) ?? null,
      }));
    } catch (error) {
      throw assetsUserError(error, 'No object type with this id');
    }
  },
});

/**
 * Drift: what changed between the mapping stored after the last completed run for this dialect and `mapping`.
 * Pull clients and the push destination keep separate baselines (`export-mapping:<id>:<dialect>[:push]`); the
 * one whose run finished last is compared, and `target` says which. `null` when neither ever completed a run.
 */
async function driftOf(
  exportId: string,
  target: Dialect,
  mapping: ExportMapping,
): Promise<{ target: 'pull' | 'push'; since: string | null; changes: string[] } | null> {
  const baselines = await Promise.all(
    (['pull', 'push'] as const).map(async (kind) => {
      const [previous, state] = await Promise.all([
        getExportMapping(exportId, target, kind),
        getExportState(exportId, target, kind),
      ]);
      return previous ? { kind, previous, since: state?.lastRun?.finishedAt ?? null } : undefined;
    }),
  );
  const latest = baselines
    .filter((b) => b !== undefined)
    .sort((a, b) => (b.since ?? '').localeCompare(a.since ?? ''))[0];
  if (!latest) return null;
  return {
    target: latest.kind,
    since: latest.since,
    changes: describeChanges(diffMappings(latest.previous, mapping)),
  };
}

const saveExport = defineResolver({
  name: 'export.save',
  input: saveExportInput,
  policy,
  handler: async ({ input, accountId }) => {
    const { id: requestedId, version, ...fields } = input;
    const before = requestedId ? await getExport(requestedId) : undefined;
    if (requestedId && !before) throw new UserError('NOT_FOUND', 'No export with this id');
    // The schemas and object types must exist (as the app sees them) before anything is stored.
    const client = assets();
    const schemas = new Set((await client.listSchemas()).map((s) => s.id));
    const missing = fields.schemaIds.filter((s) => !schemas.has(s));
    if (missing.length > 0)
      throw new UserError('UNPROCESSABLE', `Unknown object schema: ${missing.join(', ')}`);
    if (fields.objectTypeIds && fields.objectTypeIds.length > 0) {
      const known = new Set<string>();
      for (const schemaId of fields.schemaIds) {
        for (const t of await client.listObjectTypes(schemaId)) known.add(t.id);
      }
      const unknown = fields.objectTypeIds.filter((t) => !known.has(t));
      if (unknown.length > 0) {
        throw new UserError('UNPROCESSABLE', `Object types not in the chosen schemas: ${unknown.join(', ')}`);
      }
    }
    const id = requestedId ?? `exp-${randomUUID().slice(0, 8)}`;
    const now = new Date().toISOString();
    const after: StoredExport = {
      ...toExportConfig(id, fields),
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      updatedBy: accountId,
    };
    let saved: number;
    try {
      // Stored only if nobody saved since this admin's copy was loaded; the audit entry in the same transaction.
      saved = await saveExportRecord(after, requestedId ? (version ?? 0) : 0, (stored) => [
        audit().prepare({
          actor: accountId,
          action: before ? 'export.update' : 'export.create',
          outcome: 'changed',
          target: id,
          ...(stored ? { before: stored } : {}),
          after,
        }),
      ]);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        throw new UserError(
          'CONFLICT',
          'Someone else changed this export since you opened it. Reload to see their change, then make yours again.',
        );
      }
      throw error;
    }
    return { id, version: saved };
  },
});

const listExports = defineResolver({
  name: 'export.list',
  input: z.strictObject({}),
  policy,
  handler: async () => {
    const exports = await storedExports();
    return Promise.all(
      exports.map(async (e) => {
        const [destination, schedule] = await Promise.all([getDestination(e.id), getSchedule(e.id)]);
        return {
          ...e,
          lastRuns: Object.fromEntries(
            await Promise.all(
              DIALECTS.map(async (d) => [d, (await getExportState(e.id, d))?.lastRun ?? null]),
            ),
          ),
          destination: destination ? destinationView(destination, schedule) : null,
          schedule: schedule?.interval ?? null,
        };
      }),
    );
  },
});

const previewDdl = defineResolver({
  name: 'export.previewDdl',
  input: z.union([
    z.strictObject({ id: exportId, dialect: dialect.optional() }),
    z.strictObject({ config: draftConfigInput, dialect: dialect.optional() }),
  ]),
  policy,
  handler: async ({ input }) => {
    let config: ExportConfig;
    if ('id' in input) {
      const stored = await getExport(input.id);
      if (!stored) throw new UserError('NOT_FOUND', 'No export with this id');
      config = stored;
    } else {
      config = toExportConfig('preview', input.config);
    }
    const { types, workspaceId } = await typesWithAttributes(config);
    const mapping = sqlLayer.buildMapping(workspaceId, types, config);
    const target = input.dialect ?? config.dialect;
    return {
      dialect: target,
      tables: mapping.tables.map((t) => ({
        name: t.name,
        objectTypeId: t.objectTypeId,
        links: t.links.map((l) => ({ name: l.name, attributeId: l.attributeId })),
      })),
      sql: sqlLayer.dialectFor(target).createTables(mapping),
      // A draft has never run.
      drift: 'id' in input ? await driftOf(input.id, target, mapping) : null,
    };
  },
});

const createApiKey = defineResolver({
  name: 'apiKey.create',
  input: z.strictObject({
    label: boundedText({ max: 100, min: 1 }),
    exportIds: z.array(exportId).min(1).max(50),
    expiresAt: z.iso
      .datetime({ offset: true, error: 'Expected an ISO 8601 date-time' })
      .refine((s) => Date.parse(s) > Date.now(), { error: 'The expiry must be in the future' })
      .optional(),
  }),
  policy,
  handler: async ({ input, accountId }) => {
    const exportIds = [...new Set(input.exportIds)];
    for (const id of exportIds) {
      if (!(await getExport(id))) throw new UserError('NOT_FOUND', `No export with id ${id}`);
    }
    for (let attempt = 0; ; attempt++) {
      const generated = generateApiKey();
      const record: ApiKeyRecord = {
        id: generated.id,
        label: input.label,
        exportIds,
        createdAt: new Date().toISOString(),
        createdBy: accountId,
        ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
      };
      try {
        // The record and its audit entry in one transaction.
        await storeApiKey(record, generated.hash, [
          entry({
            actor: accountId,
            action: 'apiKey.create',
            outcome: 'changed',
            target: record.id,
            after: publicKeyView(record, new Date()),
          }),
        ]);
      } catch (error) {
        if (attempt < 2 && error instanceof Error && error.message === 'API key id already exists') continue;
        throw error;
      }
      // The only time the key leaves the server.
      return { id: record.id, key: generated.key };
    }
  },
});

const listApiKeys = defineResolver({
  name: 'apiKey.list',
  input: z.strictObject({}),
  policy,
  handler: async () => {
    const now = new Date();
    return (await storedApiKeys()).map((k) => publicKeyView(k, now));
  },
});

const revokeApiKey = defineResolver({
  name: 'apiKey.revoke',
  input: z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{12}$/, { error: 'Expected an API key id' }) }),
  policy,
  handler: async ({ input, accountId }) => {
    const before = await getApiKey(input.id);
    if (!before) throw new UserError('NOT_FOUND', 'No API key with this id');
    if (before.revokedAt) return { id: before.id, revokedAt: before.revokedAt };
    const after: ApiKeyRecord = { ...before, revokedAt: new Date().toISOString(), revokedBy: accountId };
    const now = new Date();
    await writeTogether([
      apiKeyWrite(after),
      entry({
        actor: accountId,
        action: 'apiKey.revoke',
        outcome: 'changed',
        target: before.id,
        before: publicKeyView(before, now),
        after: publicKeyView(after, now),
      }),
    ]);
    return { id: after.id, revokedAt: after.revokedAt };
  },
});

const getPullEndpoint = defineResolver({
  name: 'pullEndpoint.get',
  input: z.strictObject({}),
  policy,
  handler: async () => ({ url: await pullEndpointUrl(PULL_TRIGGER_KEY) }),
});

// ------------------------------------------------------------------ push

async function requireExport(id: string): Promise<StoredExport> {
  const config = await getExport(id);
  if (!config) throw new UserError('NOT_FOUND', 'No export with this id');
  return config;
}

async function requireDestination(exportId: string): Promise<Destination> {
  await requireExport(exportId);
  const destination = await getDestination(exportId);
  if (!destination) throw new UserError('NOT_FOUND', 'This export has no destination');
  return destination;
}

const runExport = defineResolver({
  name: 'export.run',
  input: runExportInput,
  policy,
  handler: async ({ input, accountId }) => {
    let run: Awaited<ReturnType<typeof startPushRun>>;
    try {
      run = await startPushRun({
        exportId: input.id,
        trigger: 'manual',
        requestedBy: accountId,
        ...(input.full ? { forceFull: true } : {}),
        alongside: (started) => [
          entry({
            actor: accountId,
            action: 'export.run',
            outcome: 'changed',
            target: input.id,
            after: { runId: started.runId, trigger: started.trigger, full: input.full === true },
          }),
        ],
      });
    } catch (error) {
      if (error instanceof PushStartError) throw new UserError(error.code, error.message);
      throw error;
    }
    return { runId: run.runId, status: run.status };
  },
});

const getRuns = defineResolver({
  name: 'export.runs',
  input: getRunsInput,
  policy,
  handler: async ({ input }) => {
    await requireExport(input.id);
    const [state, history, destination, schedule] = await Promise.all([
      getPushState(input.id),
      getHistory(input.id),
      getDestination(input.id),
      getSchedule(input.id),
    ]);
    const current = state?.currentRunId ? await getPushRun(state.currentRunId) : undefined;
    return {
      exportId: input.id,
      current: current ? runView(current) : null,
      runs: history,
      destination: destination ? destinationView(destination, schedule) : null,
    };
  },
});

const getDestinationView = defineResolver({
  name: 'destination.get',
  input: destinationInput,
  policy,
  handler: async ({ input }) => {
    await requireExport(input.exportId);
    const destination = await getDestination(input.exportId);
    return destination ? destinationView(destination, await getSchedule(input.exportId)) : null;
  },
});

/** Is `url` the masked form of `stored`, as the admin page shows it (a save that did not touch the URL)? */
function isMaskedForm(url: string, stored: string): boolean {
  try {
    return new URL(maskUrl(stored)).href === new URL(url).href && maskUrl(stored) !== stored;
  } catch {
    return false;
  }
}

/**
 * Starts a rotation: the new secret goes to secret storage as `pending` (secret storage cannot join a transaction)
 * and takes effect only when the destination record naming its `createdAt` is committed with the audit entry; an
 * uncommitted rotation changes nothing (`effectiveSecrets`). `finish` then makes it the stored current secret.
 */
async function stageRotation(before: Destination, graceHours: number, now: Date) {
  const stored = await getSigningSecrets(before.exportId);
  const committed = stored ? effectiveSecrets(stored, before.secretCreatedAt) : undefined;
  const secret = generateWebhookSecret();
  const createdAt = now.toISOString();
  const pending = { secret, createdAt, graceHours: committed ? graceHours : 0 };
  // With no secret at all the destination cannot deliver anyway; the pending one is then also the fallback.
  await putSigningSecrets(before.exportId, { ...(committed ?? { current: secret }), pending });
  return {
    secret,
    createdAt,
    previousValidUntil:
      committed && graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000).toISOString() : null,
    finish: () =>
      putSigningSecrets(
        before.exportId,
        effectiveSecrets({ ...(committed ?? { current: secret }), pending }, createdAt),
      ),
  };
}

const saveDestination = defineResolver({
  name: 'destination.save',
  input: saveDestinationInput,
  policy,
  handler: async ({ input, accountId }) => {
    await requireExport(input.exportId);
    const before = await getDestination(input.exportId);
    // The page shows the URL masked; sending that back keeps the stored one (with its real query token).
    const url = before && isMaskedForm(input.url, before.url) ? before.url : input.url;
    const now = new Date();
    const iso = now.toISOString();
    const origin = new URL(url).origin;
    // A new host must not be able to verify (or forge) what the old host received: it gets a new secret, with no
    // grace period for the old one.
    const rotation = before && before.origin !== origin ? await stageRotation(before, 0, now) : undefined;
    const after: Destination = before
      ? {
          ...before,
          url,
          origin,
          updatedAt: iso,
          updatedBy: accountId,
          ...(rotation ? { secretCreatedAt: rotation.createdAt } : {}),
        }
      : {
          exportId: input.exportId,
          url,
          origin,
          status: 'active',
          consecutiveFailures: 0,
          consecutiveRateLimited: 0,
          createdAt: iso,
          updatedAt: iso,
          updatedBy: accountId,
          secretCreatedAt: iso,
        };
    // A new destination gets its signing secret now; unused until the destination record below exists.
    const created = before ? undefined : generateWebhookSecret();
    if (created) await putSigningSecrets(input.exportId, { current: created });
    await writeTogether([
      destinationWrite(after),
      entry({
        actor: accountId,
        action: before ? 'destination.update' : 'destination.create',
        outcome: 'changed',
        target: input.exportId,
        ...(before ? { before: auditedDestination(before) } : {}),
        after: { ...auditedDestination(after), ...(rotation ? { secretRotated: 'new host' } : {}) },
      }),
    ]);
    await rotation?.finish();
    const view = destinationView(after, await getSchedule(input.exportId));
    // The only time the secret leaves the server.
    const secret = created ?? rotation?.secret;
    return secret ? { ...view, secret } : view;
  },
});

const rotateSecret = defineResolver({
  name: 'destination.rotateSecret',
  input: rotateSecretInput,
  policy,
  handler: async ({ input, accountId }) => {
    const before = await requireDestination(input.exportId);
    const graceHours = input.graceHours ?? DEFAULT_ROTATION_GRACE_HOURS;
    const now = new Date();
    const rotation = await stageRotation(before, graceHours, now);
    const after: Destination = {
      ...before,
      secretCreatedAt: rotation.createdAt,
      updatedAt: now.toISOString(),
      updatedBy: accountId,
    };
    await writeTogether([
      destinationWrite(after),
      entry({
        actor: accountId,
        action: 'destination.rotateSecret',
        outcome: 'changed',
        target: input.exportId,
        before: auditedDestination(before),
        after: { ...auditedDestination(after), previousAcceptedForHours: graceHours },
      }),
    ]);
    await rotation.finish();
    // The only time the new secret leaves the server.
    return { secret: rotation.secret, previousValidUntil: rotation.previousValidUntil };
  },
});

const pauseDestination = defineResolver({
  name: 'destination.pause',
  input: destinationInput,
  policy,
  handler: async ({ input, accountId }) => {
    const before = await requireDestination(input.exportId);
    if (before.status === 'paused') return destinationView(before, await getSchedule(input.exportId));
    const now = new Date().toISOString();
    const after: Destination = {
      ...before,
      status: 'paused',
      pausedAt: now,
      pausedReason: 'paused by an app admin',
      pausedBy: accountId,
      updatedAt: now,
      updatedBy: accountId,
    };
    await writeTogether([
      destinationWrite(after),
      entry({
        actor: accountId,
        action: 'destination.pause',
        outcome: 'changed',
        target: input.exportId,
        before: auditedDestination(before),
        after: auditedDestination(after),
      }),
    ]);
    await pauseRunOf(input.exportId, 'paused by an app admin');
    return destinationView(after, await getSchedule(input.exportId));
  },
});

const resumeDestination = defineResolver({
  name: 'destination.resume',
  input: destinationInput,
  policy,
  handler: async ({ input, accountId }) => {
    const before = await requireDestination(input.exportId);
    const now = new Date().toISOString();
    const { pausedAt: _at, pausedReason: _reason, pausedBy: _by, ...rest } = before;
    const after: Destination = {
      ...rest,
      status: 'active',
      consecutiveFailures: 0,
      consecutiveRateLimited: 0,
      updatedAt: now,
      updatedBy: accountId,
    };
    await writeTogether([
      destinationWrite(after),
      entry({
        actor: accountId,
        action: 'destination.resume',
        outcome: 'changed',
        target: input.exportId,
        before: auditedDestination(before),
        after: auditedDestination(after),
      }),
    ]);
    const resumedRunId = await resumeRunOf(input.exportId);
    return {
      ...destinationView(after, await getSchedule(input.exportId)),
      resumedRunId: resumedRunId ?? null,
    };
  },
});

const setSchedule = defineResolver({
  name: 'schedule.set',
  input: setScheduleInput,
  policy,
  handler: async ({ input, accountId }) => {
    await requireExport(input.exportId);
    const before = await getSchedule(input.exportId);
    if (input.interval === null) {
      if (before) {
        await writeTogether([
          scheduleDelete(input.exportId),
          entry({
            actor: accountId,
            action: 'schedule.delete',
            outcome: 'changed',
            target: input.exportId,
            before,
          }),
        ]);
      }
      return { exportId: input.exportId, interval: null, nextRunAt: null };
    }
    if (!(await getDestination(input.exportId))) {
      throw new UserError('UNPROCESSABLE', 'Save a destination for this export before scheduling it');
    }
    const now = new Date();
    const state = await getPushState(input.exportId);
    const keep = before && before.interval === input.interval;
    const after: Schedule = {
      exportId: input.exportId,
      interval: input.interval,
      nextRunAt: keep ? before.nextRunAt : firstRunAt(input.interval, state?.lastStartedAt, now),
      updatedAt: now.toISOString(),
      updatedBy: accountId,
    };
    await writeTogether([
      scheduleWrite(after),
      entry({
        actor: accountId,
        action: before ? 'schedule.update' : 'schedule.create',
        outcome: 'changed',
        target: input.exportId,
        ...(before ? { before } : {}),
        after,
      }),
    ]);
    return {
      exportId: input.exportId,
      interval: after.interval,
      nextRunAt: after.nextRunAt,
      everyMs: INTERVAL_MS[after.interval],
    };
  },
});

// Only the functions defined here can be called: @forge/resolver's own lookup would also run inherited names such as
// `constructor`. Refused calls are audited, at most once per caller per minute.
const refusals = { onRefused: auditRefusals(forgeKvsStore()) };

export const adminResolver = ownKeysOnly(
  new Resolver()
    .define('listSchemas', listSchemas)
    .define('listObjectTypes', listObjectTypes)
    .define('listAttributes', listAttributes)
    .define('saveExport', saveExport)
    .define('listExports', listExports)
    .define('previewDdl', previewDdl)
    .define('createApiKey', createApiKey)
    .define('listApiKeys', listApiKeys)
    .define('revokeApiKey', revokeApiKey)
    .define('getPullEndpoint', getPullEndpoint)
    .define('runExport', runExport)
    .define('getRuns', getRuns)
    .define('getDestination', getDestinationView)
    .define('saveDestination', saveDestination)
    .define('rotateSecret', rotateSecret)
    .define('pauseDestination', pauseDestination)
    .define('resumeDestination', resumeDestination)
    .define('setSchedule', setSchedule),
  refusals,
);
