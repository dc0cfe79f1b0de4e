/**
 * Atlassian's Personal Data Reporting API as an app sees it (`POST /app/report-accounts`, what `@forge/api`'s
 * `privacy.reportPersonalData` calls, as the app): the app reports the account ids it stores, each with when it
 * last updated what it holds, and learns which of them it must erase (`closed`) or refresh (`updated`).
 *
 * - Body `{ accounts: [{ accountId, updatedAt }] }`, 1…90 accounts (more: 400, as the platform caps a call at 90;
 *   the SDK helper splits longer lists itself), `updatedAt` an ISO 8601 date-time; anything else is 400.
 * - 200 `{ accounts: [{ accountId, status: 'closed' | 'updated' }] }` naming only the accounts that need action;
 *   204 with no body when none does.
 * - `closed`: the account was closed (whatever `updatedAt` says). `updated`: the account's personal data changed
 *   after the `updatedAt` the app reported.
 *
 * Tests and `npm start` close or update an account with {@link PersonalDataRegistry.close} / `update` (the sandbox
 * control `POST /sandbox/accounts/close` and `/update`).
 */
export const REPORT_ACCOUNTS_PATH = '/app/report-accounts';
export const REPORT_ACCOUNTS_LIMIT = 90;

export interface AccountChange {
  readonly accountId: string;
  readonly status: 'closed' | 'updated';
  /** When it was closed or last updated (ms). */
  readonly atMs: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export class PersonalDataRegistry {
  private readonly accounts = new Map<string, AccountChange>();
  /** How many report calls were answered (for tests: batching). */
  readonly calls: { readonly accounts: number; readonly status: number }[] = [];

  close(accountId: string, atMs: number): void {
    this.accounts.set(accountId, { accountId, status: 'closed', atMs });
  }

  /** The account's profile changed at `atMs` (a closed account stays closed). */
  update(accountId: string, atMs: number): void {
    if (this.accounts.get(accountId)?.status === 'closed') return;
    this.accounts.set(accountId, { accountId, status: 'updated', atMs });
  }

  list(): AccountChange[] {
    return [...this.accounts.values()];
  }

  clear(): void {
    this.accounts.clear();
  }

  isClosed(accountId: string): boolean {
    return this.accounts.get(accountId)?.status === 'closed';
  }

  handle(method: string, body: string | undefined): { status: number; body?: unknown } {
    const answer = this.answer(method, body);
    this.calls.push({ accounts: this.lastCount, status: answer.status });
    return answer;
  }

  private lastCount = 0;

  private answer(method: string, body: string | undefined): { status: number; body?: unknown } {
    this.lastCount = 0;
    if (method !== 'POST') return { status: 405, body: { message: 'Method not allowed' } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body ?? '');
    } catch {
      return { status: 400, body: { message: 'The body is not JSON' } };
    }
    const accounts = (parsed as { accounts?: unknown } | null)?.accounts;
    if (!Array.isArray(accounts) || accounts.length === 0) {
      return { status: 400, body: { message: 'accounts: expected a non-empty array' } };
    }
    this.lastCount = accounts.length;
    if (accounts.length > REPORT_ACCOUNTS_LIMIT) {
      return { status: 400, body: { message: `accounts: at most ${REPORT_ACCOUNTS_LIMIT} per request` } };
    }
    const out: { accountId: string; status: 'closed' | 'updated' }[] = [];
    for (const [i, a] of accounts.entries()) {
      const { accountId, updatedAt } = (a ?? {}) as { accountId?: unknown; updatedAt?: unknown };
      if (typeof accountId !== 'string' || accountId === '' || accountId.length > 128) {
        return { status: 400, body: { message: `accounts[${i}].accountId: expected an account id` } };
      }
      if (typeof updatedAt !== 'string' || !ISO.test(updatedAt) || Number.isNaN(Date.parse(updatedAt))) {
        return { status: 400, body: { message: `accounts[${i}].updatedAt: expected an ISO 8601 date-time` } };
      }
      const change = this.accounts.get(accountId);
      if (!change) continue;
      if (change.status === 'closed') out.push({ accountId, status: 'closed' });
      else if (change.atMs > Date.parse(updatedAt)) out.push({ accountId, status: 'updated' });
    }
    return out.length === 0 ? { status: 204 } : { status: 200, body: { accounts: out } };
  }
}
