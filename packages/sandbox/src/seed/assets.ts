/**
 * Seeds a believable Assets workspace: schema "IT Assets" (ITSM) with Location, Person, Software, an abstract
 * Hardware parent for Laptop and Server, and Vehicle; plus a small "Facilities" (FAC) schema with Building and Room.
 *
 * Only the object columns (type, created, updated) are materialised. Attribute values are recomputed on every read
 * by a pure function of (seed, objectId, attributeId), so `objects: 1_000_000` costs ~25 MB instead of gigabytes,
 * and the same rng seed always gives the same workspace.
 */
import {
  AssetsState,
  type AssetsUser,
  ATTRIBUTE_TYPE,
  type AttributeDef,
  type AttributeTypeId,
  DEFAULT_TYPE,
  type DefaultTypeId,
  type ObjectSchema,
  type ObjectTypeDef,
  type StatusType,
  type StoredValue,
} from '../site/assets/model';
import type { Directory } from '../site/types';
import type { Rng } from './rng';

export interface SeedAssetsOptions {
  readonly workspaceId: string;
  /** Total number of objects across all types (default 2,000). */
  readonly objects?: number;
  /** Clock of the workspace; seeded timestamps lie before `now()` (a fixed date when omitted). */
  readonly now?: () => Date;
  /** Jira's people; User attributes point at its active Atlassian accounts. */
  readonly directory?: Directory;
  readonly baseUrl?: string;
}

/** Object type ids of the seeded workspace. */
export const SEED_TYPES = {
  hardware: 1,
  laptop: 2,
  server: 3,
  location: 4,
  person: 5,
  software: 6,
  vehicle: 7,
  building: 8,
  room: 9,
} as const;

export const SEED_SCHEMAS = { itAssets: 1, facilities: 2 } as const;

export const SEED_STATUSES = {
  inStock: 1,
  inUse: 2,
  inRepair: 3,
  retired: 4,
  active: 5,
  inactive: 6,
  open: 7,
  closed: 8,
} as const;

export const SEED_GROUPS = [
  'jira-servicemanagement-users',
  'it-operations',
  'network-team',
  'security-team',
  'service-desk-team',
];

/** Share of the objects per type (sums to 1); the rounding remainder goes to Laptop. */
const SHARES: readonly (readonly [number, number])[] = [
  [SEED_TYPES.location, 0.02],
  [SEED_TYPES.person, 0.2],
  [SEED_TYPES.software, 0.075],
  [SEED_TYPES.laptop, 0.3],
  [SEED_TYPES.server, 0.1],
  [SEED_TYPES.vehicle, 0.05],
  [SEED_TYPES.building, 0.005],
  [SEED_TYPES.room, 0.25],
];

