/**
 * Console resolvers (Custom UI `dispatchdesk-console`). Dispatchers see and act; technicians get their own work
 * ("My work": the tickets Jira lets them see, and only their own technician entry); app admins can do what
 * dispatchers do. Jira changes run as the caller (`asUser()`). Travel / arrival: `./travel.ts`.
 */
import { UserError } from '@suite/permissions';
import { accountId as accountIdSchema, isoDateTime, issueKey as issueKeySchema } from '@suite/sanitize';
import { z } from 'zod';
import * as jira from '../atlassian/jira';
import {
  decodeVersion,
  encodeVersion,
  INDEX_SLACK_MS,
  MAX_WINDOW_MINUTES,
  VERSION_PATTERN,
  windowMinutes,
} from '../domain/changes';
import { normaliseConfig } from '../domain/config';
import type { ConsoleData, RankedTechnician, TicketView } from '../domain/contract';
import { rankForTicket } from '../domain/ranking';
import { rankInput } from '../domain/technicians';
import { conflictMessage, obj, str, ticketFields } from '../domain/tickets';
import { bumpChange, readChangeState, readConsoleState } from '../storage/store';
import {
  ANY_ROLE,
  CONSOLE_MODULE,
  canDispatch,
  DISPATCH_ROLES,
  defineResolver,
  oneChangeAtATime,
  product,
  rolePolicy,
} from './common';
import { isTechnician, loadConsole, mapSettings, projectsJql, splitByLocation, ticketOf } from './load';

const empty = z.strictObject({});

export const getConsole = defineResolver({
  name: 'console.get',
  input: empty,
  policy: rolePolicy([CONSOLE_MODULE], ANY_ROLE),
  handler: async ({ accountId, roles }): Promise<ConsoleData> => {
    const now = Date.now();
    const loaded = await loadConsole(now, false, accountId);
    const { located, unlocated } = splitByLocation(loaded.tickets);
    // Seen until: 5 s back (an update Jira has not indexed yet is caught by the next poll), but never before the
    // newest update this load already shows (so the dispatcher's own assign does not trigger a second reload).
    let seenUntil = now - INDEX_SLACK_MS;
    for (const ticket of loaded.tickets) {
      const updated = Date.parse(ticket.updated);
      if (!Number.isNaN(updated) && updated > seenUntil) seenUntil = updated;
    }
    // Technicians' screens (My work) show their own assigned tickets only; the others' assignees, locations and
    // phases would tell them where colleagues are ("on site" at an address), so they are not sent at all.
    const shown = (ticket: (typeof loaded.tickets)[number]) =>
      canDispatch(roles) || ticket.assignee?.accountId === accountId;
    return {
      tickets: located.filter(shown),
      unlocated: unlocated.filter(shown),
      // Technicians work from "My work": they get their own view only, not their colleagues' planning positions.
      technicians: loaded.technicians
        .map((t) => t.view)
        .filter((v) => canDispatch(roles) || v.accountId === accountId),
      offices: loaded.config.offices,
      map: await mapSettings(loaded.config),
      version: encodeVersion({ change: loaded.state.change ?? '', seenUntil }),
      ...(loaded.truncated ? { truncated: true } : {}),
      ...(loaded.techniciansOmitted > 0 ? { techniciansOmitted: loaded.techniciansOmitted } : {}),
      me: { accountId, roles },
    };
  },
});

export const getChanges = defineResolver({
  name: 'console.changes',
  input: z.strictObject({
    version: z.string().regex(VERSION_PATTERN, { error: 'Expected a version from getConsole' }),
  }),
  policy: rolePolicy([CONSOLE_MODULE], ANY_ROLE),
  handler: async ({ input }) => {
    const now = Date.now();
    const since = decodeVersion(input.version);
    const { config, change } = await readChangeState();
    const token = change ?? '';
    if (!since || since.change !== token) {
      return { changed: true, version: encodeVersion({ change: token, seenUntil: now - INDEX_SLACK_MS }) };
    }
    const minutes = windowMinutes(since.seenUntil, now);
    if (!config || config.projectKeys.length === 0) {
      return { changed: false, version: encodeVersion({ change: token, seenUntil: now - INDEX_SLACK_MS }) };
    }
    if (minutes > MAX_WINDOW_MINUTES) {
      return { changed: true, version: encodeVersion({ change: token, seenUntil: now - INDEX_SLACK_MS }) };
    }
    // One cheap search: the most recently updated ticket in the window, only its `updated` field.
    const { issues } = await product('change check', () =>
      jira.searchIssues(
        `${projectsJql(config)} AND updated >= -${minutes}m ORDER BY updated DESC`,
        ['updated'],
        1,
      ),
    );
    const latest = Date.parse(str(obj(obj(issues[0]).fields).updated) ?? '');
    const changed = !Number.isNaN(latest) && latest > since.seenUntil;
    const seenUntil = Math.max(since.seenUntil, Number.isNaN(latest) ? since.seenUntil : latest);
    return { changed, version: encodeVersion({ change: token, seenUntil }) };
  },
});

