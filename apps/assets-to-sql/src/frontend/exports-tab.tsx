/**
 * Exports: the list, and the editor (schemas → object types with object counts → attributes; table and column
 * renames; dialect). Saving goes through `saveExport`; its field errors are shown next to the fields.
 */
import {
  Badge,
  Box,
  Button,
  ButtonGroup,
  Checkbox,
  Code,
  DynamicTable,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Stack,
  Text,
  Textfield,
  xcss,
} from '@forge/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { DIALECTS, type Dialect } from '../domain/model';
import {
  type ApiError,
  type ApiResult,
  type Attribute,
  AVAILABLE,
  api,
  type ExportFields,
  type ExportView,
  type ObjectType,
  type Schema,
} from './api';
import { ErrorBanner, FieldError, Hint, Loading, NotAvailable } from './components';
import { cardinality, DIALECT_LABELS, formatCount, formatTime, plural } from './format';
import { fieldError, otherFieldErrors } from './result';

const card = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.200',
});
const narrow = xcss({ maxWidth: '420px' });

const DIALECT_OPTIONS = DIALECTS.map((d) => ({ label: DIALECT_LABELS[d], value: d }));

/** What the editor holds; `objectTypeIds` undefined = every non-abstract type (also those added later). */
interface Draft {
  readonly id?: string;
  /** The version the export was loaded at (sent back with the save). */
  readonly version?: number;
  readonly name: string;
  readonly dialect: Dialect;
  readonly schemaIds: readonly string[];
  readonly objectTypeIds?: readonly string[];
  readonly tableNames: Readonly<Record<string, string>>;
  readonly columnNames: Readonly<Record<string, string>>;
  readonly excludedAttributeIds: readonly string[];
}

const emptyDraft = (): Draft => ({
  name: '',
  dialect: 'postgresql',
  schemaIds: [],
  tableNames: {},
  columnNames: {},
  excludedAttributeIds: [],
});

function draftOf(e: ExportView): Draft {
  return {
    id: e.id,
    version: e.version,
    name: e.name,
    dialect: e.dialect,
    schemaIds: [...e.schemaIds],
    ...(e.objectTypeIds?.length ? { objectTypeIds: [...e.objectTypeIds] } : {}),
    tableNames: { ...(e.tableNames ?? {}) },
    columnNames: { ...(e.columnNames ?? {}) },
    excludedAttributeIds: [...(e.excludedAttributeIds ?? [])],
  };
}

const withoutEmpty = (record: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ''),
  );

/** The `saveExport` fields for a draft, given the types known for its schemas. */
function fieldsOf(draft: Draft, types: Readonly<Record<string, readonly ObjectType[]>>): ExportFields {
  const inSchemas = draft.schemaIds.flatMap((s) => types[s] ?? []);
  const exportable = inSchemas.filter((t) => !t.abstract).map((t) => t.id);
  const chosen = draft.objectTypeIds?.filter((id) => inSchemas.some((t) => t.id === id));
  const everything = chosen === undefined || exportable.every((id) => chosen.includes(id));
  const tableNames = withoutEmpty(draft.tableNames);
  const columnNames = withoutEmpty(draft.columnNames);
  return {
    name: draft.name.trim(),
    schemaIds: draft.schemaIds,
    ...(everything ? {} : { objectTypeIds: chosen }),
    dialect: draft.dialect,
    ...(Object.keys(tableNames).length ? { tableNames } : {}),
    ...(Object.keys(columnNames).length ? { columnNames } : {}),
    ...(draft.excludedAttributeIds.length ? { excludedAttributeIds: draft.excludedAttributeIds } : {}),
  };
}

function lastRunOf(e: ExportView): string {
  const runs = Object.values(e.lastRuns ?? {}).filter((r) => !!r);
  const latest = runs.sort((a, b) => (a && b ? b.finishedAt.localeCompare(a.finishedAt) : 0))[0];
  return latest ? formatTime(latest.finishedAt) : 'Never';
}

