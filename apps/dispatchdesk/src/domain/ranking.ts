/**
 * Ranking technicians for a ticket. The order is lexicographic, so every step is explainable:
 * 1. tier — 0: available now and has the required skill; 1: has the skill but is not available now; 2: available
 *    but lacks the skill; 3: neither (a ticket without a required skill only uses tiers 0 and 1);
 * 2. effective minutes — straight-line travel time at the configured speed plus `workloadMinutes` per open
 *    ticket already assigned (a busy technician is "further away");
 * 3. then fewer open tickets, shorter distance, and finally the account id (a stable, total order).
 * `score` (0–100) is for display only: each tier spans its own band, lower effective minutes score higher.
 *
 * Two implementations with identical results: {@link rankNaive} scans every technician per ticket;
 * {@link SpatialRanker} uses kdbush indexes per (skill, tier, workload) searched with geokdbush `around`.
 */

import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { RankedTechnician } from './contract';
import { describeDistance, haversineKm, travelMinutes } from './geo';

export interface RankTechnician {
  readonly accountId: string;
  readonly lat: number;
  readonly lng: number;
  readonly availableNow: boolean;
  /** Skill names; compared case-insensitively. */
  readonly skills: readonly string[];
  readonly workload: number;
  /** Shown in the reasons, e.g. "Off shift — next shift tomorrow 08:00 (Europe/London)". */
  readonly availability?: string;
  /** Where the position comes from, e.g. "home base". */
  readonly positionSource?: 'last-on-site-ticket' | 'home-base' | 'manual';
}

export interface RankTicket {
  readonly lat: number;
  readonly lng: number;
  readonly requiredSkill: string | null;
}

export interface RankOptions {
  readonly speedKmh: number;
  /** Minutes of delay each open ticket already assigned adds (default 20). */
  readonly workloadMinutes?: number;
}

export const DEFAULT_WORKLOAD_MINUTES = 20;
const TIER_BASE = [100, 70, 40, 10] as const;
const RAD = Math.PI / 180;
/** geokdbush's Earth radius (geo.ts uses the same), so index bounds and distances agree. */
const EARTH_KM = 6371;

const norm = (s: string) => s.trim().toLowerCase();

/** One technician's standing for one ticket. */
interface Candidate {
  readonly i: number;
  readonly tier: number;
  readonly effective: number;
  readonly km: number;
}

/** Pre-computed per-technician data shared by both implementations. */
class Prepared {
  readonly lat: Float64Array;
  readonly lng: Float64Array;
  readonly available: Uint8Array;
  readonly workload: Float64Array;
  /** cos(latitude) per technician, so a distance costs one cosine less (same values as `haversineKm`). */
  readonly cosLat: Float64Array;
  readonly skills: ReadonlySet<string>[];
  /** Position of each technician in account-id order (the last tie-break). */
  readonly idRank: Uint32Array;
  readonly speedKmh: number;
  readonly workloadMinutes: number;

