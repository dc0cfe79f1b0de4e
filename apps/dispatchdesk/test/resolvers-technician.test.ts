/**
 * Technician self-service and travel / arrival, in the sandbox: a technician edits only their own availability and
 * planning position (never their skills), a dispatcher edits anyone; `startTravel` / `arrive` apply the configured
 * transitions as the caller (the seeded "Field visit" workflow: Waiting for support —Dispatch→ Dispatched —Arrive
 * on site→ On site), for the assigned technician or a dispatcher, with the conflict guard; `arrive` stores the
 * ticket's location as the technician's "last on-site ticket" planning position.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConsoleData,
  DispatchConfig,
  Phase,
  TechnicianProfile,
  TechnicianView,
  TravelResult,
} from '../src/domain/contract';
import {
  SHARD_ENTITY,
  type Shard,
  type StoredTechnician,
  shardKey,
  shardOf,
} from '../src/domain/technicians';
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
let statusIds: Record<string, string>;

type Issue = TestSandbox['site']['jira']['issues'] extends Map<string, infer I> ? I : never;
const issue = (key: string): Issue => {
  const found = [...t.site.jira.issues.values()].find((i) => i.key === key);
  if (!found) throw new Error(`no issue ${key}`);
  return found;
};
/** Everything stored (plain keys and entities), to prove a refused call wrote nothing. */
const kvsKeys = () => {
  const { keys, entities } = t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk'));
  return { keys, entities };
};
const shardsStored = () =>
  (t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk')).entities[SHARD_ENTITY] ?? {}) as Record<
    string,
    unknown
  >;
const stored = (accountId: string): StoredTechnician | undefined =>
  (shardsStored()[shardKey(shardOf(accountId))] as Shard | undefined)?.profiles[accountId];
const viewOf = async (accountId: string, as = dispatcher): Promise<TechnicianView> => {
  const c = data(await t.invoke<ConsoleData>('getConsole', {}, as));
  const v = c.technicians.find((x) => x.accountId === accountId);
  if (!v) throw new Error(`no technician ${accountId} in the console`);
  return v;
};
const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Open, located, unassigned "Field visit" tickets in Waiting for support (so Dispatch is available). */
const fieldVisits = (): Issue[] =>
  [...t.site.jira.issues.values()].filter(
    (i) =>
      i.key.startsWith('FS-') &&
      i.fields.issueTypeId === '10003' &&
      i.fields.statusId === statusIds['Waiting for support'] &&
      i.fields.assignee === null &&
      i.fields.location !== null &&
      i.fields.resolutionDate === null,
  );
let nextVisit = 0;

/** A field visit the dispatcher assigns (no transition on assign in this config) to `accountId`. */
async function assignedVisit(accountId: string): Promise<{ key: string; updated: string }> {
  const candidate = fieldVisits()[nextVisit++];
  if (!candidate) throw new Error('no free field visit left');
  const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
  const ticket = c.tickets.find((x) => x.key === candidate.key);
  if (!ticket) throw new Error(`${candidate.key} is not in the console`);
  const { ticket: after } = data(
    await t.invoke<{ ticket: { key: string; updated: string } }>(
      'assign',
      { issueKey: ticket.key, accountId, expectedUpdated: ticket.updated },
      dispatcher,
    ),
  );
  expect(issue(after.key).fields.assignee).toBe(accountId);
  expect(issue(after.key).fields.statusId).toBe(statusIds['Waiting for support']);
  return after;
}

beforeAll(async () => {
  t = await startSandbox();
  admin = t.users['site-admin'] as string;
  dispatcher = t.users.dispatcher as string;
  technician = t.site.technicians[0]?.accountId as string;
  otherTechnician = t.site.technicians[1]?.accountId as string;
  await setUp(t, { transitions: { assign: null, startTravel: 'Dispatch', arrive: 'Arrive on site' } });
  // "Dispatched" is this site's travelling status for the tests (the proposal says "assigned").
  const statuses = data(
    await t.invoke<{ id: string; name: string; suggestedPhase: Phase }[]>(
      'detectStatuses',
      { projectKeys: ['FS'] },
      admin,
      ADMIN,
    ),
  );
  statusIds = Object.fromEntries(statuses.map((s) => [s.name, s.id]));
  const config = data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN));
  data(
    await t.invoke(
      'saveConfig',
      {
        ...config,
        phaseByStatus: { ...config.phaseByStatus, [statusIds.Dispatched as string]: 'travelling' },
      },
      admin,
      ADMIN,
    ),
  );
  await saveTechnicians(t, 6);
}, 120_000);

