/** Preview: the DDL of an export for a dialect (`previewDdl`), its tables, and the schema drift when reported. */
import {
  Badge,
  Box,
  Button,
  Code,
  CodeBlock,
  DynamicTable,
  Heading,
  Inline,
  Label,
  List,
  ListItem,
  SectionMessage,
  Select,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { DIALECTS, type Dialect } from '../domain/model';
import { type ApiResult, api, type ExportView, type Preview } from './api';
import { ErrorBanner, ExportPicker, Hint, Loading } from './components';
import { DIALECT_LABELS, formatTime, plural } from './format';

const narrow = xcss({ maxWidth: '320px' });
const DIALECT_OPTIONS = DIALECTS.map((d) => ({ label: DIALECT_LABELS[d], value: d }));

const CODE_LANGUAGE: Record<Dialect, 'postgresql' | 'mysql' | 'tsql' | 'sqlite'> = {
  postgresql: 'postgresql',
  mysql: 'mysql',
  sqlserver: 'tsql',
  sqlite: 'sqlite',
};

export function PreviewTab({
  exports,
  selected,
  onSelect,
}: {
  exports: readonly ExportView[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}): ReactNode {
  const current = exports.find((e) => e.id === selected);
  const [dialect, setDialect] = useState<Dialect | undefined>(undefined);
  const [preview, setPreview] = useState<ApiResult<Preview> | undefined>(undefined);
  const [reload, setReload] = useState(0);
  const seq = useRef(0);
  const target = dialect ?? current?.dialect;
  const [typeNames, setTypeNames] = useState<Readonly<Record<string, string>>>({});

  // Object type names for the table list (the preview names types by id).
  useEffect(() => {
    if (!current) return;
    let live = true;
    void Promise.all(current.schemaIds.map((s) => api.listObjectTypes(s))).then((results) => {
      if (!live) return;
      const names: Record<string, string> = {};
      for (const r of results) if (r.ok) for (const t of r.data) names[t.id] = t.name;
      setTypeNames(names);
    });
    return () => {
      live = false;
    };
  }, [current]);

  useEffect(() => {
    if (!current || !target) return;
    const mine = ++seq.current;
    setPreview(undefined);
    void api.previewDdl({ id: current.id, dialect: target }).then((r) => {
      if (mine === seq.current) setPreview(r);
    });
  }, [current?.id, current?.updatedAt, target, reload]);

  if (exports.length === 0) {
    return (
      <SectionMessage appearance="information" title="No exports yet">
        <Text>Create an export on the Exports tab to preview its SQL.</Text>
      </SectionMessage>
    );
  }

  const dialectLabel = DIALECT_LABELS[target ?? 'postgresql'];
  const lastRun = current?.lastRuns?.[target ?? 'postgresql'] ?? null;
  /** undefined: the backend does not report drift; null: no completed run for this dialect yet. */
  const drift = preview?.ok ? preview.data.drift : undefined;
  const driftRun = drift
    ? `the last completed ${dialectLabel} ${drift.target === 'push' ? 'push' : 'pull'} run${drift.since ? ` (${formatTime(drift.since)})` : ''}`
    : '';
  const linkCount = preview?.ok ? preview.data.tables.reduce((n, t) => n + t.links.length, 0) : 0;

  return (
    <Stack space="space.200">
      <Inline space="space.300" alignBlock="end" shouldWrap>
        <ExportPicker
          id="preview-export"
          exports={exports}
          selected={selected}
          onChange={(id) => {
            setDialect(undefined);
            onSelect(id);
          }}
        />
        <Box xcss={narrow}>
          <Stack space="space.050">
            <Label labelFor="preview-dialect">Dialect</Label>
            <Select
              inputId="preview-dialect"
              testId="preview-dialect"
              options={DIALECT_OPTIONS}
              value={DIALECT_OPTIONS.find((o) => o.value === target) ?? null}
              onChange={(o: { value: Dialect } | null) => o && setDialect(o.value)}
            />
          </Stack>
        </Box>
        <Button iconBefore="refresh" onClick={() => setReload((n) => n + 1)} isDisabled={!current}>
          Refresh
        </Button>
      </Inline>

      {!current ? <Hint>Choose an export to see the tables it creates.</Hint> : null}
      {current && !preview ? <Loading label="Building the preview…" /> : null}
      {preview && !preview.ok ? <ErrorBanner error={preview.error} testId="preview-error" /> : null}

      {preview?.ok ? (
        <Stack space="space.200">
          <Heading size="small">Schema drift</Heading>
          {drift && drift.changes.length > 0 ? (
            <SectionMessage
              appearance="warning"
              title={`${plural(drift.changes.length, 'change')} since ${driftRun}`}
              testId="drift"
            >
              <Stack space="space.100">
                <List type="unordered">
                  {drift.changes.map((change, i) => (
                    <ListItem key={`${i}:${change}`}>
                      <Text testId="drift-change">{change}</Text>
                    </ListItem>
                  ))}
                </List>
                <Text>
                  The next run starts with ALTER statements for these changes (listed as SQL comments too).
                  Removed columns and tables are kept.
                </Text>
              </Stack>
            </SectionMessage>
          ) : drift ? (
            <SectionMessage appearance="success" testId="drift">
              <Text>{`No changes since ${driftRun}.`}</Text>
            </SectionMessage>
          ) : drift === null ? (
            <Text testId="drift">
              {`No completed ${dialectLabel} run yet, so there is nothing to compare with: the first run creates every table below.`}
            </Text>
          ) : (
            <Text testId="drift">
              {lastRun
                ? `Last completed ${dialectLabel} run: ${formatTime(lastRun.finishedAt)}. The changes since then are listed as SQL comments at the start of the next run.`
                : `No completed ${dialectLabel} run yet, so there is nothing to compare with: the first run creates every table below.`}
            </Text>
          )}

          <Inline space="space.100" alignBlock="center">
            <Heading size="small">Tables</Heading>
            <Badge>{preview.data.tables.length}</Badge>
            {linkCount ? <Text color="color.text.subtle">and {plural(linkCount, 'link table')}</Text> : null}
          </Inline>
          <DynamicTable
            testId="preview-tables"
            head={{
              cells: [
                { key: 'table', content: 'Table' },
                { key: 'type', content: 'Assets object type' },
                { key: 'links', content: 'Link tables (multi-valued attributes)' },
              ],
            }}
            rows={preview.data.tables.map((t) => ({
              key: t.objectTypeId,
              cells: [
                { key: 'table', content: <Code>{t.name}</Code> },
                {
                  key: 'type',
                  content: typeNames[t.objectTypeId]
                    ? `${typeNames[t.objectTypeId]} (${t.objectTypeId})`
                    : t.objectTypeId,
                },
                {
                  key: 'links',
                  content: t.links.length ? (
                    <Inline space="space.050" shouldWrap>
                      {t.links.map((l) => (
                        <Code key={l.name}>{l.name}</Code>
                      ))}
                    </Inline>
                  ) : (
                    '—'
                  ),
                },
              ],
            }))}
          />
          <Inline spread="space-between" alignBlock="center">
            <Heading size="small">CREATE TABLE statements ({DIALECT_LABELS[preview.data.dialect]})</Heading>
          </Inline>
          <Hint>
            The first chunk of every pull creates these tables (IF NOT EXISTS), so there is nothing to run by
            hand.
          </Hint>
          <Box testId="preview-sql">
            <CodeBlock language={CODE_LANGUAGE[preview.data.dialect]} text={preview.data.sql} />
          </Box>
        </Stack>
      ) : null}
    </Stack>
  );
}
