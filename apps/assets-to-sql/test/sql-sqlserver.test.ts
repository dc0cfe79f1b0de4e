// SQL Server has no server here: golden output for a small mapping, and a structural scan of a full export with
// every hostile value (balanced quotes and brackets, N'' everywhere, no line break inside a literal, nothing
// sqlcmd would act on, every MERGE terminated by `;` and followed by GO).
import { describe, expect, it } from 'vitest';
import { buildMapping, diffMappings } from '../src/domain/mapping';
import type { AssetsObjectType, ExportConfig } from '../src/domain/model';
import { dialectFor } from '../src/domain/sql/index';
import { laptopObjects, locationObjects, WS } from './support/db-fixtures';
import { convert, dataScript, mapping } from './support/db-roundtrip';

const mssql = dialectFor('sqlserver');

const SMALL: AssetsObjectType = {
  id: '7',
  name: 'Server',
  schemaId: '1',
  abstract: false,
  attributes: [
    { id: '1', name: 'Key', kind: 'text', system: true, label: false, maximumCardinality: 1 },
    { id: '2', name: 'Name', kind: 'text', system: false, label: true, maximumCardinality: 1 },
    { id: '3', name: 'CPU Count', kind: 'integer', system: false, label: false, maximumCardinality: 1 },
    { id: '4', name: 'Commissioned', kind: 'datetime', system: false, label: false, maximumCardinality: 1 },
    { id: '5', name: 'Aliases', kind: 'text', system: false, label: false, maximumCardinality: -1 },
  ],
};
const CONFIG: ExportConfig = { id: 'c', name: 'c', schemaIds: ['1'], dialect: 'sqlserver' };
const small = buildMapping(WS, [SMALL], CONFIG);

interface Scan {
  readonly literals: string[];
  readonly problems: string[];
}

/** A T-SQL/sqlcmd tokenizer just good enough to check structure: literals, brackets, comments, parentheses. */
function scan(sql: string): Scan {
  const literals: string[] = [];
  const problems: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const comment = sql.slice(i, end === -1 ? sql.length : end);
      if (comment.includes('$(')) problems.push(`sqlcmd variable in comment: ${comment}`);
      i = end === -1 ? sql.length : end;
    } else if (ch === "'") {
      if (sql[i - 1] !== 'N') problems.push(`literal without N prefix at ${i}: ${sql.slice(i - 10, i + 10)}`);
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= sql.length) {
          problems.push(`unterminated literal at ${i}`);
          break;
        }
        if (sql[j] === "'" && sql[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else text += sql[j++];
      }
      if (/[\r\n]/.test(text)) problems.push(`line break inside a literal at ${i}`);
      if (text.includes('$(')) problems.push(`sqlcmd variable inside a literal at ${i}`);
      literals.push(text);
      i = j + 1;
    } else if (ch === '[') {
      const end = sql.indexOf(']', i);
      if (end === -1 || sql.slice(i, end).includes('\n')) problems.push(`bad identifier at ${i}`);
      i = end + 1;
    } else if (ch === '"' || ch === '`') {
      problems.push(`unexpected ${ch} outside literals at ${i}`);
      i++;
    } else {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      if (depth < 0) problems.push(`unbalanced ) at ${i}`);
      i++;
    }
  }
  if (depth !== 0) problems.push(`unbalanced parentheses: ${depth}`);
  for (const line of sql.split('\n')) {
    if (/^\s*:/.test(line)) problems.push(`sqlcmd command line: ${line}`);
    if (/^\s*go\s*$/i.test(line) && line !== 'GO') problems.push(`odd GO line: ${JSON.stringify(line)}`);
  }
  const statements = sql.split(/^GO\n/m).filter((s) => s.trim() !== '' && !/^(--[^\n]*\n)+$/.test(s));
  for (const s of statements)
    if (!s.endsWith(';\n')) problems.push(`batch not ending in ';': ${s.slice(-60)}`);
  for (const merge of sql.match(/MERGE INTO[\s\S]*?;\n(GO\n)?/g) ?? [])
    if (!merge.endsWith(';\nGO\n')) problems.push('MERGE not terminated by ; and GO');
  return { literals, problems };
}

