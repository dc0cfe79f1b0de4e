/** Display helpers for the admin page (pure). */
import type { Dialect } from '../domain/model';

export const DIALECT_LABELS: Record<Dialect, string> = {
  postgresql: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  sqlserver: 'SQL Server',
  sqlite: 'SQLite',
};

/** `2026-11-22 21:40 UTC`, or `—` for nothing. Times are shown in UTC, as the pull protocol uses them. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The origin of an https URL (what egress approval needs), or undefined for anything else. */
export function httpsOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' && parsed.hostname ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` from a DatePicker → the end of that day in UTC, as an ISO date-time. */
export function endOfDayUtc(date: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59Z` : undefined;
}

/** An attribute's maximum cardinality as Assets shows it: `0..1`, `0..*`, `0..5`. */
export function cardinality(max: number): string {
  return `0..${max < 0 ? '*' : max}`;
}
