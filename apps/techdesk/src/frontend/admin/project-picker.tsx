import { Box, Label, Select, Stack, xcss } from '@forge/react';
import type { ReactNode } from 'react';
import type { AdminConfig } from './model';

const narrow = xcss({ maxWidth: '360px' });

export function ProjectPicker({
  admin,
  projectKey,
  onProject,
  testId,
}: {
  admin: AdminConfig;
  projectKey: string | undefined;
  onProject: (key: string) => void;
  testId: string;
}): ReactNode {
  const option = (key: string) => {
    const p = admin.projects.find((x) => x.key === key);
    return { value: key, label: p ? `${p.name} (${p.key})` : key };
  };
  return (
    <Box xcss={narrow}>
      <Stack space="space.050">
        <Label labelFor={testId}>Project</Label>
        <Select
          inputId={testId}
          testId={testId}
          placeholder="Choose a project"
          value={projectKey ? option(projectKey) : null}
          options={admin.projects.map((p) => option(p.key))}
          onChange={(o: { value: string } | null) => o && onProject(o.value)}
        />
      </Stack>
    </Box>
  );
}
