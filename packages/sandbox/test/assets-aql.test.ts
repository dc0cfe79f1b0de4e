import { aql, parseAql } from '@suite/aql';
import { describe, expect, it } from 'vitest';
import { countAql, evaluateAql } from '../src/site/assets/aql-eval';
import {
  AssetsError,
  AssetsState,
  ATTRIBUTE_TYPE,
  type AttributeDef,
  DEFAULT_TYPE,
  type DefaultTypeId,
  type StoredValue,
} from '../src/site/assets/model';
import { callAssets, fakeDirectory } from '../src/site/assets/testing';
import type { Principal } from '../src/site/types';

// A small hand-made workspace so every expected result can be read off the fixture.
const T = { person: 10, laptop: 11, location: 12, building: 20 } as const;
const STAMP = '2024-01-01T00:00:00.000Z';

function attr(
  id: number,
  objectTypeId: number,
  name: string,
  kind: DefaultTypeId | 'ref' | 'user' | 'status',
  extra: Partial<AttributeDef> = {},
): AttributeDef {
  const type =
    kind === 'ref'
      ? ATTRIBUTE_TYPE.reference
      : kind === 'user'
        ? ATTRIBUTE_TYPE.user
        : kind === 'status'
          ? ATTRIBUTE_TYPE.status
          : ATTRIBUTE_TYPE.default;
  return {
    id,
    objectTypeId,
    name,
    description: '',
    position: id % 100,
    type,
    defaultTypeId: typeof kind === 'number' ? kind : -1,
    typeValueMulti: [],
    options: [],
    minimumCardinality: 0,
    maximumCardinality: 1,
    system: false,
    label: false,
    editable: true,
    uniqueAttribute: false,
    suffix: '',
    ...extra,
  };
}

function systemAttrs(base: number, typeId: number): AttributeDef[] {
  return [
    attr(base, typeId, 'Key', DEFAULT_TYPE.text, { system: true, systemRole: 'key', editable: false }),
    attr(base + 1, typeId, 'Name', DEFAULT_TYPE.text, { system: true, systemRole: 'name', label: true }),
    attr(base + 2, typeId, 'Created', DEFAULT_TYPE.dateTime, { system: true, systemRole: 'created' }),
    attr(base + 3, typeId, 'Updated', DEFAULT_TYPE.dateTime, { system: true, systemRole: 'updated' }),
  ];
}

const A = {
  personName: 101,
  email: 104,
  age: 105,
  jiraUser: 106,
  active: 107,
  locationName: 121,
  city: 124,
  laptopName: 111,
  owner: 114,
  location: 115,
  price: 116,
  purchased: 117,
  lastSeen: 118,
  status: 119,
  tags: 130,
  ip: 131,
  buildingName: 201,
} as const;

const directory = fakeDirectory([
  { accountId: 'u-ana', displayName: 'Ana Silva', role: 'agent' },
  { accountId: 'u-ben', displayName: 'Ben Müller', role: 'admin' },
  { accountId: 'u-cust', displayName: 'Carla Customer', role: 'customer' },
]);

