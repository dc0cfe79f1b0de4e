// Shared fixtures for the mapping and real-engine tests: a small Assets schema that uses every attribute kind,
// objects carrying hostile values, and the canonical text each engine must give back.

import type {
  AssetsAttribute,
  AssetsObject,
  AssetsObjectType,
  AssetsValue,
  ExportConfig,
  SqlType,
  SqlValue,
} from '../../src/domain/model';
import { cleanText } from '../../src/domain/sql/index';

export const WS = 'ws-123';

const attr = (
  id: string,
  name: string,
  kind: AssetsAttribute['kind'],
  extra: Partial<AssetsAttribute> = {},
): AssetsAttribute => ({ id, name, kind, system: false, label: false, maximumCardinality: 1, ...extra });

const systemAttributes = (base: number): AssetsAttribute[] => [
  attr(String(base), 'Key', 'text', { system: true }),
  attr(String(base + 1), 'Name', 'text', { label: true }),
  attr(String(base + 2), 'Created', 'datetime', { system: true }),
  attr(String(base + 3), 'Updated', 'datetime', { system: true }),
];

/** Abstract parent: its attributes are inherited by Laptop. */
export const HARDWARE: AssetsObjectType = {
  id: '10',
  name: 'Hardware',
  schemaId: '1',
  abstract: true,
  attributes: [...systemAttributes(100), attr('301', 'Serial Number', 'text')],
};

export const LAPTOP: AssetsObjectType = {
  id: '12',
  name: 'Laptop',
  schemaId: '1',
  parentObjectTypeId: '10',
  abstract: false,
  attributes: [
    ...systemAttributes(100),
    attr('301', 'Serial Number', 'text'),
    attr('302', 'Notes', 'textarea'),
    attr('303', 'RAM (GB)', 'integer'),
    attr('304', 'Price', 'double'),
    attr('305', 'Active', 'boolean'),
    attr('306', 'Purchased', 'date'),
    attr('307', 'Last Seen', 'datetime'),
    attr('308', 'Backup Time', 'time'),
    attr('309', 'Owner', 'user'),
    attr('310', 'Location', 'reference', { referenceObjectTypeId: '20' }),
    attr('311', 'Lifecycle', 'status'),
    attr('312', 'Team', 'group'),
    attr('313', 'Tags', 'select', { maximumCardinality: -1 }),
    attr('314', 'Installed Software', 'reference', { maximumCardinality: -1, referenceObjectTypeId: '21' }),
    attr('315', 'Watchers', 'user', { maximumCardinality: -1 }),
    attr('316', 'Vendor URL', 'url'),
    attr('317', 'Support Email', 'email'),
    attr('318', 'IP Address', 'ip'),
    attr('319', 'Confluence Page', 'unknown'),
    attr('320', 'Ports', 'integer', { maximumCardinality: 5 }),
  ],
};

export const LOCATION: AssetsObjectType = {
  id: '20',
  name: 'Location',
  schemaId: '1',
  abstract: false,
  attributes: [
    ...systemAttributes(200),
    attr('401', 'City', 'text'),
    attr('402', 'Parent', 'reference', {
      referenceObjectTypeId: '20',
    }),
  ],
};

/** In the schema but not selected by the config: references to it have no target table. */
export const SOFTWARE: AssetsObjectType = {
  id: '21',
  name: 'Software',
  schemaId: '1',
  abstract: false,
  attributes: [...systemAttributes(500), attr('501', 'Version', 'text')],
};

/** Another schema, not exported. */
export const OTHER: AssetsObjectType = {
  id: '30',
  name: 'Laptop',
  schemaId: '2',
  abstract: false,
  attributes: [...systemAttributes(600)],
};

export const TYPES: readonly AssetsObjectType[] = [LOCATION, SOFTWARE, LAPTOP, HARDWARE, OTHER];

export const CONFIG: ExportConfig = {
  id: 'cfg-1',
  name: 'CMDB',
  schemaIds: ['1'],
  objectTypeIds: ['10', '12', '20'],
  dialect: 'postgresql',
};

