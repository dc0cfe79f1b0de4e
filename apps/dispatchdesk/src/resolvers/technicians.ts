/**
 * Technician profiles (availability, skills, home base) and manual positions. A technician reads and edits only
 * their own availability and location (not their skills); dispatchers and app admins anyone's. The payload's
 * `accountId` routes to one of two kit-defined resolvers with different policies ({@link selfOrOthers}).
 */
import { UserError } from '@suite/permissions';
import { accountId as accountIdSchema } from '@suite/sanitize';
import { ConcurrentUpdateError, LeaseHeldError } from '@suite/storage';
import { z } from 'zod';
import * as jira from '../atlassian/jira';
import { pruneTimeOff } from '../domain/availability';
import { cleanProfile, latLngSchema, normaliseConfig, profileSchema, sameSkills } from '../domain/config';
import type { TechnicianProfile } from '../domain/contract';
import { currentArrival } from '../domain/positions';
import { defaultProfile, type StoredTechnician, toProfile } from '../domain/technicians';
import {
  bumpChange,
  deleteTechnician as deleteStored,
  getConfig,
  getTechnician as getStored,
  MAX_TECHNICIANS,
  ShardFullError,
  TechniciansFullError,
  updateTechnician,
} from '../storage/store';
import {
  ADMIN_MODULE,
  ANY_ROLE,
  audit,
  CONSOLE_MODULE,
  canDispatch,
  DISPATCH_ROLES,
  defineResolver,
  product,
  rolePolicy,
  selfOrOthers,
} from './common';

const MODULES = [CONSOLE_MODULE, ADMIN_MODULE];
/** Profiles are small; this bounds what a caller can make the app write. */
const MAX_PROFILE_BYTES = 20_000;

/** The target must be an active, licensed Atlassian account the caller can see. */
async function requireLicensedUser(accountId: string): Promise<void> {
  const user = await product('user lookup', () => jira.getUser(accountId));
  if (!user)
    throw new UserError('NOT_FOUND', 'There is no Jira user with this account id (or you cannot see them).');
  if (user.accountType !== 'atlassian' || !user.active) {
    throw new UserError('UNPROCESSABLE', 'Only active, licensed Atlassian accounts can be technicians.');
  }
}

export const TECHNICIANS_FULL = `DispatchDesk already has ${MAX_TECHNICIANS} technician profiles, the most it keeps; no new profile can be added.`;

function saved<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof ConcurrentUpdateError || error instanceof LeaseHeldError) {
      throw new UserError('CONFLICT', 'This profile is being changed by someone else right now; try again.');
    }
    if (error instanceof TechniciansFullError) throw new UserError('UNPROCESSABLE', TECHNICIANS_FULL);
    if (error instanceof ShardFullError) {
      throw new UserError(
        'UNPROCESSABLE',
        'Technician storage is full: remove old time off entries or unused profiles.',
      );
    }
    throw error;
  });
}

const getInput = z.strictObject({ accountId: accountIdSchema });

async function readProfile(accountId: string): Promise<TechnicianProfile> {
  const stored = await getStored(accountId);
  if (stored) return toProfile(stored);
  await requireLicensedUser(accountId);
  return defaultProfile(accountId, normaliseConfig(await getConfig()));
}

export const getTechnician = selfOrOthers(
  defineResolver({
    name: 'technician.get.self',
    input: getInput,
    policy: rolePolicy(MODULES, ANY_ROLE),
    handler: ({ input }) => readProfile(input.accountId),
  }),
  defineResolver({
    name: 'technician.get',
    input: getInput,
    policy: rolePolicy(MODULES, DISPATCH_ROLES),
    handler: ({ input }) => readProfile(input.accountId),
  }),
);

async function save(
  input: z.output<typeof profileSchema>,
  actor: string,
  dispatcher: boolean,
): Promise<TechnicianProfile> {
  await requireLicensedUser(input.accountId);
  const now = Date.now();
  const profile = cleanProfile(input);
  const stored = await getStored(input.accountId);
  if (!dispatcher && !sameSkills(profile.skills, stored?.skills ?? [])) {
    throw new UserError('UNPROCESSABLE', 'Skills are managed by dispatchers; ask one to change yours.');
  }
  const previous = stored?.manualPosition ?? null;
  const moved =
    profile.manualPosition !== null &&
    (previous === null ||
      previous.lat !== profile.manualPosition.lat ||
      previous.lng !== profile.manualPosition.lng);
  const next: StoredTechnician = {
    ...profile,
    timeOff: pruneTimeOff(profile.timeOff, profile.timeZone, now),
    // The server stamps when a position was set; a client cannot back- or forward-date it.
    manualPosition:
      profile.manualPosition === null
        ? null
        : moved
          ? {
              lat: profile.manualPosition.lat,
              lng: profile.manualPosition.lng,
              setAt: new Date(now).toISOString(),
            }
          : previous,
    updatedAt: new Date(now).toISOString(),
    updatedBy: actor,
  };
  // `lastOnSite` is the server's (set by `arrive`): kept from what is stored at write time (while it still counts),
  // never taken from the client.
  let kept: StoredTechnician['lastOnSite'];
  // Who changed whose profile, not the content (time off reasons are personal): in the profile's transaction.
  const entry = audit().prepare({
    actor,
    action: 'technician.save',
    outcome: 'changed',
    target: input.accountId,
  });
  await saved(() =>
    updateTechnician(
      input.accountId,
      (current) => {
        kept = currentArrival(current?.lastOnSite, now);
        return kept ? { ...next, lastOnSite: kept } : next;
      },
      () => [entry],
    ),
  );
  await bumpChange();
  return toProfile(kept ? { ...next, lastOnSite: kept } : next);
}

