/**
 * API keys for the pull endpoint.
 *
 * A key is `a2s_` + base64url(32 random bytes) (43 characters). Its first 12 characters after the prefix are the key
 * id: public, used to look the key up, and shown to admins (`a2s_AbCdEfGhIjKl…`). Only SHA-256(key) is stored, in
 * Forge secret storage; a presented key is hashed and compared with `timingSafeEqual`. The key itself is returned
 * once, when it is created, and never again.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'a2s_';
export const KEY_ID_LENGTH = 12;
const KEY_PATTERN = /^a2s_([A-Za-z0-9_-]{43})$/;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/** Requests per key per minute on the pull endpoint. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

export interface NewApiKey {
  readonly id: string;
  readonly key: string;
  readonly hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(random: (bytes: number) => Buffer = randomBytes): NewApiKey {
  const secret = random(32).toString('base64url');
  const key = `${API_KEY_PREFIX}${secret}`;
  return { id: secret.slice(0, KEY_ID_LENGTH), key, hash: hashApiKey(key) };
}

/** The key id of a well-formed key, or undefined (nothing else about the text is revealed). */
export function keyIdOf(key: string): string | undefined {
  const match = KEY_PATTERN.exec(key);
  return match?.[1]?.slice(0, KEY_ID_LENGTH);
}

/** Constant-time comparison of the presented key's hash with the stored one. */
export function matchesHash(key: string, storedHex: string | undefined): boolean {
  const actual = Buffer.from(hashApiKey(key), 'hex');
  // Compare against a dummy of the same length when nothing is stored, so timing does not say which case it was.
  const expected =
    storedHex && /^[0-9a-f]{64}$/.test(storedHex) ? Buffer.from(storedHex, 'hex') : Buffer.alloc(32);
  return timingSafeEqual(actual, expected) && storedHex !== undefined;
}

/** `Authorization: Bearer <key>` from web trigger headers (names lower-cased by the platform). */
export function bearerToken(
  headers: Readonly<Record<string, readonly string[] | undefined>>,
): string | undefined {
  let values: readonly string[] | undefined;
  for (const [name, v] of Object.entries(headers)) if (name.toLowerCase() === 'authorization') values = v;
  if (values?.length !== 1) return undefined;
  const match = /^Bearer ([^\s]{1,200})$/i.exec((values[0] ?? '').trim());
  return match?.[1];
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly label: string;
  readonly exportIds: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  readonly lastUsedAt?: string;
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(record: ApiKeyRecord, now: Date): ApiKeyStatus {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** What admins see: never the key, never the hash. */
export function publicKeyView(record: ApiKeyRecord, now: Date) {
  return {
    id: record.id,
    prefix: `${API_KEY_PREFIX}${record.id}…`,
    label: record.label,
    exportIds: [...record.exportIds],
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    expiresAt: record.expiresAt ?? null,
    revokedAt: record.revokedAt ?? null,
    lastUsedAt: record.lastUsedAt ?? null,
    status: keyStatus(record, now),
  };
}

/** Per-key usage in the current fixed one-minute window. */
export interface KeyUsage {
  readonly window: number;
  readonly count: number;
  readonly lastUsedAt: string;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly usage: KeyUsage;
  readonly retryAfterSeconds: number;
}

export function rateLimit(
  usage: KeyUsage | undefined,
  now: Date,
  limitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE,
): RateDecision {
  const window = Math.floor(now.getTime() / 60_000);
  const count = usage && usage.window === window ? usage.count : 0;
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * 60_000 - now.getTime()) / 1000));
  if (count >= limitPerMinute) {
    return {
      allowed: false,
      usage: usage ?? { window, count, lastUsedAt: now.toISOString() },
      retryAfterSeconds,
    };
  }
  return {
    allowed: true,
    usage: { window, count: count + 1, lastUsedAt: now.toISOString() },
    retryAfterSeconds: 0,
  };
}
