import { describe, expect, it } from 'vitest';
import { AqlError, AqlSyntaxError, parseAql, walkAql } from '../src/index';
import { stripPositions, where } from './helpers';

const attr = (...names: string[]) => ({
  kind: 'attribute',
  path: names.map((name) => ({ kind: 'identifier', name })),
});

describe('parseAql: clauses', () => {
  it.each(['=', '==', '!=', '<', '>', '<=', '>='])('parses the %s comparison', (op) => {
    expect(where(`objectTypeId ${op} 12`)).toMatchObject({
      kind: 'comparison',
      attribute: attr('objectTypeId'),
      operator: op,
      value: { kind: 'literal', value: '12', quoted: false },
    });
  });

  it('parses comparisons without spaces', () => {
    expect(where('objectType=Laptop')).toMatchObject({ operator: '=', value: { value: 'Laptop' } });
    expect(where('Price>=10')).toMatchObject({ operator: '>=', value: { value: '10' } });
  });

  it.each([
    ['Name like Laptop', 'like'],
    ['Name LIKE Laptop', 'like'],
    ['Name not like Laptop', 'not like'],
    ['Name NOT LIKE Laptop', 'not like'],
    ['Name startswith Lap', 'startswith'],
    ['Name endsWith top', 'endswith'],
  ])('parses %s case-insensitively', (q, operator) => {
    expect(where(q)).toMatchObject({ kind: 'comparison', operator });
  });

  it('parses IN and NOT IN lists with bare and quoted values', () => {
    expect(where('Key in (ITSM-1, "ITSM 2")')).toMatchObject({
      kind: 'in',
      negated: false,
      values: {
        kind: 'list',
        items: [
          { kind: 'literal', value: 'ITSM-1', quoted: false },
          { kind: 'literal', value: 'ITSM 2', quoted: true },
        ],
      },
    });
    expect(where('Label NOT IN ("a")')).toMatchObject({
      kind: 'in',
      negated: true,
      attribute: attr('Label'),
    });
  });

  it('parses IN with a function', () => {
    expect(where('objectType in objectTypeAndChildren("Asset Details")')).toMatchObject({
      kind: 'in',
      values: {
        kind: 'function',
        name: 'objectTypeAndChildren',
        args: [{ value: 'Asset Details', quoted: true }],
      },
    });
  });

  it('parses IS EMPTY and IS NOT EMPTY', () => {
    expect(where('Owner is EMPTY')).toMatchObject({
      kind: 'empty',
      negated: false,
      attribute: attr('Owner'),
    });
    expect(where('Owner IS NOT empty')).toMatchObject({ kind: 'empty', negated: true });
  });

  it('decodes quoted attribute names and values', () => {
    expect(where('"Serial number" = "15\\" Screen \\\\ x"')).toMatchObject({
      attribute: { path: [{ name: 'Serial number', quoted: true }] },
      value: { kind: 'literal', value: '15" Screen \\ x', quoted: true },
    });
  });

  it('parses dotted references, bare and quoted', () => {
    expect(where('"Owner".Name = "x"')).toMatchObject({
      attribute: {
        path: [
          { name: 'Owner', quoted: true },
          { name: 'Name', quoted: false },
        ],
      },
    });
    expect(where('Owner.Email = x')).toMatchObject({ attribute: attr('Owner', 'Email') });
    expect(where('"Belongs to Department"."Cost centre" = HR')).toMatchObject({
      attribute: attr('Belongs to Department', 'Cost centre'),
    });
  });

  it('keeps bare values with dots and other printable characters whole', () => {
    expect(where('IP = 10.0.0.1')).toMatchObject({ value: { value: '10.0.0.1', quoted: false } });
    expect(where('Email = ana@example.com')).toMatchObject({ value: { value: 'ana@example.com' } });
    expect(where('Vendor = Inc.')).toMatchObject({ value: { value: 'Inc.' } });
    expect(where('Created > 2024-01-01')).toMatchObject({ value: { value: '2024-01-01' } });
  });

  it('treats the built-in keywords as attribute names', () => {
    const q =
      'objectSchema = IT AND objectSchemaId = 3 AND objectType = Laptop AND objectTypeId = 12 AND Key = ITSM-1 AND Label = x AND Created > now() AND Updated < now()';
    const names: string[] = [];
    walkAql(parseAql(q), (node) => {
      if (node.kind === 'attribute') names.push(node.path.map((p) => p.name).join('.'));
    });
    expect(names).toEqual([
      'objectSchema',
      'objectSchemaId',
      'objectType',
      'objectTypeId',
      'Key',
      'Label',
      'Created',
      'Updated',
    ]);
  });
});