const CITIES: readonly (readonly [string, string, number, number])[] = [
  ['Berlin', 'Germany', 52.52, 13.405],
  ['Munich', 'Germany', 48.137, 11.575],
  ['Hamburg', 'Germany', 53.551, 9.993],
  ['London', 'United Kingdom', 51.507, -0.128],
  ['Manchester', 'United Kingdom', 53.48, -2.242],
  ['Paris', 'France', 48.857, 2.352],
  ['Lyon', 'France', 45.764, 4.836],
  ['Amsterdam', 'Netherlands', 52.368, 4.904],
  ['Madrid', 'Spain', 40.417, -3.704],
  ['Barcelona', 'Spain', 41.385, 2.173],
  ['Lisbon', 'Portugal', 38.722, -9.139],
  ['Vienna', 'Austria', 48.208, 16.374],
  ['Zurich', 'Switzerland', 47.377, 8.542],
  ['Warsaw', 'Poland', 52.23, 21.012],
  ['Prague', 'Czechia', 50.076, 14.438],
  ['Stockholm', 'Sweden', 59.329, 18.069],
  ['Oslo', 'Norway', 59.914, 10.752],
  ['Copenhagen', 'Denmark', 55.676, 12.568],
  ['Dublin', 'Ireland', 53.35, -6.26],
  ['Milan', 'Italy', 45.464, 9.19],
  ['New York', 'United States', 40.713, -74.006],
  ['Austin', 'United States', 30.267, -97.743],
  ['Toronto', 'Canada', 43.653, -79.383],
  ['Sydney', 'Australia', -33.869, 151.209],
];
const COUNTRIES = [...new Set(CITIES.map((c) => c[1]))];
const SITE_KINDS = ['Office', 'Depot', 'Warehouse', 'Data Centre', 'HQ'];
const STREETS = ['Main Street', 'Station Road', 'Harbour Way', 'Market Square', 'Park Avenue', 'Mill Lane'];
const FIRST = [
  'Ana',
  'Ben',
  'Chloé',
  'David',
  'Elif',
  'Farah',
  'Georg',
  'Hana',
  'Ivan',
  'Jonas',
  'Kira',
  'Liam',
  'Maja',
  'Noah',
  'Olga',
  'Paul',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Vera',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Aoife',
  'Bruno',
  'Carmen',
  'Dmitri',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Ingrid',
  'Jamal',
  'Keiko',
  'Lukas',
  'Mei',
  'Nils',
];
const LAST = [
  'Silva',
  'Müller',
  'Schmidt',
  'Novak',
  'Kowalski',
  'García',
  'Rossi',
  'Dubois',
  'Jansen',
  'Andersson',
  'Larsen',
  "O'Brien",
  'Nguyen',
  'Kim',
  'Okafor',
  'Haddad',
  'Petrov',
  'Yilmaz',
  'Costa',
  'Fischer',
  'Weber',
  'Bauer',
  'Wagner',
  'Hoffmann',
  'Lehmann',
  'Keller',
  'Berg',
  'Lindqvist',
  'Moreau',
  'Laurent',
  'Santos',
  'Ferreira',
  'Horvat',
  'Popescu',
  'Ivanova',
  'Tanaka',
  'Chen',
  'Patel',
  'Singh',
  'Murphy',
];
const JOB_TITLES = [
  'Service Desk Analyst',
  'Field Technician',
  'Network Engineer',
  'Site Reliability Engineer',
  'Accountant',
  'Sales Manager',
  'HR Partner',
  'Software Developer',
  'Dispatcher',
  'Warehouse Lead',
  'Product Manager',
];
const DEPARTMENTS = ['IT', 'Finance', 'Sales', 'HR', 'Engineering', 'Operations', 'Logistics'];
const LAPTOP_MODELS = [
  'MacBook Pro 14',
  'MacBook Air 13',
  'ThinkPad X1 Carbon',
  'Dell XPS 13',
  'Surface Laptop 5',
];
const OPERATING_SYSTEMS = ['Ubuntu 22.04', 'Ubuntu 24.04', 'RHEL 9', 'Windows Server 2022', 'Debian 12'];
const SOFTWARE: readonly (readonly [string, string, string])[] = [
  ['Slack', 'Salesforce', 'https://slack.com'],
  ['Zoom', 'Zoom Video Communications', 'https://zoom.us'],
  ['PostgreSQL', 'PostgreSQL Global Development Group', 'https://www.postgresql.org'],
  ['nginx', 'F5', 'https://nginx.org'],
  ['Microsoft 365', 'Microsoft', 'https://www.microsoft.com'],
  ['Docker Engine', 'Docker', 'https://www.docker.com'],
  ['Visual Studio Code', 'Microsoft', 'https://code.visualstudio.com'],
  ['Adobe Acrobat', 'Adobe', 'https://www.adobe.com'],
  ['CrowdStrike Falcon', 'CrowdStrike', 'https://www.crowdstrike.com'],
  ['Jira Software', 'Atlassian', 'https://www.atlassian.com'],
  ['OpenJDK', 'Oracle', 'https://openjdk.org'],
  ['Redis', 'Redis Ltd.', 'https://redis.io'],
];
const OPEN_SOURCE = new Set([
  'PostgreSQL',
  'nginx',
  'Docker Engine',
  'Visual Studio Code',
  'OpenJDK',
  'Redis',
]);
const VEHICLES = ['Ford Transit', 'VW Crafter', 'Mercedes Sprinter', 'Renault Kangoo', 'Toyota Hilux'];
const FUELS = ['Diesel', 'Petrol', 'Electric', 'Hybrid'];

// ------------------------------------------------------------------ hashing

