import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDistance, distanceKm } from '../src/domain/geo';
import {
  capBoxes,
  type RankTechnician,
  type RankTicket,
  rankAround,
  rankForTicket,
  rankNaive,
  rankSpatial,
} from '../src/domain/ranking';

const ticket: RankTicket = { lat: 51.5, lng: -0.12, requiredSkill: 'HVAC' };
const tech = (id: string, over: Partial<RankTechnician> = {}): RankTechnician => ({
  accountId: id,
  lat: 51.5,
  lng: -0.12,
  availableNow: true,
  skills: ['HVAC'],
  workload: 0,
  ...over,
});
/** A point `km` east of the ticket. */
const east = (km: number) => ({ lat: 51.5, lng: -0.12 + km / (111.32 * Math.cos((51.5 * Math.PI) / 180)) });
const options = { speedKmh: 30 };

describe('rankForTicket', () => {
  it('puts available + skilled first, then skilled but unavailable, then available without the skill', () => {
    const ranked = rankForTicket(
      ticket,
      [
        tech('a-unskilled-near', { skills: ['Plumbing'] }),
        tech('b-skilled-off', {
          availableNow: false,
          availability: 'Off shift — next shift tomorrow 08:00 (UTC)',
        }),
        tech('c-best-far', east(20)),
        tech('d-neither', { skills: [], availableNow: false }),
      ],
      options,
    );
    expect(ranked.map((r) => r.accountId)).toEqual([
      'c-best-far',
      'b-skilled-off',
      'a-unskilled-near',
      'd-neither',
    ]);
    expect(ranked[1]?.reasons[0]).toBe('Not available now: Off shift — next shift tomorrow 08:00 (UTC)');
    expect(ranked[2]?.reasons[1]).toBe('Lacks skill HVAC');
    // Scores fall in separate bands per tier.
    expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((x, y) => y - x));
    expect(ranked[0]?.score).toBeGreaterThan(70);
    expect(ranked[3]?.score).toBeLessThanOrEqual(10);
  });

  it('gives one reason per factor: availability, skill, distance / travel time and workload', () => {
    const [r] = rankForTicket(
      ticket,
      [tech('a', { ...east(12), workload: 2, positionSource: 'home-base' })],
      options,
    );
    expect(r).toEqual({
      accountId: 'a',
      score: expect.any(Number),
      distanceKm: 12,
      travelMinutes: 24,
      reasons: ['Available now', 'Has skill HVAC', '12 km (~24 min) from home base', '2 open tickets'],
    });
    const [none] = rankForTicket({ ...ticket, requiredSkill: null }, [tech('b', { skills: [] })], options);
    expect(none?.reasons.slice(1)).toEqual(['No skill required', '0 km (~1 min)', 'No open tickets']);
  });

  it('trades distance against workload (20 minutes per open ticket by default) and travel speed', () => {
    const busyNear = tech('busy', { ...east(2), workload: 3 }); // 4 min + 60
    const freeFar = tech('free', { ...east(20) }); // 40 min
    expect(rankForTicket(ticket, [busyNear, freeFar], options).map((r) => r.accountId)).toEqual([
      'free',
      'busy',
    ]);
    // At 10 km/h the far one is 120 minutes away; the busy one 12 + 60.
    expect(rankForTicket(ticket, [busyNear, freeFar], { speedKmh: 10 }).map((r) => r.accountId)).toEqual([
      'busy',
      'free',
    ]);
    expect(
      rankForTicket(ticket, [busyNear, freeFar], { speedKmh: 30, workloadMinutes: 5 }).map(
        (r) => r.accountId,
      ),
    ).toEqual(['busy', 'free']);
  });

  it('breaks ties by fewer open tickets, then distance, then account id', () => {
    const ranked = rankForTicket(
      ticket,
      [tech('z'), tech('m'), tech('a'), tech('q', { ...east(0.0001) })],
      options,
    );
    expect(ranked.map((r) => r.accountId)).toEqual(['a', 'm', 'z', 'q']);
  });

  it('matches skills case-insensitively', () => {
    const [r] = rankForTicket(
      { ...ticket, requiredSkill: 'hvac' },
      [tech('a', { skills: [' HVAC '] })],
      options,
    );
    expect(r?.reasons[1]).toBe('Has skill hvac');
  });
});

