/**
 * Travel and arrival (`startTravel`, `arrive`): apply the admin's configured transition by name, looked up in the
 * issue's own `GET /transitions`, **as the caller** (`asUser()`), so Jira's workflow and permissions decide too.
 *
 * Who: tier 2 asks Jira (as the caller) for Browse + Transition issues on that issue; tier 3 any DispatchDesk role;
 * then the handler allows a technician only on a ticket assigned to them (the assignee is read from Jira here,
 * never taken from the client), and dispatchers / app admins on any ticket. Same conflict guard as `assign`.
 * `arrive` also makes the ticket's location the assignee's planning position ("last on-site ticket"), stored in
 * their profile as `lastOnSite` — the ticket's coordinates, not a device location.
 */
import { UserError } from '@suite/permissions';
import { isoDateTime, issueKey as issueKeySchema } from '@suite/sanitize';
import { z } from 'zod';
import * as jira from '../atlassian/jira';
import { normaliseConfig } from '../domain/config';
import type { TravelResult } from '../domain/contract';
import { conflictMessage, ticketFields } from '../domain/tickets';
import { bumpChange, readConsoleState } from '../storage/store';
import {
  ANY_ROLE,
  CONSOLE_MODULE,
  canDispatch,
  defineResolver,
  oneChangeAtATime,
  product,
  rolePolicy,
} from './common';
import { ticketOf } from './load';
import { recordArrival, TECHNICIANS_FULL } from './technicians';

type Step = 'startTravel' | 'arrive';

const LABEL: Readonly<Record<Step, { name: string; verb: string }>> = {
  startTravel: { name: 'start travel', verb: 'start travel to' },
  arrive: { name: 'arrive', verb: 'mark arrival at' },
};

const input = z.strictObject({ issueKey: issueKeySchema, expectedUpdated: isoDateTime });
type Input = z.output<typeof input>;

const policy = rolePolicy<{ issueKey: string }>([CONSOLE_MODULE], ANY_ROLE, (i) => ({
  scope: 'issue',
  issueKey: i.issueKey,
  permissions: ['BROWSE_PROJECTS', 'TRANSITION_ISSUES'],
}));

async function step(
  kind: Step,
  payload: Input,
  caller: string,
  roles: Parameters<typeof canDispatch>[0],
): Promise<TravelResult> {
  const state = await readConsoleState();
  const config = normaliseConfig(state.config);
  const fields = ticketFields(config);
  const current = await ticketOf(
    await product('ticket lookup', () => jira.getIssue(payload.issueKey, fields)),
    config,
    state,
  );
  if (!current) throw new UserError('NOT_FOUND', 'This ticket does not exist, or you cannot see it.');
  if (!config.projectKeys.includes(current.projectKey)) {
    throw new UserError('UNPROCESSABLE', `${current.key} is not in a project DispatchDesk is set up for.`);
  }
  const assignee = current.assignee;
  if (!canDispatch(roles) && assignee?.accountId !== caller) {
    throw new UserError(
      'FORBIDDEN',
      `Only the technician assigned to ${current.key}, or a dispatcher, can ${LABEL[kind].verb} it.`,
    );
  }
  if (!assignee) {
    throw new UserError('UNPROCESSABLE', `${current.key} has no assignee yet: assign a technician first.`);
  }
  const conflict = conflictMessage(current.key, payload.expectedUpdated, current, 'try again');
  if (conflict) throw new UserError('CONFLICT', conflict);

  const wanted = config.transitions[kind];
  if (!wanted) {
    throw new UserError(
      'UNPROCESSABLE',
      `No "${LABEL[kind].name}" transition is set up. An app admin chooses it on the DispatchDesk admin page (Dispatching).`,
    );
  }
  const available = await product('transition lookup', () => jira.transitionsOf(current.key));
  const match = available.find((t) => t.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (!match) {
    throw new UserError(
      'UNPROCESSABLE',
      `Transition "${wanted}" is not available from ${current.status.name}; the status is unchanged.`,
    );
  }
  await product('transition', () => jira.doTransition(current.key, match.id));

  const notes: string[] = [];
  if (kind === 'arrive') {
    if (current.location) {
      const recorded = await recordArrival(
        assignee.accountId,
        { key: current.key, location: current.location },
        caller,
      );
      if (!recorded) notes.push(`${TECHNICIANS_FULL} The planning position is unchanged.`);
    } else {
      notes.push(`${current.key} has no location, so the planning position is unchanged.`);
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

export const startTravel = defineResolver({
  name: 'console.travel.start',
  input,
  policy,
  handler: ({ input: payload, accountId, roles }) =>
    oneChangeAtATime(payload.issueKey, () => step('startTravel', payload, accountId, roles)),
});

export const arrive = defineResolver({
  name: 'console.travel.arrive',
  input,
  policy,
  handler: ({ input: payload, accountId, roles }) =>
    oneChangeAtATime(payload.issueKey, () => step('arrive', payload, accountId, roles)),
});
