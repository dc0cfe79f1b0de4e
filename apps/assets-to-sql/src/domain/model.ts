/**
 * The shared vocabulary of the export: Assets metadata as the engine sees it (normalised from the REST shapes),
 * export configuration, and the relational mapping derived from both. Pure types — no I/O.
 */

export type Dialect = 'postgresql' | 'mysql' | 'sqlserver' | 'sqlite';
export const DIALECTS: readonly Dialect[] = ['postgresql', 'mysql', 'sqlserver', 'sqlite'];

/** Attribute kinds, from Assets' `type` (0 default + `defaultType.id`, 1 reference, 2 user, 4 group, 7 status). */
export type AttributeKind =
  | 'text'
  | 'textarea'
  | 'integer'
  | 'double'
  | 'boolean'
  | 'date'
  | 'time'
  | 'datetime'
  | 'url'
  | 'email'
  | 'ip'
  | 'select'
  | 'reference'
  | 'user'
  | 'group'
  | 'status'
  | 'unknown';

export interface AssetsAttribute {
  readonly id: string;
  readonly name: string;
  readonly kind: AttributeKind;
  /** Key, Name, Created, Updated: identified by `system: true`, never by id. */
  readonly system: boolean;
  readonly label: boolean;
  /** -1 = many. */
  readonly maximumCardinality: number;
  readonly referenceObjectTypeId?: string;
}

export interface AssetsObjectType {
  readonly id: string;
  readonly name: string;
  readonly schemaId: string;
  readonly parentObjectTypeId?: string;
  readonly abstract: boolean;
  readonly objectCount?: number;
  /** All attributes including inherited ones (from `GET /objecttype/:id/attributes`). */
  readonly attributes: readonly AssetsAttribute[];
}

export interface AssetsSchema {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly objectCount?: number;
}

/** One value of an attribute, as exported (from `objectAttributeValues[]`). */
export interface AssetsValue {
  /** `value` as Assets sends it (always a string); absent for some reference/user/status values. */
  readonly value?: string;
  readonly displayValue?: string;
  readonly referencedObjectId?: string;
  readonly user?: { readonly accountId: string; readonly displayName?: string };
  readonly group?: { readonly name: string };
  readonly status?: { readonly id: string; readonly name: string };
}

export interface AssetsObject {
  readonly id: string;
  readonly objectKey: string;
  readonly label: string;
  readonly objectTypeId: string;
  readonly created: string;
  readonly updated: string;
  /** attribute id → values (an empty or absent attribute has no entry). */
  readonly values: Readonly<Record<string, readonly AssetsValue[]>>;
}

/** What an admin chose to export (persisted in KVS). */
export interface ExportConfig {
  readonly id: string;
  readonly name: string;
  readonly schemaIds: readonly string[];
  /** Subset of object types; all non-abstract types of the schemas when absent. */
  readonly objectTypeIds?: readonly string[];
  /** Dialect for pushed exports (pull requests choose per request). */
  readonly dialect: Dialect;
  /** Admin renames and exclusions. */
  readonly tableNames?: Readonly<Record<string, string>>;
  readonly columnNames?: Readonly<Record<string, string>>;
  readonly excludedAttributeIds?: readonly string[];
}

/**
 * SQL column types the mapping uses; each dialect renders them. `id` is a bounded text for keys and references
 * (`object_id`, `<attr>_id`): MySQL and SQL Server cannot index unbounded text.
 */
export type SqlType = 'text' | 'id' | 'bigint' | 'double' | 'boolean' | 'date' | 'time' | 'timestamptz';

export type ColumnSource =
  | {
      readonly kind: 'system';
      /** `run`: when the run that last wrote the row started (epoch ms) — what a full run's sweep compares. */
      readonly field: 'objectId' | 'objectKey' | 'label' | 'created' | 'updated' | 'run';
    }
  /** `part` picks what to store for user/group/status/reference values. */
  | { readonly kind: 'attribute'; readonly attributeId: string; readonly part: 'value' | 'id' | 'name' };

export interface ColumnMapping {
  readonly name: string;
  readonly type: SqlType;
  readonly source: ColumnSource;
  /** For single object references: the table the id points at (`<attr>_id`). */
  readonly references?: string;
  /** The Assets attribute (or system field) name, for readable change lists. */
  readonly assetsName?: string;
}

/** A multi-valued attribute or reference: one row per (object, position). */
export interface LinkTableMapping {
  readonly name: string;
  readonly attributeId: string;
  /** Columns: `object_id` (→ owner table), `position`, then the value column. */
  readonly valueColumn: ColumnMapping;
  /** User and status values: the readable name (`value`) next to the id in `valueColumn` (`value_id`). */
  readonly nameColumn?: ColumnMapping;
}

export interface TableMapping {
  readonly objectTypeId: string;
  readonly name: string;
  /** `object_id` (workspace id + ':' + object id) is always first and the primary key. */
  readonly columns: readonly ColumnMapping[];
  readonly links: readonly LinkTableMapping[];
  /** The Assets object type name, for readable change lists. */
  readonly assetsName?: string;
}

export interface ExportMapping {
  readonly workspaceId: string;
  readonly tables: readonly TableMapping[];
}

/** A value ready for SQL rendering (already converted from Assets' strings). */
export type SqlValue = string | number | bigint | boolean | null;

/** One row for a table or link table, column name → value. */
export type SqlRow = Readonly<Record<string, SqlValue>>;

/**
 * One difference between the mapping of the previous export and the next (see `diffMappings`). Link tables are
 * tables too: their changes carry the owning `attributeId`. Removals are reported, never dropped.
 */
export type MappingChange =
  | {
      readonly kind: 'table-added';
      readonly table: string;
      readonly objectTypeId: string;
      readonly attributeId?: string;
    }
  | {
      readonly kind: 'table-renamed';
      readonly from: string;
      readonly to: string;
      readonly objectTypeId: string;
      readonly attributeId?: string;
    }
  | {
      readonly kind: 'table-removed';
      readonly table: string;
      readonly objectTypeId: string;
      readonly attributeId?: string;
    }
  | { readonly kind: 'column-added'; readonly table: string; readonly column: ColumnMapping }
  | {
      readonly kind: 'column-renamed';
      readonly table: string;
      readonly from: string;
      readonly column: ColumnMapping;
    }
  | { readonly kind: 'column-removed'; readonly table: string; readonly column: ColumnMapping }
  | {
      readonly kind: 'column-retyped';
      readonly table: string;
      readonly column: ColumnMapping;
      readonly from: SqlType;
    };