/** Mixes three integers into a uint32 (murmur3-style finaliser). */
function hash3(seed: number, a: number, b: number): number {
  let h = (seed ^ Math.imul(a, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= Math.imul((b + 0x632be5ab) >>> 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A tiny stream of draws in [0, 1) for one (object, attribute) pair. */
function draws(seed: number, objectId: number, attributeId: number): () => number {
  let a = hash3(seed, objectId, attributeId);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const between = (r: () => number, min: number, max: number): number =>
  min + Math.floor(r() * (max - min + 1));
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

// ------------------------------------------------------------------ definitions

interface Ctx {
  readonly seed: number;
  readonly anchor: number;
  readonly users: readonly string[];
  /** First object id and count of each seeded type. */
  readonly ranges: ReadonlyMap<number, { readonly start: number; readonly count: number }>;
}

/** Returns the values of one attribute for (objectId, ordinal within its type, draws). */
type Gen = (ctx: Ctx, objectId: number, ordinal: number, r: () => number) => readonly StoredValue[];

function pickObject(ctx: Ctx, typeId: number, r: () => number): StoredValue[] {
  const range = ctx.ranges.get(typeId);
  if (!range || range.count === 0) return [];
  return [range.start + Math.floor(r() * range.count)];
}

function locationName(ordinal: number): string {
  const n = CITIES.length;
  const k = SITE_KINDS.length;
  const city = CITIES[ordinal % n]?.[0] ?? 'Berlin';
  const kind = SITE_KINDS[Math.floor(ordinal / n) % k] ?? 'Office';
  const round = Math.floor(ordinal / (n * k));
  return round === 0 ? `${city} ${kind}` : `${city} ${kind} ${round + 1}`;
}

function personName(ordinal: number): [string, string] {
  const combos = FIRST.length * LAST.length;
  const slot = (ordinal * 7919) % combos;
  return [FIRST[slot % FIRST.length] ?? 'Ana', LAST[Math.floor(slot / FIRST.length)] ?? 'Silva'];
}

function personLabel(ordinal: number): string {
  const [first, last] = personName(ordinal);
  const round = Math.floor(ordinal / (FIRST.length * LAST.length));
  return round === 0 ? `${first} ${last}` : `${first} ${last} (${round + 1})`;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

function serverLabel(ordinal: number): string {
  const city = CITIES[ordinal % CITIES.length]?.[0] ?? 'Berlin';
  return `srv-${ascii(city).slice(0, 3)}-${pad(Math.floor(ordinal / CITIES.length) + 1, 3)}`;
}

const LABELS: Readonly<Record<number, (ordinal: number) => string>> = {
  [SEED_TYPES.location]: locationName,
  [SEED_TYPES.person]: personLabel,
  [SEED_TYPES.laptop]: (o) => `LT-${pad(o + 1, 5)}`,
  [SEED_TYPES.server]: serverLabel,
  [SEED_TYPES.software]: (o) => {
    const product = SOFTWARE[o % SOFTWARE.length]?.[0] ?? 'Slack';
    const round = Math.floor(o / SOFTWARE.length);
    return round === 0 ? product : `${product} ${Math.floor(round / 10) + 1}.${round % 10}`;
  },
  [SEED_TYPES.vehicle]: (o) => `${VEHICLES[o % VEHICLES.length]} #${pad(o + 1, 4)}`,
  [SEED_TYPES.building]: (o) => {
    const city = CITIES[o % CITIES.length]?.[0] ?? 'Berlin';
    return `${city} Campus ${String.fromCharCode(65 + (Math.floor(o / CITIES.length) % 26))}${o >= CITIES.length * 26 ? Math.floor(o / (CITIES.length * 26)) + 1 : ''}`;
  },
  [SEED_TYPES.room]: (o) =>
    `Room ${Math.floor(o / 40) % 9}.${pad((o % 40) + 1, 2)}${o >= 360 ? `-${Math.floor(o / 360) + 1}` : ''}`,
};

interface AttrSpec {
  readonly name: string;
  readonly type?: AttributeTypeId;
  readonly defaultTypeId?: DefaultTypeId;
  readonly referenceObjectTypeId?: number;
  readonly referenceType?: { readonly id: number; readonly name: string };
  readonly max?: number;
  readonly min?: number;
  readonly options?: readonly string[];
  readonly typeValueMulti?: readonly string[];
  readonly unique?: boolean;
  readonly suffix?: string;
  readonly description?: string;
  readonly gen: Gen;
}

const text = (name: string, gen: Gen, extra: Partial<AttrSpec> = {}): AttrSpec => ({
  name,
  defaultTypeId: DEFAULT_TYPE.text,
  gen,
  ...extra,
});
const typed = (
  name: string,
  defaultTypeId: DefaultTypeId,
  gen: Gen,
  extra: Partial<AttrSpec> = {},
): AttrSpec => ({
  name,
  defaultTypeId,
  gen,
  ...extra,
});
const reference = (
  name: string,
  target: number,
  refType: { id: number; name: string },
  gen: Gen,
  max = 1,
): AttrSpec => ({
  name,
  type: ATTRIBUTE_TYPE.reference,
  referenceObjectTypeId: target,
  referenceType: refType,
  max,
  gen,
});
const userAttr = (name: string, gen: Gen): AttrSpec => ({
  name,
  type: ATTRIBUTE_TYPE.user,
  typeValueMulti: ['jira-servicemanagement-users'],
  gen,
});
const statusAttr = (name: string, allowed: readonly number[], gen: Gen): AttrSpec => ({
  name,
  type: ATTRIBUTE_TYPE.status,
  typeValueMulti: allowed.map(String),
  gen,
});
/** `p` of the objects have a value. */
const sometimes =
  (p: number, gen: Gen): Gen =>
  (ctx, id, o, r) =>
    r() < p ? gen(ctx, id, o, r) : [];
const chance = (r: () => number, weights: readonly (readonly [number, number])[]): number => {
  const x = r();
  let acc = 0;
  for (const [value, w] of weights) {
    acc += w;
    if (x < acc) return value;
  }
  return weights[weights.length - 1]?.[0] ?? 0;
};

const REF = {
  ownedBy: { id: 1, name: 'Owned by' },
  locatedIn: { id: 2, name: 'Located in' },
  installed: { id: 3, name: 'Installed' },
  reportsTo: { id: 4, name: 'Reports to' },
  partOf: { id: 5, name: 'Part of' },
};

const S = SEED_STATUSES;

function specsFor(typeId: number): AttrSpec[] {
  switch (typeId) {
    case SEED_TYPES.hardware:
      return [
        text('Serial Number', (_c, id, _o, r) => [`SN-${pad(id, 7)}-${between(r, 100, 999)}`], {
          unique: true,
        }),
        typed('Purchase Date', DEFAULT_TYPE.date, (c, _id, _o, r) => [
          isoDate(c.anchor - between(r, 30, 1500) * DAY),
        ]),
        typed(
          'Purchase Cost',
          DEFAULT_TYPE.double,
          sometimes(0.95, (_c, _id, _o, r) => [String(Math.round((800 + r() * 24_000) * 100) / 100)]),
          { suffix: 'EUR' },
        ),
        statusAttr('Status', [S.inStock, S.inUse, S.inRepair, S.retired], (_c, _id, _o, r) => [
          chance(r, [
            [S.inUse, 0.7],
            [S.inStock, 0.12],
            [S.inRepair, 0.08],
            [S.retired, 0.1],
          ]),
        ]),
      ];
    case SEED_TYPES.laptop:
      return [
        typed('Model', DEFAULT_TYPE.select, (_c, _id, _o, r) => [pick(r, LAPTOP_MODELS)], {
          options: LAPTOP_MODELS,
        }),
        typed('RAM', DEFAULT_TYPE.integer, (_c, _id, _o, r) => [String(pick(r, [8, 16, 16, 32, 32, 64]))], {
          suffix: 'GB',
        }),
        typed('Encrypted', DEFAULT_TYPE.boolean, (_c, _id, _o, r) => [r() < 0.9 ? 'true' : 'false']),
        reference(
          'Owner',
          SEED_TYPES.person,
          REF.ownedBy,
          sometimes(0.85, (c, _id, _o, r) => pickObject(c, SEED_TYPES.person, r)),
        ),
        reference('Location', SEED_TYPES.location, REF.locatedIn, (c, _id, _o, r) =>
          pickObject(c, SEED_TYPES.location, r),
        ),
        userAttr(
          'Assigned User',
          sometimes(0.6, (c, _id, _o, r) => (c.users.length === 0 ? [] : [pick(r, c.users)])),
        ),
        typed('Last Check-in', DEFAULT_TYPE.dateTime, (c, _id, _o, r) => [
          new Date(c.anchor - between(r, 5, 60 * 24 * 60) * 60_000).toISOString(),
        ]),
      ];
    case SEED_TYPES.server:
      return [
        text('Hostname', (_c, _id, o) => [`${serverLabel(o)}.corp.example.com`], { unique: true }),
        typed('IP Address', DEFAULT_TYPE.ipAddress, (_c, id) => [
          `10.${(id >>> 16) & 255}.${(id >>> 8) & 255}.${id & 255}`,
        ]),
        typed('Operating System', DEFAULT_TYPE.select, (_c, _id, _o, r) => [pick(r, OPERATING_SYSTEMS)], {
          options: OPERATING_SYSTEMS,
        }),
        typed('CPU Cores', DEFAULT_TYPE.integer, (_c, _id, _o, r) => [
          String(pick(r, [2, 4, 8, 16, 32, 64])),
        ]),
        reference(
          'Installed Software',
          SEED_TYPES.software,
          REF.installed,
          (c, _id, _o, r) => {
            const range = c.ranges.get(SEED_TYPES.software);
            if (!range || range.count === 0) return [];
            const n = Math.min(range.count, between(r, 0, 6));
            const out = new Set<number>();
            while (out.size < n) out.add(range.start + Math.floor(r() * range.count));
            return [...out].sort((a, b) => a - b);
          },
          -1,
        ),
        reference('Location', SEED_TYPES.location, REF.locatedIn, (c, _id, _o, r) =>
          pickObject(c, SEED_TYPES.location, r),
        ),
        typed('Admin URL', DEFAULT_TYPE.url, (_c, _id, o) => [
          `https://${serverLabel(o)}.corp.example.com/admin`,
        ]),
        typed(
          'Notes',
          DEFAULT_TYPE.textarea,
          sometimes(0.3, (_c, _id, _o, r) => [
            pick(r, [
              'Patched during the last maintenance window.\nReboot pending.',
              'Hosts the <b>billing</b> batch jobs.',
              'Scheduled for decommissioning; do not install new services.',
              'Backups verified by the ops rota.',
            ]),
          ]),
        ),
        {
          name: 'Support Group',
          type: ATTRIBUTE_TYPE.group,
          gen: (_c, _id, _o, r) => [pick(r, SEED_GROUPS)],
        },
      ];
    case SEED_TYPES.location:
      return [
        typed('Address', DEFAULT_TYPE.textarea, (_c, _id, o, r) => [
          `${between(r, 1, 200)} ${pick(r, STREETS)}\n${CITIES[o % CITIES.length]?.[0] ?? ''}`,
        ]),
        text('City', (_c, _id, o) => [CITIES[o % CITIES.length]?.[0] ?? '']),
        typed('Country', DEFAULT_TYPE.select, (_c, _id, o) => [CITIES[o % CITIES.length]?.[1] ?? ''], {
          options: COUNTRIES,
        }),
        typed('Latitude', DEFAULT_TYPE.double, (_c, _id, o, r) => [
          ((CITIES[o % CITIES.length]?.[2] ?? 0) + (r() - 0.5) / 10).toFixed(5),
        ]),
        typed('Longitude', DEFAULT_TYPE.double, (_c, _id, o, r) => [
          ((CITIES[o % CITIES.length]?.[3] ?? 0) + (r() - 0.5) / 10).toFixed(5),
        ]),
        typed('Opening Time', DEFAULT_TYPE.time, (_c, _id, _o, r) => [
          pick(r, ['07:00', '07:30', '08:00', '09:00']),
        ]),
      ];
    case SEED_TYPES.person:
      return [
        typed(
          'Email',
          DEFAULT_TYPE.email,
          (_c, _id, o) => {
            const [first, last] = personName(o);
            const round = Math.floor(o / (FIRST.length * LAST.length));
            return [`${ascii(first)}.${ascii(last)}${round === 0 ? '' : round + 1}@example.com`];
          },
          { unique: true },
        ),
        text('Job Title', (_c, _id, _o, r) => [pick(r, JOB_TITLES)]),
        typed('Department', DEFAULT_TYPE.select, (_c, _id, _o, r) => [pick(r, DEPARTMENTS)], {
          options: DEPARTMENTS,
        }),
        userAttr('Jira User', (c, _id, o) => {
          const user = c.users[o];
          return user === undefined ? [] : [user];
        }),
        typed('Start Date', DEFAULT_TYPE.date, (c, _id, _o, r) => [
          isoDate(c.anchor - between(r, 10, 4000) * DAY),
        ]),
        reference(
          'Manager',
          SEED_TYPES.person,
          REF.reportsTo,
          sometimes(0.7, (c, _id, o, r) => {
            const range = c.ranges.get(SEED_TYPES.person);
            if (!range || o === 0) return [];
            return [range.start + Math.floor(r() * Math.min(o, 50))];
          }),
        ),
        statusAttr('Employment Status', [S.active, S.inactive], (_c, _id, _o, r) => [
          r() < 0.92 ? S.active : S.inactive,
        ]),
      ];
    case SEED_TYPES.software:
      return [
        text('Vendor', (_c, _id, o) => [SOFTWARE[o % SOFTWARE.length]?.[1] ?? '']),
        text('Version', (_c, _id, _o, r) => [
          `${between(r, 1, 20)}.${between(r, 0, 12)}.${between(r, 0, 30)}`,
        ]),
        typed(
          'License Count',
          DEFAULT_TYPE.integer,
          sometimes(0.8, (_c, _id, _o, r) => [String(between(r, 5, 2000))]),
        ),
        typed('Website', DEFAULT_TYPE.url, (_c, _id, o) => [SOFTWARE[o % SOFTWARE.length]?.[2] ?? '']),
        typed('Open Source', DEFAULT_TYPE.boolean, (_c, _id, o) => [
          OPEN_SOURCE.has(SOFTWARE[o % SOFTWARE.length]?.[0] ?? '') ? 'true' : 'false',
        ]),
      ];
    case SEED_TYPES.vehicle:
      return [
        text('Registration', (_c, id, _o, r) => [
          `${String.fromCharCode(65 + between(r, 0, 25))}${String.fromCharCode(65 + between(r, 0, 25))}-${pad(id % 10_000, 4)}`,
        ]),
        reference('Depot', SEED_TYPES.location, REF.locatedIn, (c, _id, _o, r) =>
          pickObject(c, SEED_TYPES.location, r),
        ),
        typed('Mileage', DEFAULT_TYPE.integer, (_c, _id, _o, r) => [String(between(r, 1_000, 250_000))], {
          suffix: 'km',
        }),
        typed('Next Service', DEFAULT_TYPE.date, (c, _id, _o, r) => [
          isoDate(c.anchor + between(r, -30, 365) * DAY),
        ]),
        userAttr(
          'Driver',
          sometimes(0.7, (c, _id, _o, r) => (c.users.length === 0 ? [] : [pick(r, c.users)])),
        ),
        typed('Fuel Type', DEFAULT_TYPE.select, (_c, _id, _o, r) => [pick(r, FUELS)], { options: FUELS }),
        statusAttr('Status', [S.inUse, S.inRepair, S.retired], (_c, _id, _o, r) => [
          chance(r, [
            [S.inUse, 0.85],
            [S.inRepair, 0.1],
            [S.retired, 0.05],
          ]),
        ]),
      ];
    case SEED_TYPES.building:
      return [
        typed('Address', DEFAULT_TYPE.textarea, (_c, _id, o, r) => [
          `${between(r, 1, 200)} ${pick(r, STREETS)}\n${CITIES[o % CITIES.length]?.[0] ?? ''}`,
        ]),
        typed('Floors', DEFAULT_TYPE.integer, (_c, _id, _o, r) => [String(between(r, 1, 12))]),
        statusAttr('Status', [S.open, S.closed], (_c, _id, _o, r) => [r() < 0.9 ? S.open : S.closed]),
      ];
    case SEED_TYPES.room:
      return [
        reference('Building', SEED_TYPES.building, REF.partOf, (c, _id, _o, r) =>
          pickObject(c, SEED_TYPES.building, r),
        ),
        typed('Capacity', DEFAULT_TYPE.integer, (_c, _id, _o, r) => [
          String(pick(r, [2, 4, 6, 8, 12, 20, 40])),
        ]),
        typed('Has Projector', DEFAULT_TYPE.boolean, (_c, _id, _o, r) => [r() < 0.4 ? 'true' : 'false']),
      ];
    default:
      return [];
  }
}

function syntheticUsers(seed: number): AssetsUser[] {
  return Array.from({ length: 12 }, (_, i) => {
    const [first, last] = personName(i * 3 + 1);
    const hex = hash3(seed, i, 0xacc).toString(16).padStart(8, '0');
    return {
      accountId: `557058:${hex}-0000-4000-8000-${pad(i, 12)}`,
      displayName: `${first} ${last}`,
      emailAddress: null,
    };
  });
}

/** Splits `total` over the types by share; rounding leftovers go to Laptop. */
export function seedObjectCounts(total: number): Map<number, number> {
  const counts = new Map<number, number>();
  let used = 0;
  for (const [typeId, share] of SHARES) {
    const n = Math.floor(total * share);
    counts.set(typeId, n);
    used += n;
  }
  counts.set(SEED_TYPES.laptop, (counts.get(SEED_TYPES.laptop) ?? 0) + (total - used));
  return counts;
}

export function seedAssets(rng: Rng, options: SeedAssetsOptions): AssetsState {
  const total = Math.max(0, Math.floor(options.objects ?? 2000));
  const seed = Math.floor(rng.fork('assets').next() * 4294967296) >>> 0;
  const anchor = (options.now ? options.now() : new Date(Date.UTC(2026, 0, 15, 9))).getTime();
  const stamp = new Date(anchor - 4 * 365 * DAY).toISOString();

  const schemas: ObjectSchema[] = [
    {
      id: SEED_SCHEMAS.itAssets,
      name: 'IT Assets',
      objectSchemaKey: 'ITSM',
      description: 'Hardware, software, people and places the service desk supports.',
      created: stamp,
      updated: stamp,
    },
    {
      id: SEED_SCHEMAS.facilities,
      name: 'Facilities',
      objectSchemaKey: 'FAC',
      description: 'Buildings and meeting rooms.',
      created: stamp,
      updated: stamp,
    },
  ];
  const typeRows: readonly (readonly [number, string, number, number | null, boolean, string])[] = [
    [SEED_TYPES.hardware, 'Hardware', SEED_SCHEMAS.itAssets, null, true, 'Physical devices'],
    [SEED_TYPES.laptop, 'Laptop', SEED_SCHEMAS.itAssets, SEED_TYPES.hardware, false, 'Employee laptops'],
    [
      SEED_TYPES.server,
      'Server',
      SEED_SCHEMAS.itAssets,
      SEED_TYPES.hardware,
      false,
      'Physical and virtual servers',
    ],
    [SEED_TYPES.location, 'Location', SEED_SCHEMAS.itAssets, null, false, 'Offices, depots and data centres'],
    [SEED_TYPES.person, 'Person', SEED_SCHEMAS.itAssets, null, false, 'Employees'],
    [
      SEED_TYPES.software,
      'Software',
      SEED_SCHEMAS.itAssets,
      null,
      false,
      'Licensed and open-source software',
    ],
    [SEED_TYPES.vehicle, 'Vehicle', SEED_SCHEMAS.itAssets, null, false, 'Field service vans'],
    [SEED_TYPES.building, 'Building', SEED_SCHEMAS.facilities, null, false, 'Campus buildings'],
    [SEED_TYPES.room, 'Room', SEED_SCHEMAS.facilities, null, false, 'Meeting rooms'],
  ];
  const objectTypes: ObjectTypeDef[] = typeRows.map(
    ([id, name, schemaId, parent, abstract, description], i) => ({
      id,
      name,
      description,
      objectSchemaId: schemaId,
      parentObjectTypeId: parent,
      icon: { id: 100 + id, name },
      position: i,
      abstractObjectType: abstract,
      inherited: id === SEED_TYPES.hardware || parent !== null,
      created: stamp,
      updated: stamp,
    }),
  );
  const statusTypes: StatusType[] = [
    { id: S.inStock, name: 'In Stock', category: 2, objectSchemaId: SEED_SCHEMAS.itAssets, description: '' },
    { id: S.inUse, name: 'In Use', category: 1, objectSchemaId: SEED_SCHEMAS.itAssets, description: '' },
    {
      id: S.inRepair,
      name: 'In Repair',
      category: 2,
      objectSchemaId: SEED_SCHEMAS.itAssets,
      description: '',
    },
    { id: S.retired, name: 'Retired', category: 0, objectSchemaId: SEED_SCHEMAS.itAssets, description: '' },
    { id: S.active, name: 'Active', category: 1, objectSchemaId: SEED_SCHEMAS.itAssets, description: '' },
    { id: S.inactive, name: 'Inactive', category: 0, objectSchemaId: SEED_SCHEMAS.itAssets, description: '' },
    { id: S.open, name: 'Open', category: 1, objectSchemaId: SEED_SCHEMAS.facilities, description: '' },
    { id: S.closed, name: 'Closed', category: 0, objectSchemaId: SEED_SCHEMAS.facilities, description: '' },
  ];

  // Attribute definitions, ids allocated in type order; system attributes on every non-inheriting type.
  const attributes: AttributeDef[] = [];
  const gens = new Map<number, Gen>();
  let nextAttributeId = 1;
  for (const type of objectTypes) {
    const own: AttrSpec[] = [];
    if (type.parentObjectTypeId === null) {
      const label = LABELS[type.id];
      own.push(
        { name: 'Key', gen: () => [] },
        { name: 'Name', gen: (_c, _id, o) => [label ? label(o) : `Object ${o + 1}`] },
        { name: 'Created', defaultTypeId: DEFAULT_TYPE.dateTime, gen: () => [] },
        { name: 'Updated', defaultTypeId: DEFAULT_TYPE.dateTime, gen: () => [] },
      );
    }
    // Children (Laptop, Server) inherit Key/Name/Created/Updated from Hardware; the generator below dispatches the
    // Name on the object's real type.
    own.push(...specsFor(type.id));
    own.forEach((spec, position) => {
      const id = nextAttributeId++;
      const systemRole =
        type.parentObjectTypeId === null && position < 4
          ? (['key', 'name', 'created', 'updated'] as const)[position]
          : undefined;
      const attributeType = spec.type ?? ATTRIBUTE_TYPE.default;
      attributes.push({
        id,
        objectTypeId: type.id,
        name: spec.name,
        description: spec.description ?? '',
        position: type.parentObjectTypeId === null ? position : position + 8,
        type: attributeType,
        defaultTypeId:
          attributeType === ATTRIBUTE_TYPE.default ? (spec.defaultTypeId ?? DEFAULT_TYPE.text) : -1,
        ...(spec.referenceObjectTypeId === undefined
          ? {}
          : { referenceObjectTypeId: spec.referenceObjectTypeId }),
        ...(spec.referenceType ? { referenceType: spec.referenceType } : {}),
        typeValueMulti: spec.typeValueMulti ?? [],
        options: spec.options ?? [],
        minimumCardinality: systemRole === 'name' ? 1 : (spec.min ?? 0),
        maximumCardinality: spec.max ?? 1,
        system: systemRole !== undefined,
        ...(systemRole ? { systemRole } : {}),
        label: systemRole === 'name',
        editable: systemRole === undefined || systemRole === 'name',
        uniqueAttribute: spec.unique ?? systemRole === 'key',
        suffix: spec.suffix ?? '',
      });
      gens.set(id, spec.gen);
    });
  }

  const users = options.directory
    ? options.directory
        .users()
        .filter((u) => u.accountType === 'atlassian' && u.active)
        .map((u) => u.accountId)
    : [];
  const fallbackUsers = options.directory ? [] : syntheticUsers(seed);

  // Object ranges: each type's objects get consecutive ids (ITSM types first, then FAC).
  const counts = seedObjectCounts(total);
  const order = [
    SEED_TYPES.location,
    SEED_TYPES.person,
    SEED_TYPES.software,
    SEED_TYPES.laptop,
    SEED_TYPES.server,
    SEED_TYPES.vehicle,
    SEED_TYPES.building,
    SEED_TYPES.room,
  ];
  const ranges = new Map<number, { start: number; count: number }>();
  let nextId = 1;
  for (const typeId of order) {
    const count = counts.get(typeId) ?? 0;
    ranges.set(typeId, { start: nextId, count });
    nextId += count;
  }
  const ctx: Ctx = {
    seed,
    anchor,
    users: users.length > 0 ? users : fallbackUsers.map((u) => u.accountId),
    ranges,
  };
  const ordinalOf = (objectId: number, typeId: number): number =>
    objectId - (ranges.get(typeId)?.start ?? objectId);

  const generator = (objectId: number, typeId: number, attribute: AttributeDef): readonly StoredValue[] => {
    const gen = gens.get(attribute.id);
    if (!gen) return [];
    const ordinal = ordinalOf(objectId, typeId);
    if (attribute.systemRole === 'name') {
      const label = LABELS[typeId];
      return [label ? label(ordinal) : `Object ${ordinal + 1}`];
    }
    return gen(ctx, objectId, ordinal, draws(seed, objectId, attribute.id));
  };

  const state = new AssetsState({
    workspaceId: options.workspaceId,
    schemas,
    objectTypes,
    attributes,
    statusTypes,
    groups: SEED_GROUPS,
    users: fallbackUsers,
    generator,
    capacity: Math.max(1024, total + 64),
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  const span = 3 * 365 * DAY;
  for (const typeId of order) {
    const range = ranges.get(typeId);
    if (!range || range.count === 0) continue;
    state.appendGenerated(typeId, range.count, (i) => {
      const id = range.start + i;
      const created = anchor - span + Math.floor((hash3(seed, id, 0xc0ffee) / 4294967296) * span);
      const updated = created + Math.floor((hash3(seed, id, 0xfeed) / 4294967296) * (anchor - created));
      return [created, updated];
    });
  }
  return state;
}
