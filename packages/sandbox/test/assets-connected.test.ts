import { aql, parseAql } from '@suite/aql';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../src/site/jira/model';
import { createSite } from '../src/site/site';
import type { Principal, SiteResponse } from '../src/site/types';

// `object having connectedTickets(<JQL>)`: Assets asks the site's Jira which issues the JQL finds (as the caller,
// so only issues they may browse) and matches the objects held in those issues' Assets fields.
const NOW = new Date('2026-03-02T12:00:00.000Z');
const site = createSite({ cloudId: 'cloud-connected', seed: 11, tickets: 80, objects: 500, now: () => NOW });
const { jira, assets } = site;

const user = (displayName: string): Principal => {
  const found = [...jira.users.values()].find((u) => u.displayName === displayName);
  if (!found) throw new Error(`no user ${displayName}`);
  return { kind: 'user', accountId: found.accountId };
};
/** Agent in FS and IT. */
const itAgent = user('Jordan Lee');
/** Agent in FS only: project IT is hidden from them. */
const fsOnlyAgent = user('Tom Becker');

const withAssets = (prefix: string): Issue => {
  const found = [...jira.issues.values()].find((i) => i.key.startsWith(prefix) && i.fields.assets.length > 0);
  if (!found) throw new Error(`no ${prefix} issue with Assets objects`);
  return found;
};

function search(principal: Principal, qlQuery: string): SiteResponse {
  const path = `/jsm/assets/workspace/${assets.workspaceId}/v1/object/aql`;
  const route = site.resolve('POST', path);
  if (!route || route === 'method-not-allowed') throw new Error('no AQL route');
  return route.handle({
    method: 'POST',
    path,
    query: new URLSearchParams({ maxResults: '100' }),
    headers: {},
    body: { qlQuery },
    principal,
  });
}

const idsOf = (res: SiteResponse): string[] => {
  expect(res.status).toBe(200);
  return ((res.body as { values: { id: string }[] }).values ?? []).map((v) => v.id).sort();
};

const connected = (key: string) => String(aql`object having connectedTickets(key = ${key})`);

describe('object having connectedTickets(JQL)', () => {
  it('finds exactly the objects in the Assets field of the ticket', () => {
    const ticket = withAssets('FS-');
    const query = connected(ticket.key);
    expect(query).toBe(`object having connectedTickets(key = "${ticket.key}")`);
    expect(parseAql(query).where).toMatchObject({
      kind: 'having',
      function: { kind: 'connectedTickets', jql: `key = "${ticket.key}"` },
    });
    const expected = ticket.fields.assets.map((a) => a.objectId).sort();
    expect(idsOf(search(itAgent, query))).toEqual(expected);
    expect(idsOf(search(fsOnlyAgent, query))).toEqual(expected);
  });

  it('combines with other clauses, negates, and takes any JQL the Jira emulation knows', () => {
    const ticket = withAssets('FS-');
    const expected = ticket.fields.assets.map((a) => a.objectId);
    const [first] = expected;
    const narrowed = idsOf(search(itAgent, `${connected(ticket.key)} AND objectId = ${first}`));
    expect(narrowed).toEqual([first]);
    const notHaving = idsOf(
      search(itAgent, `object not having connectedTickets(key = "${ticket.key}") AND objectId in (${first})`),
    );
    expect(notHaving).toEqual([]);
    const inProject = new Set(
      [...jira.issues.values()]
        .filter((i) => i.key.startsWith('FS-'))
        .flatMap((i) => i.fields.assets.map((a) => a.objectId)),
    );
    const found = idsOf(search(itAgent, 'object having connectedTickets(project = FS)'));
    expect(found).toEqual([...inProject].sort());
  });

  it('finds nothing for a user who cannot browse the ticket', () => {
    // The seed puts no objects on IT tickets: link one here.
    const hidden = [...jira.issues.values()].find((i) => i.key.startsWith('IT-')) as Issue;
    const objectId = withAssets('FS-').fields.assets[0]?.objectId as string;
    hidden.fields.assets = [
      { workspaceId: assets.workspaceId, id: `${assets.workspaceId}:${objectId}`, objectId },
    ];
    expect(idsOf(search(itAgent, connected(hidden.key)))).toEqual([objectId]);
    expect(idsOf(search(fsOnlyAgent, connected(hidden.key)))).toEqual([]);
    // A project they cannot see is, as in Jira's JQL, a project that does not exist: 400, like a made-up one.
    const viaProject = search(fsOnlyAgent, 'object having connectedTickets(project = IT)');
    const madeUp = search(fsOnlyAgent, 'object having connectedTickets(project = NOPE)');
    expect(viaProject.status).toBe(400);
    expect(JSON.stringify(viaProject.body)).toBe(JSON.stringify(madeUp.body).replaceAll('NOPE', 'IT'));
  });

  it('answers 400 for invalid JQL, as Assets does', () => {
    for (const bad of [
      'object having connectedTickets(nosuchfield = 1)',
      'object having connectedTickets(status = "No such status")',
      'object having connectedTickets(key = "FS-1" AND)',
    ]) {
      const res = search(itAgent, bad);
      expect(res.status, bad).toBe(400);
    }
  });

  it('only works as "object having"', () => {
    expect(search(itAgent, 'Name having connectedTickets(project = FS)').status).toBe(400);
  });
});
