import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleData, DispatchConfig, TechnicianProfile, TicketView } from '../src/domain/contract';
import {
  ADMIN,
  data,
  errorOf,
  profileOf,
  saveTechnicians,
  setUp,
  startSandbox,
  type TestSandbox,
} from './resolvers-support';

let t: TestSandbox;
let admin: string;
let dispatcher: string;
let technician: string;
let otherTechnician: string;
let customer: string;
let agent: string;

const kvsDump = () => t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk'));
type Health = { level: string; message: string }[];

beforeAll(async () => {
  // The sandbox's local tiles, as `discoverApps` can pass them: the variable overrides the admin's tile URL.
  t = await startSandbox({ variables: { DISPATCH_TILE_URL: '/tiles/{z}/{x}/{y}.png' } });
  admin = t.users['site-admin'] as string;
  dispatcher = t.users.dispatcher as string;
  customer = t.users.customer as string;
  agent = t.users.agent as string;
  technician = t.site.technicians[0]?.accountId as string;
  otherTechnician = t.site.technicians[1]?.accountId as string;
}, 120_000);

afterAll(() => t?.close());

describe('admin setup and health check', () => {
  it('reports every gap on a fresh install, then fewer once configured', async () => {
    const fresh = data(await t.invoke<Health>('healthCheck', {}, admin, ADMIN));
    expect(fresh[0]?.level).toBe('error');
    expect(fresh.map((h) => h.message).join('\n')).toContain('No projects are configured');
    expect(fresh.map((h) => h.message).join('\n')).toContain('No technicians');

    const config = data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN));
    // Detected from the site's fields on a fresh install.
    expect(config.requiredSkillFieldId).toBe('customfield_10102');
    expect(config.slaFieldIds).toEqual(['customfield_10020', 'customfield_10021']);
    expect(config.locationSource).toEqual({ kind: 'field', fieldId: 'customfield_10101' });

    // Partly mapped phases and a transition name that does not exist.
    await setUp(t, {
      phaseByStatus: { '10000': 'planned' },
      transitions: { assign: 'Beam me up', startTravel: null, arrive: null },
    });
    const health = data(await t.invoke<Health>('healthCheck', {}, admin, ADMIN));
    const text = health.map((h) => `${h.level}: ${h.message}`).join('\n');
    expect(text).toMatch(/warning: Project FS: 7 status\(es\) have no dispatch phase: .*Dispatched/);
    expect(text).toContain(
      'error: Transition "Beam me up" (assign) is not available on any sampled open ticket',
    );
    expect(text).toContain('error: No technicians');
    expect(text).toContain('DISPATCH_TILE_URL');

    await setUp(t);
    await saveTechnicians(t, 6);
    const good = data(await t.invoke<Health>('healthCheck', {}, admin, ADMIN));
    expect(good.filter((h) => h.level === 'error')).toEqual([]);
    expect(good.map((h) => h.message).join('\n')).toContain('every status has a dispatch phase');
  });

  it('audits config saves (before → after) and denies non-admins, auditing the denial', async () => {
    const config = data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN));
    data(await t.invoke('saveConfig', { ...config, travelSpeedKmh: 42 }, admin, ADMIN));
    const audit = data(
      await t.invoke<{ entries: { actor: string; action: string; outcome: string }[] }>(
        'listAudit',
        {},
        admin,
        ADMIN,
      ),
    );
    expect(audit.entries[0]).toMatchObject({ actor: admin, action: 'config.update', outcome: 'changed' });
    const stored = kvsDump().keys.config as DispatchConfig;
    expect(stored.travelSpeedKmh).toBe(42);

    const denied = errorOf(await t.invoke('saveConfig', { ...config, travelSpeedKmh: 5 }, dispatcher, ADMIN));
    expect(denied.code).toBe('FORBIDDEN');
    expect((kvsDump().keys.config as DispatchConfig).travelSpeedKmh).toBe(42);
    const after = data(
      await t.invoke<{ entries: { actor: string; action: string; outcome: string }[] }>(
        'listAudit',
        {},
        admin,
        ADMIN,
      ),
    );
    expect(after.entries[0]).toMatchObject({
      actor: dispatcher,
      action: 'admin.config.save',
      outcome: 'denied',
    });
  });

  it('refuses an invalid config naming the field, and writes nothing', async () => {
    const config = data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN));
    const before = JSON.stringify(kvsDump().keys.config);
    const bad = errorOf(
      await t.invoke(
        'saveConfig',
        { ...config, mapView: { center: { lat: 123, lng: 0 }, zoom: 10 } },
        admin,
        ADMIN,
      ),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.fields?.map((f) => f.path)).toEqual(['mapView.center.lat']);
    const badTiles = errorOf(
      await t.invoke(
        'saveConfig',
        { ...config, tiles: { url: 'http://evil.example/{z}/{x}/{y}.png', attribution: 'x' } },
        admin,
        ADMIN,
      ),
    );
    expect(badTiles.fields?.map((f) => f.path)).toEqual(['tiles.url']);
    const noProject = errorOf(
      await t.invoke('saveConfig', { ...config, projectKeys: ['NOPE'] }, admin, ADMIN),
    );
    expect(noProject.code).toBe('NOT_FOUND');
    expect(JSON.stringify(kvsDump().keys.config)).toBe(before);
  });

  it('takes the tile URL from the DISPATCH_TILE_URL variable when it is set', async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    expect(c.map.tileUrl).toBe('/tiles/{z}/{x}/{y}.png');
  });
});

