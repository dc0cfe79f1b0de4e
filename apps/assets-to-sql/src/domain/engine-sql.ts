/** The engine's SQL port, implemented by the mapping (src/domain/mapping.ts) and the dialects (src/domain/sql/). */
import type { DialectSql, SqlLayer } from './engine';
import { buildMapping, describeChanges, diffMappings, rowsForObject } from './mapping';
import type { Dialect, MappingChange } from './model';
import { dialectFor } from './sql/index';

const dialects = new Map<Dialect, DialectSql>();

export const sqlLayer: SqlLayer = {
  buildMapping,
  rowsForObject,
  diffMappings: (previous, next) => diffMappings(previous, next),
  describeChanges: (changes) => describeChanges(changes as readonly MappingChange[]),
  dialectFor(name) {
    let adapted = dialects.get(name);
    if (!adapted) {
      const d = dialectFor(name);
      adapted = {
        header: (comment) => d.header(comment),
        createTables: (mapping) => d.createTables(mapping),
        alter: (changes, mapping) => d.alter(changes as readonly MappingChange[], mapping),
        upsert: (table, rows) => d.upsert(table, rows),
        replaceLinks: (link, ownerIds, rows) => d.replaceLinks(link, ownerIds, rows),
        deleteObjects: (table, ids) => d.deleteObjects(table, ids),
        sweep: (table, runMs) => d.sweep(table, runMs),
      };
      dialects.set(name, adapted);
    }
    return adapted;
  },
};
