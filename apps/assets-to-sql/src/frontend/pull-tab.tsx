/**
 * Pull: the pull endpoint (`getPullEndpoint`), the documented client commands with the real URL filled in, and
 * API keys: create (shown once in a Modal), list, revoke with confirmation.
 */
import {
  Box,
  Button,
  Checkbox,
  Code,
  CodeBlock,
  DatePicker,
  DynamicTable,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Lozenge,
  Select,
  Stack,
  Text,
  Textfield,
  xcss,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import { type ApiError, type ApiKeyView, type ApiResult, api, type ExportView } from './api';
import {
  ConfirmModal,
  ErrorBanner,
  ExportPicker,
  FieldError,
  Hint,
  Loading,
  OneTimeSecretModal,
} from './components';
import { endOfDayUtc, formatTime } from './format';
import { fieldError } from './result';

const card = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.200',
});
const narrow = xcss({ maxWidth: '420px' });

type Target = 'sqlite' | 'postgresql' | 'mysql';
const TARGETS: readonly { label: string; value: Target; pipe: string }[] = [
  { label: 'SQLite (sqlite3)', value: 'sqlite', pipe: 'sqlite3 assets.sqlite' },
  { label: 'PostgreSQL (psql)', value: 'postgresql', pipe: 'psql -v ON_ERROR_STOP=1 "$DATABASE_URL"' },
  { label: 'MySQL / MariaDB (mysql)', value: 'mysql', pipe: 'mysql --database=cmdb' },
];

/** Single-quotes a value for POSIX sh. */
const sh = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The README's client commands for one target database, with the real URL and export id. */
export function pullCommands(url: string, exportId: string, target: Target): string {
  const pipe = TARGETS.find((t) => t.value === target)?.pipe ?? 'sqlite3 assets.sqlite';
  const u = sh(url);
  return [
    '# The key goes in the environment, never on the command line of the script:',
    'export A2S_KEY=a2s_…',
    '',
    '# The whole export, following X-Next-Cursor (scripts/pull.sh: POSIX sh + curl, retries 429/503)',
    `scripts/pull.sh ${u} ${exportId} ${target} | ${pipe}`,
    '',
    '# Only what changed since a time (an incremental pull has no deletions)',
    `scripts/pull.sh ${u} ${exportId} ${target} 2025-01-17T00:00:00Z | ${pipe}`,
    '',
    '# The same loop without the script (bash; the key is on curl’s command line, so prefer the script on shared machines)',
    'c=; while :; do',
    `  curl -sSfG -D h.txt -H "Authorization: Bearer $A2S_KEY" --data-urlencode export=${exportId} \\`,
    `    --data-urlencode dialect=${target} \${c:+--data-urlencode "cursor=$c"} ${u} || exit 1`,
    `  c=$(tr -d '\\r' < h.txt | grep -i '^x-next-cursor:' | cut -d' ' -f2)`,
    '  [ -n "$c" ] || break',
    `done | ${pipe}`,
  ].join('\n');
}

const STATUS_APPEARANCE = { active: 'success', expired: 'moved', revoked: 'removed' } as const;