describe('parseAql: functions', () => {
  it('parses value functions with no, one or several arguments', () => {
    expect(where('Owner = currentUser()')).toMatchObject({
      value: { kind: 'function', name: 'currentUser', args: [] },
    });
    expect(where('Created > startOfDay()')).toMatchObject({
      value: { kind: 'function', name: 'startOfDay' },
    });
    expect(where('Owner in user("a", "b")')).toMatchObject({
      values: { kind: 'function', name: 'user', args: [{ value: 'a' }, { value: 'b' }] },
    });
  });

  it('parses date offsets as one bare argument', () => {
    expect(where('Created > now(-1d)')).toMatchObject({ value: { name: 'now', args: [{ value: '-1d' }] } });
    expect(where('Updated > now(-2h 15m)')).toMatchObject({
      value: { name: 'now', args: [{ kind: 'literal', value: '-2h 15m', quoted: false }] },
    });
  });

  it('parses object having inboundReferences(<aql>)', () => {
    expect(where('object having inboundReferences(objectType = Server)')).toMatchObject({
      kind: 'having',
      negated: false,
      attribute: attr('object'),
      function: {
        kind: 'referenceFunction',
        name: 'inboundReferences',
        direction: 'inbound',
        query: { kind: 'comparison', attribute: attr('objectType'), value: { value: 'Server' } },
        referenceFilter: null,
      },
    });
  });

  it('parses outR / inR aliases, empty arguments and a reference-type filter', () => {
    expect(where('object not having outR()')).toMatchObject({
      negated: true,
      function: { kind: 'referenceFunction', name: 'outR', direction: 'outbound', query: null },
    });
    expect(where('object having inR(objectType = "File System", refType IN ("Depends"))')).toMatchObject({
      function: {
        direction: 'inbound',
        query: { kind: 'comparison' },
        referenceFilter: { kind: 'in', attribute: attr('refType') },
      },
    });
    expect(where('object having outboundReferences(a = b OR (c = d))')).toMatchObject({
      function: { query: { kind: 'or' } },
    });
  });

  it('keeps connectedTickets JQL verbatim', () => {
    expect(where('object having connectedTickets(project = HD AND (status = "In Progress"))')).toMatchObject({
      function: { kind: 'connectedTickets', jql: 'project = HD AND (status = "In Progress")' },
    });
  });

  it('parses having with a user function', () => {
    expect(where('"Owner" having user("5b10")')).toMatchObject({
      kind: 'having',
      function: { kind: 'function', name: 'user' },
    });
  });
});