export const ATTRIBUTES: ReadonlyMap<string, AssetsAttribute> = new Map(
  [...LAPTOP.attributes, ...LOCATION.attributes].map((a) => [a.id, a]),
);

/** Text values that must come back byte for byte (NUL and lone surrogates: as U+FFFD, see the README). */
export const HOSTILE_TEXTS: readonly string[] = [
  "it's",
  'say "hi"',
  'back\\slash',
  'trailing backslash\\',
  '\\',
  "\\'",
  "'\\",
  "\\''\\",
  "'); DROP TABLE laptop; --",
  '"); DROP TABLE "laptop"; --',
  '`; DROP TABLE `laptop`; --',
  ']; DROP TABLE [laptop]; --',
  '/* not a comment */ x /*',
  '-- not a comment',
  '# not a comment',
  '😀 emoji 👩‍👩‍👧 🏳️‍🌈',
  'שלום עולם, مرحبا بالعالم \u202eRTL override\u202c',
  'e\u0301 n\u0303 combining a\u030a\u0323',
  '中文 日本語 한국어 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10FFFF}',
  'nul\u0000inside',
  '\u0000',
  '',
  ' ',
  '  padded  ',
  'line1\nline2',
  'crlf\r\nline',
  'cr\ronly',
  'tab\there',
  'GO',
  'line\nGO\nafter',
  'line\n:r /etc/passwd\n',
  '\n:!! echo pwned\n',
  '$(var) and $(',
  '\n.shell echo pwned\n',
  '\n\\! echo pwned\n',
  'backslash-newline \\\nnext',
  '\\N',
  'NULL',
  '%_*?',
  '\u2028\u2029 separators',
  '\u001a ctrl-z \u0007 bell \u001b[31m escape',
  '\u007f del',
  '\ufeff BOM',
  ';',
  "';",
  "E'x'",
  '\\x41\\u0041\\101',
  '$$ dollar $$ $tag$',
  "N'x'",
  "_utf8mb4 X'41'",
  'lone \ud800 surrogate',
  'lone \udc00 low',
  'x'.repeat(100_000),
  `${'é'.repeat(20_000)}\\`,
];

const v = (value: string): AssetsValue => ({ value });

function laptop(
  id: number,
  values: Record<string, readonly AssetsValue[]>,
  label = `LT-${id}`,
): AssetsObject {
  return {
    id: String(id),
    objectKey: `ITA-${id}`,
    label,
    objectTypeId: '12',
    created: '2024-03-01T10:00:00.000Z',
    updated: '2025-01-02T08:00:00.000+01:00',
    values,
  };
}

