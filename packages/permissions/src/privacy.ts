/**
 * Personal data reporting (Atlassian's user privacy requirement for apps that store account ids), one
 * implementation for every app: a scheduled trigger calls {@link reportPersonalData} with the app's
 * {@link PersonalDataHolder}s. It reports every account id the app stores, with when the app last updated what it
 * holds about it, to Atlassian's Personal Data Reporting API (`privacy.reportPersonalData` of `@forge/api`, which
 * calls `POST /app/report-accounts` as the app; at most 90 accounts per call), and erases everything held about an
 * account reported `closed`. `updated` needs nothing: the apps store account ids, never names, emails or avatars.
 *
 * - **Batched and resumable.** Account ids are reported in sorted batches of 90, one call at a time; after each
 *   batch is erased a cursor (`privacy:report-cursor`) records the last account done. An invocation stops at its
 *   time budget and the next one (the next interval) goes on from the cursor; a finished pass resets it.
 * - **Idempotent under at-least-once delivery.** Erasing is idempotent (an erased account is simply not found), and a
 *   batch whose erasure did not finish is reported again and erased again. Two runs at once do the same work.
 * - **No new copies.** The erasure's audit entry (actor `app`) counts the accounts and never names them.
 * - The audit log stays append-only for everything else; erasure is the one exception: entries naming a closed
 *   account get {@link CLOSED_ACCOUNT} in its place ({@link auditLogHolder}).
 */
import { privacy } from '@forge/api';
import { updateVersioned } from '@suite/storage';
import { z } from 'zod';
import type { AuditLog } from './audit';
import type { AppRole } from './policy';
import type { KeyValueStore } from './store';

/** What replaces a closed account's id wherever a record must stay (audit entries, "updated by"). */
export const CLOSED_ACCOUNT = 'closed-account';
/** The Personal Data Reporting API's per-call limit. */
export const REPORT_BATCH = 90;
export const REPORT_CURSOR_KEY = 'privacy:report-cursor';
/** For records that keep no time of their own (role grants): "not updated since", so only closure matters. */
export const NO_TIMESTAMP = '1970-01-01T00:00:00.000Z';

export interface ReportedAccount {
  readonly accountId: string;
  /** ISO 8601: when the app last stored or changed what it holds about the account. */
  readonly updatedAt: string;
}

export interface AccountStatus {
  readonly accountId: string;
  readonly status: 'closed' | 'updated';
}

/** One kind of stored personal data: which accounts it names, and how to erase one. */
export interface PersonalDataHolder {
  readonly name: string;
  accounts(): Promise<readonly ReportedAccount[]>;
  /** Removes or anonymises everything this holder keeps about the (closed) accounts. Idempotent. */
  erase(accountIds: readonly string[]): Promise<void>;
}

export interface PersonalDataRun {
  /** Accounts reported in this invocation. */
  readonly reported: number;
  /** Accounts reported closed (and erased) in this invocation. */
  readonly closed: number;
  /** True when the pass reached the last account; false when it stopped at its budget (the cursor is kept). */
  readonly done: boolean;
}

/** Atlassian account ids as Jira returns them: 24 hex digits, `<digits>:<uuid>`, `qm:<uuid>:<uuid>`. */
const ACCOUNT_ID = /^(?:[0-9a-f]{24}|\d{1,10}:[0-9a-f-]{36}|qm:[0-9a-f-]{36}:[0-9a-f-]{36})$/i;
export const looksLikeAccountId = (value: string): boolean => ACCOUNT_ID.test(value);

export interface ReportOptions {
  readonly holders: readonly PersonalDataHolder[];
  /** Where the cursor is kept. */
  readonly store: KeyValueStore;
  readonly audit: AuditLog;
  /** The reporting call (default: `privacy.reportPersonalData` of `@forge/api`). */
  readonly report?: (accounts: ReportedAccount[]) => Promise<readonly AccountStatus[]>;
  /** Stop starting new batches after this long (default 40 s of a scheduled trigger's 55 s). */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** One pass (or the next part of one) of report → erase over every account the holders name. */
export async function reportPersonalData(options: ReportOptions): Promise<PersonalDataRun> {
  const now = options.now ?? Date.now;
  const started = now();
  const budget = options.budgetMs ?? 40_000;
  const report =
    options.report ??
    ((accounts: ReportedAccount[]) => privacy.reportPersonalData(accounts.map((a) => ({ ...a }))));
  const cursor = (await options.store.get(REPORT_CURSOR_KEY)) as { after?: unknown } | undefined;
  const after = typeof cursor?.after === 'string' ? cursor.after : '';

  const byAccount = new Map<string, string>();
  for (const holder of options.holders) {
    for (const { accountId, updatedAt } of await holder.accounts()) {
      if (!looksLikeAccountId(accountId)) continue;
      const at = Number.isNaN(Date.parse(updatedAt)) ? NO_TIMESTAMP : new Date(updatedAt).toISOString();
      const seen = byAccount.get(accountId);
      byAccount.set(accountId, seen ? later(seen, at) : at);
    }
  }
  const pending = [...byAccount.keys()].sort().filter((id) => id > after);

  let reported = 0;
  let closed = 0;
  for (let i = 0; i < pending.length; i += REPORT_BATCH) {
    if (i > 0 && now() - started > budget) return { reported, closed, done: false };
    const batch = pending.slice(i, i + REPORT_BATCH);
    const statuses = await report(
      batch.map((accountId) => ({ accountId, updatedAt: byAccount.get(accountId) as string })),
    );
    const inBatch = new Set(batch);
    const gone = [...new Set(statuses.filter((s) => s.status === 'closed').map((s) => s.accountId))].filter(
      (id) => inBatch.has(id),
    );
    if (gone.length > 0) {
      for (const holder of options.holders) await holder.erase(gone);
      await options.audit.append({
        actor: 'app',
        action: 'privacy.erase',
        outcome: 'changed',
        reason: 'Atlassian reported the accounts closed',
        after: { accounts: gone.length },
      });
    }
    reported += batch.length;
    closed += gone.length;
    await options.store.set(REPORT_CURSOR_KEY, { after: batch[batch.length - 1] });
  }
  await options.store.set(REPORT_CURSOR_KEY, { after: null });
  return { reported, closed, done: true };
}

const replaceIds = (value: unknown, ids: ReadonlySet<string>, depth = 0): unknown => {
  if (typeof value === 'string') return ids.has(value) ? CLOSED_ACCOUNT : value;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => replaceIds(v, ids, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIds(v, ids, depth + 1)]));
};

