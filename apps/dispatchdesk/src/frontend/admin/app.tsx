/**
 * DispatchDesk's admin page (UI Kit): Projects & locations, Phases (detect statuses, mapping, health check),
 * Dispatching (transitions, travel speed), Map (tile provider, default view, offices), Roles and the Audit log.
 * Every save goes through `saveConfig` / `saveRole`, which the backend audits.
 */
import { Box, Heading, Stack, Tab, TabList, TabPanel, Tabs, Text, xcss } from '@forge/react';
import { type ReactNode, useEffect, useState } from 'react';
import type { DispatchConfig } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { AuditTab } from './audit';
import { ErrorBanner, Loading } from './components';
import { DispatchingTab } from './dispatching';
import { GeneralTab } from './general';
import { MapTab } from './map';
import { PhasesTab } from './phases';
import { RolesTab } from './roles';

const TABS = ['Projects & locations', 'Phases', 'Dispatching', 'Map', 'Roles', 'Audit log'] as const;
const panelBody = xcss({ paddingBlock: 'space.200' });

export function AdminApp(): ReactNode {
  const [config, setConfig] = useState<DispatchConfig | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [tab, setTab] = useState(0);

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
  if (error) {
    return (
      <Stack space="space.200" testId="admin-error">
        {header}
        <ErrorBanner error={error} />
      </Stack>
    );
  }
  if (!config) {
    return (
      <Stack space="space.200">
        {header}
        <Loading label="Loading settings…" />
      </Stack>
    );
  }
  const panel = (i: number, content: () => ReactNode) => (
    <TabPanel>
      <Box xcss={panelBody}>{tab === i ? content() : null}</Box>
    </TabPanel>
  );
  return (
    <Stack space="space.200" testId="dispatchdesk-admin">
      {header}
      <Tabs id="dispatchdesk-admin-tabs" selected={tab} onChange={(i) => setTab(i)}>
        <TabList>
          {TABS.map((t) => (
            <Tab key={t}>{t}</Tab>
          ))}
        </TabList>
        {panel(0, () => (
          <GeneralTab config={config} onSaved={setConfig} />
        ))}
        {panel(1, () => (
          <PhasesTab config={config} onSaved={setConfig} />
        ))}
        {panel(2, () => (
          <DispatchingTab config={config} onSaved={setConfig} />
        ))}
        {panel(3, () => (
          <MapTab config={config} onSaved={setConfig} />
        ))}
        {panel(4, () => (
          <RolesTab />
        ))}
        {panel(5, () => (
          <AuditTab />
        ))}
      </Tabs>
    </Stack>
  );
}
