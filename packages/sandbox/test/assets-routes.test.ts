import { aql } from '@suite/aql';
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED_SCHEMAS, SEED_STATUSES, SEED_TYPES, seedAssets, seedObjectCounts } from '../src/seed/assets';
import { createRng } from '../src/seed/rng';
import type { AssetsState } from '../src/site/assets/model';
import { ASSETS_SCOPES, assetsRoutes } from '../src/site/assets/routes';
import { callAssets, fakeDirectory } from '../src/site/assets/testing';
import type { Principal } from '../src/site/types';

const directory = fakeDirectory([
  { accountId: 'u-agent', displayName: 'Ada Agent', role: 'agent', emailAddress: 'ada@example.com' },
  { accountId: 'u-admin', displayName: 'Sam Admin', role: 'admin' },
  { accountId: 'u-plain', displayName: 'Pat Plain', role: 'user' },
  { accountId: 'u-cust', displayName: 'Cora Customer', role: 'customer' },
]);
const WS = 'a1b2c3d4-0000-4000-8000-000000000001';
const fixedNow = () => new Date('2026-01-15T09:00:00Z');
const app: Principal = { kind: 'app', appKey: 'assets-to-sql' };
const agent: Principal = { kind: 'user', accountId: 'u-agent' };
const admin: Principal = { kind: 'user', accountId: 'u-admin' };
const plain: Principal = { kind: 'user', accountId: 'u-plain' };
const customer: Principal = { kind: 'user', accountId: 'u-cust' };

let state: AssetsState;
beforeEach(() => {
  state = seedAssets(createRng(42), { workspaceId: WS, directory, now: fixedNow });
});

interface Page {
  startAt: number;
  maxResults: number;
  isLast: boolean;
  total?: number;
  values: Array<{
    id: string;
    objectKey: string;
    label: string;
    objectType: { id: string; name: string };
    attributes?: Array<{
      objectTypeAttributeId: string;
      objectTypeAttribute?: unknown;
      objectAttributeValues: Array<Record<string, unknown>>;
    }>;
  }>;
  objectTypeAttributes: Array<{ id: string; name: string }>;
}

function search(
  qlQuery: string,
  query: Record<string, string | number | boolean> = {},
  principal = app,
): Page {
  const res = callAssets(state, 'POST', 'object/aql', { body: { qlQuery }, query, principal });
  expect(res.status).toBe(200);
  return res.body as Page;
}

describe('seed', () => {
  it('is deterministic for the same rng seed and differs for another', () => {
    const a = seedAssets(createRng(7), { workspaceId: WS, now: fixedNow });
    const b = seedAssets(createRng(7), { workspaceId: WS, now: fixedNow });
    const c = seedAssets(createRng(8), { workspaceId: WS, now: fixedNow });
    const page = (s: AssetsState) =>
      callAssets(s, 'POST', 'object/aql', {
        body: { qlQuery: 'objectSchemaId = 1' },
        query: { maxResults: 200 },
      }).body;
    expect(JSON.stringify(page(a))).toBe(JSON.stringify(page(b)));
    expect(JSON.stringify(page(a))).not.toBe(JSON.stringify(page(c)));
  });

  it('spreads ~2,000 objects over the types and links users from the directory', () => {
    expect(state.slotCount).toBe(2000);
    const counts = seedObjectCounts(2000);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    expect(state.objectCount(SEED_TYPES.laptop)).toBe(counts.get(SEED_TYPES.laptop));
    expect(state.objectCount(SEED_TYPES.hardware)).toBe(0);
    const people = search('"Jira User" is not empty', { maxResults: 100 });
    const linked = people.values.flatMap((v) =>
      (v.attributes ?? []).flatMap((a) => a.objectAttributeValues.map((x) => x.user)).filter(Boolean),
    );
    // Only active Atlassian accounts (not the customer) are linked.
    expect(linked.map((u) => (u as { accountId: string }).accountId).sort()).toEqual([
      'u-admin',
      'u-agent',
      'u-plain',
    ]);
  });
});

