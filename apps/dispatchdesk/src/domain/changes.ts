/**
 * The polling version: `v1~<change token>~<seen until, epoch ms>`. A console load returns one; `getChanges`
 * answers "changed" when the app's KVS change token differs (an assign, a technician or config edit — no Jira
 * call needed), or when the newest ticket update in the configured projects is later than "seen until". The
 * load sets "seen until" 5 s before its own time, so an update Jira had not indexed yet is not missed (at worst
 * the console reloads once more than needed) — unless the load already shows a later update.
 */

const VERSION = /^v1~([A-Za-z0-9.-]{0,64})~(\d{1,15})$/;
export const VERSION_PATTERN = VERSION;
export const INDEX_SLACK_MS = 5_000;

export interface Version {
  readonly change: string;
  readonly seenUntil: number;
}

export function encodeVersion(v: Version): string {
  return `v1~${v.change}~${Math.max(0, Math.floor(v.seenUntil))}`;
}

export function decodeVersion(text: string): Version | null {
  const m = VERSION.exec(text);
  return m ? { change: m[1] ?? '', seenUntil: Number(m[2]) } : null;
}

/** The relative JQL window (whole minutes, with a minute to spare) that covers everything since `seenUntil`. */
export function windowMinutes(seenUntil: number, nowMs: number): number {
  return Math.max(1, Math.ceil((nowMs - seenUntil) / 60_000) + 1);
}

/** Longest window worth asking Jira about; beyond it the console just reloads. */
export const MAX_WINDOW_MINUTES = 24 * 60;
