/** The request's answered fields (read-only). */
import { Inline, Stack, Text } from '@forge/react';
import type { ReactNode } from 'react';
import type { PanelData } from '../../domain/contract';

export function Details({ details }: { details: PanelData['requestDetails'] }): ReactNode {
  if (details.length === 0) {
    return <Text color="color.text.subtlest">The request has no answered fields.</Text>;
  }
  return (
    <Stack space="space.075" testId="request-details">
      {details.map((d) => (
        <Inline key={d.label} space="space.150" alignBlock="start">
          <Text weight="semibold" color="color.text.subtle">
            {`${d.label}:`}
          </Text>
          <Text>{d.value || '—'}</Text>
        </Inline>
      ))}
    </Stack>
  );
}