describe('who may do what', () => {
  let ticket: TicketView;

  beforeAll(async () => {
    await saveTechnicians(t, 4, 6);
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    ticket = c.tickets.find((x) => x.assignee === null) as TicketView;
  });

  it('a technician sees the console read-only but cannot assign', async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, technician));
    expect(c.me.roles).toEqual(['technician']);
    const refused = errorOf(
      await t.invoke(
        'assign',
        { issueKey: ticket.key, accountId: technician, expectedUpdated: ticket.updated },
        technician,
      ),
    );
    expect(refused.code).toBe('FORBIDDEN');
    const jiraIssue = [...t.site.jira.issues.values()].find((i) => i.key === ticket.key);
    expect(jiraIssue?.fields.assignee).toBeNull();
  });

  it("data minimisation: a technician's console holds only their own tickets and profile; a dispatcher's holds all", async () => {
    const all = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const mine = data(await t.invoke<ConsoleData>('getConsole', {}, technician));
    const everyTicket = (c: ConsoleData) => [...c.tickets, ...c.unlocated];
    const othersAssigned = everyTicket(all).filter(
      (x) => x.assignee !== null && x.assignee.accountId !== technician,
    );
    expect(othersAssigned.length).toBeGreaterThan(0);
    expect(everyTicket(all).some((x) => x.assignee === null)).toBe(true);
    expect(all.technicians.length).toBeGreaterThan(1);
    // Exactly the dispatcher's tickets assigned to this technician, nothing about anyone else's work or whereabouts.
    expect(
      everyTicket(mine)
        .map((x) => x.key)
        .sort(),
    ).toEqual(
      everyTicket(all)
        .filter((x) => x.assignee?.accountId === technician)
        .map((x) => x.key)
        .sort(),
    );
    expect(mine.technicians.every((x) => x.accountId === technician)).toBe(true);
    const text = JSON.stringify(mine);
    for (const other of othersAssigned.slice(0, 50)) {
      expect(text).not.toContain(other.key);
      expect(text).not.toContain(`"${(other.assignee as { accountId: string }).accountId}"`);
    }
  });

  it('a customer, an anonymous caller and an agent without a role are refused', async () => {
    for (const who of [customer, undefined, agent]) {
      const refused = errorOf(await t.invoke('getConsole', {}, who));
      expect(refused.code).toBe('FORBIDDEN');
    }
    expect(errorOf(await t.invoke('getTechnician', { accountId: technician }, customer)).code).toBe(
      'FORBIDDEN',
    );
  });

  it('a technician edits their own availability and position, not their skills, and nobody else', async () => {
    const mine = data(
      await t.invoke<TechnicianProfile>('getTechnician', { accountId: technician }, technician),
    );
    const edited = {
      ...mine,
      hours: { '1': { start: '07:00', end: '15:00' } },
      timeOff: [{ start: '2099-12-24', end: '2099-12-26', reason: 'Holiday' }],
    };
    const saved = data(await t.invoke<TechnicianProfile>('saveTechnician', edited, technician));
    expect(saved.hours).toEqual({ '1': { start: '07:00', end: '15:00' } });
    const skills = errorOf(
      await t.invoke('saveTechnician', { ...edited, skills: ['Everything'] }, technician),
    );
    expect(skills.code).toBe('UNPROCESSABLE');
    data(
      await t.invoke(
        'setPosition',
        { accountId: technician, position: { lat: 51.5, lng: -0.12 } },
        technician,
      ),
    );

    const before = JSON.stringify([kvsDump().keys, kvsDump().entities]);
    const other = profileOf(t.site.technicians[1] as (typeof t.site.technicians)[number]);
    expect(errorOf(await t.invoke('saveTechnician', { ...other, skills: [] }, technician)).code).toBe(
      'FORBIDDEN',
    );
    expect(
      errorOf(
        await t.invoke(
          'setPosition',
          { accountId: otherTechnician, position: { lat: 51, lng: 0 } },
          technician,
        ),
      ).code,
    ).toBe('FORBIDDEN');
    expect(errorOf(await t.invoke('getTechnician', { accountId: otherTechnician }, technician)).code).toBe(
      'FORBIDDEN',
    );
    expect(JSON.stringify([kvsDump().keys, kvsDump().entities])).toBe(before);

    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const me = c.technicians.find((x) => x.accountId === technician);
    expect(me?.position.source).toBe('manual');
    expect(me?.position.why).toMatch(/^Set manually at \d{2}:\d{2} UTC/);
  });

  it('a dispatcher edits anyone, including skills', async () => {
    const other = profileOf(t.site.technicians[1] as (typeof t.site.technicians)[number]);
    const saved = data(
      await t.invoke<TechnicianProfile>(
        'saveTechnician',
        { ...other, skills: ['HVAC', 'hvac', 'Plumbing'] },
        dispatcher,
      ),
    );
    expect(saved.skills).toEqual(['HVAC', 'Plumbing']);
  });

  it('refuses bad coordinates, unknown ids and oversized payloads with clear errors, writing nothing', async () => {
    const before = JSON.stringify(kvsDump());
    const profile = profileOf(t.site.technicians[2] as (typeof t.site.technicians)[number]);
    const badLat = errorOf(
      await t.invoke(
        'saveTechnician',
        { ...profile, homeBase: { ...profile.homeBase, lat: 95 } },
        dispatcher,
      ),
    );
    expect(badLat.code).toBe('INVALID_INPUT');
    expect(badLat.fields).toEqual([{ path: 'homeBase.lat', message: 'Latitude must be between -90 and 90' }]);
    const badLng = errorOf(
      await t.invoke('setPosition', { accountId: technician, position: { lat: 51, lng: 200 } }, technician),
    );
    expect(badLng.fields?.[0]?.path).toBe('position.lng');
    const nan = errorOf(
      await t.invoke('setPosition', { accountId: technician, position: { lat: 'x', lng: 0 } }, technician),
    );
    expect(nan.fields?.[0]?.path).toBe('position.lat');
    const badZone = errorOf(
      await t.invoke('saveTechnician', { ...profile, timeZone: 'Mars/Olympus' }, dispatcher),
    );
    expect(badZone.fields?.[0]?.path).toBe('timeZone');
    const unknown = errorOf(
      await t.invoke(
        'saveTechnician',
        { ...profile, accountId: '557058:00000000-0000-4000-8000-000000000000' },
        dispatcher,
      ),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    const customerTech = errorOf(
      await t.invoke('saveTechnician', { ...profile, accountId: customer }, dispatcher),
    );
    expect(customerTech.code).toBe('UNPROCESSABLE');
    const huge = errorOf(
      await t.invoke(
        'saveTechnician',
        { ...profile, skills: Array.from({ length: 5_000 }, (_, i) => `skill ${i}`) },
        dispatcher,
      ),
    );
    expect(huge.code).toBe('INVALID_INPUT');
    const unknownIssue = errorOf(await t.invoke('rankTechnicians', { issueKey: 'FS-999999' }, dispatcher));
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(unknownIssue.code);
    expect(JSON.stringify(kvsDump())).toBe(before);
  });
});
