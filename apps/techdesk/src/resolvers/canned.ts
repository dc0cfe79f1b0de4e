/**
 * Canned responses. One contract key per action, but who may act depends on the scope, so each key dispatches to
 * one of three fully defined resolvers (each with its own schema and policy):
 * - personal: any licensed user of the issue panel holding the `agent` role, on their own responses only (stored
 *   under their account id);
 * - project: project admins (ADMINISTER_PROJECTS on that project, asked as the user) holding `agent` from the issue
 *   panel, or app admins from the admin page;
 * - global: app admins from the admin page (`appAdminPolicy`).
 * The dispatch reads only the payload's `scope`/`id` and the platform's `moduleKey`; the chosen resolver then
 * parses and authorises everything again, so a forged scope or module only picks a stricter or failing path.
 */
import { randomUUID } from 'node:crypto';
import { definePolicy, routesTo, UserError } from '@suite/permissions';
import { boundedText, issueKey, projectKey } from '@suite/sanitize';
import { StaleVersionError } from '@suite/storage';
import { z } from 'zod';
import {
  CANNED_CAP,
  CANNED_ID,
  CANNED_PAGE,
  type CannedLocation,
  cannedCapMessage,
  cannedId,
  parseCannedId,
  publicCanned,
  type StoredCanned,
} from '../domain/canned';
import { projectKeyOf } from '../domain/config';
import type { CannedResponse } from '../domain/contract';
import {
  cannedPrefix,
  createWithinCap,
  deleteCanned,
  LeaseHeldError,
  ListFullError,
  pageCanned,
  saveCanned,
} from '../storage/store';
import {
  ADMIN_MODULE,
  adminPolicy,
  agentPolicy,
  audit,
  defineResolver,
  PANEL_MODULE,
  PANEL_ROLES,
} from './common';

const title = boundedText({ max: 120, min: 1 });
const body = boundedText({ max: 10_000, min: 1, multiline: true });

function idOfScope(scope: CannedLocation['scope']) {
  return z
    .string({ error: 'Expected a canned response id' })
    .regex(CANNED_ID, { error: 'Expected a canned response id' })
    .refine((id) => parseCannedId(id)?.scope === scope, { error: `Not a ${scope} canned response id` });
}

const version = z
  .number({ error: 'Expected the version of the canned response you loaded' })
  .int({ error: 'Expected the version of the canned response you loaded' })
  .min(0)
  .max(2 ** 31);

/** An edit (an `id`) must say which version it edits, so a stale copy cannot overwrite a newer one. */
function editNamesVersion(
  input: { id?: string | undefined; version?: number | undefined },
  ctx: z.RefinementCtx,
) {
  if (input.id !== undefined && input.version === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['version'],
      message: 'Expected the version of the canned response you loaded',
    });
  }
}

const personalPolicy = definePolicy<unknown>({
  modules: [PANEL_MODULE],
  licence: 'required',
  appRoles: PANEL_ROLES,
});

function projectAdminPolicy<I extends { projectKey: string }>() {
  return definePolicy<I>({
    modules: [PANEL_MODULE],
    licence: 'required',
    jira: (input) => ({
      scope: 'project',
      projectKey: input.projectKey,
      permissions: ['ADMINISTER_PROJECTS'],
    }),
    appRoles: PANEL_ROLES,
  });
}

interface SaveInput {
  readonly id?: string | undefined;
  readonly version?: number | undefined;
  readonly scope: CannedLocation['scope'];
  readonly projectKey?: string;
  readonly title: string;
  readonly body: string;
}

const GONE = 'This canned response does not exist any more (someone deleted it). Reload the list.';
const STALE =
  'Someone else changed this canned response since you opened it. Reload to see their version, then make your change again.';

/** Stale-version refusals as CONFLICT, so nobody's newer edit is overwritten unseen. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StaleVersionError) {
      throw error.current === 0 ? new UserError('NOT_FOUND', GONE) : new UserError('CONFLICT', STALE);
    }
    throw error;
  }
}

const BUSY = 'Someone else is adding a canned response to this list right now. Try again in a moment.';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A create counts the list and writes under the list's lease (so concurrent creates cannot overshoot the cap).
 * Creates of one list are short, so a busy lease is waited for a little before answering CONFLICT.
 */