function fixture() {
  let clock = Date.parse('2026-01-15T09:00:00Z');
  const state = new AssetsState({
    workspaceId: 'ws-test',
    schemas: [
      { id: 1, name: 'IT', objectSchemaKey: 'IT', description: '', created: STAMP, updated: STAMP },
      {
        id: 2,
        name: 'Other Things',
        objectSchemaKey: 'OTH',
        description: '',
        created: STAMP,
        updated: STAMP,
      },
    ],
    objectTypes: [
      [T.person, 'Person', 1],
      [T.laptop, 'Laptop', 1],
      [T.location, 'Location', 1],
      [T.building, 'Building', 2],
    ].map(([id, name, schema], position) => ({
      id: Number(id),
      name: String(name),
      description: '',
      objectSchemaId: Number(schema),
      parentObjectTypeId: null,
      icon: { id: 1, name: 'icon' },
      position,
      abstractObjectType: false,
      inherited: false,
      created: STAMP,
      updated: STAMP,
    })),
    attributes: [
      ...systemAttrs(100, T.person),
      attr(A.email, T.person, 'Email', DEFAULT_TYPE.email),
      attr(A.age, T.person, 'Age', DEFAULT_TYPE.integer),
      attr(A.jiraUser, T.person, 'Jira User', 'user'),
      attr(A.active, T.person, 'Active', DEFAULT_TYPE.boolean),
      ...systemAttrs(110, T.laptop),
      attr(A.owner, T.laptop, 'Owner', 'ref', {
        referenceObjectTypeId: T.person,
        referenceType: { id: 1, name: 'Owned by' },
      }),
      attr(A.location, T.laptop, 'Location', 'ref', {
        referenceObjectTypeId: T.location,
        referenceType: { id: 2, name: 'Located in' },
      }),
      attr(A.price, T.laptop, 'Price', DEFAULT_TYPE.double),
      attr(A.purchased, T.laptop, 'Purchased', DEFAULT_TYPE.date),
      attr(A.lastSeen, T.laptop, 'Last Seen', DEFAULT_TYPE.dateTime),
      attr(A.status, T.laptop, 'Status', 'status', { typeValueMulti: ['1', '2'] }),
      attr(A.tags, T.laptop, 'Tags', DEFAULT_TYPE.select, {
        options: ['dev', 'travel'],
        maximumCardinality: -1,
      }),
      attr(A.ip, T.laptop, 'IP', DEFAULT_TYPE.ipAddress),
      ...systemAttrs(120, T.location),
      attr(A.city, T.location, 'City', DEFAULT_TYPE.text),
      ...systemAttrs(200, T.building),
    ],
    statusTypes: [
      { id: 1, name: 'In Use', category: 1, objectSchemaId: 1, description: '' },
      { id: 2, name: 'Retired', category: 0, objectSchemaId: 1, description: '' },
    ],
    directory,
    now: () => new Date(clock),
  });
  const add = (typeId: number, values: Record<number, StoredValue | StoredValue[]>, daysAgo: number) => {
    clock = Date.parse('2026-01-15T09:00:00Z') - daysAgo * 86_400_000;
    const map = new Map<number, StoredValue[]>();
    for (const [k, v] of Object.entries(values)) map.set(Number(k), Array.isArray(v) ? v : [v]);
    state.createObject(typeId, map, 'u-ben');
  };
  add(T.location, { [A.locationName]: 'Berlin HQ', [A.city]: 'Berlin' }, 400); // 1
  add(T.location, { [A.locationName]: 'Paris Office', [A.city]: 'Paris' }, 300); // 2
  add(
    T.person,
    {
      [A.personName]: 'Ana Silva',
      [A.email]: 'ana@example.com',
      [A.age]: '34',
      [A.jiraUser]: 'u-ana',
      [A.active]: 'true',
    },
    200,
  ); // 3
  add(
    T.person,
    {
      [A.personName]: 'Ben Müller',
      [A.email]: 'ben@example.com',
      [A.age]: '51',
      [A.jiraUser]: 'u-ben',
      [A.active]: 'false',
    },
    100,
  ); // 4
  add(T.person, { [A.personName]: 'ana lower', [A.age]: '20' }, 50); // 5
  add(
    T.laptop,
    {
      [A.laptopName]: 'LT-1',
      [A.owner]: 3,
      [A.location]: 1,
      [A.price]: '1200.5',
      [A.purchased]: '2024-03-01',
      [A.lastSeen]: '2026-01-10T10:00:00.000Z',
      [A.status]: 1,
      [A.tags]: ['dev', 'travel'],
      [A.ip]: '10.0.0.1',
    },
    10,
  ); // 6
  add(
    T.laptop,
    {
      [A.laptopName]: 'LT-2',
      [A.owner]: 4,
      [A.location]: 2,
      [A.price]: '999',
      [A.purchased]: '2023-12-31',
      [A.status]: 2,
      [A.tags]: ['dev'],
    },
    5,
  ); // 7
  add(T.laptop, { [A.laptopName]: 'LT-3', [A.price]: '3000', [A.status]: 1 }, 1); // 8
  add(T.laptop, { [A.laptopName]: '15" Screen', [A.owner]: 3 }, 0); // 9
  add(T.building, { [A.buildingName]: 'Tower' }, 0); // 10
  clock = Date.parse('2026-01-15T09:00:00Z');
  return state;
}

