import { ConcurrentUpdateError, replaceVersioned, StaleVersionError, updateVersioned } from '@suite/storage';
import { z } from 'zod';
import type { AuditLog } from './audit';
import { currentUserGroups, type RequestJira } from './jira';
import { APP_ADMIN, type AppRole } from './policy';
import type { KeyValueStore } from './store';
import { UserError } from './user-error';

const ROLE_PREFIX = 'roles:';

const accountIdsSchema = z.array(z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/)).max(5_000);
const groupIdsSchema = z.array(z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/)).max(500);

/** Who holds a role: account ids and Jira group ids (ids, not names, because groups can be renamed). */
export const roleGrantsSchema = z.object({ accountIds: accountIdsSchema, groupIds: groupIdsSchema });

export type RoleGrants = z.infer<typeof roleGrantsSchema>;

/** Grant and revoke operations for one role: applied to whatever is stored when they land, not to a copy. */
export const roleChangeSchema = z.strictObject({
  grant: z
    .strictObject({ accountIds: accountIdsSchema.optional(), groupIds: groupIdsSchema.optional() })
    .optional(),
  revoke: z
    .strictObject({ accountIds: accountIdsSchema.optional(), groupIds: groupIdsSchema.optional() })
    .optional(),
});

export type RoleChange = z.infer<typeof roleChangeSchema>;

/** A role's grants with the version they were read at (0: never changed through a versioned write). */
export interface VersionedRoleGrants extends RoleGrants {
  readonly version: number;
}

const EMPTY: RoleGrants = { accountIds: [], groupIds: [] };

const roleKey = (role: AppRole) => `${ROLE_PREFIX}${role}`;

// A corrupt record grants nothing rather than everything.
const parseGrants = (raw: unknown): RoleGrants => {
  if (raw === undefined) return EMPTY;
  const parsed = roleGrantsSchema.safeParse(raw);
  return parsed.success ? parsed.data : EMPTY;
};

const canonical = (grants: RoleGrants): RoleGrants =>
  roleGrantsSchema.parse({
    accountIds: [...new Set(grants.accountIds)].sort(),
    groupIds: [...new Set(grants.groupIds)].sort(),
  });

const same = (a: RoleGrants, b: RoleGrants) => JSON.stringify(a) === JSON.stringify(b);

export async function readRoleGrants(store: KeyValueStore, role: AppRole): Promise<RoleGrants> {
  return parseGrants(await store.get(roleKey(role)));
}

/**
 * For the role check: `'empty'` only when nobody is granted, `'corrupt'` for a record that does not parse, so a
 * delegation role (open while empty) fails closed on a corrupt list instead of opening up.
 */
export async function readRoleList(
  store: KeyValueStore,
  role: AppRole,
): Promise<RoleGrants | 'empty' | 'corrupt'> {
  const raw = await store.get(roleKey(role));
  if (raw === undefined) return 'empty';
  const parsed = roleGrantsSchema.safeParse(raw);
  if (!parsed.success) return 'corrupt';
  return isEmpty(parsed.data) ? 'empty' : parsed.data;
}

const isEmpty = (grants: RoleGrants) => grants.accountIds.length === 0 && grants.groupIds.length === 0;

/** Who changes grants. For app-admin changes, their Jira group ids (`id:…`, as `currentUserGroups` gives them). */
export interface RoleActor {
  readonly accountId: string;
  readonly groups?: ReadonlySet<string>;
}

/** The acting admin with their groups, read as the user, for a change to the app-admin list. */
export async function roleActor(accountId: string, requestJira: RequestJira): Promise<RoleActor> {
  return { accountId, groups: await currentUserGroups(requestJira, accountId) };
}

export const LOCKOUT_MESSAGE =
  'This change would leave the app admin list without you, so you could no longer manage this app. Add yourself ' +
  '(or one of your groups) to the list first, or clear the list to let every Jira administrator in.';

/**
 * Refuses an app-admin list that names someone but not the acting admin (directly or through a group they are in,
 * when their groups are known), so no save can lock every administrator out. An empty list is fine: bootstrap.
 */
function refuseLockout(role: AppRole, after: RoleGrants, actor: RoleActor): void {
  if (role !== APP_ADMIN || isEmpty(after)) return;
  if (after.accountIds.includes(actor.accountId)) return;
  if (after.groupIds.some((id) => actor.groups?.has(`id:${id}`))) return;
  throw new UserError('UNPROCESSABLE', LOCKOUT_MESSAGE);
}

const asActor = (actor: string | RoleActor): RoleActor =>
  typeof actor === 'string' ? { accountId: actor } : actor;

