/** Pure formatting helpers for the TechDesk UI (no UI Kit imports, so they are unit-testable). */
import type { SlaSummary, StatusRef } from '../domain/contract';

export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

/** Jira's status colours: To do grey, In progress blue, Done green. */
export function statusAppearance(status: Pick<StatusRef, 'category'>): LozengeAppearance {
  if (status.category === 'done') return 'success';
  if (status.category === 'indeterminate') return 'inprogress';
  return 'default';
}

export function slaAppearance(state: SlaSummary['state']): LozengeAppearance {
  switch (state) {
    case 'breached':
      return 'removed';
    case 'at-risk':
      return 'moved';
    case 'met':
      return 'success';
    case 'paused':
      return 'default';
    default:
      return 'inprogress';
  }
}

export function slaLabel(state: SlaSummary['state']): string {
  return { ok: 'on track', 'at-risk': 'at risk', breached: 'breached', paused: 'paused', met: 'met' }[state];
}

/** `5400` → `1h 30m`; `0` → `0m`; Jira's 8 h day is not applied (agents think in clock hours). */
export function formatSeconds(total: number): string {
  const seconds = Math.max(0, Math.floor(total));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h && m) return `${h}h ${m}m`;
  if (h) return `${h}h`;
  if (m) return `${m}m`;
  return seconds > 0 ? '< 1m' : '0m';
}

/** A running clock: `0:04:09`, `1:30:00`. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

/** Milliseconds since an ISO time (never negative, 0 when unparsable). */
export function elapsedSince(iso: string, now: number): number {
  const start = Date.parse(iso);
  return Number.isFinite(start) ? Math.max(0, now - start) : 0;
}

/** `2025-03-04T09:15:00.000+0000` → `4 Mar, 09:15` (UTC, as the panel has no user time zone). */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!Number.isFinite(t)) return iso;
  const d = new Date(t);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm}`;
}

/** Inserts a canned response body into the draft: replaces an empty draft, else appends after a blank line. */
export function insertBody(draft: string, body: string): string {
  if (!draft.trim()) return body;
  return `${draft.replace(/\s+$/, '')}\n\n${body}`;
}

/** True when the text still holds `{{variables}}` that need rendering before sending. */
export const hasVariables = (text: string): boolean => /\{\{\s*[^}]+\}\}/.test(text);

/** `"a, b ,, c"` → `['a','b','c']` (unique, order kept). */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const v = part.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A compact one-line rendering of an audit `before`/`after` value. */
export function compactJson(value: unknown, max = 80): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return truncate(text ?? '', max);
}

/** Jira's SLA text made readable: `-30m` → `30m over`, `2h 15m` → `2h 15m left`. */
export function slaRemaining(remaining: string): string {
  const text = remaining.trim();
  if (!text || /left|over|ago/i.test(text)) return text;
  return text.startsWith('-') ? `${text.slice(1).trim()} over` : `${text} left`;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>, depth: number): void {
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
    }
  } else out.set(prefix, value);
}

/** An audit entry's change as `path: before → after` for the fields that differ (objects), else compact JSON. */
export function describeChange(before: unknown, after: unknown, max = 160): string {
  const isObj = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const a = new Map<string, unknown>();
    const b = new Map<string, unknown>();
    flatten(before, '', a, 0);
    flatten(after, '', b, 0);
    const parts: string[] = [];
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = compactJson(a.get(key), 40) || '—';
      const y = compactJson(b.get(key), 40) || '—';
      if (x !== y) parts.push(`${key}: ${x} → ${y}`);
    }
    return truncate(parts.length ? parts.join('; ') : 'no change', max);
  }
  if (before === undefined && after === undefined) return '—';
  if (before === undefined) return truncate(`created ${compactJson(after, max)}`, max);
  if (after === undefined) return truncate(`removed ${compactJson(before, max)}`, max);
  return truncate(`${compactJson(before, 60)} → ${compactJson(after, 60)}`, max);
}
