import { beforeEach, describe, expect, it } from 'vitest';
import { seedJira } from '../src/seed/jira';
import { createRng } from '../src/seed/rng';
import { type DirectCall, directCaller } from '../src/site/jira/call';
import type { Issue, JiraState } from '../src/site/jira/model';
import { jsmRoutes } from '../src/site/jsm/routes';
import type { Principal } from '../src/site/types';

const NOW = new Date('2026-03-02T12:00:00.000Z');
let state: JiraState;
let call: DirectCall;
let clock = NOW.getTime();

const user = (name: string): Principal => {
  const u = [...state.users.values()].find((x) => x.displayName === name);
  if (!u) throw new Error(name);
  return { kind: 'user', accountId: u.accountId };
};
const idOf = (p: Principal) => (p.kind === 'user' ? p.accountId : '');
const portal = () => user('Olivia Brown');
const agent = () => user('Tom Becker');
const ownIssue = (): Issue => {
  const issue = [...state.issues.values()].find(
    (i) => i.key.startsWith('FS-') && i.fields.reporter === idOf(portal()) && i.fields.resolutionId === null,
  );
  if (!issue) throw new Error('portal customer has no open FS request');
  return issue;
};
interface Page<T> {
  size: number;
  start: number;
  limit: number;
  isLastPage: boolean;
  values: T[];
  _links: Record<string, string>;
}

beforeEach(() => {
  clock = NOW.getTime();
  state = seedJira(createRng(5), { tickets: 150, technicians: 8, now: () => new Date(clock) }).state;
  call = directCaller(jsmRoutes, state);
});

describe('service desks and request types', () => {
  it('lists service desks in the paged shape', () => {
    const res = call(agent(), 'GET', '/rest/servicedeskapi/servicedesk');
    expect(res.status).toBe(200);
    const page = res.body as Page<{ id: string; projectKey: string }>;
    expect(page).toMatchObject({ size: 1, start: 0, limit: 50, isLastPage: true });
    expect(page.values.map((d) => d.projectKey)).toEqual(['FS']);
    const jordan = call(user('Jordan Lee'), 'GET', '/rest/servicedeskapi/servicedesk').body as Page<{
      projectKey: string;
    }>;
    expect(jordan.values.map((d) => d.projectKey)).toEqual(['FS', 'IT']);
    const limited = call(user('Jordan Lee'), 'GET', '/rest/servicedeskapi/servicedesk?limit=1')
      .body as Page<unknown>;
    expect(limited).toMatchObject({ size: 1, isLastPage: false });
    expect(limited._links.next).toContain('start=1');
  });

  it('lists request types of a desk', () => {
    const page = call(portal(), 'GET', '/rest/servicedeskapi/servicedesk/1/requesttype').body as Page<{
      name: string;
      issueTypeId: string;
      serviceDeskId: string;
    }>;
    expect(page.values.map((r) => r.name)).toEqual([
      'Broken equipment',
      'Installation',
      'Maintenance visit',
      'Network outage',
      'General question',
    ]);
    expect(page.values[0]).toMatchObject({ issueTypeId: '10003', serviceDeskId: '1' });
    expect(call(user('Tom Becker'), 'GET', '/rest/servicedeskapi/servicedesk/2/requesttype').status).toBe(
      404,
    );
  });

  it('returns the Assets workspace id, and an empty list without Assets', () => {
    const res = call(agent(), 'GET', '/rest/servicedeskapi/assets/workspace');
    expect(res.body).toMatchObject({
      size: 1,
      start: 0,
      isLastPage: true,
      values: [{ workspaceId: state.assetsWorkspaceId }],
    });
    state.assetsAvailable = false;
    expect(call(agent(), 'GET', '/rest/servicedeskapi/assets/workspace').body).toMatchObject({
      size: 0,
      values: [],
    });
  });

  it('customers need the experimental header and agent access', () => {
    expect(call(agent(), 'GET', '/rest/servicedeskapi/servicedesk/1/customer').status).toBe(412);
    const headers = { 'X-ExperimentalApi': 'opt-in' };
    const page = call(
      agent(),
      'GET',
      '/rest/servicedeskapi/servicedesk/1/customer?limit=100',
      undefined,
      headers,
    ).body as Page<{ accountId: string }>;
    expect(page.values.length).toBe(21);
    expect(
      call(portal(), 'GET', '/rest/servicedeskapi/servicedesk/1/customer', undefined, headers).status,
    ).toBe(403);
  });
});

