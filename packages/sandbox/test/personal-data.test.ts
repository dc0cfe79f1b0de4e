/**
 * The emulated Personal Data Reporting API (`POST /app/report-accounts`): Atlassian's shapes, status codes and the
 * 90-account limit. End to end through the real `@forge/api` `privacy.reportPersonalData`, from a scheduled trigger
 * of each app: apps/dispatchdesk/test/privacy.test.ts and the other apps' privacy tests.
 */
import { describe, expect, it } from 'vitest';
import { PersonalDataRegistry, REPORT_ACCOUNTS_LIMIT } from '../src/runtime/personal-data';

const at = '2026-01-01T00:00:00.000Z';
const report = (r: PersonalDataRegistry, accounts: unknown) => r.handle('POST', JSON.stringify({ accounts }));

describe('personal data reporting', () => {
  it('answers 204 with no body when no reported account needs action', () => {
    const r = new PersonalDataRegistry();
    expect(report(r, [{ accountId: 'a', updatedAt: at }])).toEqual({ status: 204 });
  });

  it('names closed accounts (whatever updatedAt says) and accounts updated after updatedAt, only those', () => {
    const r = new PersonalDataRegistry();
    r.close('closed-1', Date.parse('2025-01-01T00:00:00Z'));
    r.update('updated-1', Date.parse('2026-06-01T00:00:00Z'));
    r.update('stale-1', Date.parse('2025-06-01T00:00:00Z'));
    r.update('closed-1', Date.parse('2026-06-01T00:00:00Z')); // stays closed
    const answer = report(r, [
      { accountId: 'closed-1', updatedAt: at },
      { accountId: 'updated-1', updatedAt: at },
      { accountId: 'stale-1', updatedAt: at },
      { accountId: 'unknown', updatedAt: at },
    ]);
    expect(answer).toEqual({
      status: 200,
      body: {
        accounts: [
          { accountId: 'closed-1', status: 'closed' },
          { accountId: 'updated-1', status: 'updated' },
        ],
      },
    });
  });

  it('accepts 90 accounts per call and refuses 91 with 400, as it refuses bad shapes', () => {
    const r = new PersonalDataRegistry();
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ accountId: `a${i}`, updatedAt: at }));
    expect(report(r, many(REPORT_ACCOUNTS_LIMIT)).status).toBe(204);
    expect(report(r, many(REPORT_ACCOUNTS_LIMIT + 1)).status).toBe(400);
    expect(report(r, []).status).toBe(400);
    expect(report(r, [{ accountId: 'a', updatedAt: 'yesterday' }]).status).toBe(400);
    expect(report(r, [{ accountId: '', updatedAt: at }]).status).toBe(400);
    expect(r.handle('POST', 'not json').status).toBe(400);
    expect(r.handle('GET', undefined).status).toBe(405);
  });
});