  constructor(
    readonly technicians: readonly RankTechnician[],
    options: RankOptions,
  ) {
    const n = technicians.length;
    this.lat = new Float64Array(n);
    this.lng = new Float64Array(n);
    this.available = new Uint8Array(n);
    this.workload = new Float64Array(n);
    this.cosLat = new Float64Array(n);
    this.skills = technicians.map((t) => new Set(t.skills.map(norm)));
    technicians.forEach((t, i) => {
      this.lat[i] = t.lat;
      this.lng[i] = t.lng;
      this.available[i] = t.availableNow ? 1 : 0;
      this.workload[i] = Math.max(0, t.workload);
      this.cosLat[i] = Math.cos(t.lat * RAD);
    });
    const order = technicians.map((_, i) => i);
    order.sort((a, b) => {
      const x = technicians[a]?.accountId ?? '';
      const y = technicians[b]?.accountId ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    this.idRank = new Uint32Array(n);
    order.forEach((techIndex, rank) => {
      this.idRank[techIndex] = rank;
    });
    if (!(options.speedKmh > 0)) throw new Error('speedKmh must be positive');
    this.speedKmh = options.speedKmh;
    this.workloadMinutes = options.workloadMinutes ?? DEFAULT_WORKLOAD_MINUTES;
  }

  tierOf(i: number, skill: string | null): number {
    const skilled = skill === null || (this.skills[i] as ReadonlySet<string>).has(skill);
    return (skilled ? 0 : 2) + (this.available[i] === 1 ? 0 : 1);
  }

  /** Great-circle km from the ticket to technician i (the haversine of geo.ts, with cached cosines). */
  km(i: number, ticket: RankTicket, cosTicket: number): number {
    const dLat = ((this.lat[i] as number) - ticket.lat) * RAD;
    const dLng = ((this.lng[i] as number) - ticket.lng) * RAD;
    const h = Math.sin(dLat / 2) ** 2 + cosTicket * (this.cosLat[i] as number) * Math.sin(dLng / 2) ** 2;
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  candidate(i: number, ticket: RankTicket, skill: string | null, tier = this.tierOf(i, skill)): Candidate {
    const km = this.km(i, ticket, Math.cos(ticket.lat * RAD));
    const effective = travelMinutes(km, this.speedKmh) + (this.workload[i] as number) * this.workloadMinutes;
    return { i, tier, effective, km };
  }

  compare = (a: Candidate, b: Candidate): number =>
    a.tier - b.tier ||
    a.effective - b.effective ||
    (this.workload[a.i] as number) - (this.workload[b.i] as number) ||
    a.km - b.km ||
    (this.idRank[a.i] as number) - (this.idRank[b.i] as number);
}

/** Inserts into a sorted array of at most k items. */
function insertTopK(
  top: Candidate[],
  c: Candidate,
  k: number,
  compare: (a: Candidate, b: Candidate) => number,
) {
  if (top.length === k && compare(c, top[k - 1] as Candidate) >= 0) return;
  let pos = top.length;
  while (pos > 0 && compare(c, top[pos - 1] as Candidate) < 0) pos--;
  top.splice(pos, 0, c);
  if (top.length > k) top.pop();
}

function skillOf(ticket: RankTicket): string | null {
  return ticket.requiredSkill === null || ticket.requiredSkill.trim() === ''
    ? null
    : norm(ticket.requiredSkill);
}

function toRanked(p: Prepared, c: Candidate, ticket: RankTicket): RankedTechnician {
  const t = p.technicians[c.i] as RankTechnician;
  const minutes = travelMinutes(c.km, p.speedKmh);
  const reasons: string[] = [];
  reasons.push(
    t.availableNow ? 'Available now' : `Not available now${t.availability ? `: ${t.availability}` : ''}`,
  );
  if (ticket.requiredSkill === null || ticket.requiredSkill.trim() === '') reasons.push('No skill required');
  else reasons.push(`${c.tier < 2 ? 'Has' : 'Lacks'} skill ${ticket.requiredSkill}`);
  const from =
    t.positionSource === 'home-base'
      ? ' from home base'
      : t.positionSource === 'last-on-site-ticket'
        ? ' from their on-site ticket'
        : t.positionSource === 'manual'
          ? ' from their manual position'
          : '';
  reasons.push(`${describeDistance(c.km, minutes)}${from}`);
  reasons.push(
    t.workload === 0 ? 'No open tickets' : t.workload === 1 ? '1 open ticket' : `${t.workload} open tickets`,
  );
  const score = (TIER_BASE[c.tier] ?? 0) - (29 * Math.min(c.effective, 240)) / 240;
  return {
    accountId: t.accountId,
    score: Math.round(score * 10) / 10,
    distanceKm: Math.round(c.km * 10) / 10,
    travelMinutes: Math.round(minutes),
    reasons,
  };
}

/** Every technician for one ticket, best first, each with its reasons (the `rankTechnicians` answer). */
export function rankForTicket(
  ticket: RankTicket,
  technicians: readonly RankTechnician[],
  options: RankOptions,
  limit = Number.POSITIVE_INFINITY,
): RankedTechnician[] {
  const p = new Prepared(technicians, options);
  const skill = skillOf(ticket);
  const all = technicians.map((_, i) => p.candidate(i, ticket, skill));
  all.sort(p.compare);
  return all.slice(0, limit).map((c) => toRanked(p, c, ticket));
}

/** The naive scan: for each ticket, every technician is scored; returns the top-k technician indexes. */
export function rankNaive(
  tickets: readonly RankTicket[],
  technicians: readonly RankTechnician[],
  options: RankOptions,
  k: number,
): number[][] {
  const p = new Prepared(technicians, options);
  return tickets.map((ticket) => {
    const skill = skillOf(ticket);
    const top: Candidate[] = [];
    for (let i = 0; i < technicians.length; i++) insertTopK(top, p.candidate(i, ticket, skill), k, p.compare);
    return top.map((c) => c.i);
  });
}

interface Bucket {
  /** Workload penalty (minutes) shared by every member. */
  readonly penalty: number;
  readonly index: KDBush;
  /** Index item → technician index. */
  readonly members: Uint32Array;
}

const NODE_SIZE = 8;

/** Technicians grouped by (required skill, tier, open tickets), ascending penalty, each group indexed. */
class BucketCache {
  private readonly cache = new Map<string, Bucket[]>();

  constructor(private readonly p: Prepared) {}

  get(skill: string | null, tier: number): Bucket[] {
    const key = `${tier}|${skill ?? ''}`;
    const found = this.cache.get(key);
    if (found) return found;
    const byWorkload = new Map<number, number[]>();
    for (let i = 0; i < this.p.technicians.length; i++) {
      if (this.p.tierOf(i, skill) !== tier) continue;
      const w = this.p.workload[i] as number;
      let list = byWorkload.get(w);
      if (!list) {
        list = [];
        byWorkload.set(w, list);
      }
      list.push(i);
    }
    const buckets = [...byWorkload.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([w, members]): Bucket => {
        const index = new KDBush(members.length, NODE_SIZE);
        for (const i of members) index.add(this.p.lng[i] as number, this.p.lat[i] as number);
        index.finish();
        return { penalty: w * this.p.workloadMinutes, index, members: Uint32Array.from(members) };
      });
    this.cache.set(key, buckets);
    return buckets;
  }
}

/**
 * Spatial ranking. Technicians are split by (required skill, tier, open-ticket count) and each group gets a
 * kdbush index, built on first use and reused for every ticket needing the same skill. Within one group the
 * order is plain distance (then account id), so geokdbush `around` finds a group's best directly; groups are
 * visited from the smallest workload penalty up and skipped once their penalty alone is worse than the current
 * k-th best. Exact: returns what {@link rankNaive} returns (ties at the same distance included).
 *
 * Kept for comparison in the benchmark: each `around` call allocates its priority queue and node objects
 * (~5–7 µs a call), which makes it about twice too slow for 10,000 tickets in 50 ms; {@link SpatialRanker} is
 * the one the app uses.
 */
export class AroundRanker {
  private readonly p: Prepared;
  private readonly buckets: BucketCache;

  constructor(technicians: readonly RankTechnician[], options: RankOptions) {
    this.p = new Prepared(technicians, options);
    this.buckets = new BucketCache(this.p);
  }

  private km(ticket: RankTicket, member: number): number {
    return haversineKm(ticket.lat, ticket.lng, this.p.lat[member] as number, this.p.lng[member] as number);
  }

  /** The top-k technician indexes for one ticket. */
  topK(ticket: RankTicket, k: number): number[] {
    const p = this.p;
    const skill = skillOf(ticket);
    const tiers = skill === null ? [0, 1] : [0, 1, 2, 3];
    const out: number[] = [];
    for (const tier of tiers) {
      const need = k - out.length;
      if (need <= 0) break;
      const top: Candidate[] = [];
      for (const bucket of this.buckets.get(skill, tier)) {
        const kth = top.length === need ? (top[need - 1] as Candidate) : null;
        if (kth && bucket.penalty > kth.effective) break;
        const maxKm = kth
          ? ((kth.effective - bucket.penalty) * p.speedKmh) / 60 + 1e-9
          : Number.POSITIVE_INFINITY;
        let items = around(bucket.index, ticket.lng, ticket.lat, need + 1, maxKm);
        if (items.length === need + 1) {
          // Everyone not returned is at least as far as the extra one; if that one ties with the need-th,
          // fetch the whole tie so the account-id tie-break decides as in the naive scan.
          const last = this.km(ticket, bucket.members[items[need] as number] as number);
          const cut = this.km(ticket, bucket.members[items[need - 1] as number] as number);
          if (last <= cut) items = around(bucket.index, ticket.lng, ticket.lat, Infinity, cut + 1e-9);
        }
        for (const item of items) {
          insertTopK(top, p.candidate(bucket.members[item] as number, ticket, skill, tier), need, p.compare);
        }
      }
      for (const c of top) out.push(c.i);
    }
    return out;
  }

  /** The top-k for one ticket with reasons (for the console). */
  rank(ticket: RankTicket, k: number): RankedTechnician[] {
    const skill = skillOf(ticket);
    return this.topK(ticket, k).map((i) => toRanked(this.p, this.p.candidate(i, ticket, skill), ticket));
  }
}

const DEG = 180 / Math.PI;

/**
 * Bounding boxes (west, south, east, north; two when crossing the antimeridian) that contain every point within
 * `km` great-circle kilometres of (lat, lng) — the spherical-cap bounds of J. P. Matuschek, padded slightly.
 */
export function capBoxes(lat: number, lng: number, km: number): [number, number, number, number][] {
  const angular = (km / EARTH_KM) * 1.000001 + 1e-12;
  const minLat = lat - angular * DEG;
  const maxLat = lat + angular * DEG;
  const sinA = Math.sin(angular);
  const cosLat = Math.cos(lat / DEG);
  if (minLat <= -90 || maxLat >= 90 || sinA >= cosLat) {
    return [[-180, Math.max(-90, minLat), 180, Math.min(90, maxLat)]];
  }
  const dLng = Math.asin(sinA / cosLat) * DEG;
  const west = lng - dLng;
  const east = lng + dLng;
  if (west < -180)
    return [
      [west + 360, minLat, 180, maxLat],
      [-180, minLat, east, maxLat],
    ];
  if (east > 180)
    return [
      [west, minLat, 180, maxLat],
      [-180, minLat, east - 360, maxLat],
    ];
  return [[west, minLat, east, maxLat]];
}

/**
 * The spatial ranker the app uses. Technicians are split by (required skill, tier, open-ticket count), each group
 * with its own kdbush index, built on first use and reused for every ticket needing the same skill. Groups are
 * visited from the smallest workload penalty up. In a group, everyone within a search radius is evaluated (kdbush
 * `range` over the radius's great-circle bounding box); the group is done when the k-th best effective time is
 * no more than the group's penalty plus the radius's travel time (nobody further out can beat or tie it), or the
 * whole group was seen. Otherwise the radius grows to exactly the distance that could still compete (or doubles
 * while fewer than k are known). Later groups start at that distance, so mostly one `range` call per group; the
 * first group's starting radius adapts to the previous tickets. Groups whose penalty alone is worse than the k-th
 * best are skipped. Exact: returns what {@link rankNaive} returns.
 */
export class SpatialRanker {
  private readonly p: Prepared;
  private readonly buckets: BucketCache;
  private readonly guess = new Map<string, number>();
  private readonly stamps: Uint32Array;
  private stampCounter = 0;

  constructor(technicians: readonly RankTechnician[], options: RankOptions) {
    this.p = new Prepared(technicians, options);
    this.buckets = new BucketCache(this.p);
    this.stamps = new Uint32Array(technicians.length);
  }

  /** The top-k technician indexes for one ticket. */
  topK(ticket: RankTicket, k: number): number[] {
    const p = this.p;
    const skill = skillOf(ticket);
    const tiers = skill === null ? [0, 1] : [0, 1, 2, 3];
    const kmPerMinute = p.speedKmh / 60;
    const cosTicket = Math.cos(ticket.lat * RAD);
    const out: number[] = [];
    for (const tier of tiers) {
      const need = k - out.length;
      if (need <= 0) break;
      const top: Candidate[] = [];
      const key = `${tier}|${skill ?? ''}`;
      let first = true;
      for (const bucket of this.buckets.get(skill, tier)) {
        const full = top.length === need;
        if (full && bucket.penalty > (top[need - 1] as Candidate).effective) break;
        let km = full
          ? ((top[need - 1] as Candidate).effective - bucket.penalty) * kmPerMinute + 1e-9
          : (this.guess.get(key) ?? 5);
        // Items already evaluated for this ticket are stamped, so a grown radius only evaluates the new ones.
        const stamp = ++this.stampCounter;
        let seen = 0;
        for (;;) {
          for (const [w, s, e, n] of capBoxes(ticket.lat, ticket.lng, km)) {
            for (const item of bucket.index.range(w, s, e, n)) {
              const i = bucket.members[item] as number;
              if (this.stamps[i] === stamp) continue;
              this.stamps[i] = stamp;
              seen++;
              const km = p.km(i, ticket, cosTicket);
              const effective = travelMinutes(km, p.speedKmh) + bucket.penalty;
              if (top.length === need && effective > (top[need - 1] as Candidate).effective) continue;
              insertTopK(top, { i, tier, effective, km }, need, p.compare);
            }
          }
          if (seen === bucket.members.length) break;
          const kth = top.length === need ? (top[need - 1] as Candidate) : null;
          if (kth && kth.effective <= bucket.penalty + travelMinutes(km, p.speedKmh)) break;
          km = kth ? Math.max(km * 1.01, (kth.effective - bucket.penalty) * kmPerMinute + 1e-9) : km * 2;
        }
        if (first) {
          this.guess.set(key, km);
          first = false;
        }
      }
      for (const c of top) out.push(c.i);
    }
    return out;
  }

  /** The top-k for one ticket with reasons. */
  rank(ticket: RankTicket, k: number): RankedTechnician[] {
    const skill = skillOf(ticket);
    return this.topK(ticket, k).map((i) => toRanked(this.p, this.p.candidate(i, ticket, skill), ticket));
  }
}

/** Top-k for many tickets with the spatial index (kdbush range, adaptive radius). */
export function rankSpatial(
  tickets: readonly RankTicket[],
  technicians: readonly RankTechnician[],
  options: RankOptions,
  k: number,
): number[][] {
  const ranker = new SpatialRanker(technicians, options);
  return tickets.map((t) => ranker.topK(t, k));
}

/** Top-k for many tickets with geokdbush `around` (comparison only). */
export function rankAround(
  tickets: readonly RankTicket[],
  technicians: readonly RankTechnician[],
  options: RankOptions,
  k: number,
): number[][] {
  const ranker = new AroundRanker(technicians, options);
  return tickets.map((t) => ranker.topK(t, k));
}
