/**
 * DispatchDesk's admin page (UI Kit): Projects & locations, Phases (detect statuses, mapping, health check),
 * Dispatching (transitions, travel speed), Map (tile provider, default view, offices), Roles and the Audit log.
 * Every save goes through `saveConfig` / `saveRole`, which the backend audits.
 */
import { Heading, Stack, Text } from '@forge/react';
import { AdminShell, type AdminTab } from '@suite/admin-ui';
import { type ReactNode, useEffect, useState } from 'react';
import type { DispatchConfig } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { AuditTab } from './audit';
import { DispatchingTab } from './dispatching';
import { GeneralTab } from './general';
import { MapTab } from './map';
import { PhasesTab } from './phases';
import { RolesTab } from './roles';

export function AdminApp(): ReactNode {
  const [config, setConfig] = useState<DispatchConfig | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  // Bumped by a reload, so the tabs start again from the fresh config (and its version), not from stale drafts.
  const [generation, setGeneration] = useState(0);

  const load = async () => {
    const result = await call('getConfig', {});
    if (!result.ok) return setError(result.error);
    setConfig(result.data);
    setGeneration((g) => g + 1);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void load();
  }, []);
  const onReload = () => void load();

  const header = (
    <Stack space="space.050">
      <Heading size="large">DispatchDesk</Heading>
      <Text color="color.text.subtle">
        Settings for the dispatcher console: which tickets appear on the map, how their statuses map to
        dispatch phases, what assigning does, and who may dispatch.
      </Text>
    </Stack>
  );
  const tabs: readonly AdminTab<DispatchConfig>[] = [
    {
      label: 'Projects & locations',
      render: (c) => <GeneralTab key={generation} config={c} onSaved={setConfig} onReload={onReload} />,
    },
    {
      label: 'Phases',
      render: (c) => <PhasesTab key={generation} config={c} onSaved={setConfig} onReload={onReload} />,
    },
    {
      label: 'Dispatching',
      render: (c) => <DispatchingTab key={generation} config={c} onSaved={setConfig} onReload={onReload} />,
    },
    {
      label: 'Map',
      render: (c) => <MapTab key={generation} config={c} onSaved={setConfig} onReload={onReload} />,
    },
    { label: 'Roles', render: () => <RolesTab /> },
    { label: 'Audit log', render: () => <AuditTab /> },
  ];
  return (
    <AdminShell
      header={header}
      data={config}
      error={error}
      tabs={tabs}
      testId="dispatchdesk-admin"
      listFieldErrors
      resetAdminList={() => call('resetAdminList', {})}
    />
  );
}