describe('spatial ranking equals the naive scan', () => {
  const SKILLS = ['A', 'B', 'C'];
  const point = (radiusDeg: number) =>
    fc.record({
      lat: fc.double({ min: 51.5 - radiusDeg, max: 51.5 + radiusDeg, noNaN: true }),
      lng: fc.double({ min: -0.1 - radiusDeg, max: -0.1 + radiusDeg, noNaN: true }),
    });
  const techArb = (radiusDeg: number) =>
    fc.record({
      // Few distinct positions, so technicians share a spot (depots): the tie-breaks must agree.
      where: fc.oneof(point(radiusDeg), fc.constantFrom({ lat: 51.5, lng: -0.1 }, { lat: 51.6, lng: -0.2 })),
      availableNow: fc.boolean(),
      skills: fc.subarray(SKILLS),
      workload: fc.integer({ min: 0, max: 4 }),
    });
  const ticketArb = (radiusDeg: number) =>
    fc.record({
      where: point(radiusDeg),
      requiredSkill: fc.option(fc.constantFrom(...SKILLS), { nil: null }),
    });

  it('for any technicians, tickets, k and speed (top-k and order, ties included)', () => {
    fc.assert(
      fc.property(
        fc.array(techArb(0.4), { minLength: 0, maxLength: 60 }),
        fc.array(ticketArb(0.4), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 5, max: 90 }),
        (ts, ks, k, speed) => {
          const technicians = ts.map((t, i) => ({ accountId: `acc-${i}`, ...t.where, ...t }));
          const tickets = ks.map((t) => ({ ...t.where, requiredSkill: t.requiredSkill }));
          const naive = rankNaive(tickets, technicians, { speedKmh: speed }, k);
          expect(rankSpatial(tickets, technicians, { speedKmh: speed }, k)).toEqual(naive);
          expect(rankAround(tickets, technicians, { speedKmh: speed }, k)).toEqual(naive);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('anywhere on Earth, across the antimeridian and near the poles', () => {
    const anywhere = fc.record({
      lat: fc.double({ min: -89.9, max: 89.9, noNaN: true }),
      lng: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ where: anywhere, workload: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(anywhere, { minLength: 1, maxLength: 10 }),
        (ts, ks) => {
          const technicians = ts.map((t, i) => ({
            accountId: `acc-${i}`,
            ...t.where,
            availableNow: true,
            skills: [],
            workload: t.workload,
          }));
          const tickets = ks.map((w) => ({ ...w, requiredSkill: null }));
          expect(rankSpatial(tickets, technicians, { speedKmh: 800 }, 3)).toEqual(
            rankNaive(tickets, technicians, { speedKmh: 800 }, 3),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('geometry', () => {
  it('distances and their wording', () => {
    expect(distanceKm({ lat: 51.5072, lng: -0.1276 }, { lat: 48.8566, lng: 2.3522 })).toBeCloseTo(343.5, 0);
    expect(describeDistance(12.3, 18.4)).toBe('12 km (~18 min)');
    expect(describeDistance(3.26, 6.5)).toBe('3.3 km (~7 min)');
    expect(describeDistance(150, 300)).toBe('150 km (~5 h)');
  });

  it('cap boxes contain the whole circle, split at the antimeridian', () => {
    const [box] = capBoxes(51.5, -0.12, 10);
    const [w, s, e, n] = box as [number, number, number, number];
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const lat = 51.5 + ((9.99 * Math.cos(rad)) / 6371) * (180 / Math.PI);
      const lng =
        -0.12 + ((9.99 * Math.sin(rad)) / (6371 * Math.cos((51.5 * Math.PI) / 180))) * (180 / Math.PI);
      expect(lat >= s && lat <= n && lng >= w && lng <= e).toBe(true);
    }
    expect(capBoxes(10, 179.99, 50)).toHaveLength(2);
    expect(capBoxes(89.9, 0, 50)[0]).toEqual([-180, expect.any(Number), 180, 90]);
  });
});
