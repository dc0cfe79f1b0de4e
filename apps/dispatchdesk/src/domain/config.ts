/**
 * The admin configuration: defaults, input schemas (zod, via @suite/sanitize field schemas), the map tile URL
 * that reaches the browser, and the technician profile schema.
 *
 * Tiles: OpenStreetMap by default. The admin may set another provider's URL template (https, or a same-origin
 * path such as the sandbox's `/tiles/{z}/{x}/{y}.png`). A keyed provider puts `{apiKey}` in its template; the
 * key itself is written once to KVS secret storage and substituted server-side into the URL the console gets
 * (only when the template asks for it). The browser has to send the key to the tile host anyway, so use a key
 * restricted to your site's referrer. The Forge variable `DISPATCH_TILE_URL`, when set, overrides the admin's
 * URL for that environment (the sandbox's local tiles, an air-gapped tile server) — deployment beats settings.
 * The tile host must also be in the manifest's `permissions.external.images` (OpenStreetMap is) or the
 * browser's CSP blocks the images; the health check warns about an undeclared host.
 */
import {
  accountId,
  boundedText,
  isoDate,
  isoDateTime,
  issueKey,
  latitude,
  longitude,
  projectKey,
  timeOfDay,
  timeZone,
} from '@suite/sanitize';
import { z } from 'zod';
import type { DispatchConfig, TechnicianProfile } from './contract';
import { PHASES } from './phases';

export const OSM_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
/** Must equal the manifest's `permissions.external.images` (pinned by test/contracts.test.ts). */
export const DECLARED_IMAGE_HOSTS: readonly string[] = [
  'https://tile.openstreetmap.org',
  'https://*.tile.openstreetmap.org',
];
export const TILE_URL_VARIABLE = 'DISPATCH_TILE_URL';

export interface DetectedFields {
  readonly locationFieldId?: string;
  readonly requiredSkillFieldId?: string;
  readonly requestTypeFieldId?: string;
  readonly slaFieldIds?: readonly string[];
}

/** A fresh install: no projects yet; fields pre-filled from what the site has, when detected. */
export function defaultConfig(detected: DetectedFields = {}): DispatchConfig {
  return {
    version: 0,
    projectKeys: [],
    locationSource: { kind: 'field', fieldId: detected.locationFieldId ?? 'customfield_10101' },
    phaseByStatus: {},
    transitions: { assign: null, startTravel: null, arrive: null },
    travelSpeedKmh: 30,
    tiles: { url: OSM_TILE_URL, attribution: OSM_ATTRIBUTION },
    mapView: { center: { lat: 51.5072, lng: -0.1276 }, zoom: 10 },
    technicianGroupId: null,
    offices: [],
    requiredSkillFieldId: detected.requiredSkillFieldId ?? null,
    slaFieldIds: [...(detected.slaFieldIds ?? [])],
    requestTypeFieldId: detected.requestTypeFieldId ?? null,
  };
}

/** Fills fields added after a config was saved, so older stored configs keep working. */
export function normaliseConfig(
  stored: DispatchConfig | undefined,
  detected: DetectedFields = {},
): DispatchConfig {
  if (!stored) return defaultConfig(detected);
  return {
    ...stored,
    requiredSkillFieldId: stored.requiredSkillFieldId ?? null,
    slaFieldIds: stored.slaFieldIds ?? [],
    requestTypeFieldId: stored.requestTypeFieldId ?? null,
  };
}

const TILE_PLACEHOLDERS = new Set(['z', 'x', 'y', 's', 'r', 'apiKey']);
const TILE_URL_MESSAGE =
  'Expected a tile URL template with {z}, {x} and {y}: https://… or a same-site path starting with /';

/** An https URL template or a same-origin absolute path, with {z} {x} {y} and only known placeholders. */
export function isValidTileUrl(url: string): boolean {
  if (url.length > 500 || /[\s"'<>\\`]/.test(url)) return false;
  const placeholders = [...url.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  if (!['z', 'x', 'y'].every((p) => placeholders.includes(p))) return false;
  if (!placeholders.every((p) => TILE_PLACEHOLDERS.has(p))) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  try {
    const parsed = new URL(url.replace(/\{[^}]*\}/g, '0'));
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.hostname !== ''
    );
  } catch {
    return false;
  }
}

/** The tile URL the console gets: the variable override, else the admin's template with the key put in. */
export function effectiveTileUrl(
  tiles: DispatchConfig['tiles'],
  override: string | undefined,
  apiKey: string | undefined,
): string {
  if (override && isValidTileUrl(override)) return override;
  if (!tiles.url.includes('{apiKey}')) return tiles.url;
  return tiles.url.replaceAll('{apiKey}', apiKey ? encodeURIComponent(apiKey) : '');
}

/** Whether the browser's CSP will allow images from this tile URL (same-origin paths always are). */
export function tileHostDeclared(url: string): boolean {
  if (url.startsWith('/')) return true;
  let host: string;
  try {
    host = new URL(url.replace(/\{[^}]*\}/g, 'a')).hostname;
  } catch {
    return false;
  }
  return DECLARED_IMAGE_HOSTS.some((declared) => {
    const pattern = declared.replace(/^https:\/\//, '');
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
  });
}

// ------------------------------------------------------------------ schemas

const customFieldId = z
  .string({ error: 'Expected a custom field id like customfield_10101' })
  .regex(/^customfield_\d{1,12}$/, { error: 'Expected a custom field id like customfield_10101' });
const statusId = z.string().regex(/^\d{1,18}$/, { error: 'Expected a numeric status id' });
const groupId = z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/, { error: 'Expected a Jira group id' });
const transitionName = boundedText({ max: 100, min: 1 }).nullable();
export const latLngSchema = z.strictObject({ lat: latitude, lng: longitude });
const phase = z.enum(PHASES as [string, ...string[]], { error: 'Expected a dispatch phase' });

