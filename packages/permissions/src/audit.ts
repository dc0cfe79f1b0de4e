import { randomUUID } from 'node:crypto';
import { maskUrl } from '@suite/sanitize';
import type { KeyValueStore, StoredPage } from './store';

export { maskUrl };

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

// Words that name a secret value. `key` only counts after a word that makes it one (`apiKey`, `privateKey`).
const SECRET_WORDS = new Set([
  'secret',
  'secrets',
  'token',
  'tokens',
  'password',
  'passwd',
  'passphrase',
  'credential',
  'credentials',
  'signature',
  'apikey',
  'hash',
  'cookie',
  'authorization',
]);
const KEY_QUALIFIERS = new Set([
  'api',
  'private',
  'signing',
  'access',
  'secret',
  'client',
  'tile',
  'provider',
]);
// A last word that says the field is about a secret (when, which, how many), not the secret itself.
const METADATA_WORDS = new Set([
  'at',
  'on',
  'created',
  'updated',
  'rotated',
  'expires',
  'expiry',
  'until',
  'id',
  'ids',
  'count',
  'length',
  'version',
  'set',
  'present',
  'configured',
  'exists',
  'type',
  'kind',
  'label',
  'name',
  'hours',
  'ref',
  'changed',
  'stored',
]);

/** A field name split into lower-case words: `secretCreatedAt` → secret, created, at; `api_key` → api, key. */
export function fieldWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/**
 * Does this field name hold a secret? Yes when one of its words names a secret (`signingSecret`, `api_key`,
 * `Authorization`), unless its last word makes it metadata about one (`secretCreatedAt`, `tokenId`).
 */
export function isSecretField(name: string): boolean {
  const words = fieldWords(name);
  if (words.length === 0) return false;
  const names = words.some(
    (w, i) => SECRET_WORDS.has(w) || (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1] as string)),
  );
  if (!names) return false;
  return !(words.length > 1 && METADATA_WORDS.has(words.at(-1) as string));
}

/**
 * Replaces values under secret fields (see `isSecretField`) and masks credentials in URLs, so a careless caller
 * cannot put a secret into the log.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[truncated]';
  if (typeof value === 'string') return maskUrl(value);
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretField(k) ? '[redacted]' : redactSecrets(v, depth + 1);
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