describe('parseAql: boolean structure and ORDER BY', () => {
  it('gives AND precedence over OR', () => {
    expect(stripPositions(where('a = 1 OR b = 2 AND c = 3'))).toMatchObject({
      kind: 'or',
      left: { kind: 'comparison' },
      right: { kind: 'and' },
    });
  });

  it('honours parentheses', () => {
    expect(where('(a = 1 OR b = 2) AND c = 3')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  it('is left-associative', () => {
    expect(where('a = 1 and b = 2 AND c = 3')).toMatchObject({ kind: 'and', left: { kind: 'and' } });
  });

  it('parses NOT binding tighter than AND', () => {
    expect(where('NOT a = 1 AND b = 2')).toMatchObject({ kind: 'and', left: { kind: 'not' } });
    expect(where('not (a = 1 or b = 2)')).toMatchObject({ kind: 'not', operand: { kind: 'or' } });
  });

  it('parses ORDER BY with and without direction', () => {
    expect(parseAql('objectTypeId = 12 order by Key')).toMatchObject({
      orderBy: { kind: 'orderBy', attribute: attr('Key'), direction: null },
    });
    expect(parseAql('a = b ORDER BY "Belongs to Department".Name DESC').orderBy).toMatchObject({
      attribute: attr('Belongs to Department', 'Name'),
      direction: 'desc',
    });
    expect(parseAql('ORDER BY Created asc')).toMatchObject({ where: null, orderBy: { direction: 'asc' } });
  });

  it('records source offsets on every node', () => {
    const q = 'objectType = "Laptop" AND Owner.Email in (a, b) ORDER BY Key';
    const ast = parseAql(q);
    expect(ast).toMatchObject({ start: 0, end: q.length });
    expect(ast.where).toMatchObject({ kind: 'and', start: 0, end: 47 });
    let count = 0;
    walkAql(ast, (node) => {
      count++;
      expect(node.start).toBeGreaterThanOrEqual(0);
      expect(node.end).toBeGreaterThan(node.start);
      expect(node.end).toBeLessThanOrEqual(q.length);
    });
    expect(count).toBe(16);
    const cmp = ast.where?.kind === 'and' ? ast.where.left : null;
    expect(cmp && q.slice(cmp.start, cmp.end)).toBe('objectType = "Laptop"');
    const inNode = ast.where?.kind === 'and' ? ast.where.right : null;
    expect(inNode?.kind === 'in' && q.slice(inNode.values.start, inNode.values.end)).toBe('(a, b)');
  });

  it('accepts line breaks and tabs between tokens', () => {
    expect(where('a = 1\n\tAND\r\nb = 2')).toMatchObject({ kind: 'and' });
  });
});

function syntaxError(query: string, placeholders = false): AqlSyntaxError {
  try {
    parseAql(query, { placeholders });
  } catch (error) {
    if (error instanceof AqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${query}`);
}

describe('parseAql: errors', () => {
  it.each<[string, string, number]>([
    ['', 'Expected a clause but found end of query', 0],
    ['objectType = ', 'Expected a value after "=" but found end of query', 13],
    ['Name = Laptop Pro', 'Expected AND, OR, ORDER BY or end of query but found "Pro"', 14],
    ['Name Laptop', 'Expected an operator after attribute Name but found "Laptop"', 5],
    ['(a = 1 OR b = 2', 'Expected ")" to close the "(" at position 0 but found end of query', 15],
    ['a = 1)', 'Expected AND, OR, ORDER BY or end of query but found ")"', 5],
    ['a = 1 AND', 'Expected a clause after "AND" but found end of query', 9],
    ['a = 1 or OR', 'Expected an attribute name but found keyword "OR" (quote it)', 9],
    ['AND = 1', 'Expected an attribute name but found keyword "AND" (quote it)', 0],
    ['Name = and', 'Expected a value after "=" but found keyword "and" (quote it)', 7],
    ['Key in ()', 'Expected a value in the list but found ")"', 8],
    ['Key in (a,)', 'Expected a value after "," but found ")"', 10],
    ['Key in (a b)', 'Expected "," or ")" in the list but found "b"', 10],
    ['Key in a', 'Expected "(" or a function after "in" but found "a"', 7],
    ['Owner is nothing', 'Expected EMPTY after "IS" but found "nothing"', 9],
    ['Owner is not', 'Expected EMPTY after "IS NOT" but found end of query', 12],
    ['Owner not = 1', 'Expected IN, LIKE or HAVING after "NOT" but found "="', 10],
    ['Name = "abc', 'Unterminated quoted value starting', 7],
    ['Name = "a\\nb"', 'Invalid escape "\\n" in quoted value (write \\\\ for a backslash)', 9],
    ['Name = "a\\', 'Unterminated escape in quoted value', 9],
    ['Name = C:\\Temp', 'Backslash escapes are only allowed inside double quotes', 9],
    ['Name ! x', 'Unexpected "!" (did you mean "!="?)', 5],
    ['Name = "a\nb"', 'Line breaks and tabs are not allowed inside a quoted value', 9],
    ['Name = a\u0000', 'Unexpected control character U+0000', 8],
    ['Name = \ud800', 'Unexpected lone surrogate U+D800', 7],
    ['Owner. = x', 'Expected an attribute name after "." but found "="', 7],
    ['"" = x', 'Attribute name cannot be empty', 0],
    ['a = b ORDER Key', 'Expected BY after "ORDER" but found "Key"', 12],
    ['a = b ORDER BY', 'Expected an attribute name after "ORDER BY" but found end of query', 14],
    ['a = b ORDER BY Key DESC x', 'Expected end of query after ORDER BY but found "x"', 24],
    ['object having Server', 'Expected a function after "having" but found "Server"', 14],
    ['object having inR(a = b', 'Expected "," or ")" to close inR( but found end of query', 23],
    ['object having connectedTickets()', 'connectedTickets() needs a JQL argument', 31],
    ['object having connectedTickets(a = (b)', 'Expected ")" to close connectedTickets(', 38],
    ['Key = inR(a = b)', 'inR() can only be used after HAVING', 6],
    ['Created > now(-1d', 'Expected "," or ")" in now( but found end of query', 17],
  ])('%j → %s at position %i', (query, message, position) => {
    const error = syntaxError(query);
    expect(error).toBeInstanceOf(AqlError);
    expect(error.name).toBe('AqlSyntaxError');
    expect(error.message).toBe(`${message} at position ${position}`);
    expect(error.position).toBe(position);
  });

  it('reports line and column', () => {
    const error = syntaxError('a = 1\nAND b = \n  ORDER');
    expect(error.position).toBe(17);
    expect(error.line).toBe(3);
    expect(error.column).toBe(3);
  });

  it('limits nesting so hostile input fails with a syntax error, not a stack overflow', () => {
    expect(where(`${'('.repeat(100)}a = b${')'.repeat(100)}`)).toMatchObject({ kind: 'comparison' });
    expect(syntaxError(`${'('.repeat(101)}a = b${')'.repeat(101)}`)).toMatchObject({
      message: 'Query nests parentheses, NOT or functions more than 100 levels deep at position 100',
      position: 100,
    });
    expect(syntaxError(`${'NOT '.repeat(100_000)}a = b`).position).toBe(400);
    expect(syntaxError(`a = ${'f('.repeat(50_000)}`).message).toMatch(/more than 100 levels deep/);
    expect(syntaxError(`${'object having inR('.repeat(200)}`).message).toMatch(/more than 100 levels deep/);
  });

  it('truncates long tokens in messages', () => {
    const error = syntaxError(`a = b ${'x'.repeat(100)}`);
    expect(error.message).toBe(
      `Expected AND, OR, ORDER BY or end of query but found "${'x'.repeat(30)}…" at position 6`,
    );
  });
});
