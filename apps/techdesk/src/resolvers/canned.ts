/**
 * Canned responses. One contract key per action, but who may act depends on the scope, so each key dispatches to
 * one of three fully defined resolvers (each with its own schema and policy):
 * - personal: any licensed user of the issue panel, on their own responses only (stored under their account id);
 * - project: project admins (ADMINISTER_PROJECTS on that project, asked as the user) from the issue panel, or app
 *   admins from the admin page;
 * - global: app admins from the admin page (`appAdminPolicy`).
 * The dispatch reads only the payload's `scope`/`id` and the platform's `moduleKey`; the chosen resolver then
 * parses and authorises everything again, so a forged scope or module only picks a stricter or failing path.
 */
import { randomUUID } from 'node:crypto';
import { definePolicy, UserError } from '@suite/permissions';
import { boundedText, projectKey } from '@suite/sanitize';
import { z } from 'zod';
import {
  CANNED_ID,
  type CannedLocation,
  cannedId,
  parseCannedId,
  publicCanned,
  type StoredCanned,
} from '../domain/canned';
import type { CannedResponse } from '../domain/contract';
import { deleteCanned, getCanned, putCanned } from '../storage/store';
import { ADMIN_MODULE, adminPolicy, audit, defineResolver, PANEL_MODULE } from './common';

const title = boundedText({ max: 120, min: 1 });
const body = boundedText({ max: 10_000, min: 1, multiline: true });

function idOfScope(scope: CannedLocation['scope']) {
  return z
    .string({ error: 'Expected a canned response id' })
    .regex(CANNED_ID, { error: 'Expected a canned response id' })
    .refine((id) => parseCannedId(id)?.scope === scope, { error: `Not a ${scope} canned response id` });
}

const personalPolicy = definePolicy<unknown>({ modules: [PANEL_MODULE], licence: 'required' });

function projectAdminPolicy<I extends { projectKey: string }>() {
  return definePolicy<I>({
    modules: [PANEL_MODULE],
    licence: 'required',
    jira: (input) => ({
      scope: 'project',
      projectKey: input.projectKey,
      permissions: ['ADMINISTER_PROJECTS'],
    }),
  });
}

interface SaveInput {
  readonly id?: string | undefined;
  readonly scope: CannedLocation['scope'];
  readonly projectKey?: string;
  readonly title: string;
  readonly body: string;
}

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
  const before = input.id ? await getCanned(input.id, accountId) : undefined;
  if (input.id && !before) throw new UserError('NOT_FOUND', 'This canned response does not exist any more.');
  const after: StoredCanned = {
    id,
    scope: input.scope,
    ...(input.scope === 'project' && input.projectKey ? { projectKey: input.projectKey } : {}),
    title: input.title,
    body: input.body,
    updatedBy: accountId,
    updatedAt: new Date().toISOString(),
  };
  if (input.scope !== 'personal') {
    await audit().append({
      actor: accountId,
      action: before ? 'canned.update' : 'canned.create',
      outcome: 'changed',
      target: id,
      ...(before ? { before: publicCanned(before) } : {}),
      after: publicCanned(after),
    });
  }
  await putCanned(after, accountId);
  return publicCanned(after);
}

async function remove(id: string, accountId: string): Promise<{ deleted: true }> {
  const before = await getCanned(id, accountId);
  if (!before) throw new UserError('NOT_FOUND', 'This canned response does not exist any more.');
  if (before.scope !== 'personal') {
    await audit().append({
      actor: accountId,
      action: 'canned.delete',
      outcome: 'changed',
      target: id,
      before: publicCanned(before),
    });
  }
  await deleteCanned(id, accountId);
  return { deleted: true };
}

const savePersonal = defineResolver({
  name: 'canned.save.personal',
  input: z.strictObject({ id: idOfScope('personal').optional(), scope: z.literal('personal'), title, body }),
  policy: personalPolicy,
  handler: ({ input, accountId }) => save(input, accountId),
});

const projectSaveInput = z.strictObject({
  id: idOfScope('project').optional(),
  scope: z.literal('project'),
  projectKey,
  title,
  body,
});

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
  input: z.strictObject({ id: idOfScope('global').optional(), scope: z.literal('global'), title, body }),
  policy: adminPolicy,
  handler: ({ input, accountId }) => save(input, accountId),
});

const deletePersonal = defineResolver({
  name: 'canned.delete.personal',
  input: z.strictObject({ id: idOfScope('personal') }),
  policy: personalPolicy,
  handler: ({ input, accountId }) => remove(input.id, accountId),
});

const projectDeleteInput = z.strictObject({ id: idOfScope('project') }).transform((input) => {
  const location = parseCannedId(input.id);
  return { id: input.id, projectKey: location?.scope === 'project' ? location.projectKey : '' };
});

const deleteProjectAsProjectAdmin = defineResolver({
  name: 'canned.delete.project',
  input: projectDeleteInput,
  policy: projectAdminPolicy(),
  handler: ({ input, accountId }) => remove(input.id, accountId),
});

const deleteProjectAsAppAdmin = defineResolver({
  name: 'canned.delete.project',
  input: projectDeleteInput,
  policy: adminPolicy,
  handler: ({ input, accountId }) => remove(input.id, accountId),
});

const deleteGlobal = defineResolver({
  name: 'canned.delete.global',
  input: z.strictObject({ id: idOfScope('global') }),
  policy: adminPolicy,
  handler: ({ input, accountId }) => remove(input.id, accountId),
});

interface Request {
  readonly payload?: unknown;
  readonly context?: unknown;
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

export function saveCannedResponse(request: Request) {
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

export function deleteCannedResponse(request: Request) {
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
