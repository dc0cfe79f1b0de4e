import { describe, expect, it } from 'vitest';
import { decodeVersion, encodeVersion, windowMinutes } from '../src/domain/changes';
import {
  defaultConfig,
  effectiveTileUrl,
  isValidTileUrl,
  OSM_TILE_URL,
  tileHostDeclared,
} from '../src/domain/config';
import type { DispatchConfig } from '../src/domain/contract';
import { currentPhase, phaseOf, suggestPhase, unmappedStatuses } from '../src/domain/phases';
import { positionOf } from '../src/domain/positions';
import { initials, mergeRoster, SHARD_COUNT, shardOf } from '../src/domain/technicians';
import {
  assetLocationsFromAql,
  conflictMessage,
  locationFromField,
  sameInstant,
  slaFrom,
  toTicketView,
} from '../src/domain/tickets';

const HOUR = 3_600_000;
const cycle = (remaining: number, goal: number, breached = remaining < 0) => ({
  ongoingCycle: { breached, remainingTime: { millis: remaining }, goalDuration: { millis: goal } },
});

describe('SLA state', () => {
  it('is breached, at risk (≤ a quarter of the goal, at most 4 h) or ok, from ongoing cycles only', () => {
    expect(slaFrom([cycle(-30 * 60_000, 4 * HOUR)])).toEqual({ sla: 'breached', minutesLeft: -30 });
    expect(slaFrom([cycle(50 * 60_000, 4 * HOUR)])).toEqual({ sla: 'at-risk', minutesLeft: 50 });
    expect(slaFrom([cycle(2 * HOUR, 4 * HOUR)]).sla).toBe('ok');
    // A 14-day goal is at risk only in its last 4 hours.
    expect(slaFrom([cycle(5 * HOUR, 336 * HOUR)]).sla).toBe('ok');
    expect(slaFrom([cycle(3 * HOUR, 336 * HOUR)]).sla).toBe('at-risk');
    // The worst of several cycles; completed ones and missing fields are ignored.
    expect(
      slaFrom([
        cycle(10 * HOUR, 336 * HOUR),
        cycle(10 * 60_000, HOUR),
        { completedCycles: [{ breached: true }] },
        null,
      ]),
    ).toEqual({
      sla: 'at-risk',
      minutesLeft: 10,
    });
    // 20 minutes left of a 1-hour goal is more than a quarter: still ok.
    expect(slaFrom([cycle(20 * 60_000, HOUR)]).sla).toBe('ok');
    expect(slaFrom([])).toEqual({ sla: 'ok', minutesLeft: null });
  });
});

describe('locations', () => {
  it('reads {lat, lng, address} and rejects anything that is not a valid point', () => {
    expect(locationFromField({ lat: 51.5, lng: -0.1, address: '1 High St' })).toEqual({
      lat: 51.5,
      lng: -0.1,
      address: '1 High St',
    });
    for (const bad of [
      null,
      {},
      { lat: 91, lng: 0 },
      { lat: 0, lng: 181 },
      { lat: Number.NaN, lng: 0 },
      { lat: '51.5x', lng: 0 },
      'x',
    ]) {
      expect(locationFromField(bad)).toBeNull();
    }
  });

  it('reads Assets object locations from an object/aql page by attribute name', () => {
    const page = {
      objectTypeAttributes: [
        { id: '11', name: 'Latitude' },
        { id: '12', name: 'Longitude' },
      ],
      values: [
        {
          id: '7',
          label: 'London HQ',
          attributes: [
            { objectTypeAttributeId: '11', objectAttributeValues: [{ value: '51.50722' }] },
            { objectTypeAttributeId: '12', objectAttributeValues: [{ value: '-0.12750' }] },
          ],
        },
        { id: '8', label: 'No coordinates', attributes: [] },
        {
          id: '9',
          label: 'Bad',
          attributes: [
            { objectTypeAttributeId: '11', objectAttributeValues: [{ value: '200' }] },
            { objectTypeAttributeId: '12', objectAttributeValues: [{ value: '0' }] },
          ],
        },
      ],
    };
    expect([...assetLocationsFromAql(page, 'latitude', 'LONGITUDE')]).toEqual([
      ['7', { lat: 51.50722, lng: -0.1275, address: 'London HQ' }],
    ]);
  });
});

const config: DispatchConfig = {
  ...defaultConfig({ requiredSkillFieldId: 'customfield_10102', slaFieldIds: ['customfield_10021'] }),
  projectKeys: ['FS'],
  phaseByStatus: { '10000': 'planned', '10002': 'assigned', '10003': 'on-site' },
};
const issue = (over: Record<string, unknown> = {}) => ({
  id: '10001',
  key: 'FS-1',
  fields: {
    summary: '<img src=x onerror=alert(1)>',
    status: { id: '10000', name: 'Waiting for support', statusCategory: { key: 'new' } },
    project: { key: 'FS' },
    priority: { name: 'High' },
    assignee: null,
    created: '2026-01-05T08:00:00.000+0000',
    updated: '2026-01-05T09:00:00.000+0000',
    customfield_10101: { lat: 51.5, lng: -0.1, address: '1 High St' },
    customfield_10102: { value: 'HVAC', id: '10201' },
    customfield_10021: cycle(30 * 60_000, 4 * HOUR),
    ...over,
  },
});