export const saveTechnician = selfOrOthers(
  defineResolver({
    name: 'technician.save.self',
    input: profileSchema,
    maxInputBytes: MAX_PROFILE_BYTES,
    policy: rolePolicy(MODULES, ANY_ROLE),
    handler: ({ input, accountId, roles }) => save(input, accountId, canDispatch(roles)),
  }),
  defineResolver({
    name: 'technician.save',
    input: profileSchema,
    maxInputBytes: MAX_PROFILE_BYTES,
    policy: rolePolicy(MODULES, DISPATCH_ROLES),
    handler: ({ input, accountId }) => save(input, accountId, true),
  }),
);

const positionInput = z.strictObject({ accountId: accountIdSchema, position: latLngSchema.nullable() });

async function setPositionFor(input: z.output<typeof positionInput>, actor: string): Promise<{ ok: true }> {
  await requireLicensedUser(input.accountId);
  const config = normaliseConfig(await getConfig());
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  // Planning positions are set by hand (a click on the map), not streamed, so each is audited like any change: who
  // set whose position, or cleared it, never the coordinates (a location is personal data).
  const entry = audit().prepare({
    actor,
    action: 'technician.position',
    outcome: 'changed',
    target: input.accountId,
    after: { position: input.position ? 'set' : 'cleared' },
  });
  await saved(() =>
    updateTechnician(
      input.accountId,
      (current) => {
        const { lastOnSite, ...rest } = current ?? { ...defaultProfile(input.accountId, config) };
        const arrival = currentArrival(lastOnSite, nowMs);
        return {
          ...rest,
          ...(arrival ? { lastOnSite: arrival } : {}),
          manualPosition: input.position ? { ...input.position, setAt: now } : null,
          updatedAt: now,
          updatedBy: actor,
        };
      },
      () => [entry],
    ),
  );
  await bumpChange();
  return { ok: true };
}

export const setPosition = selfOrOthers(
  defineResolver({
    name: 'technician.position.self',
    input: positionInput,
    policy: rolePolicy(MODULES, ANY_ROLE),
    handler: ({ input, accountId }) => setPositionFor(input, accountId),
  }),
  defineResolver({
    name: 'technician.position',
    input: positionInput,
    policy: rolePolicy(MODULES, DISPATCH_ROLES),
    handler: ({ input, accountId }) => setPositionFor(input, accountId),
  }),
);

/**
 * `arrive`: the assignee's planning position becomes the ticket's location ("last on-site ticket"), stored in their
 * profile as `lastOnSite` (issue key, the ticket's coordinates, when). Not a device location. False when the
 * assignee has no profile and the profiles are at the cap: the arrival (already in Jira) stands, unrecorded.
 */
export async function recordArrival(
  accountId: string,
  ticket: { readonly key: string; readonly location: { readonly lat: number; readonly lng: number } },
  actor: string,
): Promise<boolean> {
  const config = normaliseConfig(await getConfig());
  const now = new Date().toISOString();
  try {
    await updateTechnician(accountId, (current) => ({
      ...(current ?? { ...defaultProfile(accountId, config) }),
      lastOnSite: { lat: ticket.location.lat, lng: ticket.location.lng, issueKey: ticket.key, at: now },
      updatedAt: now,
      updatedBy: actor,
    }));
    return true;
  } catch (error) {
    if (error instanceof TechniciansFullError) return false;
    return saved(() => Promise.reject(error));
  }
}

const deleteInput = z.strictObject({ accountId: accountIdSchema });

async function deleteProfile(accountId: string, actor: string): Promise<{ deleted: boolean }> {
  // The account needs no lookup: a closed or deactivated account's profile must stay deletable.
  const deleted = await saved(() =>
    deleteStored(accountId, () => [
      // Who deleted whose profile; not its content (time off reasons are personal).
      audit().prepare({ actor, action: 'technician.delete', outcome: 'changed', target: accountId }),
    ]),
  );
  if (deleted) await bumpChange();
  return { deleted };
}

/**
 * Deletes a technician profile (availability, home base, skills, planning position, last on-site ticket): the
 * technician their own, dispatchers and app admins anyone's. The profile and its audit entry are one transaction.
 * Deleting a profile that is not there answers `{ deleted: false }` and writes nothing.
 */
export const deleteTechnician = selfOrOthers(
  defineResolver({
    name: 'technician.delete.self',
    input: deleteInput,
    policy: rolePolicy(MODULES, ANY_ROLE),
    handler: ({ input, accountId }) => deleteProfile(input.accountId, accountId),
  }),
  defineResolver({
    name: 'technician.delete',
    input: deleteInput,
    policy: rolePolicy(MODULES, DISPATCH_ROLES),
    handler: ({ input, accountId }) => deleteProfile(input.accountId, accountId),
  }),
);