const collectIds = (value: unknown, out: Set<string>, depth = 0): void => {
  if (typeof value === 'string') {
    if (looksLikeAccountId(value)) out.add(value);
  } else if (depth <= 20 && value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, out, depth + 1);
  }
};

/**
 * The audit log: every account id in an entry (actor, target, before → after, e.g. role grants). Erasing puts
 * {@link CLOSED_ACCOUNT} in place of the closed ids and keeps the entry (what happened, when), so the log still
 * tells the story without naming the person. This is the only rewrite of an audit entry anywhere; it is not a
 * transaction (plain keys have no conditional write), and needs none: entries are never changed otherwise, and a
 * rewrite lost to a concurrent erasure leaves the id in place for the next pass to find and replace.
 */
export function auditLogHolder(store: KeyValueStore): PersonalDataHolder {
  const scan = async (visit: (key: string, value: unknown) => Promise<void>) => {
    let cursor: string | undefined;
    do {
      const page = await store.list('audit:', { limit: 100, cursor });
      for (const entry of page.entries) await visit(entry.key, entry.value);
      cursor = page.cursor;
    } while (cursor);
  };
  return {
    name: 'audit log',
    async accounts() {
      const out = new Map<string, string>();
      await scan(async (_key, value) => {
        const ids = new Set<string>();
        collectIds(value, ids);
        const at = (value as { at?: unknown } | null)?.at;
        const when = typeof at === 'string' ? at : NO_TIMESTAMP;
        for (const id of ids) out.set(id, out.has(id) ? later(out.get(id) as string, when) : when);
      });
      return [...out].map(([accountId, updatedAt]) => ({ accountId, updatedAt }));
    },
    async erase(accountIds) {
      const ids = new Set(accountIds);
      await scan(async (key, value) => {
        const found = new Set<string>();
        collectIds(value, found);
        if ([...found].some((id) => ids.has(id))) await store.set(key, replaceIds(value, ids));
      });
    },
  };
}

/**
 * App role grants (`roles:<role>`): a closed account's grants are revoked by compare-and-set (a concurrent grant to
 * someone else is kept). The revocation is recorded by the run's `privacy.erase` entry, which names nobody.
 */
export function roleGrantsHolder(store: KeyValueStore, roles: readonly AppRole[]): PersonalDataHolder {
  const read = async (role: AppRole) => {
    const raw = (await store.get(`roles:${role}`)) as { accountIds?: unknown } | undefined;
    return Array.isArray(raw?.accountIds)
      ? (raw.accountIds as unknown[]).filter((x) => typeof x === 'string')
      : [];
  };
  return {
    name: 'role grants',
    async accounts() {
      const ids = new Set<string>();
      for (const role of roles) for (const id of await read(role)) ids.add(id as string);
      return [...ids].map((accountId) => ({ accountId, updatedAt: NO_TIMESTAMP }));
    },
    async erase(accountIds) {
      const drop = new Set(accountIds);
      for (const role of roles) {
        if (!(await read(role)).some((id) => drop.has(id as string))) continue;
        await updateVersioned(store.versioned, `roles:${role}`, (current) => {
          const grants = current as { accountIds?: string[]; groupIds?: string[] } | undefined;
          const list = grants?.accountIds ?? [];
          if (!list.some((id) => drop.has(id))) return undefined;
          return {
            ...grants,
            accountIds: list.filter((id) => !drop.has(id)),
            groupIds: grants?.groupIds ?? [],
          };
        });
      }
    },
  };
}

/** What the platform sends a scheduled trigger: its module key; never a user. */
const scheduledEventSchema = z.object({
  context: z.object({ cloudId: z.string().min(1).max(200), moduleKey: z.string().min(1).max(100) }),
});

/**
 * The scheduled trigger handler an app exports for {@link reportPersonalData}. It runs as the app (there is no user)
 * and so guards itself: only the platform's scheduled event for `moduleKey` starts a run; anything else (another
 * module, a missing or malformed event, an event carrying a user) is refused with 400 and does nothing. Logs
 * counts only, never an account id.
 */
export function personalDataTrigger(
  moduleKey: string,
  options: () => Omit<ReportOptions, 'report'> & Partial<Pick<ReportOptions, 'report'>>,
): (event: unknown) => Promise<{ statusCode: number }> {
  return async (event) => {
    const parsed = scheduledEventSchema.safeParse(event);
    const user = (event as { context?: { accountId?: unknown } } | null)?.context?.accountId;
    if (!parsed.success || parsed.data.context.moduleKey !== moduleKey || user !== undefined) {
      console.warn(JSON.stringify({ level: 'warn', event: 'privacy.report.refused', moduleKey }));
      return { statusCode: 400 };
    }
    const run = await reportPersonalData(options());
    console.info(JSON.stringify({ level: 'info', event: 'privacy.report', ...run }));
    return { statusCode: 200 };
  };
}