async function withinCap<T>(input: SaveInput, accountId: string, create: () => Promise<T>): Promise<T> {
  const prefix = cannedPrefix(input.scope, accountId, input.projectKey);
  for (let attempt = 0; ; attempt++) {
    try {
      return await createWithinCap(prefix, CANNED_CAP, create);
    } catch (error) {
      if (error instanceof ListFullError) throw new UserError('UNPROCESSABLE', cannedCapMessage(input.scope));
      if (!(error instanceof LeaseHeldError)) throw error;
      if (attempt >= 40) throw new UserError('CONFLICT', BUSY);
      await sleep(20 + Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5)));
    }
  }
}

/**
 * A new response (no id) gets a fresh id; an edit names the id and the version it was read at, and is stored only
 * if that is still the stored version. The audit entry (not for personal ones) goes in the same transaction.
 */
async function save(input: SaveInput, accountId: string): Promise<CannedResponse> {
  const location: CannedLocation =
    input.scope === 'project'
      ? { scope: 'project', projectKey: input.projectKey ?? '', uuid: randomUUID() }
      : { scope: input.scope, uuid: randomUUID() };
  const id = input.id ?? cannedId(location);
  if (input.scope === 'project' && parseCannedId(id)?.scope === 'project') {
    const stored = parseCannedId(id);
    if (stored?.scope === 'project' && stored.projectKey !== input.projectKey) {
      throw new UserError('UNPROCESSABLE', 'A canned response cannot move to another project.');
    }
  }
  const after: StoredCanned = {
    id,
    scope: input.scope,
    ...(input.scope === 'project' && input.projectKey ? { projectKey: input.projectKey } : {}),
    title: input.title,
    body: input.body,
    updatedBy: accountId,
    updatedAt: new Date().toISOString(),
  };
  const write = () =>
    saveCanned(after, accountId, input.id ? (input.version ?? 0) : 0, {
      // An edit never brings back a response that was deleted (a record without a guard reads as version 0).
      check: (current) => {
        if (input.id && !current) throw new UserError('NOT_FOUND', GONE);
      },
      ...(input.scope === 'personal'
        ? {}
        : {
            alongside: (before) => [
              audit().prepare({
                actor: accountId,
                action: before ? 'canned.update' : 'canned.create',
                outcome: 'changed',
                target: id,
                ...(before ? { before: publicCanned({ ...before, version: input.version ?? 0 }) } : {}),
                after: publicCanned({ ...after, version: (input.version ?? 0) + 1 }),
              }),
            ],
          }),
    });
  const saved = await guarded(() => (input.id ? write() : withinCap(input, accountId, write)));
  return publicCanned(saved);
}

/**
 * Deletes only the version the caller saw: a response someone edited meanwhile is kept (CONFLICT), because the
 * deleter decided on content that is no longer there; they reload, see the edit, and delete again if they still
 * want to. Deleting what is already gone answers NOT_FOUND.
 */
async function remove(id: string, version: number, accountId: string): Promise<{ deleted: true }> {
  const deleted = await guarded(() =>
    deleteCanned(id, accountId, version, (before) =>
      before.scope === 'personal'
        ? []
        : [
            audit().prepare({
              actor: accountId,
              action: 'canned.delete',
              outcome: 'changed',
              target: id,
              before: publicCanned({ ...before, version }),
            }),
          ],
    ),
  );
  if (!deleted) throw new UserError('NOT_FOUND', GONE);
  return { deleted: true };
}

const savePersonal = defineResolver({
  name: 'canned.save.personal',
  input: z
    .strictObject({
      id: idOfScope('personal').optional(),
      version: version.optional(),
      scope: z.literal('personal'),
      title,
      body,
    })
    .superRefine(editNamesVersion),
  policy: personalPolicy,
  handler: ({ input, accountId }) => save(input, accountId),
});

const projectSaveInput = z
  .strictObject({
    id: idOfScope('project').optional(),
    version: version.optional(),
    scope: z.literal('project'),
    projectKey,
    title,
    body,
  })
  .superRefine(editNamesVersion);

const saveProjectAsProjectAdmin = defineResolver({
  name: 'canned.save.project',
  input: projectSaveInput,
  policy: projectAdminPolicy(),
  handler: ({ input, accountId }) => save(input, accountId),
});

const saveProjectAsAppAdmin = defineResolver({
  name: 'canned.save.project',
  input: projectSaveInput,
  policy: adminPolicy,
  handler: ({ input, accountId }) => save(input, accountId),
});

