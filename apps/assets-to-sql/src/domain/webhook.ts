/**
 * Signing pushed chunks per the Standard Webhooks spec (https://www.standardwebhooks.com/), so receivers can verify
 * them with any off-the-shelf Standard Webhooks library (`new Webhook(secret).verify(body, headers)`).
 *
 * - The secret is `whsec_` + base64(24 random bytes). The HMAC key is the base64-decoded part after `whsec_`.
 * - `webhook-id`: the message id, one per chunk (`msg_<run id>_<chunk number>`), the same on every retry of that
 *   chunk, so a receiver can drop a delivery it has already applied.
 * - `webhook-timestamp`: unix seconds of this attempt (receivers refuse stale timestamps: replay protection).
 * - `webhook-signature`: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)). While a rotated-out secret
 *   is still in its grace period, a second `v1,` signature made with it follows, space-separated (the spec's way to
 *   rotate without downtime: receivers accept a message if any signature matches a secret they hold).
 */
import { createHmac, randomBytes } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

export class WebhookSecretError extends Error {
  constructor() {
    super('The signing secret is malformed');
    this.name = 'WebhookSecretError';
  }
}

/** A new signing secret: `whsec_` + base64(24 random bytes). */
export function generateWebhookSecret(random: (bytes: number) => Buffer = randomBytes): string {
  return `${WEBHOOK_SECRET_PREFIX}${random(SECRET_BYTES).toString('base64')}`;
}

/** The HMAC key: the base64-decoded part after `whsec_`. */
export function webhookKey(secret: string): Buffer {
  if (!SECRET_PATTERN.test(secret)) throw new WebhookSecretError();
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  if (key.length < SECRET_BYTES || key.length > 64) throw new WebhookSecretError();
  return key;
}

/** `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/** The message id of a chunk: stable across retries of that chunk, unique across chunks and runs. */
export function webhookId(runId: string, chunk: number): string {
  return `msg_${runId}_${chunk}`;
}

export interface SigningSecrets {
  readonly current: string;
  /** The rotated-out secret, still signed with until `previousUntil` (ISO). */
  readonly previous?: string;
  readonly previousUntil?: string;
  /**
   * A secret made by a rotation that is not yet committed. Secret storage cannot join a KVS transaction, so a
   * rotation stores the new secret here first; it takes effect only once the destination record, written in one
   * transaction with the audit entry, names its `createdAt` as `secretCreatedAt` (see `effectiveSecrets`).
   */
  readonly pending?: { readonly secret: string; readonly createdAt: string; readonly graceHours: number };
}

/**
 * The secrets in force for a destination whose record says its secret was made at `secretCreatedAt`: a pending
 * secret that record names is current (the rotation committed, even if its last step never ran); any other
 * pending secret is ignored (the rotation never committed, so nothing changed and nothing was audited).
 */
export function effectiveSecrets(secrets: SigningSecrets, secretCreatedAt: string): SigningSecrets {
  const { pending, ...rest } = secrets;
  if (!pending || pending.createdAt !== secretCreatedAt) return rest;
  if (pending.graceHours <= 0) return { current: pending.secret };
  return {
    current: pending.secret,
    previous: secrets.current,
    previousUntil: new Date(Date.parse(pending.createdAt) + pending.graceHours * 3_600_000).toISOString(),
  };
}

/** The secrets to sign with now: the current one, plus the previous one during its grace period. */
export function activeSecrets(secrets: SigningSecrets, nowMs: number): string[] {
  const out = [secrets.current];
  if (secrets.previous && secrets.previousUntil && Date.parse(secrets.previousUntil) > nowMs) {
    out.push(secrets.previous);
  }
  return out;
}

/** The three Standard Webhooks headers for one delivery attempt. */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  if (secrets.length === 0) throw new WebhookSecretError();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signWebhook(s, id, timestampSeconds, body)).join(' '),
  };
}
