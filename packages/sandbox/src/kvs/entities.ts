import { fail } from './errors';

/**
 * A custom entity as declared in `manifest.yml` under `app.storage.entities` (schema of @forge/manifest 13.7.0):
 * `indexes` items are either an attribute name (index of that name, ranged on that attribute) or
 * `{ name, range: [attr], partition?: [attr, …] }`.
 */
export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: 'string' | 'integer' | 'float' | 'boolean' | 'any' }>;
  indexes?: Array<string | { name: string; range: string[]; partition?: string[] }>;
}

export interface ResolvedIndex {
  name: string;
  range: string;
  partition: string[];
}

export function resolveIndexes(def: EntityDefinition): ResolvedIndex[] {
  return (def.indexes ?? []).map((ix) =>
    typeof ix === 'string'
      ? { name: ix, range: ix, partition: [] }
      : { name: ix.name, range: ix.range[0] ?? ix.name, partition: ix.partition ?? [] },
  );
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * Checks an entity value against its declared attributes (entities docs, "Type requirements"): the value is an
 * object, every attribute is declared, and each has the declared type (integer = 32-bit signed).
 */
export function validateEntityValue(def: EntityDefinition, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('INVALID_ENTITY_VALUE', `Entity ${def.name} values must be objects`);
  }
  for (const [attr, v] of Object.entries(value)) {
    const declared = def.attributes[attr];
    if (!declared) fail('INVALID_ENTITY_VALUE', `Attribute "${attr}" is not declared on entity ${def.name}`);
    if (v === null || v === undefined) continue;
    const ok =
      declared.type === 'any' ||
      (declared.type === 'string' && typeof v === 'string') ||
      (declared.type === 'boolean' && typeof v === 'boolean') ||
      (declared.type === 'float' && typeof v === 'number' && Number.isFinite(v)) ||
      (declared.type === 'integer' &&
        Number.isInteger(v) &&
        (v as number) >= INT32_MIN &&
        (v as number) <= INT32_MAX);
    if (!ok) {
      fail(
        'INVALID_ENTITY_VALUE',
        `Attribute "${attr}" of entity ${def.name} must be of type ${declared.type}`,
      );
    }
  }
}