describe('SQL Server output (golden)', () => {
  it('creates tables with IF OBJECT_ID guards and GO separators', () => {
    expect(mssql.header('Assets to SQL export $(danger)') + mssql.createTables(small)).toMatchInlineSnapshot(`
      "-- Assets to SQL export $ (danger)
      SET NOCOUNT ON;
      GO
      IF OBJECT_ID(N'[server]', N'U') IS NULL
      CREATE TABLE [server] (
        [object_id] nvarchar(255) NOT NULL,
        [object_key] nvarchar(max) NULL,
        [label] nvarchar(max) NULL,
        [created_at] datetimeoffset(3) NULL,
        [updated_at] datetimeoffset(3) NULL,
        [a2s_run_ms] bigint NULL,
        [cpu_count] bigint NULL,
        [commissioned] datetimeoffset(3) NULL,
        PRIMARY KEY ([object_id])
      );
      GO
      IF OBJECT_ID(N'[server__aliases]', N'U') IS NULL
      CREATE TABLE [server__aliases] (
        [object_id] nvarchar(255) NOT NULL,
        [position] bigint NOT NULL,
        [value] nvarchar(max) NULL,
        PRIMARY KEY ([object_id], [position])
      );
      GO
      "
    `);
  });

  it('upserts with MERGE … WITH (HOLDLOCK), typed first row, N literals', () => {
    const table = small.tables[0];
    expect(table).toBeDefined();
    if (!table) return;
    const sql = mssql.upsert(table, [
      {
        object_id: `${WS}:1`,
        object_key: 'SRV-1',
        label: 'O\'Brien\'s "box" ]',
        created_at: '2024-03-01 10:00:00.000+00:00',
        updated_at: null,
        cpu_count: 9007199254740993n,
        commissioned: null,
      },
      {
        object_id: `${WS}:2`,
        object_key: 'SRV-2',
        label: 'line\r\nGO\n:!! rm -rf /\\\n$(x)',
        created_at: null,
        updated_at: null,
        cpu_count: -1,
        commissioned: '0001-01-01 00:00:00.000+00:00',
      },
    ]);
    expect(sql).toMatchInlineSnapshot(`
      "MERGE INTO [server] WITH (HOLDLOCK) AS [target]
      USING (VALUES
      (CAST(N'ws-123:1' AS nvarchar(255)), CAST(N'SRV-1' AS nvarchar(max)), CAST(N'O''Brien''s "box" ]' AS nvarchar(max)), CAST(N'2024-03-01 10:00:00.000+00:00' AS datetimeoffset(3)), CAST(NULL AS datetimeoffset(3)), CAST(NULL AS bigint), CAST(9007199254740993 AS bigint), CAST(NULL AS datetimeoffset(3))),
      (N'ws-123:2', N'SRV-2', (CAST(N'line' AS nvarchar(max)) + NCHAR(13) + NCHAR(10) + N'GO' + NCHAR(10) + N':!! rm -rf /\\' + NCHAR(10) + N'$' + N'(x)'), NULL, NULL, NULL, -1, N'0001-01-01 00:00:00.000+00:00')
      ) AS [source] ([object_id], [object_key], [label], [created_at], [updated_at], [a2s_run_ms], [cpu_count], [commissioned])
      ON [target].[object_id] = [source].[object_id]
      WHEN MATCHED THEN UPDATE SET [target].[object_key] = [source].[object_key], [target].[label] = [source].[label], [target].[created_at] = [source].[created_at], [target].[updated_at] = [source].[updated_at], [target].[a2s_run_ms] = [source].[a2s_run_ms], [target].[cpu_count] = [source].[cpu_count], [target].[commissioned] = [source].[commissioned]
      WHEN NOT MATCHED THEN INSERT ([object_id], [object_key], [label], [created_at], [updated_at], [a2s_run_ms], [cpu_count], [commissioned]) VALUES ([source].[object_id], [source].[object_key], [source].[label], [source].[created_at], [source].[updated_at], [source].[a2s_run_ms], [source].[cpu_count], [source].[commissioned]);
      GO
      "
    `);
    expect(scan(sql).problems).toEqual([]);
  });

  it('sweeps a table and its link tables after a full run', () => {
    const table = small.tables[0];
    if (!table) throw new Error('no table');
    expect(mssql.sweep(table, 1_700_000_000_000)).toMatchInlineSnapshot(`
      "DELETE FROM [server] WHERE [a2s_run_ms] IS NULL OR [a2s_run_ms] < 1700000000000;
      GO
      DELETE FROM [server__aliases] WHERE NOT EXISTS (SELECT 1 FROM [server] WHERE [server].[object_id] = [server__aliases].[object_id]);
      GO
      "
    `);
    expect(() => mssql.sweep(table, Number.NaN)).toThrow(/not a run time/);
  });

  it('replaces link rows and deletes objects', () => {
    const table = small.tables[0];
    const link = table?.links[0];
    expect(link).toBeDefined();
    if (!table || !link) return;
    const sql =
      mssql.replaceLinks(
        link,
        [`${WS}:1`, `${WS}:2`],
        [
          { object_id: `${WS}:1`, position: 0, value: 'a' },
          { object_id: `${WS}:1`, position: 1, value: '' },
        ],
      ) + mssql.deleteObjects(table, [`${WS}:3`]);
    expect(sql).toMatchInlineSnapshot(`
      "DELETE FROM [server__aliases] WHERE [object_id] IN (N'ws-123:1', N'ws-123:2');
      GO
      INSERT INTO [server__aliases] ([object_id], [position], [value]) VALUES
      (CAST(N'ws-123:1' AS nvarchar(255)), CAST(0 AS bigint), CAST(N'a' AS nvarchar(max))),
      (N'ws-123:1', 1, N'');
      GO
      DELETE FROM [server__aliases] WHERE [object_id] IN (N'ws-123:3');
      GO
      DELETE FROM [server] WHERE [object_id] IN (N'ws-123:3');
      GO
      "
    `);
    expect(scan(sql).problems).toEqual([]);
  });

  it('renders drift idempotently (COL_LENGTH guards, safe ALTER COLUMN, removals as comments)', () => {
    const next = buildMapping(
      WS,
      [
        {
          ...SMALL,
          attributes: [
            ...SMALL.attributes
              .filter((a) => a.id !== '4')
              .map((a) => (a.id === '3' ? { ...a, kind: 'double' as const } : a)),
            { id: '6', name: 'Rack', kind: 'text', system: false, label: false, maximumCardinality: 1 },
          ],
        },
      ],
      CONFIG,
    );
    const sql = mssql.alter(diffMappings(small, next), next);
    expect(sql).toMatchInlineSnapshot(`
      "ALTER TABLE [server] ALTER COLUMN [cpu_count] float NULL;
      GO
      IF COL_LENGTH(N'[server]', N'rack') IS NULL
      ALTER TABLE [server] ADD [rack] nvarchar(max) NULL;
      GO
      -- column "server"."commissioned" is no longer exported; it is kept (never dropped)
      "
    `);
    expect(scan(sql).problems).toEqual([]);
  });
});