const state = fixture();
const app: Principal = { kind: 'app', appKey: 'test' };
const ana: Principal = { kind: 'user', accountId: 'u-ana' };

/** Object ids matching `query`, in result order. */
function ids(query: string, principal: Principal = app): number[] {
  return evaluateAql(state, query, { principal }).indexes.map((i) => state.objectId(i));
}
/** Object ids matching `query`, sorted numerically (for set comparisons). */
function idSet(query: string, principal: Principal = app): number[] {
  return ids(query, principal).sort((a, b) => a - b);
}
function errorOf(query: string): AssetsError {
  try {
    evaluateAql(state, query, { principal: app });
  } catch (error) {
    if (error instanceof AssetsError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to fail`);
}

describe('AQL keywords', () => {
  it('objectType matches the type name case-insensitively', () => {
    expect(idSet('objectType = Laptop')).toEqual([6, 7, 8, 9]);
    expect(idSet('OBJECTTYPE = "laptop"')).toEqual([6, 7, 8, 9]);
    expect(idSet('objectType in (Person, Location)')).toEqual([1, 2, 3, 4, 5]);
    expect(idSet('objectType != Laptop')).toEqual([1, 2, 3, 4, 5, 10]);
  });

  it('objectTypeId, objectSchema, objectSchemaId and objectId', () => {
    expect(idSet(`objectTypeId = ${T.location}`)).toEqual([1, 2]);
    expect(idSet('objectSchema = "other things"')).toEqual([10]);
    expect(idSet('objectSchemaId = 1')).toHaveLength(9);
    expect(idSet('objectSchemaId in (2)')).toEqual([10]);
    expect(idSet('objectId = 4')).toEqual([4]);
    expect(idSet('objectId >= 8')).toEqual([8, 9, 10]);
    expect(idSet('objectId > 2 AND objectId < 5')).toEqual([3, 4]);
  });

  it('Key equality is case-insensitive, == is exact, in works, like is refused', () => {
    expect(idSet('Key = "IT-6"')).toEqual([6]);
    expect(idSet('key = it-6')).toEqual([6]);
    expect(idSet('Key == "it-6"')).toEqual([]);
    expect(idSet('Key in ("IT-6", "it-7", "OTH-10")')).toEqual([6, 7, 10]);
    expect(idSet('Key > "IT-8"')).toEqual([9, 10]);
    expect(errorOf('Key like "IT"').status).toBe(400);
  });

  it('Label and Name address the label attribute', () => {
    expect(idSet('Label = "lt-1"')).toEqual([6]);
    expect(idSet('Label startswith "LT"')).toEqual([6, 7, 8]);
    expect(idSet('Name = "ana silva"')).toEqual([3]);
    expect(idSet('Name IN ("Ana Silva", "Tower")')).toEqual([3, 10]);
  });

  it('Created and Updated compare as instants, with date functions', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    const run = (q: string) =>
      evaluateAql(state, q, { principal: app, now })
        .indexes.map((i) => state.objectId(i))
        .sort((a, b) => a - b);
    expect(run('Created > now(-6d)')).toEqual([7, 8, 9, 10]);
    expect(run('Created >= startOfDay()')).toEqual([9, 10]);
    expect(run('Created < startOfDay(-1d)')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(run('Created <= endOfDay(-1d)')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(run('Created < startOfMonth()')).toEqual([1, 2, 3, 4, 5]);
    expect(run('Created >= startOfYear() AND Created <= endOfYear()')).toEqual([6, 7, 8, 9, 10]);
    expect(run('Created > now(-2h 30m)')).toEqual([9, 10]);
    expect(run('Created = "2026-01-14"')).toEqual([8]);
    expect(run('Updated >= startOfWeek() AND Updated <= endOfWeek() AND Created < endOfMonth()')).toEqual([
      8, 9, 10,
    ]);
  });
});

describe('AQL operators by attribute type', () => {
  it('text: = and like are case-insensitive, == is case-sensitive, like is contains', () => {
    expect(idSet('Name == "Ana Silva"')).toEqual([3]);
    expect(idSet('Name == "ana silva"')).toEqual([]);
    expect(idSet('Name like ANA')).toEqual([3, 5]);
    expect(idSet('objectType = Person AND Name not like "ana"')).toEqual([4]);
    expect(idSet('Name startswith "ben"')).toEqual([4]);
    expect(idSet('Name endswith "OFFICE"')).toEqual([2]);
    expect(idSet('objectType = Person AND Name != "Ana Silva"')).toEqual([4, 5]);
    expect(idSet('Name = "15\\" Screen"')).toEqual([9]);
    expect(idSet('Email like "@example.com"')).toEqual([3, 4]);
  });

  it('numbers compare numerically (integer and double)', () => {
    expect(idSet('Age > 30')).toEqual([3, 4]);
    expect(idSet('Age >= 34')).toEqual([3, 4]);
    expect(idSet('Age < 34')).toEqual([5]);
    expect(idSet('Age <= 20')).toEqual([5]);
    expect(idSet('Age = 34.0')).toEqual([3]);
    expect(idSet('Age = abc')).toEqual([]);
    expect(idSet('Price > 1000')).toEqual([6, 8]);
    expect(idSet('Price = "999"')).toEqual([7]);
    // "9" < "1200.5" as text but not as numbers.
    expect(idSet('Price < 1000')).toEqual([7]);
  });

  it('booleans, dates, date-times and IP addresses', () => {
    expect(idSet('Active = true')).toEqual([3]);
    expect(idSet('Active = FALSE')).toEqual([4]);
    expect(idSet('Purchased = "2024-03-01"')).toEqual([6]);
    expect(idSet('Purchased < "2024-01-01"')).toEqual([7]);
    expect(idSet('Purchased >= "2023-12-31"')).toEqual([6, 7]);
    expect(idSet('Purchased > "2023-12-31"')).toEqual([6]);
    expect(idSet('"Last Seen" = "2026-01-10"')).toEqual([6]);
    expect(idSet('"Last Seen" > "2026-01-10 09:59"')).toEqual([6]);
    expect(idSet('"Last Seen" < "2026-01-10 10:00"')).toEqual([]);
    expect(idSet('IP = 10.0.0.1')).toEqual([6]);
    expect(errorOf('Purchased = "not a date"').status).toBe(400);
  });

  it('status attributes match by status name or id', () => {
    expect(idSet('Status = "In Use"')).toEqual([6, 8]);
    expect(idSet('Status = "in use"')).toEqual([6, 8]);
    expect(idSet('Status = 2')).toEqual([7]);
    expect(idSet('Status != Retired')).toEqual([6, 8]);
    expect(idSet('Status in (Retired, "In Use")')).toEqual([6, 7, 8]);
  });

  it('multi-value attributes match when any value matches; negations need a value', () => {
    expect(idSet('Tags = travel')).toEqual([6]);
    expect(idSet('Tags = dev')).toEqual([6, 7]);
    expect(idSet('Tags != travel')).toEqual([7]);
    expect(idSet('Tags not in (travel)')).toEqual([7]);
    expect(idSet('Tags is empty')).toEqual([8, 9]);
  });

  it('in / not in / is empty / is not empty', () => {
    expect(idSet('Age in (20, 51)')).toEqual([4, 5]);
    expect(idSet('Age not in (20, 51)')).toEqual([3]);
    expect(idSet('Owner is empty')).toEqual([8]);
    expect(idSet('Owner is not empty')).toEqual([6, 7, 9]);
    expect(idSet('Email is empty')).toEqual([5]);
  });

  it('object references match by label, key or id', () => {
    expect(idSet('Owner = "Ana Silva"')).toEqual([6, 9]);
    expect(idSet('Owner = "it-3"')).toEqual([6, 9]);
    expect(idSet('Owner = 4')).toEqual([7]);
    expect(idSet('Owner like "müll"')).toEqual([7]);
    expect(idSet('Owner in ("Ben Müller", "IT-3")')).toEqual([6, 7, 9]);
  });

  it('user attributes match account id or display name, and currentUser()', () => {
    expect(idSet('"Jira User" = u-ben')).toEqual([4]);
    expect(idSet('"Jira User" = "ana silva"')).toEqual([3]);
    expect(idSet('"Jira User" = currentUser()', ana)).toEqual([3]);
    expect(idSet('"Jira User" = currentUser()', app)).toEqual([]);
    expect(idSet('"Jira User" in user("u-ana", "u-ben")')).toEqual([3, 4]);
    expect(idSet('"Jira User" having user("u-ben")')).toEqual([4]);
  });

  it('AND binds tighter than OR; NOT and parentheses', () => {
    expect(idSet('Name = "LT-1" OR Name = "LT-2" AND Price > 1000')).toEqual([6]);
    expect(idSet('(Name = "LT-1" OR Name = "LT-2") AND Price < 1000')).toEqual([7]);
    expect(idSet('objectType = Laptop AND NOT Status = "In Use"')).toEqual([7, 9]);
    expect(idSet('not (objectSchemaId = 1)')).toEqual([10]);
  });
});

describe('AQL references', () => {
  it('dot notation follows object references', () => {
    expect(idSet('"Owner".Name = "Ben Müller"')).toEqual([7]);
    expect(idSet('Owner.Age > 40')).toEqual([7]);
    expect(idSet('Owner."Jira User" = currentUser()', ana)).toEqual([6, 9]);
    expect(idSet('"Location".City like "ber"')).toEqual([6]);
    expect(idSet('Owner.Email is empty')).toEqual([8]);
    expect(idSet('Owner.Email is not empty')).toEqual([6, 7, 9]);
    expect(errorOf('Price.Name = x').status).toBe(400);
    expect(errorOf('Owner.Nope = x').status).toBe(400);
  });

  it('having inboundReferences / outboundReferences and the short aliases', () => {
    expect(idSet('object having inboundReferences(objectType = Laptop)')).toEqual([1, 2, 3, 4]);
    expect(idSet('object having inR(objectType = Laptop AND Price > 1000)')).toEqual([1, 3]);
    expect(idSet('object having inR()')).toEqual([1, 2, 3, 4]);
    expect(idSet('objectType = Person AND object not having inR(objectType = Laptop)')).toEqual([5]);
    expect(idSet('object having outboundReferences(Name = "Ana Silva")')).toEqual([6, 9]);
    expect(idSet('object having outR(objectType = Location)')).toEqual([6, 7]);
    expect(idSet('object having outR()')).toEqual([6, 7, 9]);
  });

  it('the reference filter restricts the reference type', () => {
    expect(idSet('object having inR(objectType = Laptop, refType = "Owned by")')).toEqual([3, 4]);
    expect(idSet('object having inR(objectType = Laptop, refType IN ("Located in"))')).toEqual([1, 2]);
    expect(idSet('object having outR(objectType = Person, refType = "Located in")')).toEqual([]);
  });

  it('objectTypeAndChildren() and connectedTickets()', () => {
    expect(idSet('objectType in objectTypeAndChildren(Location)')).toEqual([1, 2]);
    expect(idSet(`objectType in objectTypeAndChildren(${T.building})`)).toEqual([10]);
    expect(errorOf('object having connectedTickets(project = HD)').status).toBe(400);
  });
});

describe('AQL ordering', () => {
  it('defaults to ascending label order', () => {
    expect(ids('objectType = Laptop')).toEqual([9, 6, 7, 8]); // '15" Screen' sorts before 'LT-1'
  });

  it('orders by one attribute, missing values first ascending and last descending', () => {
    expect(ids('objectType = Laptop ORDER BY Price')).toEqual([9, 7, 6, 8]);
    expect(ids('objectType = Laptop ORDER BY Price DESC')).toEqual([8, 6, 7, 9]);
    expect(ids('objectType = Person order by Age desc')).toEqual([4, 3, 5]);
    expect(ids('objectType = Laptop ORDER BY Key DESC')).toEqual([9, 8, 7, 6]);
    expect(ids('objectType = Laptop ORDER BY Created ASC')).toEqual([6, 7, 8, 9]);
    expect(ids('objectType = Laptop ORDER BY "Owner".Name')).toEqual([8, 6, 9, 7]);
    expect(ids('objectType = Laptop ORDER BY Status DESC')).toEqual([7, 6, 8, 9]);
    expect(ids('objectType = Person ORDER BY "Jira User"')).toEqual([5, 3, 4]);
  });
});

describe('AQL errors', () => {
  it('an unknown attribute makes the whole query invalid (400)', () => {
    const error = errorOf('objectType = Laptop AND "Serial Numbr" = 1');
    expect(error.status).toBe(400);
    expect(error.message).toContain('Serial Numbr');
    // Even inside an OR branch that could never match.
    expect(errorOf('Name = x OR Nope is empty').status).toBe(400);
    expect(errorOf('objectType = Laptop ORDER BY Nope').status).toBe(400);
  });

  it('parse errors are 400', () => {
    expect(errorOf('Name = ').status).toBe(400);
    expect(errorOf('Name = "unterminated').status).toBe(400);
    expect(errorOf('(Name = x').status).toBe(400);
    expect(errorOf('Name = x AND').message).toMatch(/not valid/);
  });

  it('the route answers 400 with an error body', () => {
    const res = callAssets(state, 'POST', 'object/aql', { body: { qlQuery: 'Nope = 1' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorMessages: [expect.stringContaining('Nope')] });
    expect(callAssets(state, 'POST', 'object/aql', { body: { qlQuery: 'Name = (' } }).status).toBe(400);
    expect(callAssets(state, 'POST', 'object/aql/totalcount', { body: { qlQuery: 'Nope = 1' } }).status).toBe(
      400,
    );
    expect(callAssets(state, 'POST', 'object/aql', { body: {} }).status).toBe(400);
  });
});

describe('AQL injection behaves as in Assets', () => {
  const hostile = 'LT-1" OR Name != "';

  it('a value quoted by @suite/aql matches only the literal text', () => {
    const safe = aql`objectType = Laptop AND Name = ${hostile}`;
    expect(String(safe)).toBe('objectType = Laptop AND Name = "LT-1\\" OR Name != \\""');
    expect(idSet(String(safe))).toEqual([]);
    // An object really named like the payload is found, and only it.
    state.createObject(T.laptop, new Map([[A.laptopName, [hostile]]]), 'u-ben');
    const literalId = state.slotCount; // the object just created
    expect(idSet(String(safe))).toEqual([literalId]);
    state.deleteObject(literalId - 1);
    expect(idSet(String(safe))).toEqual([]);
  });

  it('the same text concatenated unescaped becomes a real OR and widens the result', () => {
    const unsafe = `objectType = Laptop AND Name = "${hostile}"`;
    expect(parseAql(unsafe).where?.kind).toBe('or');
    const widened = idSet(unsafe);
    expect(widened).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(widened.length).toBeGreaterThan(
      idSet(String(aql`objectType = Laptop AND Name = ${hostile}`)).length,
    );
    expect(countAql(state, unsafe, { principal: app })).toBe(10);
  });

  it('an unquoted "x OR 1=1" is parsed as OR; the bogus attribute "1" then makes it invalid', () => {
    const unsafe = 'Name = x OR 1=1';
    expect(parseAql(unsafe).where?.kind).toBe('or');
    expect(errorOf(unsafe).status).toBe(400);
    expect(idSet(String(aql`Name = ${'x OR 1=1'}`))).toEqual([]);
  });
});
