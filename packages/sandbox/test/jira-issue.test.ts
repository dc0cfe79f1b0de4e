import { beforeEach, describe, expect, it } from 'vitest';
import { seedJira } from '../src/seed/jira';
import { createRng } from '../src/seed/rng';
import { type DirectCall, directCaller } from '../src/site/jira/call';
import { findIssue, type Issue, type JiraState, STATUS } from '../src/site/jira/model';
import { jiraRoutes } from '../src/site/jira/routes';
import type { Principal } from '../src/site/types';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const doc = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

let state: JiraState;
let call: DirectCall;
const user = (name: string): Principal => {
  const u = [...state.users.values()].find((x) => x.displayName === name);
  if (!u) throw new Error(name);
  return { kind: 'user', accountId: u.accountId };
};
const idOf = (p: Principal) => (p.kind === 'user' ? p.accountId : '');
const technician = () => {
  const u = [...state.users.values()].find((x) => x.sandboxRoles.includes('technician'));
  return { kind: 'user', accountId: u?.accountId ?? '' } as Principal;
};
const customer = (): Principal => user('Olivia Brown');
const app: Principal = { kind: 'app', appKey: 'techdesk' };
const findOpen = (pred: (i: Issue) => boolean) => {
  const issue = [...state.issues.values()].find(pred);
  if (!issue) throw new Error('no issue matches');
  return issue;
};

beforeEach(() => {
  state = seedJira(createRng(3), { tickets: 80, technicians: 8, now: () => NOW }).state;
  call = directCaller(jiraRoutes, state);
});

describe('GET /rest/api/3/issue', () => {
  it('filters fields and expands names, transitions and changelog', () => {
    const issue = findOpen(
      (i) => i.key.startsWith('FS-') && i.fields.issueTypeId === '10003' && i.changelog.length > 0,
    );
    const res = call(
      user('Jordan Lee'),
      'GET',
      `/rest/api/3/issue/${issue.key}?fields=summary,status,customfield_10100&expand=names,transitions,changelog`,
    );
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown> & { fields: Record<string, unknown> };
    expect(Object.keys(body.fields).sort()).toEqual(['customfield_10100', 'status', 'summary']);
    expect(body.names).toMatchObject({ summary: 'Summary', customfield_10100: 'Affected asset' });
    expect(Array.isArray(body.transitions)).toBe(true);
    expect((body.changelog as { histories: unknown[] }).histories.length).toBe(issue.changelog.length);
    const full = call(user('Jordan Lee'), 'GET', `/rest/api/3/issue/${issue.id}`).body as {
      fields: Record<string, unknown>;
    };
    expect(full.fields.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(full.fields.customfield_10010).toMatchObject({ requestType: { id: issue.requestTypeId } });
    expect(full.fields.customfield_10020).toHaveProperty('name', 'Time to first response');
  });

  it('the field list exposes the Assets field type and the custom fields', () => {
    const fields = call(app, 'GET', '/rest/api/3/field').body as {
      id: string;
      schema?: { custom?: string };
    }[];
    expect(fields.find((f) => f.id === 'customfield_10100')?.schema?.custom).toBe(
      'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype',
    );
    expect(fields.map((f) => f.id)).toEqual(
      expect.arrayContaining(['customfield_10010', 'customfield_10101', 'customfield_10102']),
    );
  });
});

describe('PUT /rest/api/3/issue/{key}/assignee', () => {
  it('assigns an assignable technician (204) and records the change', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const tech = technician();
    const res = call(user('Chloe Martin'), 'PUT', `/rest/api/3/issue/${issue.key}/assignee`, {
      accountId: idOf(tech),
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(issue.fields.assignee).toBe(idOf(tech));
    expect(issue.changelog.at(-1)?.items[0]).toMatchObject({ field: 'assignee', to: idOf(tech) });
  });

  it('rejects users without ASSIGNABLE_USER with 400', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const res = call(user('Chloe Martin'), 'PUT', `/rest/api/3/issue/${issue.key}/assignee`, {
      accountId: idOf(customer()),
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: Record<string, string> }).errors.assignee).toMatch(/cannot be assigned/);
    // A technician is not assignable in IT either.
    const itIssue = findOpen((i) => i.key.startsWith('IT-'));
    expect(
      call(user('Jordan Lee'), 'PUT', `/rest/api/3/issue/${itIssue.key}/assignee`, {
        accountId: idOf(technician()),
      }).status,
    ).toBe(400);
  });

  it('null unassigns and "-1" picks the project default', () => {
    const issue = findOpen((i) => i.key.startsWith('IT-'));
    const agent = user('Maria Santos');
    expect(call(agent, 'PUT', `/rest/api/3/issue/${issue.key}/assignee`, { accountId: null }).status).toBe(
      204,
    );
    expect(issue.fields.assignee).toBeNull();
    expect(call(agent, 'PUT', `/rest/api/3/issue/${issue.key}/assignee`, { accountId: '-1' }).status).toBe(
      204,
    );
    expect(issue.fields.assignee).toBe(idOf(user('Jordan Lee')));
    const fsIssue = findOpen((i) => i.key.startsWith('FS-'));
    expect(call(agent, 'PUT', `/rest/api/3/issue/${fsIssue.key}/assignee`, { accountId: '-1' }).status).toBe(
      204,
    );
    expect(fsIssue.fields.assignee).toBeNull();
  });

  it('404 when the caller cannot browse, 401 anonymous', () => {
    const itIssue = findOpen((i) => i.key.startsWith('IT-'));
    expect(
      call(technician(), 'PUT', `/rest/api/3/issue/${itIssue.key}/assignee`, { accountId: null }).status,
    ).toBe(404);
    expect(
      call({ kind: 'anonymous' }, 'PUT', `/rest/api/3/issue/${itIssue.key}/assignee`, { accountId: null })
        .status,
    ).toBe(401);
  });
});