export function PullTab({
  endpoint,
  exports,
  keys,
  selected,
  onSelect,
  reloadKeys,
}: {
  endpoint: ApiResult<{ url: string }> | undefined;
  exports: readonly ExportView[];
  keys: ApiResult<ApiKeyView[]> | undefined;
  selected: string | undefined;
  onSelect: (id: string) => void;
  reloadKeys: () => Promise<void>;
}): ReactNode {
  const [target, setTarget] = useState<Target>('sqlite');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ key: string; label: string } | undefined>(undefined);
  const [revoking, setRevoking] = useState<ApiKeyView | undefined>(undefined);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<ApiError | undefined>(undefined);
  const exportName = (id: string) => exports.find((e) => e.id === id)?.name ?? id;
  const url = endpoint?.ok ? endpoint.data.url : undefined;
  const exampleId = selected ?? exports[0]?.id ?? 'exp-1234abcd';

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    const result = await api.revokeApiKey(revoking.id);
    setRevokeBusy(false);
    if (!result.ok) {
      setRevokeError(result.error);
    } else {
      setRevokeError(undefined);
    }
    setRevoking(undefined);
    await reloadKeys();
  };

  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading size="small">Pull endpoint</Heading>
        <Hint>
          Clients GET SQL from this URL with an API key, one chunk at a time, and load it straight into their
          database. The app sends nothing anywhere.
        </Hint>
        {!endpoint ? <Loading label="Loading the pull endpoint…" /> : null}
        {endpoint && !endpoint.ok ? <ErrorBanner error={endpoint.error} /> : null}
        {url ? (
          <Box testId="pull-endpoint-url">
            <Code>{url}</Code>
          </Box>
        ) : null}
      </Stack>

      {url ? (
        <Box xcss={card}>
          <Stack space="space.150">
            <Heading size="xsmall">Load it into your database</Heading>
            <Inline space="space.300" alignBlock="end" shouldWrap>
              {exports.length ? (
                <ExportPicker id="pull-export" exports={exports} selected={exampleId} onChange={onSelect} />
              ) : null}
              <Box xcss={narrow}>
                <Stack space="space.050">
                  <Label labelFor="pull-target">Database</Label>
                  <Select
                    inputId="pull-target"
                    testId="pull-target"
                    options={TARGETS.map((t) => ({ label: t.label, value: t.value }))}
                    value={TARGETS.map((t) => ({ label: t.label, value: t.value })).find(
                      (t) => t.value === target,
                    )}
                    onChange={(o: { value: Target } | null) => o && setTarget(o.value)}
                  />
                </Stack>
              </Box>
            </Inline>
            <Box testId="pull-commands">
              <CodeBlock
                language="bash"
                showLineNumbers={false}
                text={pullCommands(url, exampleId, target)}
              />
            </Box>
            <Hint>
              Every statement is idempotent: loading a chunk twice, or retrying with the same cursor, is
              harmless. A cursor is valid for 7 days.
            </Hint>
          </Stack>
        </Box>
      ) : null}

      <Stack space="space.150">
        <Inline spread="space-between" alignBlock="center">
          <Stack space="space.050">
            <Heading size="small">API keys</Heading>
            <Hint>A key may pull only the exports it is scoped to. Only a hash of each key is stored.</Hint>
          </Stack>
          {!creating ? (
            <Button
              appearance="primary"
              iconBefore="add"
              onClick={() => setCreating(true)}
              isDisabled={exports.length === 0}
              testId="new-api-key-button"
            >
              Create API key
            </Button>
          ) : null}
        </Inline>
        {exports.length === 0 ? <Hint>Create an export first: a key is scoped to exports.</Hint> : null}
        {creating ? (
          <CreateKeyForm
            exports={exports}
            preselected={selected}
            onCancel={() => setCreating(false)}
            onCreated={async (key, label) => {
              setCreating(false);
              setCreated({ key, label });
              await reloadKeys();
            }}
          />
        ) : null}
        <ErrorBanner error={revokeError} testId="revoke-error" />
        {!keys ? <Loading label="Loading API keys…" /> : null}
        {keys && !keys.ok ? <ErrorBanner error={keys.error} /> : null}
        {keys?.ok ? (
          <DynamicTable
            testId="api-keys-table"
            head={{
              cells: [
                { key: 'label', content: 'Label', isSortable: true },
                { key: 'key', content: 'Key' },
                { key: 'exports', content: 'Exports' },
                { key: 'created', content: 'Created', isSortable: true },
                { key: 'used', content: 'Last used', isSortable: true },
                { key: 'expires', content: 'Expires' },
                { key: 'status', content: 'Status' },
                { key: 'actions', content: '' },
              ],
            }}
            rows={keys.data.map((k) => ({
              key: k.id,
              cells: [
                { key: k.label, content: <Text weight="semibold">{k.label}</Text> },
                { key: 'key', content: <Code>{k.prefix}</Code> },
                { key: 'exports', content: k.exportIds.map(exportName).join(', ') },
                { key: k.createdAt, content: formatTime(k.createdAt) },
                { key: k.lastUsedAt ?? '', content: k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never' },
                { key: 'expires', content: k.expiresAt ? formatTime(k.expiresAt) : 'Never' },
                {
                  key: 'status',
                  content: (
                    <Lozenge appearance={STATUS_APPEARANCE[k.status]} testId={`key-status-${k.id}`}>
                      {k.status}
                    </Lozenge>
                  ),
                },
                {
                  key: 'actions',
                  content:
                    k.status === 'revoked' ? (
                      <Text size="small" color="color.text.subtlest">
                        {formatTime(k.revokedAt)}
                      </Text>
                    ) : (
                      <Button
                        spacing="compact"
                        appearance="subtle"
                        onClick={() => setRevoking(k)}
                        testId={`revoke-${k.id}`}
                      >
                        Revoke
                      </Button>
                    ),
                },
              ],
            }))}
            emptyView={<Text>No API keys yet.</Text>}
          />
        ) : null}
      </Stack>

      {created ? (
        <OneTimeSecretModal
          title={`API key "${created.label}" created`}
          what="API key"
          lost="revoke it and create a new key (only a hash of the key is stored)"
          value={created.key}
          testId="new-api-key"
          onClose={() => setCreated(undefined)}
        >
          <Text>
            Give it to the client as the environment variable <Code>A2S_KEY</Code>; it is sent as{' '}
            <Code>Authorization: Bearer …</Code>.
          </Text>
        </OneTimeSecretModal>
      ) : null}
      {revoking ? (
        <ConfirmModal
          title="Revoke this API key?"
          confirmLabel="Revoke key"
          busy={revokeBusy}
          onCancel={() => setRevoking(undefined)}
          onConfirm={revoke}
          testId="revoke-modal"
        >
          <Text>
            Clients using <Code>{revoking.prefix}</Code> ({revoking.label}) get 401 from their next request.
            This cannot be undone; the key stays listed as revoked.
          </Text>
        </ConfirmModal>
      ) : null}
    </Stack>
  );
}