describe('toTicketView', () => {
  it('maps the Jira issue; text stays text', () => {
    expect(toTicketView(issue(), config)).toEqual({
      key: 'FS-1',
      id: '10001',
      summary: '<img src=x onerror=alert(1)>',
      projectKey: 'FS',
      status: { id: '10000', name: 'Waiting for support' },
      phase: 'planned',
      priority: 'High',
      requestType: null,
      requiredSkill: 'HVAC',
      sla: 'at-risk',
      slaMinutesLeft: 30,
      assignee: null,
      location: { lat: 51.5, lng: -0.1 },
      address: '1 High St',
      created: '2026-01-05T08:00:00.000+0000',
      updated: '2026-01-05T09:00:00.000+0000',
    });
    expect(toTicketView({ nope: true }, config)).toBeNull();
  });

  it('a planned ticket with an assignee is assigned; unmapped statuses fall back to their category', () => {
    const assigned = toTicketView(issue({ assignee: { accountId: 'acc-1', displayName: 'Ana' } }), config);
    expect(assigned?.phase).toBe('assigned');
    const unmapped = toTicketView(
      issue({ status: { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } } }),
      config,
    );
    expect(unmapped?.phase).toBe('assigned');
  });
});

describe('phases', () => {
  it('suggests phases from names and categories', () => {
    expect(suggestPhase('Waiting for support', 'new')).toBe('paused');
    expect(suggestPhase('Open', 'new')).toBe('planned');
    expect(suggestPhase('Dispatched', 'indeterminate')).toBe('assigned');
    expect(suggestPhase('On site', 'indeterminate')).toBe('on-site');
    expect(suggestPhase('En route', 'indeterminate')).toBe('travelling');
    expect(suggestPhase('Waiting for customer', 'indeterminate')).toBe('paused');
    expect(suggestPhase('Resolved', 'done')).toBe('done');
  });

  it('maps statuses, lists unmapped ones and picks a technician’s current phase', () => {
    expect(phaseOf({ id: '10003', category: 'indeterminate' }, true, config.phaseByStatus)).toBe('on-site');
    expect(phaseOf({ id: '99', category: 'done' }, true, config.phaseByStatus)).toBe('done');
    expect(unmappedStatuses([{ id: '10000' }, { id: '3' }], config.phaseByStatus)).toEqual([{ id: '3' }]);
    expect(currentPhase(['assigned', 'on-site', 'paused'])).toBe('on-site');
    expect(currentPhase([])).toBeNull();
  });
});

describe('the conflict guard', () => {
  it('lets an assign through only when the ticket is as the dispatcher loaded it', () => {
    expect(
      conflictMessage('FS-1', '2026-01-05T09:00:00.000+0000', {
        updated: '2026-01-05T09:00:00.000Z',
        assignee: null,
      }),
    ).toBeNull();
    expect(
      conflictMessage('FS-1', '2026-01-05T09:00:00.000+0000', {
        updated: '2026-01-05T09:00:01.000+0000',
        assignee: { displayName: 'Ana Lee' },
      }),
    ).toBe(
      'FS-1 changed since you loaded it. It is now assigned to Ana Lee. Reload the console to see the latest, then assign again.',
    );
    expect(sameInstant('x', 'x')).toBe(true);
    expect(sameInstant('x', 'y')).toBe(false);
  });
});

describe('positions (planning signals with the why)', () => {
  const profile = { homeBase: { lat: 51.6, lng: -0.2, name: 'North depot' }, manualPosition: null };
  const now = Date.parse('2026-01-05T12:00:00Z');
  const onSite = [
    { key: 'FS-9', location: { lat: 51.51, lng: -0.13 }, updated: '2026-01-05T10:00:00.000+0000' },
  ];

  it('home base when nothing else is known', () => {
    expect(positionOf(profile, [], now)).toEqual({
      lat: 51.6,
      lng: -0.2,
      source: 'home-base',
      why: 'Home base: North depot',
    });
  });

  it('the latest on-site ticket, unless a manual position is newer', () => {
    expect(positionOf(profile, onSite, now)).toMatchObject({
      source: 'last-on-site-ticket',
      lat: 51.51,
      why: 'On site at FS-9 (their latest on-site ticket)',
    });
    const older = { ...profile, manualPosition: { lat: 51.4, lng: 0, setAt: '2026-01-05T09:00:00.000Z' } };
    expect(positionOf(older, onSite, now).source).toBe('last-on-site-ticket');
    const newer = { ...profile, manualPosition: { lat: 51.4, lng: 0, setAt: '2026-01-05T11:00:00.000Z' } };
    expect(positionOf(newer, onSite, now)).toMatchObject({
      source: 'manual',
      lat: 51.4,
      why: 'Set manually at 11:00 UTC, after the on-site visit to FS-9',
    });
  });

  it('a manual position expires after 12 hours', () => {
    const stale = { ...profile, manualPosition: { lat: 51.4, lng: 0, setAt: '2026-01-04T20:00:00.000Z' } };
    expect(positionOf(stale, [], now)).toMatchObject({
      source: 'home-base',
      why: 'Home base: North depot (the manual position is older than 12 hours)',
    });
  });
});