describe('PUT /rest/api/3/issue/{key}', () => {
  it('edits fields including assignee, location, skill and Assets', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const tech = technician();
    const ws = state.assetsWorkspaceId;
    const res = call(user('Tom Becker'), 'PUT', `/rest/api/3/issue/${issue.key}`, {
      fields: {
        summary: 'Boiler leaking',
        assignee: { accountId: idOf(tech) },
        customfield_10101: { lat: 51.5, lng: -0.12, address: '1 High Street' },
        customfield_10102: { value: 'Plumbing' },
        customfield_10100: [{ workspaceId: ws, id: `${ws}:42`, objectId: '42' }],
      },
      update: { labels: [{ add: 'urgent' }] },
    });
    expect(res.status).toBe(204);
    expect(issue.fields.summary).toBe('Boiler leaking');
    expect(issue.fields.assignee).toBe(idOf(tech));
    expect(issue.fields.location).toEqual({ lat: 51.5, lng: -0.12, address: '1 High Street' });
    expect(issue.fields.labels).toContain('urgent');
    const got = call(app, 'GET', `/rest/api/3/issue/${issue.key}?fields=customfield_10100,customfield_10102`)
      .body as {
      fields: Record<string, unknown>;
    };
    expect(got.fields.customfield_10100).toEqual([{ workspaceId: ws, id: `${ws}:42`, objectId: '42' }]);
    expect(got.fields.customfield_10102).toMatchObject({ value: 'Plumbing' });
  });

  it('answers 400 with errors{field} for bad values and unknown fields', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const before = issue.fields.summary;
    const res = call(user('Tom Becker'), 'PUT', `/rest/api/3/issue/${issue.key}`, {
      fields: {
        summary: '',
        description: 'plain text',
        status: { id: '3' },
        customfield_10101: { lat: 200, lng: 0 },
      },
    });
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['customfield_10101', 'description', 'status', 'summary']);
    expect(issue.fields.summary).toBe(before);
  });
});