export function ExportsTab({
  exports,
  schemas,
  onSaved,
  onPreview,
}: {
  exports: readonly ExportView[];
  schemas: ApiResult<Schema[]> | undefined;
  onSaved: (id: string) => Promise<void>;
  onPreview: (id: string) => void;
}): ReactNode {
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [saved, setSaved] = useState<{ id: string; name: string; created: boolean } | undefined>(undefined);
  const schemaName = (id: string) =>
    (schemas?.ok ? schemas.data.find((s) => s.id === id)?.name : undefined) ?? id;

  if (draft) {
    return (
      <ExportEditor
        key={draft.id ?? 'new'}
        initial={draft}
        schemas={schemas}
        onCancel={() => setDraft(undefined)}
        onSaved={async (id, name) => {
          setSaved({ id, name, created: !draft.id });
          setDraft(undefined);
          await onSaved(id);
        }}
      />
    );
  }

  return (
    <Stack space="space.200">
      {saved ? (
        <SectionMessage
          appearance="success"
          title={saved.created ? 'Export created' : 'Export saved'}
          testId="export-saved"
        >
          <Stack space="space.100">
            <Text>
              {saved.name} is saved as <Code>{saved.id}</Code>. Create an API key for it on the Pull tab.
            </Text>
            <Inline space="space.100">
              <Button onClick={() => onPreview(saved.id)} testId="saved-preview">
                Preview the SQL
              </Button>
            </Inline>
          </Stack>
        </SectionMessage>
      ) : null}
      <Inline spread="space-between" alignBlock="center">
        <Stack space="space.050">
          <Heading size="small">Exports</Heading>
          <Hint>An export is a set of Assets object types and how they map to SQL tables.</Hint>
        </Stack>
        <Button
          appearance="primary"
          iconBefore="add"
          onClick={() => {
            setSaved(undefined);
            setDraft(emptyDraft());
          }}
          testId="new-export"
        >
          New export
        </Button>
      </Inline>
      <DynamicTable
        testId="exports-table"
        head={{
          cells: [
            { key: 'name', content: 'Name', isSortable: true },
            { key: 'id', content: 'Id' },
            { key: 'schemas', content: 'Schemas' },
            { key: 'types', content: 'Object types' },
            { key: 'dialect', content: 'Dialect' },
            { key: 'lastRun', content: 'Last completed run' },
            { key: 'actions', content: '' },
          ],
        }}
        rows={exports.map((e) => ({
          key: e.id,
          cells: [
            { key: e.name, content: <Text weight="semibold">{e.name}</Text> },
            { key: 'id', content: <Code>{e.id}</Code> },
            { key: 'schemas', content: e.schemaIds.map(schemaName).join(', ') },
            {
              key: 'types',
              content: e.objectTypeIds?.length ? plural(e.objectTypeIds.length, 'type') : 'All',
            },
            { key: 'dialect', content: DIALECT_LABELS[e.dialect] },
            { key: 'lastRun', content: lastRunOf(e) },
            {
              key: 'actions',
              content: (
                <ButtonGroup>
                  <Button
                    spacing="compact"
                    onClick={() => {
                      setSaved(undefined);
                      setDraft(draftOf(e));
                    }}
                    testId={`edit-${e.id}`}
                  >
                    Edit
                  </Button>
                  <Button spacing="compact" appearance="subtle" onClick={() => onPreview(e.id)}>
                    Preview
                  </Button>
                </ButtonGroup>
              ),
            },
          ],
        }))}
        emptyView={<Text>No exports yet. Create one to choose what goes into your database.</Text>}
      />
    </Stack>
  );
}

type TypesState = Readonly<Record<string, readonly ObjectType[] | ApiError | 'loading'>>;