describe('SQL Server output (structure of a full hostile export)', () => {
  const data = convert(mapping, [...laptopObjects(), ...locationObjects()]);
  const script =
    mssql.header('full export') + mssql.createTables(mapping) + dataScript('sqlserver', mapping, data);

  it('has balanced quotes, brackets and parentheses, N literals only, and nothing sqlcmd would act on', () => {
    const { problems, literals } = scan(script);
    expect(problems).toEqual([]);
    expect(literals.length).toBeGreaterThan(1000);
  });

  it('terminates every MERGE with ; and a GO line', () => {
    const merges = script.match(/^MERGE INTO \[[a-z_]+\] WITH \(HOLDLOCK\) AS \[target\]$/gm) ?? [];
    expect(merges.length).toBe(2);
    expect(script.match(/;\nGO\n/g)?.length).toBeGreaterThan(merges.length);
  });

  it('keeps the hostile texts recoverable from the literal pieces', () => {
    const lit = mssql.literal('a\r\nb$(c)\\\n', 'text');
    expect(lit).toBe("(CAST(N'a' AS nvarchar(max)) + NCHAR(13) + NCHAR(10) + N'b$' + N'(c)\\' + NCHAR(10))");
    expect(mssql.literal('', 'text')).toBe("N''");
    expect(mssql.literal("'", 'text')).toBe("N''''");
    expect(mssql.literal(true, 'boolean')).toBe('1');
    expect(mssql.literal(0.1, 'double')).toBe('0.1E0');
    expect(mssql.literal(5e-324, 'double')).toBe('0E0');
    expect(mssql.literal('2024-03-01 10:00:00.000+00:00', 'timestamptz')).toBe(
      "N'2024-03-01 10:00:00.000+00:00'",
    );
  });
});