describe('requests', () => {
  it('a customer sees their own requests; others are 404', () => {
    type R = { issueKey: string; reporter: { accountId: string } };
    const mine = call(
      portal(),
      'GET',
      '/rest/servicedeskapi/request?limit=100&requestOwnership=OWNED_REQUESTS',
    ).body as Page<R>;
    expect(mine.values.length).toBeGreaterThan(0);
    expect(mine.values.every((r) => r.reporter.accountId === idOf(portal()))).toBe(true);
    const all = call(portal(), 'GET', '/rest/servicedeskapi/request?limit=100').body as Page<R>;
    const expected = [...state.issues.values()].filter(
      (i) => i.fields.reporter === idOf(portal()) || i.participants.includes(idOf(portal())),
    );
    expect(all.values.map((r) => r.issueKey).sort()).toEqual(expected.map((i) => i.key).sort());
    const other = [...state.issues.values()].find(
      (i) => i.fields.reporter !== idOf(portal()) && !i.participants.includes(idOf(portal())),
    );
    expect(call(portal(), 'GET', `/rest/servicedeskapi/request/${other?.key}`).status).toBe(404);
    expect(call(portal(), 'GET', `/rest/servicedeskapi/request/${ownIssue().key}`).status).toBe(200);
  });

  it('returns the request shape with expands', () => {
    const issue = ownIssue();
    const res = call(
      agent(),
      'GET',
      `/rest/servicedeskapi/request/${issue.key}?expand=sla,status,requestType,participant`,
    );
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown>;
    expect(body).toMatchObject({
      issueId: issue.id,
      issueKey: issue.key,
      requestTypeId: issue.requestTypeId,
      serviceDeskId: '1',
      createdDate: { epochMillis: issue.created, jira: expect.stringMatching(/\.\d{3}\+0000$/) },
      reporter: { accountId: idOf(portal()) },
      currentStatus: {
        status: expect.any(String),
        statusCategory: expect.stringMatching(/NEW|INDETERMINATE/),
      },
      requestType: { id: issue.requestTypeId },
      sla: { values: [{ name: 'Time to first response' }, { name: 'Time to resolution' }] },
      status: { isLastPage: true },
      participants: { values: expect.any(Array) },
    });
  });

  it('a customer raises a request; an agent raises one on behalf of a customer', () => {
    const res = call(portal(), 'POST', '/rest/servicedeskapi/request', {
      serviceDeskId: '1',
      requestTypeId: '1',
      requestFieldValues: {
        summary: 'Fridge warm',
        description: 'Display fridge at 12°C',
        customfield_10101: { lat: 51.52, lng: -0.1, address: '5 Mill Lane' },
        customfield_10102: { value: 'Refrigeration' },
      },
    });
    expect(res.status).toBe(201);
    const created = res.body as { issueKey: string; currentStatus: { status: string } };
    expect(created.currentStatus.status).toBe('Waiting for support');
    const issue = [...state.issues.values()].find((i) => i.key === created.issueKey);
    expect(issue?.fields.issueTypeId).toBe('10003');
    expect(issue?.fields.location).toEqual({ lat: 51.52, lng: -0.1, address: '5 Mill Lane' });
    expect(
      call(portal(), 'POST', '/rest/servicedeskapi/request', {
        serviceDeskId: '1',
        requestTypeId: '1',
        requestFieldValues: { summary: 'x' },
        raiseOnBehalfOf: idOf(agent()),
      }).status,
    ).toBe(403);
    const onBehalf = call(agent(), 'POST', '/rest/servicedeskapi/request', {
      serviceDeskId: '1',
      requestTypeId: '5',
      requestFieldValues: { summary: 'Invoice question' },
      raiseOnBehalfOf: idOf(portal()),
    });
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.body).toMatchObject({ reporter: { accountId: idOf(portal()) } });
    expect(
      call(portal(), 'POST', '/rest/servicedeskapi/request', {
        serviceDeskId: '1',
        requestTypeId: '1',
        requestFieldValues: {},
      }).status,
    ).toBe(400);
  });
});