function ExportEditor({
  initial,
  schemas,
  onCancel,
  onSaved,
}: {
  initial: Draft;
  schemas: ApiResult<Schema[]> | undefined;
  onCancel: () => void;
  onSaved: (id: string, name: string) => Promise<void>;
}): ReactNode {
  const [draft, setDraft] = useState<Draft>(initial);
  const [types, setTypes] = useState<TypesState>({});
  const [defaults, setDefaults] = useState<Readonly<Record<string, string>>>({});
  const [openType, setOpenType] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const previewSeq = useRef(0);

  // Object types of every chosen schema (once per schema).
  useEffect(() => {
    for (const schemaId of draft.schemaIds) {
      if (types[schemaId] !== undefined) continue;
      setTypes((t) => ({ ...t, [schemaId]: 'loading' }));
      void api
        .listObjectTypes(schemaId)
        .then((r) => setTypes((t) => ({ ...t, [schemaId]: r.ok ? r.data : r.error })));
    }
  }, [draft.schemaIds, types]);

  const loaded: Record<string, readonly ObjectType[]> = {};
  for (const [k, v] of Object.entries(types)) if (Array.isArray(v)) loaded[k] = v;
  const allLoaded = draft.schemaIds.every((s) => Array.isArray(types[s]));

  // The table names the mapping would use without renames (for placeholders), from a draft preview.
  const typeKey = `${draft.schemaIds.join(',')}|${allLoaded}`;
  useEffect(() => {
    if (draft.schemaIds.length === 0 || !allLoaded) return;
    const seq = ++previewSeq.current;
    const config: ExportFields = {
      name: 'preview',
      schemaIds: draft.schemaIds,
      dialect: draft.dialect,
    };
    void api.previewDdl({ config }).then((r) => {
      if (seq !== previewSeq.current || !r.ok) return;
      setDefaults(Object.fromEntries(r.data.tables.map((t) => [t.objectTypeId, t.name])));
    });
  }, [typeKey]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const schemaList = schemas?.ok ? schemas.data : [];

  const toggleSchema = (id: string, on: boolean) =>
    set({ schemaIds: on ? [...draft.schemaIds, id] : draft.schemaIds.filter((s) => s !== id) });

  const exportableIds = () =>
    draft.schemaIds.flatMap((s) => (loaded[s] ?? []).filter((t) => !t.abstract).map((t) => t.id));
  const isTypeChecked = (t: ObjectType) =>
    !t.abstract && (draft.objectTypeIds === undefined || draft.objectTypeIds.includes(t.id));
  const toggleType = (t: ObjectType, on: boolean) => {
    const current = draft.objectTypeIds ?? exportableIds();
    const next = on ? [...new Set([...current, t.id])] : current.filter((id) => id !== t.id);
    const everything = exportableIds().every((id) => next.includes(id));
    setDraft((d) => {
      const { objectTypeIds: _drop, ...rest } = d;
      return everything ? rest : { ...rest, objectTypeIds: next };
    });
  };
  const setAllTypes = (schemaId: string, on: boolean) => {
    const ofSchema = (loaded[schemaId] ?? []).filter((t) => !t.abstract).map((t) => t.id);
    const current = draft.objectTypeIds ?? exportableIds();
    const next = on
      ? [...new Set([...current, ...ofSchema])]
      : current.filter((id) => !ofSchema.includes(id));
    const everything = exportableIds().every((id) => next.includes(id));
    setDraft((d) => {
      const { objectTypeIds: _drop, ...rest } = d;
      return everything ? rest : { ...rest, objectTypeIds: next };
    });
  };

  const save = async () => {
    setSaving(true);
    setError(undefined);
    const fields = fieldsOf(draft, loaded);
    const result = await api.saveExport({
      ...(draft.id ? { id: draft.id, version: draft.version ?? 0 } : {}),
      ...fields,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    await onSaved(result.data.id, fields.name);
  };

  const chosenTypeCount = draft.schemaIds
    .flatMap((s) => loaded[s] ?? [])
    .filter((t) => isTypeChecked(t)).length;
  const tableNamesError = fieldError(error, 'tableNames');
  const unshown = otherFieldErrors(error, [
    'name',
    'dialect',
    'schemaIds',
    'objectTypeIds',
    'tableNames',
    'columnNames',
    'excludedAttributeIds',
  ]);
  const openTypeInfo = openType
    ? draft.schemaIds.flatMap((s) => loaded[s] ?? []).find((t) => t.id === openType)
    : undefined;

  return (
    <Stack space="space.300">
      <Inline spread="space-between" alignBlock="center">
        <Stack space="space.050">
          <Heading size="medium">{draft.id ? `Edit export: ${initial.name}` : 'New export'}</Heading>
          {draft.id ? (
            <Code>{draft.id}</Code>
          ) : (
            <Hint>Choose what to export and how it is named in SQL.</Hint>
          )}
        </Stack>
      </Inline>

      <ErrorBanner error={error} testId="export-error" />
      {unshown.length ? (
        <Stack space="space.050">
          {unshown.map((f) => (
            <Text key={f.path} color="color.text.danger">
              {f.path}: {f.message}
            </Text>
          ))}
        </Stack>
      ) : null}

      <Box xcss={card}>
        <Stack space="space.200">
          <Heading size="xsmall">1. Name and dialect</Heading>
          <Inline space="space.300" shouldWrap>
            <Box xcss={narrow}>
              <Stack space="space.050">
                <Label labelFor="export-name">Name</Label>
                <Textfield
                  id="export-name"
                  testId="export-name"
                  value={draft.name}
                  isInvalid={!!fieldError(error, 'name')}
                  placeholder="e.g. Facilities for the reporting DB"
                  onChange={(e) => set({ name: String(e.target.value ?? '') })}
                />
                <FieldError error={error} field="name" />
              </Stack>
            </Box>
            <Box xcss={narrow}>
              <Stack space="space.050">
                <Label labelFor="export-dialect">Dialect</Label>
                <Select
                  inputId="export-dialect"
                  testId="export-dialect"
                  options={DIALECT_OPTIONS}
                  value={DIALECT_OPTIONS.find((o) => o.value === draft.dialect)}
                  isInvalid={!!fieldError(error, 'dialect')}
                  onChange={(o: { value: Dialect } | null) => o && set({ dialect: o.value })}
                />
                <HelperMessage>Used for pushes and previews. Pull requests choose per request.</HelperMessage>
                <FieldError error={error} field="dialect" />
              </Stack>
            </Box>
          </Inline>
        </Stack>
      </Box>

      <Box xcss={card}>
        <Stack space="space.150">
          <Heading size="xsmall">2. Object schemas</Heading>
          {!schemas ? <Loading label="Loading object schemas…" /> : null}
          {schemas && !schemas.ok ? <ErrorBanner error={schemas.error} /> : null}
          {schemas?.ok && schemaList.length === 0 ? (
            <Text>This site has no Assets object schemas.</Text>
          ) : null}
          <Stack space="space.075">
            {schemaList.map((s) => (
              <Inline key={s.id} space="space.100" alignBlock="center">
                <Checkbox
                  testId={`schema-${s.id}`}
                  label={`${s.name} (${s.key})`}
                  isChecked={draft.schemaIds.includes(s.id)}
                  onChange={(e) => toggleSchema(s.id, e.target.checked === true)}
                />
                {s.objectCount !== undefined ? (
                  <Text size="small" color="color.text.subtlest">
                    {plural(s.objectCount, 'object')}
                  </Text>
                ) : null}
              </Inline>
            ))}
          </Stack>
          {/* a schema that no longer exists stays listed so it can be removed */}
          {draft.schemaIds
            .filter((id) => schemas?.ok && !schemaList.some((s) => s.id === id))
            .map((id) => (
              <Checkbox
                key={id}
                label={`Schema ${id} (no longer found)`}
                isChecked
                onChange={() => toggleSchema(id, false)}
              />
            ))}
          <FieldError error={error} field="schemaIds" />
        </Stack>
      </Box>

      <Box xcss={card}>
        <Stack space="space.150">
          <Inline spread="space-between" alignBlock="center">
            <Heading size="xsmall">3. Object types and table names</Heading>
            {draft.schemaIds.length ? (
              <Text size="small" color="color.text.subtle">
                {draft.objectTypeIds === undefined
                  ? 'All types, including types added later'
                  : `${plural(chosenTypeCount, 'type')} chosen`}
              </Text>
            ) : null}
          </Inline>
          {draft.schemaIds.length === 0 ? <Hint>Choose at least one object schema first.</Hint> : null}
          {draft.schemaIds.map((schemaId) => {
            const state = types[schemaId];
            const schema = schemaList.find((s) => s.id === schemaId);
            if (state === undefined || state === 'loading')
              return (
                <Loading key={schemaId} label={`Loading the object types of ${schema?.name ?? schemaId}…`} />
              );
            if (!Array.isArray(state)) return <ErrorBanner key={schemaId} error={state as ApiError} />;
            const list = state as readonly ObjectType[];
            const exportable = list.filter((t) => !t.abstract);
            const allOn = exportable.every((t) => isTypeChecked(t));
            return (
              <Stack key={schemaId} space="space.100">
                <Inline spread="space-between" alignBlock="center">
                  <Text weight="semibold">{schema?.name ?? `Schema ${schemaId}`}</Text>
                  <Button
                    spacing="compact"
                    appearance="subtle"
                    onClick={() => setAllTypes(schemaId, !allOn)}
                    testId={`all-types-${schemaId}`}
                  >
                    {allOn ? 'Clear all' : 'Select all'}
                  </Button>
                </Inline>
                <DynamicTable
                  testId={`types-${schemaId}`}
                  head={{
                    cells: [
                      { key: 'export', content: 'Export', width: 8 },
                      { key: 'type', content: 'Object type', width: 30 },
                      { key: 'objects', content: 'Objects', width: 10 },
                      { key: 'table', content: 'SQL table name', width: 34 },
                      { key: 'attributes', content: '', width: 18 },
                    ],
                  }}
                  rows={list.map((t) => ({
                    key: t.id,
                    cells: [
                      {
                        key: 'export',
                        content: (
                          <Checkbox
                            testId={`type-${t.id}`}
                            isChecked={isTypeChecked(t)}
                            isDisabled={t.abstract}
                            onChange={(e) => toggleType(t, e.target.checked === true)}
                          />
                        ),
                      },
                      {
                        key: 'type',
                        content: (
                          <Inline space="space.100" alignBlock="center">
                            <Text>{t.name}</Text>
                            {t.abstract ? <Lozenge>abstract</Lozenge> : null}
                          </Inline>
                        ),
                      },
                      { key: 'objects', content: <Badge max={false}>{t.objectCount ?? 0}</Badge> },
                      {
                        key: 'table',
                        content: t.abstract ? (
                          <Text color="color.text.subtlest">Not exported (abstract)</Text>
                        ) : (
                          <Textfield
                            testId={`table-name-${t.id}`}
                            isCompact
                            value={draft.tableNames[t.id] ?? ''}
                            placeholder={defaults[t.id] ?? 'default name'}
                            isDisabled={!isTypeChecked(t)}
                            isInvalid={!!tableNamesError && !!draft.tableNames[t.id]?.trim()}
                            onChange={(e) =>
                              set({
                                tableNames: { ...draft.tableNames, [t.id]: String(e.target.value ?? '') },
                              })
                            }
                          />
                        ),
                      },
                      {
                        key: 'attributes',
                        content: t.abstract ? null : (
                          <Button
                            spacing="compact"
                            appearance={openType === t.id ? 'primary' : 'subtle'}
                            isDisabled={!isTypeChecked(t)}
                            onClick={() => setOpenType(openType === t.id ? undefined : t.id)}
                            testId={`attributes-${t.id}`}
                          >
                            {openType === t.id ? 'Hide attributes' : 'Attributes'}
                          </Button>
                        ),
                      },
                    ],
                  }))}
                />
              </Stack>
            );
          })}
          <Hint>
            Leave a table name empty to use the default shown in grey. Names must be valid SQL identifiers and
            not reserved words.
          </Hint>
          <FieldError error={error} field="objectTypeIds" />
          <FieldError error={error} field="tableNames" />
        </Stack>
      </Box>

      {openTypeInfo ? (
        <AttributesEditor
          type={openTypeInfo}
          draft={draft}
          error={error}
          onChange={(patch) => set(patch)}
          onClose={() => setOpenType(undefined)}
        />
      ) : null}
      {!openTypeInfo &&
      (Object.keys(draft.columnNames).length > 0 || draft.excludedAttributeIds.length > 0) ? (
        <Hint>
          This export also has {plural(Object.keys(draft.columnNames).length, 'column rename')} and{' '}
          {plural(draft.excludedAttributeIds.length, 'excluded attribute')}; they are kept when you save.
        </Hint>
      ) : null}
      <FieldError error={error} field="columnNames" />
      <FieldError error={error} field="excludedAttributeIds" />

      <Inline space="space.100">
        <Button appearance="primary" onClick={save} isDisabled={saving} testId="save-export">
          {saving ? 'Saving…' : draft.id ? 'Save export' : 'Create export'}
        </Button>
        <Button appearance="subtle" onClick={onCancel} testId="cancel-export">
          Cancel
        </Button>
      </Inline>
    </Stack>
  );
}

/** Include or exclude each attribute of one object type, and rename its column. */
function AttributesEditor({
  type,
  draft,
  error,
  onChange,
  onClose,
}: {
  type: ObjectType;
  draft: Draft;
  error: ApiError | undefined;
  onChange: (patch: Partial<Draft>) => void;
  onClose: () => void;
}): ReactNode {
  const [attributes, setAttributes] = useState<ApiResult<Attribute[]> | undefined>(undefined);
  useEffect(() => {
    setAttributes(undefined);
    void api.listAttributes(type.id).then(setAttributes);
  }, [type.id]);

  const excluded = new Set(draft.excludedAttributeIds);
  /** The label and system attributes always go to the fixed columns (`label`, `object_key`, …). */
  const fixed = (a: Attribute) => a.system || a.label;
  const columnError = fieldError(error, 'columnNames');
  let body: ReactNode;
  if (!AVAILABLE.attributes || (attributes && !attributes.ok && attributes.error.code === 'NOT_AVAILABLE')) {
    body = (
      <NotAvailable title="Choosing attributes">
        The app cannot list an object type's attributes yet, so every attribute of {type.name} is exported
        with its default column name. Renames and exclusions already saved with this export are kept.
      </NotAvailable>
    );
  } else if (!attributes) {
    body = <Loading label={`Loading the attributes of ${type.name}…`} />;
  } else if (!attributes.ok) {
    body = <ErrorBanner error={attributes.error} />;
  } else {
    body = (
      <DynamicTable
        testId={`attributes-table-${type.id}`}
        head={{
          cells: [
            { key: 'include', content: 'Include', width: 8 },
            { key: 'name', content: 'Attribute', width: 26 },
            { key: 'kind', content: 'Type', width: 14 },
            { key: 'card', content: 'Cardinality', width: 14 },
            { key: 'column', content: 'SQL column name', width: 38 },
          ],
        }}
        rows={attributes.data.map((a) => ({
          key: a.id,
          cells: [
            {
              key: 'include',
              content: (
                <Checkbox
                  testId={`include-${a.id}`}
                  isChecked={fixed(a) || !excluded.has(a.id)}
                  isDisabled={fixed(a)}
                  onChange={(e) =>
                    onChange({
                      excludedAttributeIds: e.target.checked
                        ? draft.excludedAttributeIds.filter((id) => id !== a.id)
                        : [...draft.excludedAttributeIds, a.id],
                    })
                  }
                />
              ),
            },
            {
              key: 'name',
              content: (
                <Inline space="space.100" alignBlock="center">
                  <Text>{a.name}</Text>
                  {a.system ? <Lozenge>system</Lozenge> : null}
                  {a.label ? <Lozenge appearance="new">label</Lozenge> : null}
                </Inline>
              ),
            },
            { key: 'kind', content: <Code>{a.kind}</Code> },
            {
              key: 'card',
              content:
                a.maximumCardinality === 1 ? (
                  cardinality(a.maximumCardinality)
                ) : (
                  <Inline space="space.050" alignBlock="center">
                    <Text>{cardinality(a.maximumCardinality)}</Text>
                    <Lozenge appearance="moved">link table</Lozenge>
                  </Inline>
                ),
            },
            {
              key: 'column',
              content: fixed(a) ? (
                <Text color="color.text.subtlest" testId={`column-fixed-${a.id}`}>
                  {a.column ?? 'not exported'}
                </Text>
              ) : (
                <Textfield
                  testId={`column-name-${a.id}`}
                  isCompact
                  value={draft.columnNames[a.id] ?? ''}
                  placeholder={a.column ?? 'default name'}
                  isDisabled={excluded.has(a.id)}
                  isInvalid={!!columnError && !!draft.columnNames[a.id]?.trim()}
                  onChange={(e) =>
                    onChange({ columnNames: { ...draft.columnNames, [a.id]: String(e.target.value ?? '') } })
                  }
                />
              ),
            },
          ],
        }))}
      />
    );
  }
  return (
    <Box xcss={card} testId="attributes-editor">
      <Stack space="space.150">
        <Inline spread="space-between" alignBlock="center">
          <Heading size="xsmall">
            4. Attributes of {type.name} ({formatCount(type.objectCount ?? 0)} objects)
          </Heading>
          <Button spacing="compact" appearance="subtle" onClick={onClose}>
            Close
          </Button>
        </Inline>
        {body}
        {attributes?.ok ? (
          <Hint>
            Leave a column name empty to use the default shown in grey. A rename replaces the attribute's
            name: references still end in _id (users and statuses get both the name and _id), and a
            multi-valued attribute's link table is named after its table, then __, then this name. Excluded
            attributes are not exported; the label and the system attributes always are.
          </Hint>
        ) : null}
        <FieldError error={error} field="columnNames" />
      </Stack>
    </Box>
  );
}
