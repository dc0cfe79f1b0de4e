import { z } from 'zod';
import type { AuditLog } from './audit';
import type { AppRole } from './policy';
import type { KeyValueStore } from './store';

const ROLE_PREFIX = 'roles:';

/** Who holds a role: account ids and Jira group ids (ids, not names, because groups can be renamed). */
export const roleGrantsSchema = z.object({
  accountIds: z.array(z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/)).max(5_000),
  groupIds: z.array(z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/)).max(500),
});

export type RoleGrants = z.infer<typeof roleGrantsSchema>;

const EMPTY: RoleGrants = { accountIds: [], groupIds: [] };

export async function readRoleGrants(store: KeyValueStore, role: AppRole): Promise<RoleGrants> {
  const raw = await store.get(`${ROLE_PREFIX}${role}`);
  if (raw === undefined) return EMPTY;
  // A corrupt record grants nothing rather than everything.
  const parsed = roleGrantsSchema.safeParse(raw);
  return parsed.success ? parsed.data : EMPTY;
}

/** Replaces a role's grants and records who changed what in the audit log. */
export async function writeRoleGrants(
  store: KeyValueStore,
  audit: AuditLog,
  role: AppRole,
  grants: RoleGrants,
  actor: string,
): Promise<void> {
  const next = roleGrantsSchema.parse({
    accountIds: [...new Set(grants.accountIds)].sort(),
    groupIds: [...new Set(grants.groupIds)].sort(),
  });
  const before = await readRoleGrants(store, role);
  await store.set(`${ROLE_PREFIX}${role}`, next);
  await audit.append({
    actor,
    action: 'roles.update',
    outcome: 'changed',
    target: role,
    before,
    after: next,
  });
}