afterAll(() => t?.close());

describe('technician self-service', () => {
  it('a technician edits their own hours, time off and position: stored in KVS, availability follows', async () => {
    const mine = data(
      await t.invoke<TechnicianProfile>('getTechnician', { accountId: technician }, technician),
    );
    const hours = {
      '1': { start: '07:00', end: '15:00' },
      '2': { start: '07:00', end: '15:00' },
      '6': { start: '22:00', end: '06:00' },
    };
    // Yesterday to tomorrow (UTC dates) covers today in every zone: they are off now.
    const timeOff = [
      { start: isoDay(-1), end: isoDay(1), reason: 'Training' },
      { start: '2099-12-24', end: '2099-12-26' },
    ];
    const saved = data(
      await t.invoke<TechnicianProfile>('saveTechnician', { ...mine, hours, timeOff }, technician),
    );
    expect(saved.hours).toEqual(hours);
    expect(saved.timeOff).toEqual(timeOff);
    expect(stored(technician)).toMatchObject({ hours, timeOff, updatedBy: technician });

    const off = await viewOf(technician, technician);
    expect(off.availableNow).toBe(false);
    expect(off.availability).toMatch(/time off/i);

    // Removing the time off makes it count no more (whatever the shift says now, it is not "time off").
    const back = data(
      await t.invoke<TechnicianProfile>(
        'saveTechnician',
        { ...saved, timeOff: [{ start: '2099-12-24', end: '2099-12-26' }] },
        technician,
      ),
    );
    expect(back.timeOff).toHaveLength(1);
    expect(stored(technician)?.timeOff).toEqual([{ start: '2099-12-24', end: '2099-12-26' }]);
    expect((await viewOf(technician, technician)).availability).not.toMatch(/time off/i);

    // The planning position, set from the map and cleared again.
    data(
      await t.invoke(
        'setPosition',
        { accountId: technician, position: { lat: 51.5155, lng: -0.0922 } },
        technician,
      ),
    );
    expect(stored(technician)?.manualPosition).toMatchObject({ lat: 51.5155, lng: -0.0922 });
    const manual = await viewOf(technician, technician);
    expect(manual.position).toMatchObject({ lat: 51.5155, lng: -0.0922, source: 'manual' });
    data(await t.invoke('setPosition', { accountId: technician, position: null }, technician));
    expect(stored(technician)?.manualPosition).toBeNull();
    expect((await viewOf(technician, technician)).position.source).not.toBe('manual');
    data(
      await t.invoke(
        'setPosition',
        { accountId: technician, position: { lat: 51.5155, lng: -0.0922 } },
        technician,
      ),
    );
  });

  it("a technician cannot read or change another technician's profile or position, nor their own skills", async () => {
    const before = JSON.stringify(kvsKeys());
    const other = profileOf(t.site.technicians[1] as (typeof t.site.technicians)[number]);
    expect(errorOf(await t.invoke('getTechnician', { accountId: otherTechnician }, technician)).code).toBe(
      'FORBIDDEN',
    );
    expect(errorOf(await t.invoke('saveTechnician', { ...other, timeOff: [] }, technician)).code).toBe(
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
    const mine = data(
      await t.invoke<TechnicianProfile>('getTechnician', { accountId: technician }, technician),
    );
    const skills = errorOf(
      await t.invoke('saveTechnician', { ...mine, skills: [...mine.skills, 'Gas Safe'] }, technician),
    );
    expect(skills.code).toBe('UNPROCESSABLE');
    expect(skills.message).toContain('Skills are managed by dispatchers');
    expect(JSON.stringify(kvsKeys())).toBe(before);

    // A technician's console carries only their own planning position, and they cannot rank (everyone's distances).
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, technician));
    expect(c.technicians.map((x) => x.accountId)).toEqual([technician]);
    const ticket = c.tickets[0];
    expect(ticket).toBeDefined();
    expect(errorOf(await t.invoke('rankTechnicians', { issueKey: ticket?.key }, technician)).code).toBe(
      'FORBIDDEN',
    );
  });

  it('a dispatcher edits anyone: hours, time off, skills and position', async () => {
    const other = data(
      await t.invoke<TechnicianProfile>('getTechnician', { accountId: otherTechnician }, dispatcher),
    );
    const saved = data(
      await t.invoke<TechnicianProfile>(
        'saveTechnician',
        {
          ...other,
          skills: ['Electrical', 'Gas Safe'],
          hours: { '3': { start: '09:00', end: '17:30' } },
          timeOff: [{ start: '2099-07-01', end: '2099-07-14', reason: 'Summer' }],
        },
        dispatcher,
      ),
    );
    expect(saved.skills).toEqual(['Electrical', 'Gas Safe']);
    expect(stored(otherTechnician)).toMatchObject({
      skills: ['Electrical', 'Gas Safe'],
      hours: { '3': { start: '09:00', end: '17:30' } },
      timeOff: [{ start: '2099-07-01', end: '2099-07-14', reason: 'Summer' }],
      updatedBy: dispatcher,
    });
    data(
      await t.invoke(
        'setPosition',
        { accountId: otherTechnician, position: { lat: 51.45, lng: -0.2 } },
        dispatcher,
      ),
    );
    expect((await viewOf(otherTechnician)).position).toMatchObject({
      lat: 51.45,
      lng: -0.2,
      source: 'manual',
    });
  });

  it('refuses bad coordinates with INVALID_INPUT naming the field, and writes nothing', async () => {
    const before = JSON.stringify(kvsKeys());
    const mine = data(
      await t.invoke<TechnicianProfile>('getTechnician', { accountId: technician }, technician),
    );
    const lat = errorOf(
      await t.invoke('setPosition', { accountId: technician, position: { lat: 91, lng: 0 } }, technician),
    );
    expect(lat.code).toBe('INVALID_INPUT');
    expect(lat.fields?.[0]?.path).toBe('position.lat');
    const lng = errorOf(
      await t.invoke('saveTechnician', { ...mine, homeBase: { ...mine.homeBase, lng: -181 } }, technician),
    );
    expect(lng.code).toBe('INVALID_INPUT');
    expect(lng.fields?.map((f) => f.path)).toEqual(['homeBase.lng']);
    const missing = errorOf(
      await t.invoke('saveTechnician', { ...mine, homeBase: { ...mine.homeBase, lat: null } }, technician),
    );
    expect(missing.fields?.map((f) => f.path)).toEqual(['homeBase.lat']);
    expect(JSON.stringify(kvsKeys())).toBe(before);
  });
});

