/** Feedback and Audit log tabs: newest first, paged with the backend's cursor. */
import { Button, DynamicTable, Inline, Lozenge, Stack, Text, User } from '@forge/react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { type ApiError, call } from '../api';
import { ErrorBanner, Loading } from '../components';
import { describeChange, formatDateTime } from '../format';

interface Paged<T> {
  readonly entries: readonly T[];
  readonly cursor: string | null;
}

function usePaged<T>(
  load: (cursor?: string) => Promise<{ ok: true; data: Paged<T> } | { ok: false; error: ApiError }>,
) {
  const [entries, setEntries] = useState<readonly T[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const more = useCallback(
    async (from?: string) => {
      setBusy(true);
      setError(undefined);
      const result = await load(from);
      setBusy(false);
      if (!result.ok) return setError(result.error);
      setEntries((old) => (from ? [...(old ?? []), ...result.data.entries] : result.data.entries));
      setCursor(result.data.cursor);
    },
    [load],
  );
  useEffect(() => {
    void more();
  }, [more]);
  return { entries, cursor, busy, error, more };
}

const isAccountId = (s: string) => /^[0-9a-f]{6}:|^[0-9a-f-]{24,}$|^qm:/i.test(s);

function Who({ id }: { id: string }): ReactNode {
  return isAccountId(id) ? <User accountId={id} /> : <Text>{id}</Text>;
}

function Pager({
  cursor,
  busy,
  onMore,
  label,
}: {
  cursor: string | null;
  busy: boolean;
  onMore: () => void;
  label: string;
}) {
  if (!cursor) return null;
  return (
    <Inline alignInline="center">
      <Button onClick={onMore} isDisabled={busy} testId="load-more">
        {busy ? 'Loading…' : label}
      </Button>
    </Inline>
  );
}

const loadFeedback = (cursor?: string) => call('listFeedback', cursor ? { cursor } : {});
const loadAudit = (cursor?: string) => call('listAudit', cursor ? { cursor } : {});

export function FeedbackTab(): ReactNode {
  const { entries, cursor, busy, error, more } = usePaged(loadFeedback);
  if (!entries && error) return <ErrorBanner error={error} />;
  if (!entries) return <Loading label="Loading feedback…" />;
  return (
    <Stack space="space.150">
      <DynamicTable
        testId="feedback-table"
        emptyView={<Text color="color.text.subtlest">No feedback yet.</Text>}
        head={{
          cells: [
            { key: 'at', content: 'When' },
            { key: 'author', content: 'From' },
            { key: 'text', content: 'Feedback' },
          ],
        }}
        rows={entries.map((f) => ({
          key: f.id,
          cells: [
            { key: f.at, content: formatDateTime(f.at) },
            { key: 'author', content: <Who id={f.author} /> },
            { key: 'text', content: f.text },
          ],
        }))}
      />
      <ErrorBanner error={error} />
      <Pager cursor={cursor} busy={busy} onMore={() => cursor && void more(cursor)} label="Load more" />
    </Stack>
  );
}

function outcomeAppearance(outcome: string) {
  if (/denied|forbidden|fail|error/i.test(outcome)) return 'removed' as const;
  if (/changed|created|saved|ok|success|deleted/i.test(outcome)) return 'success' as const;
  return 'default' as const;
}

export function AuditTab(): ReactNode {
  const { entries, cursor, busy, error, more } = usePaged(loadAudit);
  if (!entries && error) return <ErrorBanner error={error} />;
  if (!entries) return <Loading label="Loading the audit log…" />;
  return (
    <Stack space="space.150">
      <DynamicTable
        testId="audit-table"
        emptyView={<Text color="color.text.subtlest">Nothing recorded yet.</Text>}
        head={{
          cells: [
            { key: 'at', content: 'When' },
            { key: 'actor', content: 'Who' },
            { key: 'action', content: 'Action' },
            { key: 'outcome', content: 'Outcome' },
            { key: 'target', content: 'Target' },
            { key: 'change', content: 'Change' },
          ],
        }}
        rows={entries.map((e, i) => ({
          key: `${e.at}-${i}`,
          cells: [
            { key: e.at, content: formatDateTime(e.at) },
            { key: 'actor', content: <Who id={e.actor} /> },
            { key: 'action', content: e.action },
            {
              key: 'outcome',
              content: <Lozenge appearance={outcomeAppearance(e.outcome)}>{e.outcome}</Lozenge>,
            },
            { key: 'target', content: e.target ?? '—' },
            { key: 'change', content: describeChange(e.before, e.after) },
          ],
        }))}
      />
      <ErrorBanner error={error} />
      <Pager cursor={cursor} busy={busy} onMore={() => cursor && void more(cursor)} label="Older entries" />
    </Stack>
  );
}
