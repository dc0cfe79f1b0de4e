/** TechDesk's admin page: Projects, Canned responses, Assets, Roles, Feedback and the Audit log. */
import { Text } from '@forge/react';
import { AdminShell, type AdminTab } from '@suite/admin-ui';
import { type ReactNode, useEffect, useState } from 'react';
import { type ApiError, call } from '../api';
import { AssetsTab } from './assets';
import { CannedTab } from './canned';
import { AuditTab, FeedbackTab } from './lists';
import { type AdminConfig, withCanned, withCannedPage, withConfig } from './model';
import { ProjectsTab } from './projects';
import { RolesTab } from './roles';

export function AdminApp(): ReactNode {
  const [admin, setAdmin] = useState<AdminConfig | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [projectKey, setProjectKey] = useState<string | undefined>();
  // Bumped by a reload, so the tabs start again from the fresh data (and its versions) instead of stale drafts.
  const [generation, setGeneration] = useState(0);

  const load = async (first: boolean) => {
    const result = await call('getAdminConfig', {});
    if (!result.ok) return setError(result.error);
    setAdmin(result.data);
    setGeneration((g) => g + 1);
    if (first) setProjectKey(result.data.projects[0]?.key);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void load(true);
  }, []);
  const reload = () => void load(false);

  const header = (
    <Text color="color.text.subtle">
      Settings for the TechDesk ticket panel: where it runs, canned responses, Assets search and who may use
      it.
    </Text>
  );
  const update = (f: (a: AdminConfig) => AdminConfig) => setAdmin((a) => (a ? f(a) : a));
  const tabs: readonly AdminTab<AdminConfig>[] = [
    {
      label: 'Projects',
      render: (loaded) => (
        <ProjectsTab
          key={generation}
          admin={loaded}
          onReload={reload}
          projectKey={projectKey}
          onProject={setProjectKey}
          onSaved={(c) => update((a) => withConfig(a, c))}
        />
      ),
    },
    {
      label: 'Canned responses',
      render: (loaded) => (
        <CannedTab
          key={generation}
          admin={loaded}
          onReload={reload}
          onSaved={(c) => update((a) => withCanned(a, c))}
          onDeleted={(id) => update((a) => ({ ...a, canned: a.canned.filter((c) => c.id !== id) }))}
          onPage={(scope, page) => update((a) => withCannedPage(a, scope, page))}
        />
      ),
    },
    {
      label: 'Assets',
      render: (loaded) => (
        <AssetsTab
          key={generation}
          admin={loaded}
          onReload={reload}
          projectKey={projectKey}
          onProject={setProjectKey}
          onSaved={(c) => update((a) => withConfig(a, c))}
        />
      ),
    },
    { label: 'Roles', render: () => <RolesTab /> },
    { label: 'Feedback', render: () => <FeedbackTab /> },
    { label: 'Audit log', render: () => <AuditTab /> },
  ];
  return (
    <AdminShell
      header={header}
      data={admin}
      error={error}
      tabs={tabs}
      testId="techdesk-admin"
      resetAdminList={() => call('resetAdminList', {})}
    />
  );
}