describe('start travel and arrive', () => {
  it('the assigned technician starts travel and arrives: Jira moves, the position becomes the ticket', async () => {
    const ticket = await assignedVisit(technician);
    const location = issue(ticket.key).fields.location as { lat: number; lng: number };
    const travelling = data(
      await t.invoke<TravelResult>(
        'startTravel',
        { issueKey: ticket.key, expectedUpdated: ticket.updated },
        technician,
      ),
    );
    expect(issue(ticket.key).fields.statusId).toBe(statusIds.Dispatched);
    expect(travelling.ticket.status.name).toBe('Dispatched');
    expect(travelling.ticket.phase).toBe('travelling');
    expect(travelling.ticket.assignee?.accountId).toBe(technician);
    // The change is Jira's, made as the technician.
    const last = issue(ticket.key).changelog.at(-1);
    expect(last?.authorAccountId).toBe(technician);

    // Before arriving, their planning position is the manual one set earlier.
    expect((await viewOf(technician)).position.source).toBe('manual');
    const arrived = data(
      await t.invoke<TravelResult>(
        'arrive',
        { issueKey: ticket.key, expectedUpdated: travelling.ticket.updated },
        technician,
      ),
    );
    expect(issue(ticket.key).fields.statusId).toBe(statusIds['On site']);
    expect(arrived.ticket.phase).toBe('on-site');
    expect(stored(technician)?.lastOnSite).toMatchObject({
      issueKey: ticket.key,
      lat: location.lat,
      lng: location.lng,
    });
    const there = await viewOf(technician);
    expect(there.position).toMatchObject({
      lat: location.lat,
      lng: location.lng,
      source: 'last-on-site-ticket',
    });
    expect(there.position.why).toContain(ticket.key);

    // Stored as such: still their position once the ticket has left "On site" (no live on-site ticket any more).
    const raw = issue(ticket.key);
    raw.fields.statusId = statusIds['Waiting for support'] as string;
    raw.updated = Date.now();
    const later = await viewOf(technician);
    expect(later.position).toMatchObject({
      source: 'last-on-site-ticket',
      lat: location.lat,
      lng: location.lng,
    });
    expect(later.position.why).toMatch(
      new RegExp(`^Last on site at ${ticket.key} \\(arrived \\d{2}:\\d{2} UTC\\)$`),
    );

    // A profile save sent with a forged lastOnSite keeps the server's.
    const mine = data(
      await t.invoke<TechnicianProfile>('getTechnician', { accountId: technician }, technician),
    );
    expect(mine.lastOnSite?.issueKey).toBe(ticket.key);
    data(
      await t.invoke(
        'saveTechnician',
        { ...mine, lastOnSite: { issueKey: 'FS-1', lat: 0, lng: 0, at: new Date().toISOString() } },
        technician,
      ),
    );
    expect(stored(technician)?.lastOnSite?.issueKey).toBe(ticket.key);
  });

  it('another technician is refused; the ticket and KVS are unchanged', async () => {
    const ticket = await assignedVisit(technician);
    const before = JSON.stringify(kvsKeys());
    for (const step of ['startTravel', 'arrive']) {
      const refused = errorOf(
        await t.invoke(step, { issueKey: ticket.key, expectedUpdated: ticket.updated }, otherTechnician),
      );
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toContain(`Only the technician assigned to ${ticket.key}`);
    }
    expect(issue(ticket.key).fields.statusId).toBe(statusIds['Waiting for support']);
    expect(JSON.stringify(kvsKeys())).toBe(before);
    // Customers and callers without a role fail earlier.
    for (const who of [t.users.customer, t.users.agent]) {
      expect(
        errorOf(await t.invoke('startTravel', { issueKey: ticket.key, expectedUpdated: ticket.updated }, who))
          .code,
      ).toBe('FORBIDDEN');
    }
    expect(issue(ticket.key).fields.statusId).toBe(statusIds['Waiting for support']);
  });

  it('a stale expectedUpdated is a CONFLICT; nothing changes', async () => {
    const ticket = await assignedVisit(technician);
    const raw = issue(ticket.key);
    raw.fields.summary = `${raw.fields.summary} (edited by the customer)`;
    raw.updated = Date.now() + 1000;
    const before = JSON.stringify(kvsKeys());
    const conflict = errorOf(
      await t.invoke('arrive', { issueKey: ticket.key, expectedUpdated: ticket.updated }, technician),
    );
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain(`${ticket.key} changed since you loaded it`);
    expect(raw.fields.statusId).toBe(statusIds['Waiting for support']);
    expect(JSON.stringify(kvsKeys())).toBe(before);
  });

  it('a dispatcher can move anyone’s ticket; bad input and unavailable transitions are refused clearly', async () => {
    const ticket = await assignedVisit(otherTechnician);
    const moved = data(
      await t.invoke<TravelResult>(
        'startTravel',
        { issueKey: ticket.key, expectedUpdated: ticket.updated },
        dispatcher,
      ),
    );
    expect(issue(ticket.key).fields.statusId).toBe(statusIds.Dispatched);
    // "Dispatch" is not available from Dispatched: refused, status unchanged.
    const again = errorOf(
      await t.invoke(
        'startTravel',
        { issueKey: ticket.key, expectedUpdated: moved.ticket.updated },
        dispatcher,
      ),
    );
    expect(again.code).toBe('UNPROCESSABLE');
    expect(again.message).toContain('"Dispatch" is not available from Dispatched');
    expect(issue(ticket.key).fields.statusId).toBe(statusIds.Dispatched);

    const badKey = errorOf(
      await t.invoke('arrive', { issueKey: 'not a key', expectedUpdated: moved.ticket.updated }, dispatcher),
    );
    expect(badKey.code).toBe('INVALID_INPUT');
    expect(badKey.fields?.[0]?.path).toBe('issueKey');
    const badTime = errorOf(
      await t.invoke('arrive', { issueKey: ticket.key, expectedUpdated: 'yesterday' }, dispatcher),
    );
    expect(badTime.code).toBe('INVALID_INPUT');
    expect(badTime.fields?.[0]?.path).toBe('expectedUpdated');
    expect(issue(ticket.key).fields.statusId).toBe(statusIds.Dispatched);

    // An unassigned ticket: a technician may not, and a dispatcher is told to assign first.
    const free = fieldVisits()[nextVisit++] as Issue;
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const view = c.tickets.find((x) => x.key === free.key);
    expect(view?.assignee).toBeNull();
    const payload = { issueKey: free.key, expectedUpdated: view?.updated };
    expect(errorOf(await t.invoke('startTravel', payload, technician)).code).toBe('FORBIDDEN');
    const unassigned = errorOf(await t.invoke('startTravel', payload, dispatcher));
    expect(unassigned.code).toBe('UNPROCESSABLE');
    expect(unassigned.message).toContain('no assignee');
    expect(free.fields.statusId).toBe(statusIds['Waiting for support']);
  });
});