const saveGlobal = defineResolver({
  name: 'canned.save.global',
  input: z
    .strictObject({
      id: idOfScope('global').optional(),
      version: version.optional(),
      scope: z.literal('global'),
      title,
      body,
    })
    .superRefine(editNamesVersion),
  policy: adminPolicy,
  handler: ({ input, accountId }) => save(input, accountId),
});

const deletePersonal = defineResolver({
  name: 'canned.delete.personal',
  input: z.strictObject({ id: idOfScope('personal'), version }),
  policy: personalPolicy,
  handler: ({ input, accountId }) => remove(input.id, input.version, accountId),
});

const projectDeleteInput = z.strictObject({ id: idOfScope('project'), version }).transform((input) => {
  const location = parseCannedId(input.id);
  return {
    id: input.id,
    version: input.version,
    projectKey: location?.scope === 'project' ? location.projectKey : '',
  };
});

const deleteProjectAsProjectAdmin = defineResolver({
  name: 'canned.delete.project',
  input: projectDeleteInput,
  policy: projectAdminPolicy(),
  handler: ({ input, accountId }) => remove(input.id, input.version, accountId),
});

const deleteProjectAsAppAdmin = defineResolver({
  name: 'canned.delete.project',
  input: projectDeleteInput,
  policy: adminPolicy,
  handler: ({ input, accountId }) => remove(input.id, input.version, accountId),
});

const deleteGlobal = defineResolver({
  name: 'canned.delete.global',
  input: z.strictObject({ id: idOfScope('global'), version }),
  policy: adminPolicy,
  handler: ({ input, accountId }) => remove(input.id, input.version, accountId),
});

// ------------------------------------------------------------------ paging through a list

const cursor = z.string().min(1).max(2_000).optional();

async function page(prefix: string, after: string | undefined) {
  const result = await pageCanned(prefix, CANNED_PAGE, after);
  return { items: result.items.map(publicCanned), cursor: result.cursor };
}

/** The panel's own list: personal, or the ticket's project (any agent who may work on the ticket sees them). */
const listFromPanel = defineResolver({
  name: 'canned.list.panel',
  input: z.strictObject({
    issueKey,
    scope: z.enum(['personal', 'project', 'global']),
    cursor,
  }),
  policy: agentPolicy(),
  handler: ({ input, accountId }) =>
    page(cannedPrefix(input.scope, accountId, projectKeyOf(input.issueKey)), input.cursor),
});

/** The admin page's lists: global, or every project's responses. */
const listFromAdmin = defineResolver({
  name: 'canned.list.admin',
  input: z.strictObject({ scope: z.enum(['project', 'global']), cursor }),
  policy: adminPolicy,
  handler: ({ input, accountId }) => page(cannedPrefix(input.scope, accountId), input.cursor),
});

interface Request {
  readonly payload?: unknown;
  readonly context?: unknown;
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

export const saveCannedResponse = routesTo(saveCannedResponseByScope, [
  savePersonal,
  saveProjectAsProjectAdmin,
  saveProjectAsAppAdmin,
  saveGlobal,
]);

function saveCannedResponseByScope(request: Request) {
  const fromAdminPage = field(request.context, 'moduleKey') === ADMIN_MODULE;
  switch (field(request.payload, 'scope')) {
    case 'global':
      return saveGlobal(request);
    case 'project':
      return fromAdminPage ? saveProjectAsAppAdmin(request) : saveProjectAsProjectAdmin(request);
    default:
      // Also the path for a missing or unknown scope: its schema answers INVALID_INPUT naming `scope`.
      return savePersonal(request);
  }
}

export const listCannedResponses = routesTo(listCannedResponsesByModule, [listFromAdmin, listFromPanel]);

function listCannedResponsesByModule(request: Request) {
  return field(request.context, 'moduleKey') === ADMIN_MODULE
    ? listFromAdmin(request)
    : listFromPanel(request);
}

export const deleteCannedResponse = routesTo(deleteCannedResponseById, [
  deletePersonal,
  deleteProjectAsProjectAdmin,
  deleteProjectAsAppAdmin,
  deleteGlobal,
]);

function deleteCannedResponseById(request: Request) {
  const id = field(request.payload, 'id');
  const fromAdminPage = field(request.context, 'moduleKey') === ADMIN_MODULE;
  switch (typeof id === 'string' ? parseCannedId(id)?.scope : undefined) {
    case 'global':
      return deleteGlobal(request);
    case 'project':
      return fromAdminPage ? deleteProjectAsAppAdmin(request) : deleteProjectAsProjectAdmin(request);
    default:
      return deletePersonal(request);
  }
}