describe('transitions', () => {
  it('lists transitions of the issue’s own workflow; ids differ per workflow', () => {
    const field = findOpen(
      (i) =>
        i.key.startsWith('FS-') &&
        i.fields.issueTypeId === '10003' &&
        i.fields.statusId === STATUS.waitingForSupport,
    );
    const request = findOpen(
      (i) => i.fields.issueTypeId === '10002' && i.fields.statusId === STATUS.waitingForSupport,
    );
    const agent = user('Jordan Lee');
    const ids = (key: string) =>
      (
        call(agent, 'GET', `/rest/api/3/issue/${key}/transitions`).body as {
          transitions: { id: string; name: string }[];
        }
      ).transitions;
    const fieldTransitions = ids(field.key);
    const requestTransitions = ids(request.key);
    expect(fieldTransitions.map((t) => t.name)).toContain('Dispatch');
    expect(requestTransitions.map((t) => t.name)).not.toContain('Dispatch');
    const startWork = (list: { id: string; name: string }[]) => list.find((t) => t.name === 'Start work')?.id;
    expect(startWork(fieldTransitions)).toBe('121');
    expect(startWork(requestTransitions)).toBe('11');
  });

  it('returns an empty list without TRANSITION_ISSUES', () => {
    state.users.set('557058:viewer', {
      accountId: '557058:viewer',
      displayName: 'Viewer',
      email: null,
      accountType: 'atlassian',
      active: true,
      timeZone: 'UTC',
      locale: 'en_GB',
      groupIds: [],
      sandboxRoles: [],
    });
    const scheme = state.permissionSchemes.get('10000');
    scheme?.grants.BROWSE_PROJECTS?.push({ type: 'user', accountId: '557058:viewer' });
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const res = call(
      { kind: 'user', accountId: '557058:viewer' },
      'GET',
      `/rest/api/3/issue/${issue.key}/transitions`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ expand: 'transitions', transitions: [] });
  });

  it('performs a valid transition with fields and a comment, and rejects an id from another workflow', () => {
    const issue = findOpen(
      (i) => i.fields.issueTypeId === '10003' && i.fields.statusId === STATUS.waitingForSupport,
    );
    const dispatcher = user('Chloe Martin');
    const tech = technician();
    const wrong = call(dispatcher, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, {
      transition: { id: '11' },
    });
    expect(wrong.status).toBe(400);
    expect((wrong.body as { errorMessages: string[] }).errorMessages[0]).toBe(
      "Transition id '11' is not valid for this issue.",
    );
    const fromWrongStatus = call(dispatcher, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, {
      transition: { id: '111' },
    });
    expect(fromWrongStatus.status).toBe(400);
    const res = call(dispatcher, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, {
      transition: { id: '101' },
      fields: { assignee: { accountId: idOf(tech) } },
      update: {
        comment: [
          {
            add: {
              body: doc('On the way'),
              properties: [{ key: 'sd.public.comment', value: { internal: true } }],
            },
          },
        ],
      },
    });
    expect(res.status).toBe(204);
    expect(issue.fields.statusId).toBe(STATUS.dispatched);
    expect(issue.fields.assignee).toBe(idOf(tech));
    expect(issue.comments.at(-1)).toMatchObject({ internal: true });
    // Resolve with a resolution.
    call(tech, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, { transition: { id: '111' } });
    const resolve = call(tech, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, {
      transition: { id: '141' },
      fields: { resolution: { name: 'Done' } },
    });
    expect(resolve.status).toBe(204);
    expect(issue.fields.resolutionId).toBe('10000');
    expect(issue.fields.resolutionDate).toBe(NOW.getTime());
  });
});

describe('comments', () => {
  it('validates ADF bodies', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const agent = user('Aisha Khan');
    for (const body of [
      'plain text',
      { type: 'doc', content: [] },
      { type: 'doc', version: 1 },
      { type: 'doc', version: 1, content: [{ type: 'text' }] },
    ]) {
      const res = call(agent, 'POST', `/rest/api/3/issue/${issue.key}/comment`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorMessages: [], errors: { comment: expect.any(String) } });
    }
    const ok = call(agent, 'POST', `/rest/api/3/issue/${issue.key}/comment`, {
      body: doc('Checked remotely'),
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      body: doc('Checked remotely'),
      jsdPublic: true,
      created: '2026-03-02T12:00:00.000+0000',
    });
  });

  it('marks internal notes through sd.public.comment and pages with startAt/maxResults/total', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    const agent = user('Aisha Khan');
    const internal = call(agent, 'POST', `/rest/api/3/issue/${issue.key}/comment`, {
      body: doc('Internal only'),
      properties: [{ key: 'sd.public.comment', value: { internal: true } }],
    });
    expect(internal.body).toMatchObject({ jsdPublic: false });
    const total = issue.comments.length;
    const page = call(agent, 'GET', `/rest/api/3/issue/${issue.key}/comment?startAt=0&maxResults=1`).body as {
      comments: unknown[];
      startAt: number;
      maxResults: number;
      total: number;
    };
    expect(page).toMatchObject({ startAt: 0, maxResults: 1, total });
    expect(page.comments.length).toBe(1);
  });

  it('needs ADD_COMMENTS (customers cannot even see the issue)', () => {
    const issue = findOpen((i) => i.key.startsWith('FS-'));
    expect(
      call(customer(), 'POST', `/rest/api/3/issue/${issue.key}/comment`, { body: doc('hi') }).status,
    ).toBe(404);
  });
});

