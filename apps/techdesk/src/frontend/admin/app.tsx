/** TechDesk's admin page: Projects, Canned responses, Assets, Roles, Feedback and the Audit log. */
import { Box, Stack, Tab, TabList, TabPanel, Tabs, Text, xcss } from '@forge/react';
import { type ReactNode, useEffect, useState } from 'react';
import { type ApiError, call } from '../api';
import { ErrorBanner, Loading } from '../components';
import { AssetsTab } from './assets';
import { CannedTab } from './canned';
import { AuditTab, FeedbackTab } from './lists';
import { type AdminConfig, withCanned, withConfig } from './model';
import { ProjectsTab } from './projects';
import { RolesTab } from './roles';

const TABS = ['Projects', 'Canned responses', 'Assets', 'Roles', 'Feedback', 'Audit log'] as const;
const panelBody = xcss({ paddingBlock: 'space.200' });

export function AdminApp(): ReactNode {
  const [admin, setAdmin] = useState<AdminConfig | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [tab, setTab] = useState(0);
  const [projectKey, setProjectKey] = useState<string | undefined>();

  useEffect(() => {
    void (async () => {
      const result = await call('getAdminConfig', {});
      if (!result.ok) return setError(result.error);
      setAdmin(result.data);
      setProjectKey(result.data.projects[0]?.key);
    })();
  }, []);

  const header = (
    <Text color="color.text.subtle">
      Settings for the TechDesk ticket panel: where it runs, canned responses, Assets search and who may use
      it.
    </Text>
  );
  if (error) {
    return (
      <Stack space="space.200" testId="admin-error">
        {header}
        <ErrorBanner error={error} />
      </Stack>
    );
  }
  if (!admin) {
    return (
      <Stack space="space.200">
        {header}
        <Loading label="Loading settings…" />
      </Stack>
    );
  }

  // Only the open tab is rendered, so each tab loads its data when first opened.
  const panel = (i: number, content: () => ReactNode) => (
    <TabPanel>
      <Box xcss={panelBody}>{tab === i ? content() : null}</Box>
    </TabPanel>
  );
  return (
    <Stack space="space.200" testId="techdesk-admin">
      {header}
      <Tabs id="techdesk-admin-tabs" selected={tab} onChange={(i) => setTab(i)}>
        <TabList>
          {TABS.map((t) => (
            <Tab key={t}>{t}</Tab>
          ))}
        </TabList>
        {panel(0, () => (
          <ProjectsTab
            admin={admin}
            projectKey={projectKey}
            onProject={setProjectKey}
            onSaved={(c) => setAdmin((a) => (a ? withConfig(a, c) : a))}
          />
        ))}
        {panel(1, () => (
          <CannedTab
            admin={admin}
            onSaved={(c) => setAdmin((a) => (a ? withCanned(a, c) : a))}
            onDeleted={(id) =>
              setAdmin((a) => (a ? { ...a, canned: a.canned.filter((c) => c.id !== id) } : a))
            }
          />
        ))}
        {panel(2, () => (
          <AssetsTab
            admin={admin}
            projectKey={projectKey}
            onProject={setProjectKey}
            onSaved={(c) => setAdmin((a) => (a ? withConfig(a, c) : a))}
          />
        ))}
        {panel(3, () => (
          <RolesTab />
        ))}
        {panel(4, () => (
          <FeedbackTab />
        ))}
        {panel(5, () => (
          <AuditTab />
        ))}
      </Tabs>
    </Stack>
  );
}
