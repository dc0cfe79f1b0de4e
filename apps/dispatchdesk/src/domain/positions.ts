/**
 * Where the planner assumes a technician is — a planning signal, never device tracking. In order:
 * 1. the more recent of a manual position (set by the technician or a dispatcher, valid for 12 hours) and the
 *    location of their latest on-site ticket: a ticket now in the `on-site` phase (by the ticket's `updated`), or
 *    the ticket they last arrived at (`lastOnSite`, stored by `arrive`, valid for 12 hours);
 * 2. otherwise their home base.
 * Every answer carries the reason shown to dispatchers ("why here").
 */
import type { LatLng, TechnicianProfile, TechnicianView } from './contract';

export const MANUAL_POSITION_TTL_MS = 12 * 3_600_000;
/** How long an arrival stays the planning position once its ticket is no longer on site (done, paused…). */
export const LAST_ON_SITE_TTL_MS = 12 * 3_600_000;

/** The stored arrival while it still counts (≤ 12 h old); older ones are dropped on the next profile write. */
export function currentArrival(
  last: TechnicianProfile['lastOnSite'],
  nowMs: number,
): NonNullable<TechnicianProfile['lastOnSite']> | undefined {
  if (!last) return undefined;
  const at = Date.parse(last.at);
  return !Number.isNaN(at) && nowMs - at <= LAST_ON_SITE_TTL_MS ? last : undefined;
}

export interface OnSiteTicket {
  readonly key: string;
  readonly location: LatLng;
  readonly updated: string;
}

function hhmmUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

export function positionOf(
  profile: Pick<TechnicianProfile, 'homeBase' | 'manualPosition' | 'lastOnSite'>,
  onSite: readonly OnSiteTicket[],
  nowMs: number,
): TechnicianView['position'] {
  let ticket: { t: OnSiteTicket; at: number; arrived: boolean } | null = null;
  for (const t of onSite) {
    const at = Date.parse(t.updated);
    const when = Number.isNaN(at) ? 0 : at;
    if (!ticket || when > ticket.at || (when === ticket.at && t.key < ticket.t.key))
      ticket = { t, at: when, arrived: false };
  }
  const last = profile.lastOnSite;
  const lastAt = last ? Date.parse(last.at) : Number.NaN;
  if (
    last &&
    !Number.isNaN(lastAt) &&
    nowMs - lastAt <= LAST_ON_SITE_TTL_MS &&
    (!ticket || lastAt >= ticket.at)
  ) {
    ticket = {
      t: { key: last.issueKey, location: { lat: last.lat, lng: last.lng }, updated: last.at },
      at: lastAt,
      arrived: true,
    };
  }
  const manual = profile.manualPosition;
  const manualAt = manual ? Date.parse(manual.setAt) : Number.NaN;
  const manualValid =
    manual !== null && !Number.isNaN(manualAt) && nowMs - manualAt <= MANUAL_POSITION_TTL_MS;

  if (manual && manualValid && (!ticket || manualAt >= ticket.at)) {
    return {
      lat: manual.lat,
      lng: manual.lng,
      source: 'manual',
      why: `Set manually at ${hhmmUtc(manualAt)}${ticket ? `, after the on-site visit to ${ticket.t.key}` : ''}`,
    };
  }
  if (ticket) {
    return {
      lat: ticket.t.location.lat,
      lng: ticket.t.location.lng,
      source: 'last-on-site-ticket',
      why: ticket.arrived
        ? `Last on site at ${ticket.t.key} (arrived ${hhmmUtc(ticket.at)})`
        : `On site at ${ticket.t.key} (their latest on-site ticket)`,
    };
  }
  const expired = manual && !manualValid ? ' (the manual position is older than 12 hours)' : '';
  return {
    lat: profile.homeBase.lat,
    lng: profile.homeBase.lng,
    source: 'home-base',
    why: `Home base: ${profile.homeBase.name}${expired}`,
  };
}