describe('schemas, object types and attributes', () => {
  it('lists schemas with paging and optional counts', () => {
    const res = callAssets(state, 'GET', 'objectschema/list');
    expect(res.status).toBe(200);
    const body = res.body as {
      startAt: number;
      maxResults: number;
      total: number;
      isLast: boolean;
      values: unknown[];
    };
    expect(body).toMatchObject({ startAt: 0, maxResults: 25, total: 2, isLast: true });
    expect(body.values[0]).toMatchObject({
      workspaceId: WS,
      globalId: `${WS}:1`,
      id: '1',
      name: 'IT Assets',
      objectSchemaKey: 'ITSM',
      status: 'Ok',
      objectCount: 0,
      objectTypeCount: 0,
    });
    const counted = callAssets(state, 'GET', 'objectschema/list', { query: { includeCounts: true } })
      .body as {
      values: Array<{ objectCount: number; objectTypeCount: number }>;
    };
    expect(counted.values[0]).toMatchObject({ objectCount: 1490, objectTypeCount: 7 });
    expect(counted.values[1]).toMatchObject({ objectCount: 510, objectTypeCount: 2 });
    const paged = callAssets(state, 'GET', 'objectschema/list', { query: { maxResults: 1 } }).body as {
      isLast: boolean;
      values: unknown[];
    };
    expect(paged.isLast).toBe(false);
    expect(paged.values).toHaveLength(1);
    const schema = callAssets(state, 'GET', 'objectschema/2');
    expect(schema.body).toMatchObject({
      id: '2',
      name: 'Facilities',
      objectSchemaKey: 'FAC',
      objectCount: 510,
    });
    expect(callAssets(state, 'GET', 'objectschema/99').status).toBe(404);
  });

  it('lists object types flat as a bare array with parents', () => {
    const res = callAssets(state, 'GET', `objectschema/${SEED_SCHEMAS.itAssets}/objecttypes/flat`);
    expect(res.status).toBe(200);
    const types = res.body as Array<Record<string, unknown>>;
    expect(Array.isArray(types)).toBe(true);
    expect(types.map((t) => t.name)).toEqual([
      'Hardware',
      'Laptop',
      'Server',
      'Location',
      'Person',
      'Software',
      'Vehicle',
    ]);
    expect(types[1]).toMatchObject({
      id: '2',
      name: 'Laptop',
      parentObjectTypeId: '1',
      objectSchemaId: '1',
      inherited: true,
      abstractObjectType: false,
      objectCount: 0,
      icon: { id: '102', name: 'Laptop' },
    });
    expect(types[0]).toMatchObject({ abstractObjectType: true });
    expect(types[0]).not.toHaveProperty('parentObjectTypeId');
    const counted = callAssets(state, 'GET', 'objectschema/1/objecttypes/flat', {
      query: { includeObjectCounts: true },
    }).body as Array<{ name: string; objectCount: number }>;
    expect(counted.find((t) => t.name === 'Laptop')?.objectCount).toBe(600);
    const top = callAssets(state, 'GET', 'objectschema/1/objecttypes').body as Array<{ name: string }>;
    expect(top.map((t) => t.name)).not.toContain('Laptop');
    expect(callAssets(state, 'GET', 'objecttype/3').body).toMatchObject({ id: '3', name: 'Server' });
    expect(callAssets(state, 'GET', 'objecttype/999').status).toBe(404);
  });

  it('lists attributes with type ids, default types, references, cardinality and system flags', () => {
    const res = callAssets(state, 'GET', `objecttype/${SEED_TYPES.server}/attributes`);
    expect(res.status).toBe(200);
    const attrs = res.body as Array<Record<string, unknown>>;
    const byName = new Map(attrs.map((a) => [a.name, a]));
    expect([...byName.keys()].slice(0, 8)).toEqual([
      'Key',
      'Name',
      'Created',
      'Updated',
      'Serial Number',
      'Purchase Date',
      'Purchase Cost',
      'Status',
    ]);
    expect(byName.get('Key')).toMatchObject({ system: true, label: false, type: 0, editable: false });
    expect(byName.get('Name')).toMatchObject({ system: true, label: true, minimumCardinality: 1 });
    expect(byName.get('Serial Number')).toMatchObject({
      type: 0,
      defaultType: { id: 0, name: 'Text' },
      uniqueAttribute: true,
      objectType: { id: '1', name: 'Hardware' },
    });
    expect(byName.get('Purchase Cost')).toMatchObject({
      defaultType: { id: 3, name: 'Double' },
      summable: true,
    });
    expect(byName.get('IP Address')).toMatchObject({ defaultType: { id: 11, name: 'IP Address' } });
    expect(byName.get('Notes')).toMatchObject({ defaultType: { id: 9, name: 'Textarea' } });
    expect(byName.get('Admin URL')).toMatchObject({ defaultType: { id: 7, name: 'URL' } });
    expect(byName.get('Operating System')).toMatchObject({
      defaultType: { id: 10, name: 'Select' },
      options: 'Ubuntu 22.04,Ubuntu 24.04,RHEL 9,Windows Server 2022,Debian 12',
    });
    expect(byName.get('Installed Software')).toMatchObject({
      type: 1,
      referenceObjectTypeId: '6',
      referenceType: { name: 'Installed' },
      maximumCardinality: -1,
    });
    expect(byName.get('Installed Software')).not.toHaveProperty('defaultType');
    expect(byName.get('Status')).toMatchObject({ type: 7, typeValueMulti: ['1', '2', '3', '4'] });
    expect(byName.get('Support Group')).toMatchObject({ type: 4 });
    const laptop = callAssets(state, 'GET', `objecttype/${SEED_TYPES.laptop}/attributes`).body as Array<
      Record<string, unknown>
    >;
    expect(laptop.find((a) => a.name === 'Assigned User')).toMatchObject({ type: 2 });
    expect(laptop.find((a) => a.name === 'Owner')).toMatchObject({ type: 1, referenceObjectTypeId: '5' });
    expect(laptop.find((a) => a.name === 'Last Check-in')).toMatchObject({ defaultType: { id: 6 } });
    expect(laptop.find((a) => a.name === 'Encrypted')).toMatchObject({
      defaultType: { id: 2, name: 'Boolean' },
    });
    const own = callAssets(state, 'GET', `objecttype/${SEED_TYPES.laptop}/attributes`, {
      query: { excludeParentAttributes: true },
    }).body as Array<{ name: string }>;
    expect(own.map((a) => a.name)).not.toContain('Serial Number');
    const location = callAssets(state, 'GET', `objecttype/${SEED_TYPES.location}/attributes`).body as Array<
      Record<string, unknown>
    >;
    expect(location.find((a) => a.name === 'Opening Time')).toMatchObject({
      defaultType: { id: 5, name: 'Time' },
    });
    const person = callAssets(state, 'GET', `objecttype/${SEED_TYPES.person}/attributes`).body as Array<
      Record<string, unknown>
    >;
    expect(person.find((a) => a.name === 'Email')).toMatchObject({ defaultType: { id: 8, name: 'Email' } });
    expect(person.find((a) => a.name === 'Start Date')).toMatchObject({
      defaultType: { id: 4, name: 'Date' },
    });
    expect(person.find((a) => a.name === 'Manager')).toMatchObject({ type: 1, referenceObjectTypeId: '5' });
    const schemaAttrs = callAssets(state, 'GET', 'objectschema/2/attributes').body as Array<{ name: string }>;
    expect(schemaAttrs.map((a) => a.name)).toContain('Has Projector');
  });

  it('answers 404 for another workspace id', () => {
    const res = callAssets(state, 'GET', '/jsm/assets/workspace/not-mine/v1/objectschema/list');
    expect(res.status).toBe(404);
  });
});