describe('planning positions and profiles are audited in their own transaction', () => {
  const auditEntries = () =>
    Object.entries(kvsKeys().keys)
      .filter(([k]) => k.startsWith('audit:'))
      .map(([k, v]) => ({
        key: k,
        ...(v as { action: string; actor: string; target?: string; after?: unknown }),
      }));

  it('setPosition records who set whose position (set or cleared), never the coordinates', async () => {
    const before = new Set(auditEntries().map((e) => e.key));
    data(
      await t.invoke(
        'setPosition',
        { accountId: technician, position: { lat: 51.501, lng: -0.142 } },
        technician,
      ),
    );
    data(await t.invoke('setPosition', { accountId: technician, position: null }, dispatcher));
    const added = auditEntries().filter((e) => !before.has(e.key) && e.action === 'technician.position');
    expect(added.map((e) => [e.actor, e.target, e.after]).sort()).toEqual(
      [
        [technician, technician, { position: 'set' }],
        [dispatcher, technician, { position: 'cleared' }],
      ].sort(),
    );
    expect(JSON.stringify(added)).not.toContain('51.501');
  });

  it.each(['setPosition', 'saveTechnician'])(
    '%s with any storage step crashed: no change without its entry, no entry without its change',
    async (fn) => {
      const payloadFor = (i: number) =>
        fn === 'setPosition'
          ? { accountId: technician, position: { lat: 51.4 + i / 1000, lng: -0.1 } }
          : {
              ...profileOf(t.site.technicians[0] as (typeof t.site.technicians)[number]),
              homeBase: { name: 'Base', lat: 51.3 + i / 1000, lng: -0.2 },
            };
      const counter = t.sb.sandbox.setStorageCrash({
        at: Number.MAX_SAFE_INTEGER,
        when: 'before',
        kind: 'throw',
      });
      data(await t.invoke(fn, payloadFor(0), dispatcher));
      t.sb.sandbox.setStorageCrash(undefined);
      const steps = counter?.calls ?? 0;
      expect(steps).toBeGreaterThan(1);
      let fired = 0;
      for (let at = 1; at <= steps; at++) {
        for (const when of ['before', 'after'] as const) {
          const i = at * 2 + (when === 'after' ? 1 : 0);
          const shard = JSON.stringify(stored(technician));
          const entries = auditEntries().length;
          const crash = t.sb.sandbox.setStorageCrash({ at, when, kind: 'throw' });
          await t.invoke(fn, payloadFor(i), dispatcher);
          t.sb.sandbox.setStorageCrash(undefined);
          if (crash?.fired) fired++;
          const changed = JSON.stringify(stored(technician)) !== shard;
          const audited = auditEntries().length > entries;
          expect({ at, when, audited }).toEqual({ at, when, audited: changed });
        }
      }
      expect(fired).toBeGreaterThan(0);
    },
    240_000,
  );
});
