/**
 * Account ids Assets to SQL keeps outside role grants and the audit log: who created / revoked an API key
 * (`apikey:<id>`), who last changed an export (`export:<id>`, versioned), a push destination (`destination:<export>`,
 * also who paused it) or a schedule (`schedule:<export>`). The records are configuration the site needs, so for a
 * closed account they stay with `closed-account` in place of the id (the export by compare-and-set on its version;
 * the others are plain keys, rewritten only when they still name the account: a rewrite lost to a concurrent save
 * leaves the id for the next daily pass to replace).
 */
import { forgeKeyValueVersionedStore, updateVersioned } from '@suite/storage';
import type { StoredExport } from '../domain/exports';
import { listPrefix, setValue } from './kv';

const PREFIXES = ['apikey:', 'export:', 'destination:', 'schedule:'] as const;
const FIELDS = ['createdBy', 'revokedBy', 'updatedBy', 'pausedBy'] as const;
type Named = Partial<Record<(typeof FIELDS)[number], unknown>> & { updatedAt?: unknown; createdAt?: unknown };

const exportStore = forgeKeyValueVersionedStore<StoredExport>();

const when = (v: Named): string =>
  typeof v.updatedAt === 'string' ? v.updatedAt : typeof v.createdAt === 'string' ? v.createdAt : '';

export async function personalAccounts(): Promise<{ accountId: string; updatedAt: string }[]> {
  const out: { accountId: string; updatedAt: string }[] = [];
  for (const prefix of PREFIXES) {
    for (const { value } of await listPrefix<Named>(prefix)) {
      for (const field of FIELDS) {
        const id = value?.[field];
        if (typeof id === 'string') out.push({ accountId: id, updatedAt: when(value) });
      }
    }
  }
  return out;
}

const replaced = <T extends Named>(
  value: T,
  gone: ReadonlySet<string>,
  placeholder: string,
): T | undefined => {
  let changed = false;
  const next: Record<string, unknown> = { ...value };
  for (const field of FIELDS) {
    const id = value[field];
    if (typeof id === 'string' && gone.has(id)) {
      next[field] = placeholder;
      changed = true;
    }
  }
  return changed ? (next as T) : undefined;
};

export async function anonymiseAccounts(accountIds: readonly string[], placeholder: string): Promise<void> {
  const gone = new Set(accountIds);
  for (const prefix of PREFIXES) {
    for (const { key, value } of await listPrefix<Named>(prefix)) {
      if (!replaced(value, gone, placeholder)) continue;
      if (prefix === 'export:') {
        await updateVersioned(exportStore, key, (current) =>
          current ? replaced(current as StoredExport & Named, gone, placeholder) : undefined,
        );
      } else {
        await setValue(key, replaced(value, gone, placeholder));
      }
    }
  }
}