describe('POST /object/aql', () => {
  it('pages with startAt/maxResults/isLast and has no total', () => {
    const seen = new Set<string>();
    let startAt = 0;
    let pages = 0;
    for (;;) {
      const page = search('objectType = Laptop ORDER BY Key', { startAt, maxResults: 250 });
      expect(page).not.toHaveProperty('total');
      expect(page.startAt).toBe(startAt);
      expect(page.maxResults).toBe(250);
      for (const v of page.values) seen.add(v.id);
      pages++;
      if (page.isLast) break;
      expect(page.values).toHaveLength(250);
      startAt += page.values.length;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(600);
    const count = callAssets(state, 'POST', 'object/aql/totalcount', {
      body: { qlQuery: 'objectType = Laptop' },
    });
    expect(count).toEqual({ status: 200, body: { totalCount: 600 } });
    // Default page size.
    expect(search('objectType = Laptop').values).toHaveLength(25);
    // Past the end: empty and last.
    const beyond = search('objectType = Laptop', { startAt: 600 });
    expect(beyond).toMatchObject({ isLast: true, values: [] });
  });

  it('caps maxResults at 1000', () => {
    const page = search('objectSchemaId = 1', { maxResults: 5000, includeAttributes: false });
    expect(page.maxResults).toBe(1000);
    expect(page.values).toHaveLength(1000);
    expect(page.isLast).toBe(false);
    const rest = search('objectSchemaId = 1', { startAt: 1000, maxResults: 5000, includeAttributes: false });
    expect(rest.values).toHaveLength(490);
    expect(rest.isLast).toBe(true);
  });

  it('optionally emulates a result window beyond which nothing is returned', () => {
    const windowed = seedAssets(createRng(42), { workspaceId: WS, now: fixedNow });
    (windowed.limits as { resultWindow: number | null }).resultWindow = 1000;
    const res = callAssets(windowed, 'POST', 'object/aql', {
      body: { qlQuery: 'objectSchemaId = 1' },
      query: { startAt: 900, maxResults: 500, includeAttributes: false },
    }).body as Page;
    expect(res.values).toHaveLength(100);
    expect(res.isLast).toBe(true);
  });

  it('returns attributes by id with their definitions, or only headers when includeAttributes=false', () => {
    const page = search('Key = "ITSM-1000"');
    const object = page.values[0];
    expect(object).toMatchObject({ id: '1000', objectKey: 'ITSM-1000', objectType: { name: 'Laptop' } });
    expect(object?.attributes?.length).toBeGreaterThan(5);
    for (const a of object?.attributes ?? []) {
      expect(a).not.toHaveProperty('objectTypeAttribute');
      expect(page.objectTypeAttributes.some((d) => d.id === a.objectTypeAttributeId)).toBe(true);
      expect(a.objectAttributeValues.length).toBeGreaterThan(0);
    }
    const bare = search('Key = "ITSM-1000"', { includeAttributes: false });
    expect(bare.values[0]).not.toHaveProperty('attributes');
    expect(bare.values[0]).toMatchObject({ id: '1000', label: object?.label });
    expect(bare.objectTypeAttributes).toEqual([]);
  });

  it('renders reference, user, status and default values in the reference shapes', () => {
    const page = search('objectType = Laptop AND Owner is not empty AND "Assigned User" is not empty', {
      maxResults: 1,
    });
    const defs = new Map(page.objectTypeAttributes.map((d) => [d.id, d.name]));
    const byName = new Map(
      (page.values[0]?.attributes ?? []).map((a) => [
        defs.get(a.objectTypeAttributeId),
        a.objectAttributeValues,
      ]),
    );
    expect(byName.get('Owner')?.[0]).toMatchObject({
      referencedType: true,
      referencedObject: { objectKey: expect.stringMatching(/^ITSM-\d+$/), objectType: { name: 'Person' } },
    });
    expect(byName.get('Assigned User')?.[0]).toMatchObject({
      value: expect.any(String),
      user: { accountId: expect.any(String), displayName: expect.any(String) },
    });
    expect(byName.get('Status')?.[0]).toMatchObject({
      status: { id: expect.any(String), name: expect.any(String), category: expect.any(Number) },
    });
    expect(byName.get('RAM')?.[0]).toMatchObject({
      value: expect.stringMatching(/^\d+$/),
      referencedType: false,
    });
    expect(byName.get('Purchase Date')?.[0]?.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byName.get('Purchase Date')?.[0]?.displayValue).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{2}$/);
    expect(byName.get('Encrypted')?.[0]?.value).toMatch(/^(true|false)$/);
    const server = search('objectType = Server AND "Installed Software" is not empty', { maxResults: 1 });
    const installedId = server.objectTypeAttributes.find((d) => d.name === 'Installed Software')?.id;
    const installed = server.values[0]?.attributes?.find((a) => a.objectTypeAttributeId === installedId);
    expect(installed?.objectAttributeValues.length).toBeGreaterThan(0);
  });

  it('finds seeded data with dot notation, having and currentUser()', () => {
    const owners = search('objectType = Laptop AND "Owner"."Department" = IT', { maxResults: 5 });
    expect(owners.values.length).toBeGreaterThan(0);
    const people = search('objectType = Person AND object having inR(objectType = Laptop)', {
      maxResults: 1,
    });
    expect(people.values).toHaveLength(1);
    const mine = search('"Assigned User" = currentUser()', { maxResults: 1000 }, agent);
    expect(mine.values.length).toBeGreaterThan(0);
    const theirs = search('"Assigned User" = "u-agent"', { maxResults: 1000 }, agent);
    expect(mine.values.map((v) => v.id)).toEqual(theirs.values.map((v) => v.id));
    const status = search(`Status = ${SEED_STATUSES.retired} AND objectType = Vehicle`, { maxResults: 1000 });
    expect(status.values.every((v) => v.objectType.name === 'Vehicle')).toBe(true);
  });

  it('keeps a value built with aql`` literal and lets a concatenated one widen the query', () => {
    const input = 'LT-00001" OR Name != "';
    const safe = callAssets(state, 'POST', 'object/aql/totalcount', {
      body: { qlQuery: String(aql`objectType = Laptop AND Name = ${input}`) },
    }).body as { totalCount: number };
    const unsafe = callAssets(state, 'POST', 'object/aql/totalcount', {
      body: { qlQuery: `objectType = Laptop AND Name = "${input}"` },
    }).body as { totalCount: number };
    expect(safe.totalCount).toBe(0);
    expect(unsafe.totalCount).toBe(2000);
  });
});

