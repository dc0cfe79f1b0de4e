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

  useEffect(() => {
    void (async () => {
      const result = await call('getConfig', {});
      if (!result.ok) return setError(result.error);
      setConfig(result.data);
    })();
  }, []);

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
    { label: 'Projects & locations', render: (c) => <GeneralTab config={c} onSaved={setConfig} /> },
    { label: 'Phases', render: (c) => <PhasesTab config={c} onSaved={setConfig} /> },
    { label: 'Dispatching', render: (c) => <DispatchingTab config={c} onSaved={setConfig} /> },
    { label: 'Map', render: (c) => <MapTab config={c} onSaved={setConfig} /> },
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
    />
  );
}