/** One object per hostile text (in Notes, Serial Number and the label), then objects for every other kind. */
export function laptopObjects(): AssetsObject[] {
  const objects: AssetsObject[] = HOSTILE_TEXTS.map((text, i) =>
    laptop(
      1000 + i,
      { '302': [v(text)], '301': [v(text.slice(0, 450))], '313': [v(text), v(`${text}#2`)] },
      text,
    ),
  );
  const numbers: [string, string, string, string, string][] = [
    // integer, double, date, datetime, time
    ['9007199254740991', '0.1', '0001-01-01', '0001-01-01T00:00:00Z', '00:00:00'],
    ['9007199254740992', '-0', '9999-12-31', '9999-12-31T23:59:59.999Z', '23:59:59.999'],
    ['9007199254740993', '1.7976931348623157e308', '2024-02-29', '2024-12-31T23:30:00-01:00', '10:30'],
    ['9223372036854775807', '5e-324', '1970-01-01', '2024-03-01T10:00:00.123+05:30', '12:00:00.5'],
    ['-9223372036854775808', '-2.2250738585072014e-308', '2000-01-01', '2024-03-01 10:00', '01:02:03'],
    ['-0', '123456789012345678901234567890', '1999-12-31', '1969-12-31T23:59:59.999Z', '23:59:59'],
    ['42', '0.30000000000000004', '2024-01-01', '2024-06-30T12:00:00+0200', '00:00:00.001'],
  ];
  numbers.forEach(([integer, double, date, datetime, time], i) => {
    objects.push(
      laptop(2000 + i, {
        '303': [v(integer)],
        '304': [v(double)],
        '305': [v(i % 2 === 0 ? 'true' : 'false')],
        '306': [v(date)],
        '307': [v(datetime)],
        '308': [v(time)],
        '320': [v(integer), v('80'), v('443')],
      }),
    );
  });
  // Unparseable values → NULL + warnings.
  objects.push(
    laptop(3000, {
      '303': [v('9223372036854775808')],
      '304': [v('NaN')],
      '305': [v('maybe')],
      '306': [v('2023-02-29')],
      '307': [v('9999-12-31T23:00:00-02:00')],
      '308': [v('25:00')],
      '320': [v('x'), v('8080')],
    }),
  );
  // Users, status, group, references (incl. to deleted objects and to an unexported type), multi-values.
  objects.push(
    laptop(4000, {
      '309': [
        { value: 'acc-1', displayValue: 'Ana', user: { accountId: 'acc-1', displayName: "Ana O'Neil" } },
      ],
      '310': [{ referencedObjectId: '88', displayValue: 'Berlin HQ' }],
      '311': [{ displayValue: 'In use', status: { id: '1', name: 'In use' } }],
      '312': [{ group: { name: 'jira-admins' } }],
      '314': [{ referencedObjectId: '500' }, { referencedObjectId: '501' }, { referencedObjectId: '999999' }],
      '315': [
        { user: { accountId: 'acc-2', displayName: 'Bo' } },
        { user: { accountId: 'acc-3' }, displayValue: 'Cy' },
      ],
      '316': [v("https://example.com/?q=1&x='y'")],
      '317': [v('a+b@example.com')],
      '318': [v('2001:db8::1')],
      '319': [{ displayValue: 'Page "x"' }],
    }),
    laptop(4001, {
      '310': [{ referencedObjectId: '404404', displayValue: 'deleted location' }],
      '313': [v(''), v('a'), v('')],
    }),
    laptop(4002, {}),
  );
  return objects;
}

export function locationObjects(): AssetsObject[] {
  return [
    {
      id: '88',
      objectKey: 'ITA-88',
      label: 'Berlin HQ',
      objectTypeId: '20',
      created: '2024-01-01T00:00:00Z',
      updated: '2024-01-01T00:00:00Z',
      values: { '401': [v('Berlin')], '402': [{ referencedObjectId: '89' }] },
    },
  ];
}

/**
 * The canonical text of a value as read back from any engine: what the tests compare. Doubles in shortest
 * round-trip form, booleans as `true`/`false`, times and date-times with milliseconds and without the offset.
 */
export function canonical(value: SqlValue | undefined, type: SqlType): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'text':
    case 'id':
      return cleanText(String(value));
    case 'bigint':
      return String(value);
    case 'double':
      return String(Number(value));
    case 'boolean':
      return value === true ? 'true' : 'false';
    case 'date':
      return String(value);
    case 'time':
      return canonicalTime(String(value));
    case 'timestamptz':
      return canonicalTimestamp(String(value));
  }
}

const canonicalTime = (text: string): string => {
  const [hms = '', fraction = ''] = text.split('.');
  return `${hms}.${fraction.padEnd(3, '0').slice(0, 3)}`;
};

const canonicalTimestamp = (text: string): string => {
  const [date = '', time = ''] = text.replace(/\+00(:00)?$/, '').split(' ');
  return `${date} ${canonicalTime(time)}`;
};

/** The same canonical form, from the text an engine returned. */
export function canonicalRead(raw: string | null, type: SqlType): string | null {
  if (raw === null) return null;
  switch (type) {
    case 'double':
      return String(Number(raw));
    case 'boolean':
      return raw === '1' || raw === 't' || raw === 'true'
        ? 'true'
        : raw === '0' || raw === 'f' || raw === 'false'
          ? 'false'
          : `?${raw}`;
    case 'time':
      return canonicalTime(raw);
    case 'timestamptz':
      return canonicalTimestamp(raw);
    default:
      return raw;
  }
}

/** Decodes uppercase/lowercase hex of UTF-8 bytes. */
export function fromHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}
