/**
 * TechDesk's issue panel: one `getPanel` call on load (the backend fetches everything in one parallel wave),
 * then each section talks to its own resolver and patches the loaded data.
 */
import {
  Box,
  Button,
  Stack,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
  useProductContext,
  xcss,
} from '@forge/react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { PanelData } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { ErrorBanner, Loading } from '../components';
import { formatSeconds } from '../format';
import { Assets } from './assets';
import { withSaved } from './canned';
import { Details } from './details';
import { Feedback } from './feedback';
import { Header } from './header';
import { Reply } from './reply';
import { Time } from './time';

const tabBody = xcss({ paddingBlock: 'space.150' });

export function issueKeyOf(context: unknown): string | undefined {
  const extension = (context as { extension?: { issue?: { key?: unknown } } } | undefined)?.extension;
  const key = extension?.issue?.key;
  return typeof key === 'string' && key ? key : undefined;
}

export function PanelApp(): ReactNode {
  const context = useProductContext();
  const issueKey = issueKeyOf(context);
  const [data, setData] = useState<PanelData | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [tab, setTab] = useState(0);

  const load = useCallback(async (key: string, quiet = false) => {
    if (!quiet) {
      setData(undefined);
      setError(undefined);
    }
    const result = await call('getPanel', { issueKey: key });
    if (result.ok) {
      setData(result.data);
      setError(undefined);
    } else if (!quiet) setError(result.error);
  }, []);

  useEffect(() => {
    if (issueKey) void load(issueKey);
  }, [issueKey, load]);

  if (context && !issueKey) {
    return <ErrorBanner error={{ code: 'NOT_FOUND', message: 'Open a ticket to use TechDesk.' }} />;
  }
  if (error) {
    return (
      <Stack space="space.100" testId="panel-error">
        <ErrorBanner error={error} />
        {error.code === 'RETRY' || error.code === 'INTERNAL' ? (
          <Box>
            <Button onClick={() => issueKey && void load(issueKey)}>Try again</Button>
          </Box>
        ) : null}
      </Stack>
    );
  }
  if (!data) return <Loading label="Loading the ticket…" />;

  const patch = (change: Partial<PanelData>) => setData((d) => (d ? { ...d, ...change } : d));
  // The next page of every list that has one, appended (getPanel sends only the first pages).
  const loadMoreCanned = async (): Promise<ApiError | undefined> => {
    const scopes = (['personal', 'project', 'global'] as const).filter((s) => data.cannedMore[s]);
    const pages = await Promise.all(
      scopes.map((scope) =>
        call('listCannedResponses', {
          issueKey: data.issue.key,
          scope,
          cursor: data.cannedMore[scope] ?? undefined,
        }),
      ),
    );
    const failed = pages.find((p) => !p.ok);
    if (failed && !failed.ok) return failed.error;
    setData((d) => {
      if (!d) return d;
      let list = d.cannedResponses;
      const more = { ...d.cannedMore };
      pages.forEach((p, i) => {
        if (!p.ok) return;
        for (const c of p.data.items) list = withSaved(list, c);
        more[scopes[i] as keyof typeof more] = p.data.cursor;
      });
      return { ...d, cannedResponses: list, cannedMore: more };
    });
    return undefined;
  };
  const assetCount = data.assets.fields.reduce((n, f) => n + f.objects.length, 0);

  return (
    <Stack space="space.200" testId="techdesk-panel">
      <Header
        data={data}
        onStatus={(status) => {
          patch({ issue: { ...data.issue, status } });
          // Transitions, SLAs and the auto timer depend on the status: refresh them quietly.
          void load(data.issue.key, true);
        }}
        onAssignee={(assignee) => patch({ issue: { ...data.issue, assignee } })}
      />
      <Tabs id="techdesk-tabs" selected={tab} onChange={(i) => setTab(i)}>
        <TabList>
          <Tab>Reply</Tab>
          <Tab>{`Time · ${formatSeconds(data.totalLoggedSeconds)}`}</Tab>
          <Tab>Request details</Tab>
          <Tab>{`Assets (${assetCount})`}</Tab>
        </TabList>
        <TabPanel>
          <Box xcss={tabBody}>
            <Reply
              issueKey={data.issue.key}
              projectKey={data.issue.projectKey}
              canned={data.cannedResponses}
              cannedHasMore={Object.values(data.cannedMore).some((c) => c !== null)}
              cannedCap={data.cannedCap}
              onLoadMoreCanned={loadMoreCanned}
              canComment={data.permissions.comment}
              canManageProjectCanned={data.permissions.manageProjectCanned}
              onCannedSaved={(saved) =>
                setData((d) => (d ? { ...d, cannedResponses: withSaved(d.cannedResponses, saved) } : d))
              }
              onCannedDeleted={(id) =>
                setData((d) =>
                  d ? { ...d, cannedResponses: d.cannedResponses.filter((c) => c.id !== id) } : d,
                )
              }
            />
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={tabBody}>
            <Time
              issueKey={data.issue.key}
              canLog={data.permissions.logWork}
              timer={data.timer}
              worklogs={data.worklogs}
              totalLoggedSeconds={data.totalLoggedSeconds}
              onChange={(next) => patch(next)}
            />
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={tabBody}>
            <Details details={data.requestDetails} />
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={tabBody}>
            <Assets
              issueKey={data.issue.key}
              assets={data.assets}
              onField={(field) =>
                patch({
                  assets: {
                    ...data.assets,
                    fields: data.assets.fields.some((f) => f.fieldId === field.fieldId)
                      ? data.assets.fields.map((f) => (f.fieldId === field.fieldId ? field : f))
                      : [...data.assets.fields, field],
                  },
                })
              }
            />
          </Box>
        </TabPanel>
      </Tabs>
      <Feedback />
      {data.me ? (
        <Text size="small" color="color.text.subtlest">{`Signed in as ${data.me.displayName}`}</Text>
      ) : null}
    </Stack>
  );
}
