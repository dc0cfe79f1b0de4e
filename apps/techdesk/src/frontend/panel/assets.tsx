/** The ticket's Assets objects per field, and (when the admin set an AQL template) search and link. */
import { Box, Button, Heading, Inline, Lozenge, Select, Stack, Text, Textfield, xcss } from '@forge/react';
import { type ReactNode, useState } from 'react';
import type { AssetFieldView, AssetSummary, PanelData } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { ErrorBanner, Success } from '../components';

const card = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.small',
  padding: 'space.100',
});

interface AssetsProps {
  readonly issueKey: string;
  readonly assets: PanelData['assets'];
  readonly onField: (field: AssetFieldView) => void;
}

export function AssetObject({ object, action }: { object: AssetSummary; action?: ReactNode }): ReactNode {
  return (
    <Box xcss={card}>
      <Inline space="space.100" alignBlock="center" spread="space-between">
        <Stack space="space.050">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text weight="semibold">{object.label}</Text>
            <Lozenge>{object.objectKey}</Lozenge>
            <Text size="small" color="color.text.subtlest">
              {object.objectType}
            </Text>
          </Inline>
          {object.attributes.length > 0 ? (
            <Inline space="space.200" shouldWrap rowSpace="space.025">
              {object.attributes.map((a) => (
                <Text key={a.name} size="small">
                  {`${a.name}: ${a.value || '—'}`}
                </Text>
              ))}
            </Inline>
          ) : null}
        </Stack>
        {action ?? null}
      </Inline>
    </Box>
  );
}

export function Assets({ issueKey, assets, onField }: AssetsProps): ReactNode {
  const [text, setText] = useState('');
  const [fieldId, setFieldId] = useState<string | undefined>(assets.fields[0]?.fieldId);
  const [results, setResults] = useState<readonly AssetSummary[] | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [linked, setLinked] = useState<string | undefined>();

  const search = async () => {
    setBusy('search');
    setError(undefined);
    setLinked(undefined);
    const result = await call('searchAssets', { issueKey, text: text.trim() });
    setBusy(undefined);
    if (result.ok) setResults(result.data);
    else setError(result.error);
  };

  const link = async (object: AssetSummary) => {
    if (!fieldId) return;
    setBusy(object.objectId);
    setError(undefined);
    const result = await call('linkAsset', { issueKey, fieldId, objectId: object.objectId });
    setBusy(undefined);
    if (result.ok) {
      onField(result.data.field);
      setLinked(`Linked ${object.label} (${object.objectKey}).`);
    } else setError(result.error);
  };

  const linkedIds = new Set(
    assets.fields.find((f) => f.fieldId === fieldId)?.objects.map((o) => o.objectId) ?? [],
  );

  return (
    <Stack space="space.200">
      {assets.fields.length === 0 ? (
        <Text color="color.text.subtlest">No Assets fields are configured for this project.</Text>
      ) : null}
      {assets.fields.map((field) => (
        <Stack key={field.fieldId} space="space.100" testId={`asset-field-${field.fieldId}`}>
          <Heading size="xsmall">{field.name}</Heading>
          {field.objects.length === 0 ? (
            <Text color="color.text.subtlest">No objects linked.</Text>
          ) : (
            field.objects.map((o) => <AssetObject key={o.objectId} object={o} />)
          )}
        </Stack>
      ))}
      {assets.searchEnabled && assets.fields.length > 0 ? (
        <Stack space="space.100">
          <Heading size="xsmall">Find and link an object</Heading>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Box xcss={xcss({ flexGrow: 1, minWidth: '180px' })}>
              <Textfield
                testId="asset-search"
                placeholder="Search Assets, e.g. a name or serial number"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </Box>
            {assets.fields.length > 1 ? (
              <Box xcss={xcss({ minWidth: '160px' })}>
                <Select
                  testId="asset-field-select"
                  value={
                    fieldId
                      ? {
                          value: fieldId,
                          label: assets.fields.find((f) => f.fieldId === fieldId)?.name ?? fieldId,
                        }
                      : null
                  }
                  options={assets.fields.map((f) => ({ value: f.fieldId, label: f.name }))}
                  onChange={(o: { value: string } | null) => setFieldId(o?.value)}
                />
              </Box>
            ) : null}
            <Button
              onClick={() => void search()}
              isDisabled={busy !== undefined}
              testId="asset-search-button"
            >
              {busy === 'search' ? 'Searching…' : 'Search'}
            </Button>
          </Inline>
          <ErrorBanner error={error} testId="asset-error" />
          {linked ? <Success testId="asset-linked">{linked}</Success> : null}
          {results && results.length === 0 ? (
            <Text color="color.text.subtlest">No objects match.</Text>
          ) : null}
          {(results ?? []).map((o) => (
            <AssetObject
              key={o.objectId}
              object={o}
              action={
                linkedIds.has(o.objectId) ? (
                  <Lozenge appearance="success">Linked</Lozenge>
                ) : (
                  <Button
                    spacing="compact"
                    onClick={() => void link(o)}
                    isDisabled={busy !== undefined}
                    testId={`asset-link-${o.objectKey}`}
                  >
                    Link
                  </Button>
                )
              }
            />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