describe('permissions and scopes', () => {
  it('refuses anonymous callers and customers, allows agents, admins and apps', () => {
    const q = { body: { qlQuery: 'objectType = Laptop' } };
    expect(callAssets(state, 'POST', 'object/aql', { ...q, principal: { kind: 'anonymous' } }).status).toBe(
      401,
    );
    expect(callAssets(state, 'POST', 'object/aql', { ...q, principal: customer }).status).toBe(403);
    expect(callAssets(state, 'GET', 'objectschema/list', { principal: customer }).status).toBe(403);
    expect(callAssets(state, 'POST', 'object/aql', { ...q, principal: plain }).status).toBe(403);
    expect(callAssets(state, 'POST', 'object/aql', { ...q, principal: agent }).status).toBe(200);
    expect(callAssets(state, 'POST', 'object/aql', { ...q, principal: admin }).status).toBe(200);
    expect(callAssets(state, 'POST', 'object/aql', { ...q, principal: app }).status).toBe(200);
  });

  it('limits an explicitly granted user to their schema', () => {
    state.grant(SEED_SCHEMAS.facilities, 'users', 'u-plain');
    const list = callAssets(state, 'GET', 'objectschema/list', { principal: plain }).body as {
      values: Array<{ name: string }>;
    };
    expect(list.values.map((v) => v.name)).toEqual(['Facilities']);
    const all = search('Name is not empty', { includeAttributes: false, maxResults: 1000 }, plain);
    expect(all.values.every((v) => ['Building', 'Room'].includes(v.objectType.name))).toBe(true);
    expect(callAssets(state, 'GET', 'object/1', { principal: plain }).status).toBe(404);
    expect(callAssets(state, 'GET', 'objectschema/1', { principal: plain }).status).toBe(404);
  });

  it('declares the granular cmdb scopes and enforces them for apps', () => {
    const scopes = new Set(assetsRoutes.flatMap((r) => r.scopes.flat()));
    expect([...scopes].sort()).toEqual([
      'delete:cmdb-object:jira',
      'read:cmdb-attribute:jira',
      'read:cmdb-object:jira',
      'read:cmdb-schema:jira',
      'read:cmdb-type:jira',
      'write:cmdb-object:jira',
    ]);
    expect(ASSETS_SCOPES.readObject).toEqual([['read:cmdb-object:jira']]);
    const objectOnly = ['read:cmdb-object:jira'];
    expect(
      callAssets(state, 'POST', 'object/aql', { body: { qlQuery: 'objectTypeId = 2' }, scopes: objectOnly })
        .status,
    ).toBe(200);
    expect(callAssets(state, 'GET', 'objecttype/2/attributes', { scopes: objectOnly }).status).toBe(401);
    expect(
      callAssets(state, 'GET', 'objecttype/2/attributes', {
        scopes: ['read:cmdb-type:jira', 'read:cmdb-attribute:jira'],
      }).status,
    ).toBe(200);
    expect(callAssets(state, 'DELETE', 'object/1', { scopes: ['write:cmdb-object:jira'] }).status).toBe(401);
  });
});