export const rankTechnicians = defineResolver({
  name: 'console.rank',
  input: z.strictObject({ issueKey: issueKeySchema }),
  // Dispatchers and app admins: a ranking gives every technician's distance to a ticket (their planning positions).
  policy: rolePolicy<{ issueKey: string }>([CONSOLE_MODULE], DISPATCH_ROLES, (i) => ({
    scope: 'issue',
    issueKey: i.issueKey,
    permissions: ['BROWSE_PROJECTS'],
  })),
  handler: async ({ input }): Promise<readonly RankedTechnician[]> => {
    const now = Date.now();
    const loaded = await loadConsole(now, true);
    const raw = await product('ticket lookup', () =>
      jira.getIssue(input.issueKey, ticketFields(loaded.config)),
    );
    const ticket = await ticketOf(raw, loaded.config, loaded.state);
    if (!ticket) throw new UserError('NOT_FOUND', 'This ticket does not exist, or you cannot see it.');
    if (!loaded.config.projectKeys.includes(ticket.projectKey)) {
      throw new UserError('UNPROCESSABLE', `${ticket.key} is not in a project DispatchDesk is set up for.`);
    }
    const location = ticket.location;
    if (!location) {
      throw new UserError(
        'UNPROCESSABLE',
        `${ticket.key} has no location yet, so technicians cannot be ranked by distance.`,
      );
    }
    return rankForTicket(
      { lat: location.lat, lng: location.lng, requiredSkill: ticket.requiredSkill },
      loaded.technicians.map((t) => rankInput(t.view)),
      { speedKmh: loaded.config.travelSpeedKmh },
    );
  },
});

export const assign = defineResolver({
  name: 'console.assign',
  input: z.strictObject({
    issueKey: issueKeySchema,
    accountId: accountIdSchema,
    expectedUpdated: isoDateTime,
  }),
  policy: rolePolicy<{ issueKey: string }>([CONSOLE_MODULE], DISPATCH_ROLES, (i) => ({
    scope: 'issue',
    issueKey: i.issueKey,
    permissions: ['BROWSE_PROJECTS', 'ASSIGN_ISSUES'],
  })),
  handler: ({ input }) => oneChangeAtATime(input.issueKey, () => assignNow(input)),
});

async function assignNow(input: {
  issueKey: string;
  accountId: string;
  expectedUpdated: string;
}): Promise<{ ticket: TicketView; notes?: readonly string[] }> {
  const state = await readConsoleState();
  const config = normaliseConfig(state.config);
  const fields = ticketFields(config);
  const current = await ticketOf(
    await product('ticket lookup', () => jira.getIssue(input.issueKey, fields)),
    config,
    state,
  );
  if (!current) throw new UserError('NOT_FOUND', 'This ticket does not exist, or you cannot see it.');
  if (!config.projectKeys.includes(current.projectKey)) {
    throw new UserError('UNPROCESSABLE', `${current.key} is not in a project DispatchDesk is set up for.`);
  }
  if (!(await isTechnician(input.accountId, config, state))) {
    throw new UserError('NOT_FOUND', 'This person is not one of the technicians DispatchDesk knows.');
  }
  // The conflict guard: never overwrite a change the dispatcher has not seen.
  const conflict = conflictMessage(current.key, input.expectedUpdated, current);
  if (conflict) throw new UserError('CONFLICT', conflict);

  await product('assignment', () => jira.assignIssue(current.key, input.accountId));
  const notes: string[] = [];
  const wanted = config.transitions.assign;
  if (wanted) {
    const available = await product('transition lookup', () => jira.transitionsOf(current.key));
    const match = available.find((t) => t.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!match) {
      notes.push(
        `Transition "${wanted}" is not available from ${current.status.name}; the status is unchanged.`,
      );
    } else {
      try {
        await jira.doTransition(current.key, match.id);
      } catch (error) {
        notes.push(
          `Assigned, but Jira refused the transition "${wanted}"${error instanceof jira.ProductApiError ? ` (HTTP ${error.status})` : ''}.`,
        );
      }
    }
  }
  await bumpChange();
  const ticket = await ticketOf(
    await product('ticket lookup', () => jira.getIssue(current.key, fields)),
    config,
    state,
  );
  if (!ticket) throw new UserError('NOT_FOUND', 'This ticket does not exist, or you cannot see it.');
  return notes.length > 0 ? { ticket, notes } : { ticket };
}
