/**
 * TechDesk's daily personal data report in the sandbox (shared run of @suite/permissions, real `@forge/api`
 * `privacy.reportPersonalData` against the emulated Personal Data Reporting API): for an account Atlassian
 * reports closed, the running timer, personal canned responses and feedback are deleted, role grants revoked, and
 * shared canned responses and audit entries keep their record with `closed-account` in place of the id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedResponse, ProjectConfig } from '../src/domain/contract';
import { ADMIN, data, startSandbox, type TestSandbox } from './sandbox-support';

let t: TestSandbox;
const dump = () => t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk'));
const OPEN = ['10000', '3'];

beforeAll(async () => {
  t = await startSandbox(5);
}, 300_000);
afterAll(() => t?.close());

describe('closed accounts (the daily personal data report)', () => {
  it('erases a closed agent and a closed project admin; keeps everyone else; a second run changes nothing', async () => {
    const users = t.sb.users();
    const admin = users['site-admin'] as string;
    const agent = users.agent as string;
    const projectAdmin = users['project-admin'] as string;
    const other = [...t.site.jira.users.values()].find((u) => u.displayName === 'Tom Becker')
      ?.accountId as string;
    const config: ProjectConfig = {
      projectKey: 'FS',
      enabled: true,
      activeStatusIds: [],
      assets: {
        fieldIds: ['customfield_10100'],
        attributeNames: ['Model'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an AQL template placeholder, not a JS template.
        aqlTemplate: 'objectType = Laptop AND Name like ${search}',
      },
    };
    data(await t.invoke('saveProjectConfig', { ...config, version: 0 }, admin, { moduleKey: ADMIN }));
    data(
      await t.invoke(
        'saveRole',
        { role: 'agent', grant: { accountIds: [agent, other, projectAdmin] } },
        admin,
        {
          moduleKey: ADMIN,
        },
      ),
    );
    const ticket = [...t.site.jira.issues.values()].find(
      (i) => i.key.startsWith('FS-') && i.requestTypeId !== null && OPEN.includes(i.fields.statusId),
    )?.key as string;
    data(await t.invoke('startTimer', { issueKey: ticket }, agent));
    data(await t.invoke('startTimer', { issueKey: ticket }, other));
    data(await t.invoke('saveCannedResponse', { scope: 'personal', title: 'Mine', body: 'Thanks!' }, agent));
    data(await t.invoke('submitFeedback', { text: 'Love the timer' }, agent));
    data(await t.invoke('submitFeedback', { text: 'Me too' }, other));
    const shared = data(
      await t.invoke<CannedResponse>(
        'saveCannedResponse',
        { scope: 'project', projectKey: 'FS', title: 'On site', body: 'On the way.' },
        projectAdmin,
      ),
    );
    expect(JSON.stringify(dump())).toContain(agent);
    expect(JSON.stringify(dump())).toContain(projectAdmin);

    t.sb.sandbox.closeAccount(agent);
    t.sb.sandbox.closeAccount(projectAdmin);
    const before = t.sb.sandbox.requests.length;
    await t.sb.sandbox.fireScheduled('techdesk', 'techdesk-privacy-report');
    const reports = t.sb.sandbox.requests.slice(before).filter((r) => r.path === '/app/report-accounts');
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.every((r) => r.as === 'app' && r.status === 200)).toBe(true);

    const after = dump();
    const text = JSON.stringify(after);
    expect(text).not.toContain(agent);
    expect(text).not.toContain(projectAdmin);
    // Everyone else's data stays: the other agent's timer, feedback and grant; the shared response itself.
    expect(after.keys[`timer:${other}`]).toBeDefined();
    expect(Object.values(after.keys).some((v) => (v as { author?: string }).author === other)).toBe(true);
    const sharedKey = Object.keys(after.keys).find((k) => k.startsWith('canned:p:FS:'));
    expect(after.keys[sharedKey as string]).toMatchObject({ id: shared.id, updatedBy: 'closed-account' });
    expect(after.keys['roles:agent']).toMatchObject({ accountIds: [other] });
    expect(Object.keys(after.keys).some((k) => k.startsWith('canned:u:'))).toBe(false);

    const snapshot = JSON.stringify(dump().keys);
    await t.sb.sandbox.fireScheduled('techdesk', 'techdesk-privacy-report');
    const erasures = Object.values(dump().keys).filter(
      (v) => (v as { action?: string }).action === 'privacy.erase',
    );
    expect(erasures).toHaveLength(1);
    // Only the cursor is rewritten (to the same "pass finished" value).
    expect(JSON.stringify(dump().keys)).toBe(snapshot);
  });
});
