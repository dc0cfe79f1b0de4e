/** The audit log: every configuration change, role grant and assignment, newest first, paged by cursor. */
import { Button, DynamicTable, Inline, Lozenge, Stack, Text, User } from '@forge/react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { type ApiError, call, type DataOf } from '../api';
import { ErrorBanner, Loading } from './components';

type Entry = DataOf<'listAudit'>['entries'][number];

export function AuditTab(): ReactNode {
  const [entries, setEntries] = useState<Entry[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (from?: string) => {
    setBusy(true);
    const result = await call('listAudit', from ? { cursor: from } : {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setEntries((e) => [...(from ? (e ?? []) : []), ...result.data.entries]);
    setCursor(result.data.cursor);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorBanner error={error} />;
  if (!entries) return <Loading label="Loading the audit log…" />;
  return (
    <Stack space="space.200" testId="admin-audit">
      <Inline space="space.100" alignBlock="center">
        <Text color="color.text.subtle">
          Configuration changes, role grants and assignments, newest first.
        </Text>
        <Button spacing="compact" appearance="subtle" onClick={() => void load()} isDisabled={busy}>
          Refresh
        </Button>
      </Inline>
      <DynamicTable
        testId="audit-table"
        emptyView={<Text>Nothing audited yet.</Text>}
        head={{
          cells: [
            { key: 'at', content: 'When' },
            { key: 'actor', content: 'Who' },
            { key: 'action', content: 'Action' },
            { key: 'target', content: 'Target' },
            { key: 'outcome', content: 'Outcome' },
          ],
        }}
        rows={entries.map((e, i) => ({
          key: `${e.at}-${i}`,
          cells: [
            { key: 'at', content: new Date(e.at).toLocaleString('en-GB', { timeZone: 'UTC' }) },
            {
              key: 'actor',
              content: /^[A-Za-z0-9:_-]{6,}$/.test(e.actor) ? <User accountId={e.actor} /> : e.actor,
            },
            { key: 'action', content: e.action },
            { key: 'target', content: e.target ?? '' },
            {
              key: 'outcome',
              content: (
                <Lozenge appearance={/^(ok|success|saved|allowed)$/i.test(e.outcome) ? 'success' : 'removed'}>
                  {e.outcome}
                </Lozenge>
              ),
            },
          ],
        }))}
      />
      {cursor ? (
        <Inline>
          <Button onClick={() => void load(cursor)} isDisabled={busy}>
            {busy ? 'Loading…' : 'Load more'}
          </Button>
        </Inline>
      ) : null}
    </Stack>
  );
}
