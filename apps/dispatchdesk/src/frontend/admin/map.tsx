/** Map: tile provider (OpenStreetMap by default, a keyed provider allowed), default view, and offices/depots. */
import {
  Button,
  DynamicTable,
  Heading,
  HelperMessage,
  Inline,
  Label,
  SectionMessage,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import type { Office } from '../../domain/contract';
import { ErrorBanner, FieldError, Success } from './components';
import { type ConfigTabProps, parseNumber, useSaveConfig } from './save';

const OSM = {
  url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '© OpenStreetMap contributors',
};

/** The tile host, for the manifest note (`permissions.external.images`). */
export function tileHost(url: string): string | undefined {
  const m = /^https:\/\/([^/{}]+|\{s\}\.[^/]+)\//.exec(url.trim());
  return m?.[1]?.replace('{s}', '*');
}

export function MapTab(props: ConfigTabProps): ReactNode {
  const { config } = props;
  const state = useSaveConfig(props);
  const [url, setUrl] = useState(config.tiles.url);
  const [attribution, setAttribution] = useState(config.tiles.attribution);
  // The key is write-only: typed here, stored as a secret by the backend, never sent back.
  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const keyStored = Boolean(config.tiles.apiKeyRef) && !removeKey;
  const [lat, setLat] = useState(String(config.mapView.center.lat));
  const [lng, setLng] = useState(String(config.mapView.center.lng));
  const [zoom, setZoom] = useState(String(config.mapView.zoom));
  const [offices, setOffices] = useState<Office[]>([...config.offices]);
  const [office, setOffice] = useState({ name: '', lat: '', lng: '' });

  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      state.touch();
    };
  const addOffice = () => {
    const la = parseNumber(office.lat);
    const ln = parseNumber(office.lng);
    if (
      !office.name.trim() ||
      la === undefined ||
      ln === undefined ||
      Math.abs(la) > 90 ||
      Math.abs(ln) > 180
    ) {
      state.fail({
        code: 'INVALID_INPUT',
        message: 'An office needs a name, a latitude (−90…90) and a longitude (−180…180).',
        fields: [{ path: 'office', message: 'Check the name and coordinates.' }],
      });
      return;
    }
    setOffices([...offices, { name: office.name.trim(), location: { lat: la, lng: ln } }]);
    setOffice({ name: '', lat: '', lng: '' });
    state.touch();
  };
  const save = () => {
    const la = parseNumber(lat);
    const ln = parseNumber(lng);
    const z = parseNumber(zoom);
    const fields = [
      ...(la === undefined || Math.abs(la) > 90
        ? [{ path: 'mapView.center.lat', message: 'Latitude −90…90.' }]
        : []),
      ...(ln === undefined || Math.abs(ln) > 180
        ? [{ path: 'mapView.center.lng', message: 'Longitude −180…180.' }]
        : []),
      ...(z === undefined || z < 1 || z > 18 || !Number.isInteger(z)
        ? [{ path: 'mapView.zoom', message: 'Zoom 1…18.' }]
        : []),
    ];
    if (fields.length || la === undefined || ln === undefined || z === undefined) {
      state.fail({ code: 'INVALID_INPUT', message: 'Check the default view.', fields });
      return;
    }
    const tiles = {
      url: url.trim(),
      attribution: attribution.trim(),
      ...(config.tiles.apiKeyRef ? { apiKeyRef: config.tiles.apiKeyRef } : {}),
    };
    void state
      .save({
        tiles,
        mapView: { center: { lat: la, lng: ln }, zoom: z },
        offices,
        ...(apiKey.trim() ? { tilesApiKey: apiKey.trim() } : removeKey ? { tilesApiKey: null } : {}),
      })
      .then((saved) => {
        if (!saved) return;
        setApiKey('');
        setRemoveKey(false);
      });
  };
  const host = tileHost(url);

  return (
    <Stack space="space.300" testId="admin-map">
      <Stack space="space.100">
        <Heading size="small">Tile provider</Heading>
        <Label labelFor="tile-url">Tile URL template</Label>
        <Textfield id="tile-url" value={url} width={520} onChange={(e) => edit(setUrl)(e.target.value)} />
        <HelperMessage>
          {'With {z}, {x} and {y}; {s} for subdomains. OpenStreetMap is the default.'}
        </HelperMessage>
        <FieldError error={state.error} field="url" />
        <Label labelFor="tile-attribution">Attribution (shown on the map)</Label>
        <Textfield
          id="tile-attribution"
          value={attribution}
          width={520}
          onChange={(e) => edit(setAttribution)(e.target.value)}
        />
        <FieldError error={state.error} field="attribution" />
        <Label labelFor="tile-key">API key (keyed providers, optional)</Label>
        <Inline space="space.100" alignBlock="center">
          <Textfield
            id="tile-key"
            type="password"
            value={apiKey}
            width={320}
            placeholder={keyStored ? 'A key is stored — type to replace it' : 'Paste the provider key'}
            onChange={(e) => edit(setApiKey)(e.target.value)}
          />
          {keyStored ? (
            <Button
              spacing="compact"
              appearance="subtle"
              onClick={() => {
                setRemoveKey(true);
                setApiKey('');
                state.touch();
              }}
            >
              Remove stored key
            </Button>
          ) : null}
        </Inline>
        <HelperMessage>
          {
            'Put {apiKey} in the URL where the provider expects it. The key is kept in secret storage and never shown again.'
          }
        </HelperMessage>
        <FieldError error={state.error} field="tilesApiKey" />
        <Inline space="space.100">
          <Button
            spacing="compact"
            onClick={() => {
              setUrl(OSM.url);
              setAttribution(OSM.attribution);
              setApiKey('');
              if (config.tiles.apiKeyRef) setRemoveKey(true);
              state.touch();
            }}
          >
            Use OpenStreetMap
          </Button>
        </Inline>
        {host ? (
          <SectionMessage appearance="information">
            <Text>{`Tiles load from ${host}: the app's manifest must list it under permissions.external.images.`}</Text>
          </SectionMessage>
        ) : null}
      </Stack>

      <Stack space="space.100">
        <Heading size="small">Default view</Heading>
        <Inline space="space.200">
          <Stack space="space.050">
            <Label labelFor="center-lat">Latitude</Label>
            <Textfield
              id="center-lat"
              value={lat}
              width={140}
              onChange={(e) => edit(setLat)(e.target.value)}
            />
            <FieldError error={state.error} field="lat" />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="center-lng">Longitude</Label>
            <Textfield
              id="center-lng"
              value={lng}
              width={140}
              onChange={(e) => edit(setLng)(e.target.value)}
            />
            <FieldError error={state.error} field="lng" />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="zoom">Zoom</Label>
            <Textfield
              id="zoom"
              type="number"
              value={zoom}
              width={100}
              onChange={(e) => edit(setZoom)(e.target.value)}
            />
            <FieldError error={state.error} field="zoom" />
          </Stack>
        </Inline>
      </Stack>

      <Stack space="space.100">
        <Heading size="small">Offices and depots</Heading>
        {offices.length ? (
          <DynamicTable
            testId="offices-table"
            head={{
              cells: [
                { key: 'name', content: 'Name' },
                { key: 'where', content: 'Location' },
                { key: 'remove', content: '' },
              ],
            }}
            rows={offices.map((o, i) => ({
              key: `${o.name}-${i}`,
              cells: [
                { key: 'name', content: o.name },
                { key: 'where', content: `${o.location.lat.toFixed(5)}, ${o.location.lng.toFixed(5)}` },
                {
                  key: 'remove',
                  content: (
                    <Button
                      spacing="compact"
                      appearance="subtle"
                      onClick={() => {
                        setOffices(offices.filter((_, j) => j !== i));
                        state.touch();
                      }}
                    >
                      Remove
                    </Button>
                  ),
                },
              ],
            }))}
          />
        ) : (
          <Text color="color.text.subtlest">No offices yet.</Text>
        )}
        <Inline space="space.100" alignBlock="end">
          <Stack space="space.050">
            <Label labelFor="office-name">Name</Label>
            <Textfield
              id="office-name"
              value={office.name}
              width={220}
              onChange={(e) => setOffice({ ...office, name: e.target.value })}
            />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="office-lat">Latitude</Label>
            <Textfield
              id="office-lat"
              value={office.lat}
              width={120}
              onChange={(e) => setOffice({ ...office, lat: e.target.value })}
            />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="office-lng">Longitude</Label>
            <Textfield
              id="office-lng"
              value={office.lng}
              width={120}
              onChange={(e) => setOffice({ ...office, lng: e.target.value })}
            />
          </Stack>
          <Button onClick={addOffice}>Add office</Button>
        </Inline>
        <FieldError error={state.error} field="office" />
        <FieldError error={state.error} field="offices" />
      </Stack>

      {state.error && !state.error.fields?.length ? (
        <ErrorBanner error={state.error} onReload={props.onReload} />
      ) : null}
      {state.saved ? <Success>Map settings saved.</Success> : null}
      <Inline>
        <Button appearance="primary" onClick={save} isDisabled={state.busy} testId="save-map">
          {state.busy ? 'Saving…' : 'Save'}
        </Button>
      </Inline>
    </Stack>
  );
}
