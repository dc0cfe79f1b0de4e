import type * as ForgeKvs from '@forge/kvs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvsStore, type EntityDefinition, type KvsScope, type KvsStore } from '../src/kvs/index';
import { connectKvsSdk } from './support/kvs-sdk';

// Custom Entity Store through the real @forge/kvs client, with entities declared as in a manifest's
// `app.storage.entities`.

const SCOPE: KvsScope = { appId: 'app-entities', installationId: 'site' };
const UNDECLARED: KvsScope = { appId: 'app-without-entities', installationId: 'site' };

const EMPLOYEE: EntityDefinition = {
  name: 'employee',
  attributes: {
    surname: { type: 'string' },
    age: { type: 'integer' },
    employmentyear: { type: 'integer' },
    rating: { type: 'float' },
    active: { type: 'boolean' },
    tags: { type: 'any' },
  },
  indexes: [
    'surname',
    { name: 'by-age', range: ['age'] },
    { name: 'by-year-age', range: ['age'], partition: ['employmentyear'] },
  ],
};

interface Employee {
  surname: string;
  age: number;
  employmentyear: number;
  rating?: number;
  active?: boolean;
  tags?: string[];
}

const PEOPLE: Record<string, Employee> = {
  e1: { surname: 'Smith', age: 30, employmentyear: 2020, active: true, tags: ['a'] },
  e2: { surname: 'Scott', age: 41, employmentyear: 2020, active: false },
  e3: { surname: 'Davis', age: 25, employmentyear: 2021, rating: 4.5 },
  e4: { surname: 'Stone', age: 35, employmentyear: 2020, tags: ['a', 'b'] },
  e5: { surname: 'Adams', age: 52, employmentyear: 2019 },
};

let store: KvsStore;
let scope: KvsScope = SCOPE;
let now = new Date('2025-03-01T00:00:00.000Z');
let sdk: typeof ForgeKvs;

beforeAll(async () => {
  sdk = await connectKvsSdk(() => ({ store, scope: scope }));
});

beforeEach(async () => {
  now = new Date('2025-03-01T00:00:00.000Z');
  store = createKvsStore({ now: () => now, entities: { [SCOPE.appId]: [EMPLOYEE] } });
  scope = SCOPE;
  for (const [key, value] of Object.entries(PEOPLE))
    await sdk.kvs.entity<Employee>('employee').set(key, value);
});

async function apiError(promise: Promise<unknown>): Promise<ForgeKvs.ForgeKvsAPIError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(sdk.ForgeKvsAPIError);
    return e as ForgeKvs.ForgeKvsAPIError;
  }
  throw new Error('expected the call to fail');
}

const employees = () => sdk.kvs.entity<Employee>('employee');