describe('request comments', () => {
  it('customers never see internal comments; agents filter with public/internal', () => {
    const issue = ownIssue();
    expect(
      call(agent(), 'POST', `/rest/servicedeskapi/request/${issue.key}/comment`, {
        body: 'Parts ordered',
        public: false,
      }).status,
    ).toBe(201);
    expect(
      call(agent(), 'POST', `/rest/servicedeskapi/request/${issue.key}/comment`, {
        body: 'We will visit tomorrow',
        public: true,
      }).status,
    ).toBe(201);
    const internalCount = issue.comments.filter((c) => c.internal).length;
    const publicCount = issue.comments.length - internalCount;
    type C = { body: string; public: boolean };
    const customerView = call(portal(), 'GET', `/rest/servicedeskapi/request/${issue.key}/comment?limit=100`)
      .body as Page<C>;
    expect(customerView.values.length).toBe(publicCount);
    expect(customerView.values.every((c) => c.public)).toBe(true);
    expect(customerView.values.map((c) => c.body)).toContain('We will visit tomorrow');
    const asksForInternal = call(
      portal(),
      'GET',
      `/rest/servicedeskapi/request/${issue.key}/comment?public=false`,
    ).body as Page<C>;
    expect(asksForInternal.values).toEqual([]);
    const agentInternal = call(
      agent(),
      'GET',
      `/rest/servicedeskapi/request/${issue.key}/comment?public=false&limit=100`,
    ).body as Page<C>;
    expect(agentInternal.values.length).toBe(internalCount);
    expect(agentInternal.values.map((c) => c.body)).toContain('Parts ordered');
    const agentAll = call(agent(), 'GET', `/rest/servicedeskapi/request/${issue.key}/comment?limit=100`)
      .body as Page<C>;
    expect(agentAll.values.length).toBe(issue.comments.length);
  });

  it('only agents may post internal comments; bodies are plain text', () => {
    const issue = ownIssue();
    expect(
      call(portal(), 'POST', `/rest/servicedeskapi/request/${issue.key}/comment`, {
        body: 'secret',
        public: false,
      }).status,
    ).toBe(403);
    const res = call(portal(), 'POST', `/rest/servicedeskapi/request/${issue.key}/comment`, {
      body: 'Any news?\nThanks',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      body: 'Any news?\nThanks',
      public: true,
      author: { accountId: idOf(portal()) },
    });
    expect(issue.comments.at(-1)?.body).toMatchObject({ type: 'doc', version: 1 });
    expect(
      call(portal(), 'POST', `/rest/servicedeskapi/request/${issue.key}/comment`, { body: '' }).status,
    ).toBe(400);
  });

  it('an invisible request yields an empty comment page', () => {
    const other = [...state.issues.values()].find(
      (i) => i.fields.reporter !== idOf(portal()) && !i.participants.includes(idOf(portal())),
    );
    const res = call(portal(), 'GET', `/rest/servicedeskapi/request/${other?.key}/comment`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ size: 0, values: [] });
  });
});

describe('SLA, status and customer transitions', () => {
  it('computes SLA cycles from the created time and the site clock', () => {
    const issue = ownIssue();
    issue.comments = issue.comments.filter((c) => c.authorAccountId === issue.fields.reporter);
    issue.changelog = [];
    issue.fields.statusId = '10000';
    issue.fields.priorityId = '3';
    const sla = () =>
      (
        call(agent(), 'GET', `/rest/servicedeskapi/request/${issue.key}/sla`).body as Page<{
          name: string;
          ongoingCycle?: {
            breached: boolean;
            elapsedTime: { millis: number };
            remainingTime: { millis: number };
          };
          completedCycles: { breached: boolean }[];
        }>
      ).values;
    clock = issue.created + 60 * 60_000;
    const early = sla()[0];
    expect(early?.name).toBe('Time to first response');
    expect(early?.ongoingCycle).toMatchObject({
      breached: false,
      elapsedTime: { millis: 3_600_000 },
      remainingTime: { millis: 3 * 3_600_000 },
    });
    clock = issue.created + 5 * 60 * 60_000;
    expect(sla()[0]?.ongoingCycle?.breached).toBe(true);
    // An agent's public reply stops the first-response clock.
    clock = issue.created + 6 * 60 * 60_000;
    call(agent(), 'POST', `/rest/servicedeskapi/request/${issue.key}/comment`, { body: 'On it' });
    const after = sla()[0];
    expect(after?.ongoingCycle).toBeUndefined();
    expect(after?.completedCycles[0]?.breached).toBe(true);
    expect(call(portal(), 'GET', `/rest/servicedeskapi/request/${issue.key}/sla`).status).toBe(403);
  });

  it('lists customer transitions only and applies them', () => {
    const issue = [...state.issues.values()].find(
      (i) => i.fields.reporter === idOf(portal()) && ['10000', '10001'].includes(i.fields.statusId),
    );
    if (!issue) throw new Error('no cancellable request');
    const list = call(portal(), 'GET', `/rest/servicedeskapi/request/${issue.key}/transition`).body as Page<{
      id: string;
      name: string;
    }>;
    expect(list.values.map((t) => t.name)).toContain('Cancel request');
    expect(list.values.map((t) => t.name)).not.toContain('Start work');
    const cancel = list.values.find((t) => t.name === 'Cancel request');
    expect(
      call(portal(), 'POST', `/rest/servicedeskapi/request/${issue.key}/transition`, { id: '999' }).status,
    ).toBe(400);
    const res = call(portal(), 'POST', `/rest/servicedeskapi/request/${issue.key}/transition`, {
      id: cancel?.id,
      additionalComment: { body: 'No longer needed' },
    });
    expect(res.status).toBe(204);
    expect(issue.fields.statusId).toBe('10005');
    const status = call(portal(), 'GET', `/rest/servicedeskapi/request/${issue.key}/status`).body as Page<{
      status: string;
      statusCategory: string;
    }>;
    expect(status.values[0]).toMatchObject({ status: 'Canceled', statusCategory: 'DONE' });
  });
});