/** For an admin page: the grants and the version a whole-list save must name (`replaceRoleGrants`). */
export async function readVersionedRoleGrants(
  store: KeyValueStore,
  role: AppRole,
): Promise<VersionedRoleGrants> {
  const record = await store.versioned.read(roleKey(role));
  return { ...parseGrants(record?.value), version: record?.version ?? 0 };
}

const auditEntry = (audit: AuditLog, actor: string, role: AppRole, before: RoleGrants, after: RoleGrants) =>
  audit.prepare({ actor, action: 'roles.update', outcome: 'changed', target: role, before, after });

/**
 * Grants and revokes applied by compare-and-set on the role's record: two admins granting different people at
 * once both land, whatever the interleaving. The audit entry is written in the same transaction, and only when
 * the grants actually changed. Revoke wins over grant for an id named in both.
 */
export async function changeRoleGrants(
  store: KeyValueStore,
  audit: AuditLog,
  role: AppRole,
  change: RoleChange,
  actor: string | RoleActor,
): Promise<VersionedRoleGrants & { changed: boolean }> {
  const ops = roleChangeSchema.parse(change);
  const by = asActor(actor);
  const apply = (current: RoleGrants): RoleGrants => {
    const without = (list: readonly string[], drop: readonly string[] = []) =>
      list.filter((x) => !drop.includes(x));
    return canonical({
      accountIds: without([...current.accountIds, ...(ops.grant?.accountIds ?? [])], ops.revoke?.accountIds),
      groupIds: without([...current.groupIds, ...(ops.grant?.groupIds ?? [])], ops.revoke?.groupIds),
    });
  };
  try {
    const result = await updateVersioned(
      store.versioned,
      roleKey(role),
      (current) => {
        const before = canonical(parseGrants(current));
        const after = apply(before);
        if (same(before, after)) return undefined;
        // Checked on what is stored now, inside the compare-and-set: a concurrent change cannot slip past it.
        refuseLockout(role, after, by);
        return after;
      },
      // Only a change is written, so every write has its entry.
      {
        alongside: (next, current) => [
          auditEntry(audit, by.accountId, role, parseGrants(current), next as RoleGrants),
        ],
      },
    );
    return { ...parseGrants(result.value), version: result.version ?? 0, changed: result.changed };
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new UserError('CONFLICT', `The ${role} role is being changed by others right now; try again.`);
    }
    throw error;
  }
}

/**
 * Replaces a role's whole grant list, but only if it is still at `expectedVersion`, the version the admin's copy
 * was read at: otherwise CONFLICT, nothing written, rather than silently dropping someone else's newer grant. The
 * audit entry is written in the same transaction, only for a change.
 */
export async function replaceRoleGrants(
  store: KeyValueStore,
  audit: AuditLog,
  role: AppRole,
  grants: RoleGrants,
  expectedVersion: number,
  actor: string | RoleActor,
): Promise<VersionedRoleGrants & { changed: boolean }> {
  const next = canonical(grants);
  const by = asActor(actor);
  try {
    const result = await replaceVersioned(
      store.versioned,
      roleKey(role),
      expectedVersion,
      (current) => {
        if (same(canonical(parseGrants(current)), next)) return undefined;
        refuseLockout(role, next, by);
        return next;
      },
      { alongside: (_, current) => [auditEntry(audit, by.accountId, role, parseGrants(current), next)] },
    );
    return { ...parseGrants(result.value), version: result.version, changed: result.changed };
  } catch (error) {
    if (error instanceof StaleVersionError) {
      throw new UserError(
        'CONFLICT',
        `The ${role} role was changed by someone else since you loaded it; reload to see their change.`,
      );
    }
    throw error;
  }
}

/**
 * Break glass (`siteAdminResetPolicy`): empties the app-admin list, so every Jira administrator is an app admin again.
 * Audited as `roles.reset` in the same transaction, with the list as it was.
 */
export async function resetAppAdminGrants(
  store: KeyValueStore,
  audit: AuditLog,
  actor: string,
): Promise<VersionedRoleGrants & { changed: boolean }> {
  try {
    const result = await updateVersioned(
      store.versioned,
      roleKey(APP_ADMIN),
      // A corrupt record is replaced too: it is what locks every administrator out.
      (current) => {
        const parsed = roleGrantsSchema.safeParse(current);
        return current === undefined || (parsed.success && isEmpty(parsed.data)) ? undefined : EMPTY;
      },
      {
        alongside: (_, current) => [
          audit.prepare({
            actor,
            action: 'roles.reset',
            outcome: 'changed',
            target: APP_ADMIN,
            // As stored, even if corrupt, so the entry shows what the reset cleared.
            before: current,
            after: EMPTY,
          }),
        ],
      },
    );
    return { ...parseGrants(result.value), version: result.version ?? 0, changed: result.changed };
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new UserError('CONFLICT', 'The app admin list is being changed by others right now; try again.');
    }
    throw error;
  }
}
