import { ConcurrentUpdateError, replaceVersioned, StaleVersionError, updateVersioned } from '@suite/storage';
import { z } from 'zod';
import type { AuditLog } from './audit';
import type { AppRole } from './policy';
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
  actor: string,
): Promise<VersionedRoleGrants & { changed: boolean }> {
  const ops = roleChangeSchema.parse(change);
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
        return same(before, after) ? undefined : after;
      },
      // Only a change is written, so every write has its entry.
      {
        alongside: (next, current) => [
          auditEntry(audit, actor, role, parseGrants(current), next as RoleGrants),
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
  actor: string,
): Promise<VersionedRoleGrants & { changed: boolean }> {
  const next = canonical(grants);
  try {
    const result = await replaceVersioned(
      store.versioned,
      roleKey(role),
      expectedVersion,
      (current) => (same(canonical(parseGrants(current)), next) ? undefined : next),
      { alongside: (_, current) => [auditEntry(audit, actor, role, parseGrants(current), next)] },
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
