/**
 * The admin page's frame: a header, then the load error, a spinner, or the tabs once the page's data is loaded.
 * Only the open tab is rendered, so each tab loads its own data when first opened.
 */
import { Box, Stack, Tab, TabList, TabPanel, Tabs, xcss } from '@forge/react';
import { type ReactNode, useState } from 'react';
import { ErrorBanner, Loading } from './components';
import type { ApiError } from './result';

/** One tab: its label and its content, given the page's loaded data. */
export interface AdminTab<T> {
  readonly label: string;
  readonly render: (data: T) => ReactNode;
}

export interface AdminShellProps<T> {
  /** Shown above the error, the spinner and the tabs. */
  readonly header: ReactNode;
  /** The page's data; `undefined` while loading. */
  readonly data: T | undefined;
  /** The error loading the data failed with; shown instead of the tabs. */
  readonly error: ApiError | undefined;
  readonly tabs: readonly AdminTab<T>[];
  /** The test id of the loaded page (`techdesk-admin`); the tabs' id is `${testId}-tabs`. */
  readonly testId: string;
  /** Passed to the error banner (lists field errors in it). */
  readonly listFieldErrors?: boolean;
}

const panelBody = xcss({ paddingBlock: 'space.200' });

export function AdminShell<T>({
  header,
  data,
  error,
  tabs,
  testId,
  listFieldErrors,
}: AdminShellProps<T>): ReactNode {
  const [tab, setTab] = useState(0);

  if (error) {
    return (
      <Stack space="space.200" testId="admin-error">
        {header}
        <ErrorBanner error={error} listFields={listFieldErrors} />
      </Stack>
    );
  }
  if (data === undefined) {
    return (
      <Stack space="space.200">
        {header}
        <Loading label="Loading settings…" />
      </Stack>
    );
  }
  return (
    <Stack space="space.200" testId={testId}>
      {header}
      <Tabs id={`${testId}-tabs`} selected={tab} onChange={(i) => setTab(i)}>
        <TabList>
          {tabs.map((t) => (
            <Tab key={t.label}>{t.label}</Tab>
          ))}
        </TabList>
        {tabs.map((t, i) => (
          <TabPanel key={t.label}>
            <Box xcss={panelBody}>{tab === i ? t.render(data) : null}</Box>
          </TabPanel>
        ))}
      </Tabs>
    </Stack>
  );
}
