/**
 * The admin page's frame: a header, then the load error, a spinner, or the tabs once the page's data is loaded.
 * Only the open tab is rendered, so each tab loads its own data when first opened.
 */
import { Box, Button, Inline, Stack, Tab, TabList, TabPanel, Tabs, Text, xcss } from '@forge/react';
import { type ReactNode, useState } from 'react';
import { ErrorBanner, Loading, Success } from './components';
import type { ApiError, ApiResult } from './result';

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
  /**
   * Break glass (the app's `call('resetAdminList', {})`): offered when the page is refused, because a Jira admin
   * not on the app-admin list is refused everything else; only a Jira site admin's reset succeeds.
   */
  readonly resetAdminList?: () => Promise<ApiResult<unknown>>;
}

const panelBody = xcss({ paddingBlock: 'space.200' });

export function AdminShell<T>({
  header,
  data,
  error,
  tabs,
  testId,
  listFieldErrors,
  resetAdminList,
}: AdminShellProps<T>): ReactNode {
  const [tab, setTab] = useState(0);

  if (error) {
    return (
      <Stack space="space.200" testId="admin-error">
        {header}
        <ErrorBanner error={error} listFields={listFieldErrors} />
        {error.code === 'FORBIDDEN' && resetAdminList ? <ResetAdminList reset={resetAdminList} /> : null}
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

function ResetAdminList({ reset }: { reset: () => Promise<ApiResult<unknown>> }): ReactNode {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    const result = await reset();
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setDone(true);
  };
  return (
    <Stack space="space.100" testId="admin-reset">
      <Text>
        If you are a Jira admin but not on this app's admin list: a Jira site admin can reset the list, after
        which every Jira admin is an app admin again until someone is added to it. The reset is recorded in
        the audit log.
      </Text>
      {error ? <ErrorBanner error={error} /> : null}
      {done ? <Success>The app admin list was reset. Reload this page.</Success> : null}
      <Inline>
        <Button onClick={() => void run()} isDisabled={busy || done} testId="admin-reset-button">
          {busy ? 'Resetting…' : 'Reset the app admin list (Jira site admins)'}
        </Button>
      </Inline>
    </Stack>
  );
}