export const configSchema = z.strictObject({
  /** The version the admin page loaded with the config (0: none saved yet); a stale one gets CONFLICT. */
  version: z
    .number({ error: 'Expected the version of the configuration you loaded' })
    .int({ error: 'Expected the version of the configuration you loaded' })
    .min(0)
    .max(2 ** 31),
  projectKeys: z.array(projectKey).max(20, { error: 'At most 20 projects' }),
  locationSource: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('field'), fieldId: customFieldId }),
    z.strictObject({
      kind: z.literal('assets'),
      fieldId: customFieldId,
      latAttribute: boundedText({ max: 100, min: 1 }),
      lngAttribute: boundedText({ max: 100, min: 1 }),
    }),
  ]),
  phaseByStatus: z
    .record(statusId, phase)
    .refine((r) => Object.keys(r).length <= 500, { error: 'At most 500 statuses' }),
  transitions: z.strictObject({
    assign: transitionName,
    startTravel: transitionName,
    arrive: transitionName,
  }),
  travelSpeedKmh: z
    .number({ error: 'Expected a speed in km/h' })
    .min(1, { error: 'Travel speed must be between 1 and 200 km/h' })
    .max(200, { error: 'Travel speed must be between 1 and 200 km/h' }),
  tiles: z.strictObject({
    url: z.string().refine(isValidTileUrl, { error: TILE_URL_MESSAGE }),
    attribution: boundedText({ max: 300, min: 1 }),
    /** Set by the server only (whether a key is stored); any value sent is ignored. */
    apiKeyRef: z.string().max(100).optional(),
  }),
  mapView: z.strictObject({
    center: latLngSchema,
    zoom: z.number().int({ error: 'Zoom must be a whole number' }).min(1).max(19),
  }),
  technicianGroupId: groupId.nullable(),
  offices: z
    .array(z.strictObject({ name: boundedText({ max: 100, min: 1 }), location: latLngSchema }))
    .max(50, { error: 'At most 50 offices' }),
  requiredSkillFieldId: customFieldId.nullable().optional(),
  slaFieldIds: z.array(customFieldId).max(5).optional(),
  requestTypeFieldId: customFieldId.nullable().optional(),
  tilesApiKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,500}$/, { error: 'Expected an API key (printable characters, no spaces)' })
    .nullable()
    .optional(),
});

const hoursSchema = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .refine((h) => h.start !== h.end, { error: 'A shift must not start and end at the same time' });

const timeOffBound = z.union([isoDate, isoDateTime], {
  error: 'Expected a date (2025-03-30) or a date-time with offset',
});

export const profileSchema = z.strictObject({
  accountId,
  skills: z.array(boundedText({ max: 50, min: 1 })).max(20, { error: 'At most 20 skills' }),
  homeBase: z.strictObject({ lat: latitude, lng: longitude, name: boundedText({ max: 100, min: 1 }) }),
  timeZone,
  hours: z.strictObject({
    '0': hoursSchema.optional(),
    '1': hoursSchema.optional(),
    '2': hoursSchema.optional(),
    '3': hoursSchema.optional(),
    '4': hoursSchema.optional(),
    '5': hoursSchema.optional(),
    '6': hoursSchema.optional(),
  }),
  timeOff: z
    .array(
      z
        .strictObject({ start: timeOffBound, end: timeOffBound, reason: boundedText({ max: 80 }).optional() })
        .refine((t) => endNotBeforeStart(t.start, t.end), {
          error: 'Time off must not end before it starts',
        }),
    )
    .max(30, { error: 'At most 30 time off entries' }),
  manualPosition: z.strictObject({ lat: latitude, lng: longitude, setAt: isoDateTime }).nullable(),
  /** Server-maintained (set by `arrive`); accepted so a loaded profile can be sent back, then ignored. */
  lastOnSite: z
    .strictObject({
      lat: latitude,
      lng: longitude,
      issueKey,
      at: isoDateTime,
    })
    .nullable()
    .optional(),
});

function endNotBeforeStart(start: string, end: string): boolean {
  const s = Date.parse(start.length === 10 ? `${start}T00:00:00Z` : start);
  const e = Date.parse(end.length === 10 ? `${end}T23:59:59Z` : end);
  return Number.isNaN(s) || Number.isNaN(e) || e >= s;
}

/** Skills compared the way ranking does (trimmed, case-insensitive). */
export function sameSkills(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]) =>
    [...new Set(l.map((s) => s.trim().toLowerCase()))].sort().join('\u0000');
  return norm(a) === norm(b);
}

export type ProfileInput = z.output<typeof profileSchema>;

/** Removes duplicate skills (case-insensitively, first spelling kept) and the server-maintained `lastOnSite`. */
export function cleanProfile(input: ProfileInput): TechnicianProfile {
  const seen = new Set<string>();
  const skills = input.skills.filter((s) => {
    const k = s.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const { lastOnSite: _serverMaintained, ...rest } = input;
  return { ...rest, skills } as TechnicianProfile;
}
