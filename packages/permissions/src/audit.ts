import { randomUUID } from 'node:crypto';
import type { KeyValueStore, StoredPage } from './store';

const AUDIT_PREFIX = 'audit:';
// Keys sort ascending in KVS; inverting the timestamp lists the newest entries first.
const MAX_MS = 9_999_999_999_999;

export interface AuditEntry {
  readonly at: string;
  /** Account id of the person, or `app` for scheduled/queued work. */
  readonly actor: string;
  readonly action: string;
  readonly outcome: 'changed' | 'denied';
  readonly target?: string;
  readonly reason?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type AuditInput = Omit<AuditEntry, 'at'>;

const SECRET_KEY = /secret|token|password|apikey|api_key|credential|signature/i;

/** Replaces values under secret-looking keys, so a careless caller cannot put a secret into the log. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function auditKey(at: Date, unique: string = randomUUID()): string {
  const inverted = String(MAX_MS - at.getTime()).padStart(13, '0');
  return `${AUDIT_PREFIX}${inverted}:${unique}`;
}

/**
 * Append-only audit log in KVS. Entries are created with "fail if exists" keys and this module offers no way to
 * change or remove one; they go when the app is uninstalled, with the rest of the app's storage.
 */
export function createAuditLog(store: KeyValueStore, now: () => Date = () => new Date()) {
  return {
    async append(input: AuditInput): Promise<AuditEntry> {
      const { key, value } = this.prepare(input);
      await store.create(key, value);
      return value;
    },
    /**
     * The entry and its key without writing it, for a caller that writes it in the same transaction as the change
     * it records (`alongside` in @suite/storage), so the log holds an entry exactly when the change was stored.
     */
    prepare(input: AuditInput): { key: string; value: AuditEntry } {
      const at = now();
      const value: AuditEntry = {
        ...input,
        at: at.toISOString(),
        ...(input.before === undefined ? {} : { before: redactSecrets(input.before) }),
        ...(input.after === undefined ? {} : { after: redactSecrets(input.after) }),
      };
      return { key: auditKey(at), value };
    },
    /** Newest first. */
    async list(options: { limit: number; cursor?: string | undefined }): Promise<StoredPage> {
      return store.list(AUDIT_PREFIX, options);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