describe('tiles', () => {
  it('accepts https templates and same-site paths with {z}/{x}/{y} only', () => {
    expect(isValidTileUrl(OSM_TILE_URL)).toBe(true);
    expect(isValidTileUrl('/tiles/{z}/{x}/{y}.png')).toBe(true);
    expect(isValidTileUrl('https://{s}.tile.example.com/{z}/{x}/{y}{r}.png?key={apiKey}')).toBe(true);
    for (const bad of [
      'http://tile.openstreetmap.org/{z}/{x}/{y}.png',
      '//evil.example/{z}/{x}/{y}.png',
      'https://tile.example.com/{z}/{x}.png',
      'https://tile.example.com/{z}/{x}/{y}.png?{cookie}',
      'javascript:alert(1)//{z}{x}{y}',
      'https://user:pw@tile.example.com/{z}/{x}/{y}.png',
      '/tiles/{z}/{x}/{y}.png" onerror="x',
    ]) {
      expect(isValidTileUrl(bad)).toBe(false);
    }
  });

  it('the variable overrides, a key is put in only where the template asks for it', () => {
    const keyed = { url: 'https://tiles.example.com/{z}/{x}/{y}.png?api_key={apiKey}', attribution: 'x' };
    expect(effectiveTileUrl(keyed, undefined, 'a b&c')).toBe(
      'https://tiles.example.com/{z}/{x}/{y}.png?api_key=a%20b%26c',
    );
    expect(effectiveTileUrl(keyed, '/tiles/{z}/{x}/{y}.png', 'k')).toBe('/tiles/{z}/{x}/{y}.png');
    expect(effectiveTileUrl({ url: OSM_TILE_URL, attribution: 'x' }, undefined, 'k')).toBe(OSM_TILE_URL);
    expect(effectiveTileUrl({ url: OSM_TILE_URL, attribution: 'x' }, 'http://bad/{z}', 'k')).toBe(
      OSM_TILE_URL,
    );
  });

  it('knows which tile hosts the manifest declares', () => {
    expect(tileHostDeclared(OSM_TILE_URL)).toBe(true);
    expect(tileHostDeclared('https://a.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(true);
    expect(tileHostDeclared('https://tiles.example.com/{z}/{x}/{y}.png')).toBe(false);
    expect(tileHostDeclared('/tiles/{z}/{x}/{y}.png')).toBe(true);
  });
});

describe('technicians and versions', () => {
  it('initials, roster merge and stable shards', () => {
    expect(initials('Chloe Martin')).toBe('CM');
    expect(initials('  émile   zola ')).toBe('ÉZ');
    expect(initials('Cher')).toBe('C');
    expect(initials('')).toBe('?');
    expect(
      mergeRoster(
        [{ accountId: 'b', displayName: 'Bo' }],
        [
          { accountId: 'a', displayName: 'Al' },
          { accountId: 'b', displayName: 'Bo' },
        ],
      ),
    ).toEqual([
      { accountId: 'a', displayName: 'Al' },
      { accountId: 'b', displayName: 'Bo' },
    ]);
    expect(shardOf('557058:f58131cb-b67d-43c7-b30d-6b58d40bd077')).toBe(
      shardOf('557058:f58131cb-b67d-43c7-b30d-6b58d40bd077'),
    );
    const used = new Set(Array.from({ length: 500 }, (_, i) => shardOf(`557058:${i}`)));
    expect(used.size).toBe(SHARD_COUNT);
  });

  it('versions round-trip and the JQL window covers the time since', () => {
    const v = encodeVersion({ change: 'm1.abc', seenUntil: 1_767_600_000_000 });
    expect(decodeVersion(v)).toEqual({ change: 'm1.abc', seenUntil: 1_767_600_000_000 });
    expect(decodeVersion('v1~bad token~1')).toBeNull();
    expect(windowMinutes(0, 30_000)).toBe(2);
    expect(windowMinutes(0, 0)).toBe(1);
  });
});