function CreateKeyForm({
  exports,
  preselected,
  onCancel,
  onCreated,
}: {
  exports: readonly ExportView[];
  preselected: string | undefined;
  onCancel: () => void;
  onCreated: (key: string, label: string) => Promise<void>;
}): ReactNode {
  const [label, setLabel] = useState('');
  const [exportIds, setExportIds] = useState<readonly string[]>(
    preselected ? [preselected] : exports.length === 1 && exports[0] ? [exports[0].id] : [],
  );
  const [expiry, setExpiry] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(undefined);
    const expiresAt = expiry ? endOfDayUtc(expiry) : undefined;
    const result = await api.createApiKey({
      label: label.trim(),
      exportIds,
      ...(expiresAt ? { expiresAt } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    await onCreated(result.data.key, label.trim());
  };

  return (
    <Box xcss={card} testId="create-key-form">
      <Stack space="space.200">
        <Heading size="xsmall">New API key</Heading>
        <ErrorBanner error={error} testId="create-key-error" />
        <Box xcss={narrow}>
          <Stack space="space.050">
            <Label labelFor="key-label">Label</Label>
            <Textfield
              id="key-label"
              testId="key-label"
              value={label}
              placeholder="e.g. Reporting DB nightly job"
              isInvalid={!!fieldError(error, 'label')}
              onChange={(e) => setLabel(String(e.target.value ?? ''))}
            />
            <HelperMessage>
              Who or what uses the key, so you know what breaks when you revoke it.
            </HelperMessage>
            <FieldError error={error} field="label" />
          </Stack>
        </Box>
        <Stack space="space.075">
          <Text weight="semibold">Exports this key may pull</Text>
          {exports.map((e) => (
            <Checkbox
              key={e.id}
              testId={`key-export-${e.id}`}
              label={`${e.name} (${e.id})`}
              isChecked={exportIds.includes(e.id)}
              onChange={(ev) =>
                setExportIds(ev.target.checked ? [...exportIds, e.id] : exportIds.filter((id) => id !== e.id))
              }
            />
          ))}
          <FieldError error={error} field="exportIds" />
        </Stack>
        <Box xcss={narrow}>
          <Stack space="space.050">
            <Label labelFor="key-expiry">Expires (optional)</Label>
            <DatePicker
              id="key-expiry"
              testId="key-expiry"
              value={expiry}
              isInvalid={!!fieldError(error, 'expiresAt')}
              onChange={(value: string) => setExpiry(value ?? '')}
            />
            <HelperMessage>
              The key stops working at the end of this day (UTC). Leave empty for no expiry.
            </HelperMessage>
            <FieldError error={error} field="expiresAt" />
          </Stack>
        </Box>
        <Inline space="space.100">
          <Button appearance="primary" onClick={create} isDisabled={busy} testId="create-key">
            {busy ? 'Creating…' : 'Create key'}
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </Box>
  );
}
