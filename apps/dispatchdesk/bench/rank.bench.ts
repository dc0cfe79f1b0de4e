/**
 * Ranking benchmark (run with `npm run bench` = `tsx bench/rank.bench.ts`). Prints `BENCH {json}` lines.
 *
 * Workload: 10,000 open tickets within 25 km of central London (80 % need one of 8 skills) × 1,000 technicians
 * within 30 km (1–3 skills each, ~60 % available now, 0–4 open tickets each), travel speed 30 km/h.
 *
 * What is timed (`rank.spatial.top5`): from the technicians' ranking inputs (position, availability now, skills,
 * workload — computed once per console load, outside the timing) to the top-5 technicians for **every one of the
 * 10,000 tickets**, including building the kdbush indexes (one per required skill and tier). Goal < 50 ms.
 * `rank.naive.top5` times the same answer by scoring all 1,000 technicians for every ticket; the spatial line
 * carries it as `baseline` and `ratio` = naive / spatial (goal ≥ 20×). The two answers are checked to be equal.
 * Also reported: availability-now for 1,000 technicians in 4 time zones (Intl), per console load.
 */
import { availabilityAt } from '../src/domain/availability';
import type { TechnicianProfile } from '../src/domain/contract';
import {
  type RankTechnician,
  type RankTicket,
  rankAround,
  rankNaive,
  rankSpatial,
} from '../src/domain/ranking';

const TICKETS = 10_000;
const TECHNICIANS = 1_000;
const K = 5;
const OPTIONS = { speedKmh: 30 } as const;
const SKILLS = [
  'Electrical',
  'HVAC',
  'Plumbing',
  'Networking',
  'Printers',
  'Security systems',
  'Audio-visual',
  'Refrigeration',
];
const LONDON = { lat: 51.5072, lng: -0.1276 };

function bench(line: Record<string, unknown>): void {
  console.log(`BENCH ${JSON.stringify(line)}`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** mulberry32: deterministic data for comparable runs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pointNear(r: () => number, radiusKm: number): { lat: number; lng: number } {
  const d = radiusKm * Math.sqrt(r());
  const theta = r() * 2 * Math.PI;
  return {
    lat: LONDON.lat + (d * Math.cos(theta)) / 111.32,
    lng: LONDON.lng + (d * Math.sin(theta)) / (111.32 * Math.cos((LONDON.lat * Math.PI) / 180)),
  };
}

function data(): { tickets: RankTicket[]; technicians: RankTechnician[] } {
  const r = rng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const technicians: RankTechnician[] = Array.from({ length: TECHNICIANS }, (_, i) => {
    const skills = new Set([pick(SKILLS)]);
    while (r() < 0.45 && skills.size < 3) skills.add(pick(SKILLS));
    return {
      accountId: `557058:bench-${String(i).padStart(4, '0')}`,
      ...pointNear(r, 30),
      availableNow: r() < 0.6,
      skills: [...skills],
      workload: Math.floor(r() * 5),
    };
  });
  const tickets: RankTicket[] = Array.from({ length: TICKETS }, () => ({
    ...pointNear(r, 25),
    requiredSkill: r() < 0.8 ? pick(SKILLS) : null,
  }));
  return { tickets, technicians };
}

function time<T>(run: () => T, runs: number, warmups: number): { ms: number; result: T } {
  let result = run();
  for (let i = 1; i < warmups; i++) result = run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = run();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

function main(): void {
  const { tickets, technicians } = data();
  const spatial = time(() => rankSpatial(tickets, technicians, OPTIONS, K), 9, 3);
  const aroundRun = time(() => rankAround(tickets, technicians, OPTIONS, K), 5, 2);
  const naive = time(() => rankNaive(tickets, technicians, OPTIONS, K), 3, 1);
  const same =
    JSON.stringify(spatial.result) === JSON.stringify(naive.result) &&
    JSON.stringify(aroundRun.result) === JSON.stringify(naive.result);
  if (!same) throw new Error('spatial and naive rankings differ');
  const ratio = naive.ms / spatial.ms;
  bench({
    name: 'dispatchdesk.rank.naive.top5.10k-tickets.1k-technicians',
    value: Math.round(naive.ms * 10) / 10,
    unit: 'ms',
  });
  bench({
    name: 'dispatchdesk.rank.spatial.top5.10k-tickets.1k-technicians',
    value: Math.round(spatial.ms * 10) / 10,
    unit: 'ms',
    goal: '< 50 ms',
    baseline: Math.round(naive.ms * 10) / 10,
    ratio: Math.round(ratio * 10) / 10,
    ratioGoal: '>= 20',
    sameAnswer: same,
  });
  bench({
    name: 'dispatchdesk.rank.geokdbush-around.top5.10k-tickets.1k-technicians',
    value: Math.round(aroundRun.ms * 10) / 10,
    unit: 'ms',
    baseline: Math.round(naive.ms * 10) / 10,
    ratio: Math.round((naive.ms / aroundRun.ms) * 10) / 10,
  });

  const zones = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'];
  const profiles: Pick<TechnicianProfile, 'timeZone' | 'hours' | 'timeOff'>[] = technicians.map((_, i) => ({
    timeZone: zones[i % zones.length] as string,
    hours: {
      '1': { start: '08:00', end: '16:30' },
      '2': { start: '08:00', end: '16:30' },
      '5': { start: '22:00', end: '06:00' },
    },
    timeOff: i % 10 === 0 ? [{ start: '2026-03-27', end: '2026-03-31' }] : [],
  }));
  const now = Date.parse('2026-03-30T09:15:00Z');
  const availability = time(() => profiles.map((p) => availabilityAt(p, now).availableNow), 9, 2);
  bench({
    name: 'dispatchdesk.availability.now.1k-technicians',
    value: Math.round(availability.ms * 100) / 100,
    unit: 'ms',
  });
}

main();
