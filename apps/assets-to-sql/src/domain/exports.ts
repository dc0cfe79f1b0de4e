/** Export configurations as admins save them (validated server-side with zod before anything is stored). */
import { boundedText, numericId, sqlIdentifier } from '@suite/sanitize';
import { z } from 'zod';
import { DIALECTS, type Dialect, type ExportConfig } from './model';
import { EXPORT_ID_PATTERN } from './pull';

export const exportId = z.string().regex(EXPORT_ID_PATTERN, { error: 'Expected an export id' });
const dialect = z.enum(DIALECTS as [Dialect, ...Dialect[]], {
  error: `Expected one of ${DIALECTS.join(', ')}`,
});
const idKey = z.string().regex(/^\d{1,19}$/, { error: 'Expected a numeric id' });
const name = sqlIdentifier({ rejectReserved: true });

export const exportConfigFields = {
  name: boundedText({ max: 100, min: 1 }),
  schemaIds: z.array(numericId).min(1).max(50),
  objectTypeIds: z.array(numericId).max(1_000).optional(),
  dialect,
  tableNames: z.record(idKey, name).optional(),
  columnNames: z.record(idKey, name).optional(),
  excludedAttributeIds: z.array(numericId).max(10_000).optional(),
};

export const saveExportInput = z
  .strictObject({
    id: exportId.optional(),
    /** The version the admin's copy was loaded at: a save from a stale copy is refused (CONFLICT). */
    version: z.number({ error: 'Expected a version number' }).int().min(0).optional(),
    ...exportConfigFields,
  })
  .refine((input) => input.id === undefined || input.version !== undefined, {
    path: ['version'],
    error: 'Expected the version the export was loaded at',
  });
export type SaveExportInput = z.output<typeof saveExportInput>;

/** An unsaved configuration, e.g. for a DDL preview. */
export const draftConfigInput = z.strictObject(exportConfigFields);

export interface StoredExport extends ExportConfig {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Compare-and-set version (0 for a record saved before exports were versioned). */
  readonly version?: number;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

export function toExportConfig(id: string, input: Omit<SaveExportInput, 'id' | 'version'>): ExportConfig {
  return {
    id,
    name: input.name,
    schemaIds: unique(input.schemaIds),
    ...(input.objectTypeIds && input.objectTypeIds.length > 0
      ? { objectTypeIds: unique(input.objectTypeIds) }
      : {}),
    dialect: input.dialect,
    ...(input.tableNames ? { tableNames: { ...input.tableNames } } : {}),
    ...(input.columnNames ? { columnNames: { ...input.columnNames } } : {}),
    ...(input.excludedAttributeIds && input.excludedAttributeIds.length > 0
      ? { excludedAttributeIds: unique(input.excludedAttributeIds) }
      : {}),
  };
}