describe('single objects', () => {
  it('gets an object by id or key with embedded attribute definitions', () => {
    const byId = callAssets(state, 'GET', 'object/1000');
    expect(byId.status).toBe(200);
    const body = byId.body as Page['values'][number];
    expect(body.objectKey).toBe('ITSM-1000');
    expect(body.attributes?.[0]?.objectTypeAttribute).toMatchObject({ name: 'Key', system: true });
    expect(callAssets(state, 'GET', 'object/ITSM-1000').body).toEqual(body);
    expect(callAssets(state, 'GET', 'object/FAC-1000').status).toBe(404);
    expect(callAssets(state, 'GET', 'object/999999').status).toBe(404);
    const attributes = callAssets(state, 'GET', 'object/1000/attributes').body as unknown[];
    expect(attributes).toEqual(body.attributes);
  });

  it('lets admins and apps edit, records history, and validates values', () => {
    const laptopName = state.attributesOf(SEED_TYPES.laptop).find((a) => a.name === 'Name');
    const ram = state.attributesOf(SEED_TYPES.laptop).find((a) => a.name === 'RAM');
    const status = state.attributesOf(SEED_TYPES.laptop).find((a) => a.name === 'Status');
    const put = (principal: Principal, attributes: unknown) =>
      callAssets(state, 'PUT', 'object/1000', { principal, body: { attributes } });
    const rename = [
      { objectTypeAttributeId: String(laptopName?.id), objectAttributeValues: [{ value: 'Renamed' }] },
    ];
    expect(put(agent, rename).status).toBe(403);
    const res = put(admin, [
      ...rename,
      { objectTypeAttributeId: String(ram?.id), objectAttributeValues: [{ value: '128' }] },
      { objectTypeAttributeId: String(status?.id), objectAttributeValues: [{ value: 'Retired' }] },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ label: 'Renamed', updated: '2026-01-15T09:00:00.000Z' });
    expect(search('Name = Renamed AND RAM = 128 AND Status = Retired').values.map((v) => v.id)).toEqual([
      '1000',
    ]);
    const history = callAssets(state, 'GET', 'object/1000/history', { query: { asc: true } }).body as Array<
      Record<string, unknown>
    >;
    expect(history[0]).toMatchObject({ type: 0, objectId: '1000' });
    expect(history.slice(1)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          affectedAttribute: 'Name',
          newValue: 'Renamed',
          type: 2,
          actor: expect.objectContaining({ accountId: 'u-admin' }),
        }),
        expect.objectContaining({ affectedAttribute: 'RAM', newValue: '128' }),
        expect.objectContaining({ affectedAttribute: 'Status', newValue: 'Retired' }),
      ]),
    );
    const bad = put(app, [
      { objectTypeAttributeId: String(ram?.id), objectAttributeValues: [{ value: 'lots' }] },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      errors: { [`rlabs-insight-attribute-${ram?.id}`]: expect.any(String) },
    });
    const badStatus = put(app, [
      { objectTypeAttributeId: String(status?.id), objectAttributeValues: [{ value: 'Active' }] },
    ]);
    expect(badStatus.status).toBe(400);
  });

  it('creates objects, refusing abstract types and missing names', () => {
    const attrs = state.attributesOf(SEED_TYPES.laptop);
    const id = (name: string) => String(attrs.find((a) => a.name === name)?.id);
    const body = {
      objectTypeId: String(SEED_TYPES.laptop),
      attributes: [
        { objectTypeAttributeId: id('Name'), objectAttributeValues: [{ value: 'LT-NEW' }] },
        { objectTypeAttributeId: id('Owner'), objectAttributeValues: [{ value: 'ITSM-41' }] },
        { objectTypeAttributeId: id('Model'), objectAttributeValues: [{ value: 'dell xps 13' }] },
      ],
    };
    const created = callAssets(state, 'POST', 'object/create', { body, principal: admin });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: '2001', objectKey: 'ITSM-2001', label: 'LT-NEW' });
    expect(search('Owner = "ITSM-41" AND Model == "Dell XPS 13"').values.map((v) => v.label)).toContain(
      'LT-NEW',
    );
    expect(state.objectCount(SEED_TYPES.laptop)).toBe(601);
    expect(
      callAssets(state, 'POST', 'object/create', { body: { ...body, objectTypeId: '1' }, principal: admin })
        .status,
    ).toBe(400);
    expect(
      callAssets(state, 'POST', 'object/create', {
        body: { objectTypeId: '2', attributes: body.attributes.slice(1) },
        principal: admin,
      }).status,
    ).toBe(400);
    const wrongRef = callAssets(state, 'POST', 'object/create', {
      body: {
        ...body,
        attributes: [
          body.attributes[0],
          { objectTypeAttributeId: id('Owner'), objectAttributeValues: [{ value: 'ITSM-1' }] },
        ],
      },
      principal: admin,
    });
    expect(wrongRef.status).toBe(400); // ITSM-1 is a Location, not a Person
    expect(callAssets(state, 'POST', 'object/create', { body, principal: agent }).status).toBe(403);
  });

  it('deletes objects and drops references to them', () => {
    const laptop = search('objectType = Laptop AND Owner is not empty', { maxResults: 1 }).values[0];
    const ownerId = laptop?.attributes
      ?.flatMap((a) => a.objectAttributeValues)
      .map((v) => v.referencedObject as { id: string; objectType: { name: string } } | undefined)
      .find((r) => r?.objectType.name === 'Person')?.id;
    expect(ownerId).toBeDefined();
    const info = callAssets(state, 'GET', `object/${ownerId}/referenceinfo`).body as Array<{
      objectType: { name: string };
      numberOfReferencedObjects: number;
      referenceTypes: Array<{ name: string }>;
    }>;
    const fromLaptops = info.find((i) => i.objectType.name === 'Laptop');
    expect(fromLaptops?.numberOfReferencedObjects).toBeGreaterThan(0);
    expect(fromLaptops?.referenceTypes.map((r) => r.name)).toEqual(['Owned by']);
    const before = search(`Owner = ${ownerId}`, { maxResults: 1000 }).values.length;
    expect(before).toBeGreaterThan(0);
    expect(callAssets(state, 'DELETE', `object/${ownerId}`, { principal: agent }).status).toBe(403);
    expect(callAssets(state, 'DELETE', `object/${ownerId}`, { principal: admin }).status).toBe(204);
    expect(callAssets(state, 'GET', `object/${ownerId}`).status).toBe(404);
    expect(search(`Owner = ${ownerId}`).values).toHaveLength(0);
    expect(state.objectCount(SEED_TYPES.person)).toBe(399);
  });
});