describe('entity get / set / delete', () => {
  it('stores entities apart from plain keys and returns metadata on request', async () => {
    const { kvs, MetadataField } = sdk;
    expect(await employees().get('e1')).toEqual(PEOPLE.e1);
    expect(await kvs.get('e1')).toBeUndefined();
    expect(await employees().get('e1', { metadataFields: [MetadataField.CREATED_AT] })).toEqual({
      key: 'e1',
      value: PEOPLE.e1,
      createdAt: now.getTime(),
    });
    await employees().delete('e1');
    expect(await employees().get('e1')).toBeUndefined();
    await expect(employees().delete('e1')).resolves.toBeUndefined();
    expect(Object.keys(store.dump(SCOPE).entities.employee ?? {})).toEqual(['e2', 'e3', 'e4', 'e5']);
  });

  it('supports set options on entities (FAIL_IF_EXISTS, returnValue, TTL)', async () => {
    const err = await apiError(employees().set('e1', PEOPLE.e2 as Employee, { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.code).toBe('KEY_CONFLICT');
    const previous = await employees().set('e1', PEOPLE.e2 as Employee, {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
    });
    expect(previous).toEqual({ key: 'e1', value: PEOPLE.e1 });
    await employees().set(
      'tmp',
      { surname: 'Temp', age: 1, employmentyear: 2025 },
      { ttl: { value: 1, unit: 'DAYS' } },
    );
    now = new Date('2025-03-02T00:00:00.000Z');
    expect(await employees().get('tmp')).toBeUndefined();
  });

  it('validates values against the declared attribute types', async () => {
    const wrongType = await apiError(employees().set('x', { surname: 7 } as unknown as Employee));
    expect({ code: wrongType.code, status: wrongType.responseDetails.status }).toEqual({
      code: 'INVALID_ENTITY_VALUE',
      status: 400,
    });
    const notInt = await apiError(employees().set('x', { surname: 'A', age: 1.5, employmentyear: 2000 }));
    expect(notInt.code).toBe('INVALID_ENTITY_VALUE');
    const tooBig = await apiError(employees().set('x', { surname: 'A', age: 2 ** 31, employmentyear: 2000 }));
    expect(tooBig.code).toBe('INVALID_ENTITY_VALUE');
    const undeclared = await apiError(
      employees().set('x', { surname: 'A', salary: 1 } as unknown as Employee),
    );
    expect(undeclared.code).toBe('INVALID_ENTITY_VALUE');
    const notObject = await apiError(employees().set('x', 'just a string' as unknown as Employee));
    expect(notObject.code).toBe('INVALID_ENTITY_VALUE');
  });

  it('rejects an entity the app has not declared', async () => {
    const err = await apiError(sdk.kvs.entity('customer').set('c1', { name: 'x' }));
    expect(err.code).toBe('INVALID_ENTITY_TYPE');
    const get = await apiError(sdk.kvs.entity('customer').get('c1'));
    expect(get.code).toBe('INVALID_ENTITY_TYPE');
  });
});

describe('entity query', () => {
  it('queries a single-attribute index in range order, ascending by default', async () => {
    const { results } = await employees().query().index('surname').getMany();
    expect(results.map((r) => r.value.surname)).toEqual(['Adams', 'Davis', 'Scott', 'Smith', 'Stone']);
  });

  it('applies a range condition and DESC sort', async () => {
    const { WhereConditions, Sort } = sdk;
    const { results } = await employees()
      .query()
      .index('by-age')
      .where(WhereConditions.between(30, 45))
      .sort(Sort.DESC)
      .getMany();
    expect(results.map((r) => r.key)).toEqual(['e2', 'e4', 'e1']);
    const prefix = await employees()
      .query()
      .index('surname')
      .where(WhereConditions.beginsWith('S'))
      .getMany();
    expect(prefix.results.map((r) => r.key)).toEqual(['e2', 'e1', 'e4']);
  });

  it('requires and applies the partition of a partitioned index', async () => {
    const { WhereConditions } = sdk;
    const { results } = await employees()
      .query()
      .index('by-year-age', { partition: [2020] })
      .where(WhereConditions.greaterThan(30))
      .getMany();
    expect(results.map((r) => r.key)).toEqual(['e4', 'e2']);
    const missing = await apiError(employees().query().index('by-year-age').getMany());
    expect(missing.code).toBe('BAD_REQUEST');
  });

  it('applies and/or filters on any attribute', async () => {
    const { Filter, FilterConditions } = sdk;
    const and = await employees()
      .query()
      .index('by-age')
      .filters(
        new Filter<Employee>()
          .and('surname', FilterConditions.beginsWith('S'))
          .and('tags', FilterConditions.contains('a')),
      )
      .getMany();
    expect(and.results.map((r) => r.key)).toEqual(['e1', 'e4']);
    const or = await employees()
      .query()
      .index('by-age')
      .filters(
        new Filter<Employee>()
          .or('rating', FilterConditions.exists())
          .or('active', FilterConditions.equalTo(false)),
      )
      .getMany();
    expect(or.results.map((r) => r.key)).toEqual(['e3', 'e2']);
    const not = await employees()
      .query()
      .index('by-age')
      .filters(
        new Filter<Employee>()
          .and('surname', FilterConditions.notEqualTo('Smith'))
          .and('age', FilterConditions.lessThanEqualTo(41)),
      )
      .getMany();
    expect(not.results.map((r) => r.key)).toEqual(['e3', 'e4', 'e2']);
  });

  it('pages with limit and cursor, in both directions', async () => {
    const { Sort } = sdk;
    for (const sort of [Sort.ASC, Sort.DESC]) {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const q = employees().query().index('by-age').sort(sort).limit(2);
        const page = await (cursor ? q.cursor(cursor) : q).getMany();
        keys.push(...page.results.map((r) => r.key));
        cursor = page.nextCursor;
      } while (cursor);
      const asc = ['e3', 'e1', 'e4', 'e2', 'e5'];
      expect(keys).toEqual(sort === Sort.ASC ? asc : [...asc].reverse());
    }
  });

  it('returns metadata fields and supports getOne', async () => {
    const { MetadataField, WhereConditions } = sdk;
    const one = await employees()
      .query({ metadataFields: [MetadataField.UPDATED_AT] })
      .index('surname')
      .where(WhereConditions.equalTo('Davis'))
      .getOne();
    expect(one).toEqual({ key: 'e3', value: PEOPLE.e3, updatedAt: now.getTime() });
    expect(
      await employees().query().index('surname').where(WhereConditions.equalTo('Nobody')).getOne(),
    ).toBeUndefined();
  });

  it('rejects an undeclared index and invalid filter shapes', async () => {
    const { Filter, FilterConditions } = sdk;
    expect((await apiError(employees().query().index('by-nothing').getMany())).code).toBe(
      'INVALID_ENTITY_INDEX',
    );
    const between = FilterConditions.between(1, 2);
    const bad = await apiError(
      employees()
        .query()
        .index('by-age')
        .filters(new Filter<Employee>().and('age', { ...between, values: [1] } as unknown as typeof between))
        .getMany(),
    );
    expect(bad.code).toBe('INSUFFICIENT_FILTER_VALUES');
    const wrongRange = await apiError(
      employees()
        .query()
        .index('by-age')
        .where(FilterConditions.exists() as unknown as ReturnType<typeof sdk.WhereConditions.equalTo>)
        .getMany(),
    );
    expect(wrongRange.code).toBe('INVALID_FILTER_CONDITION');
  });

  it('without declared entities, accepts any valid entity name and treats an index as its attribute', async () => {
    scope = UNDECLARED;
    const notes = sdk.kvs.entity<{ title: string; n: number }>('notes');
    await notes.set('a', { title: 'second', n: 2 });
    await notes.set('b', { title: 'first', n: 1 });
    await notes.set('c', { title: 'no n' } as { title: string; n: number });
    const { results } = await notes.query().index('n').getMany();
    expect(results.map((r) => r.key)).toEqual(['b', 'a']);
  });
});