describe('worklogs', () => {
  const log = (body: Record<string, unknown>, who: Principal = technician()) => {
    const issue = findIssue(state, 'FS-1');
    return call(who, 'POST', `/rest/api/3/issue/${issue?.key}/worklog`, body);
  };

  it('accepts yyyy-MM-ddTHH:mm:ss.SSS+hhmm only', () => {
    expect(log({ started: '2026-03-02T09:00:00.000+0000', timeSpentSeconds: 5400 }).status).toBe(201);
    expect(log({ started: '2026-03-02T09:00:00.000+0100', timeSpent: '1h 30m' }).status).toBe(201);
    for (const started of [
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T09:00:00.000+00:00',
      '2026-03-02T09:00:00+0000',
      '2026-03-02 09:00',
    ]) {
      const res = log({ started, timeSpentSeconds: 60 });
      expect(res.status).toBe(400);
      expect((res.body as { errors: Record<string, string> }).errors.started).toBeDefined();
    }
  });

  it('takes timeSpentSeconds xor timeSpent and echoes Jira’s shape', () => {
    const res = log({ started: '2026-03-02T09:00:00.000+0000', timeSpent: '1d 2h' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      timeSpent: '1d 2h',
      timeSpentSeconds: 36000,
      started: '2026-03-02T09:00:00.000+0000',
    });
    expect(
      log({ started: '2026-03-02T09:00:00.000+0000', timeSpent: '1h', timeSpentSeconds: 3600 }).status,
    ).toBe(400);
    expect(log({ started: '2026-03-02T09:00:00.000+0000' }).status).toBe(400);
    expect(log({ started: '2026-03-02T09:00:00.000+0000', timeSpent: 'soon' }).status).toBe(400);
    const list = call(technician(), 'GET', '/rest/api/3/issue/FS-1/worklog').body as {
      total: number;
      worklogs: unknown[];
    };
    expect(list.total).toBe(list.worklogs.length);
    expect(list.total).toBeGreaterThan(0);
  });

  it('lets the author edit and delete their own worklog, and refuses another agent (403)', () => {
    const created = log({ started: '2026-03-02T09:00:00.000+0000', timeSpentSeconds: 600 });
    const id = (created.body as { id: string }).id;
    const path = `/rest/api/3/issue/FS-1/worklog/${id}`;
    const other = [...state.users.values()].filter((x) => x.sandboxRoles.includes('technician'))[1];
    const stranger: Principal = { kind: 'user', accountId: other?.accountId ?? '' };
    expect(call(stranger, 'PUT', path, { timeSpentSeconds: 60 }).status).toBe(403);
    expect(call(stranger, 'DELETE', path).status).toBe(403);
    const edited = call(technician(), 'PUT', path, { timeSpent: '2h', comment: doc('fixed it') });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, timeSpentSeconds: 7200, comment: doc('fixed it') });
    expect(call(technician(), 'PUT', path, { started: '2026-03-02T09:00:00Z' }).status).toBe(400);
    expect(call(technician(), 'DELETE', path).status).toBe(204);
    expect(call(technician(), 'DELETE', path).status).toBe(404);
  });

  it('400 when time tracking is disabled; 403 without WORK_ON_ISSUES', () => {
    state.timeTracking.enabled = false;
    expect(log({ started: '2026-03-02T09:00:00.000+0000', timeSpentSeconds: 60 }).status).toBe(400);
    const config = call(app, 'GET', '/rest/api/3/configuration').body as { timeTrackingEnabled: boolean };
    expect(config.timeTrackingEnabled).toBe(false);
    state.timeTracking.enabled = true;
    const on = call(app, 'GET', '/rest/api/3/configuration').body as {
      timeTrackingConfiguration: Record<string, unknown>;
    };
    expect(on.timeTrackingConfiguration).toMatchObject({ workingHoursPerDay: 8, workingDaysPerWeek: 5 });
    const scheme = state.permissionSchemes.get('10000');
    if (scheme) scheme.grants.WORK_ON_ISSUES = [];
    expect(log({ started: '2026-03-02T09:00:00.000+0000', timeSpentSeconds: 60 }).status).toBe(403);
  });
});

describe('users', () => {
  it('assignable search returns a plain array of assignable users only', () => {
    const res = call(
      user('Chloe Martin'),
      'GET',
      '/rest/api/3/user/assignable/search?project=FS&maxResults=1000',
    );
    expect(res.status).toBe(200);
    const users = res.body as { accountType: string; accountId: string }[];
    expect(Array.isArray(users)).toBe(true);
    expect(users.every((u) => u.accountType === 'atlassian')).toBe(true);
    expect(users.some((u) => u.accountId === idOf(technician()))).toBe(true);
    const it = call(user('Jordan Lee'), 'GET', '/rest/api/3/user/assignable/search?project=IT').body as {
      accountId: string;
    }[];
    expect(it.some((u) => u.accountId === idOf(technician()))).toBe(false);
    expect(call(user('Jordan Lee'), 'GET', '/rest/api/3/user/assignable/search').status).toBe(400);
  });

  it('project statuses come per issue type', () => {
    const res = call(user('Jordan Lee'), 'GET', '/rest/api/3/project/FS/statuses');
    const types = res.body as { name: string; statuses: { name: string }[] }[];
    expect(types.find((t) => t.name === 'Field visit')?.statuses.map((s) => s.name)).toContain('On site');
    expect(
      types.find((t) => t.name === '[System] Service request')?.statuses.map((s) => s.name),
    ).not.toContain('On site');
  });
});
