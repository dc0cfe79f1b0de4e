/** The Assets to SQL admin page: Exports, Preview, Pull, Push and Runs. */
import { Box, Heading, Inline, Lozenge, Stack, Tab, TabList, TabPanel, Tabs, Text, xcss } from '@forge/react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { type ApiError, type ApiKeyView, type ApiResult, api, type ExportView, type Schema } from './api';
import { ErrorBanner, Loading } from './components';
import { ExportsTab } from './exports-tab';
import { plural } from './format';
import { PreviewTab } from './preview-tab';
import { PullTab } from './pull-tab';
import { PushTab } from './push-tab';
import { RunsTab } from './runs-tab';

const TABS = ['Exports', 'Preview', 'Pull', 'Push', 'Runs'] as const;
const EXPORTS = 0;
const PREVIEW = 1;
const RUNS = 4;
const panelBody = xcss({ paddingBlock: 'space.200' });

export function AdminApp(): ReactNode {
  const [exports, setExports] = useState<ApiResult<ExportView[]> | undefined>(undefined);
  const [schemas, setSchemas] = useState<ApiResult<Schema[]> | undefined>(undefined);
  const [endpoint, setEndpoint] = useState<ApiResult<{ url: string }> | undefined>(undefined);
  const [keys, setKeys] = useState<ApiResult<ApiKeyView[]> | undefined>(undefined);
  const [tab, setTab] = useState(EXPORTS);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [pollToken, setPollToken] = useState(0);

  const reloadExports = useCallback(async () => {
    const result = await api.listExports();
    setExports(result);
    if (result.ok) setSelected((s) => (s && result.data.some((e) => e.id === s) ? s : result.data[0]?.id));
  }, []);
  const reloadKeys = useCallback(async () => setKeys(await api.listApiKeys()), []);

  // The export list first: a refused user gets one refusal, not one per resolver.
  useEffect(() => {
    void (async () => {
      const first = await api.listExports();
      setExports(first);
      if (!first.ok) return;
      setSelected((s) => s ?? first.data[0]?.id);
      void api.listSchemas().then(setSchemas);
      void api.getPullEndpoint().then(setEndpoint);
      void reloadKeys();
    })();
  }, [reloadKeys]);

  const header = (
    <Inline spread="space-between" alignBlock="center">
      <Stack space="space.050">
        <Heading size="large">Assets to SQL</Heading>
        <Text color="color.text.subtle">
          Export Jira Assets object types into PostgreSQL, MySQL/MariaDB, SQL Server or SQLite.
        </Text>
      </Stack>
      {exports?.ok ? <Lozenge appearance="new">{plural(exports.data.length, 'export')}</Lozenge> : null}
    </Inline>
  );

  // A refusal (not an app admin, no Jira ADMINISTER) shows the refusal and nothing else.
  const refusal: ApiError | undefined = exports && !exports.ok ? exports.error : undefined;
  if (refusal) {
    return (
      <Stack space="space.200" testId="admin-refused">
        {header}
        <ErrorBanner
          error={refusal}
          title={refusal.code === 'FORBIDDEN' ? 'You cannot administer Assets to SQL' : undefined}
        />
        {refusal.code === 'FORBIDDEN' ? (
          <Text>
            Exports and API keys are managed by Jira administrators. Ask one of them if you need access.
          </Text>
        ) : null}
      </Stack>
    );
  }
  if (!exports) {
    return (
      <Stack space="space.200">
        {header}
        <Loading label="Loading exports…" />
      </Stack>
    );
  }

  const list = exports.ok ? exports.data : [];
  // Only the open tab is rendered, so each tab loads its data when it is opened.
  const panel = (i: number, content: () => ReactNode) => (
    <TabPanel>
      <Box xcss={panelBody}>{tab === i ? content() : null}</Box>
    </TabPanel>
  );
  return (
    <Stack space="space.200" testId="assets-to-sql-admin">
      {header}
      <Tabs id="a2s-tabs" selected={tab} onChange={(i) => setTab(i)}>
        <TabList>
          {TABS.map((t) => (
            <Tab key={t}>{t}</Tab>
          ))}
        </TabList>
        {panel(0, () => (
          <ExportsTab
            exports={list}
            schemas={schemas}
            onSaved={async (id) => {
              setSelected(id);
              await reloadExports();
            }}
            onPreview={(id) => {
              setSelected(id);
              setTab(PREVIEW);
            }}
          />
        ))}
        {panel(1, () => (
          <PreviewTab exports={list} selected={selected} onSelect={setSelected} />
        ))}
        {panel(2, () => (
          <PullTab
            endpoint={endpoint}
            exports={list}
            keys={keys}
            selected={selected}
            onSelect={setSelected}
            reloadKeys={reloadKeys}
          />
        ))}
        {panel(3, () => (
          <PushTab
            exports={list}
            selected={selected}
            onSelect={setSelected}
            onRunStarted={(id) => {
              setSelected(id);
              setPollToken((n) => n + 1);
              setTab(RUNS);
            }}
          />
        ))}
        {panel(4, () => (
          <RunsTab exports={list} selected={selected} onSelect={setSelected} pollToken={pollToken} />
        ))}
      </Tabs>
    </Stack>
  );
}
