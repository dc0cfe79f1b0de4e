/**
 * The resolver contract between DispatchDesk's frontends (the Custom UI console and the UI Kit admin page) and
 * its backend. Both sides import these types; the backend implements every key. Results are wrapped by the
 * resolver kit as `{ ok: true, data } | { ok: false, error: { code, message, fields? } }` (@suite/permissions).
 */

export type Phase = 'planned' | 'assigned' | 'travelling' | 'on-site' | 'paused' | 'done';
export type SlaState = 'ok' | 'at-risk' | 'breached';

export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

export interface TicketView {
  readonly key: string;
  readonly id: string;
  /** User input: render as text only. */
  readonly summary: string;
  readonly projectKey: string;
  readonly status: { readonly id: string; readonly name: string };
  readonly phase: Phase;
  readonly priority: string | null;
  readonly requestType: string | null;
  readonly requiredSkill: string | null;
  readonly sla: SlaState;
  /** Minutes until the SLA breaches (negative when breached), when known. */
  readonly slaMinutesLeft: number | null;
  readonly assignee: { readonly accountId: string; readonly displayName: string } | null;
  readonly location: LatLng | null;
  /** Additive: the service address that came with the location (user input: render as text only). */
  readonly address?: string | null;
  readonly created: string;
  /** Jira's `updated` — the conflict guard compares it on assign. */
  readonly updated: string;
}

export interface TechnicianView {
  readonly accountId: string;
  readonly displayName: string;
  readonly initials: string;
  readonly skills: readonly string[];
  readonly homeBase: LatLng & { readonly name: string };
  /** Where the planner thinks they are and why (planning signal, never device tracking). */
  readonly position: LatLng & {
    readonly source: 'last-on-site-ticket' | 'home-base' | 'manual';
    readonly why: string;
  };
  readonly availableNow: boolean;
  /** E.g. "On shift until 17:00 (Europe/London)" or "Off today (time off)". */
  readonly availability: string;
  readonly phase: Phase | null;
  /** Open tickets assigned to them. */
  readonly workload: number;
}

export interface Office {
  readonly name: string;
  readonly location: LatLng;
}

export interface RankedTechnician {
  readonly accountId: string;
  readonly score: number;
  readonly distanceKm: number;
  readonly travelMinutes: number;
  /** Each reason shown to the dispatcher, e.g. "Available now", "Has skill HVAC", "12 km (~18 min)", "2 open tickets". */
  readonly reasons: readonly string[];
}

export interface ConsoleData {
  readonly tickets: readonly TicketView[];
  /** Open tickets without a location, listed apart. */
  readonly unlocated: readonly TicketView[];
  readonly technicians: readonly TechnicianView[];
  readonly offices: readonly Office[];
  readonly map: {
    readonly tileUrl: string;
    readonly attribution: string;
    readonly center: LatLng;
    readonly zoom: number;
  };
  /** Opaque value for `getChanges` polling. */
  readonly version: string;
  /** Additive: true when more open tickets matched than the console loads (the newest are kept). */
  readonly truncated?: boolean;
  /** Additive: technicians left out because the roster is longer than the console loads (500, by name). */
  readonly techniciansOmitted?: number;
  readonly me: { readonly accountId: string; readonly roles: readonly string[] };
}

export interface TechnicianProfile {
  readonly accountId: string;
  readonly skills: readonly string[];
  readonly homeBase: LatLng & { readonly name: string };
  readonly timeZone: string;
  /** Per weekday (0 = Sunday … 6), working hours in the technician's time zone; absent = not working. */
  readonly hours: Readonly<
    Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { start: string; end: string }>>
  >;
  readonly timeOff: readonly { readonly start: string; readonly end: string; readonly reason?: string }[];
  readonly manualPosition: (LatLng & { readonly setAt: string }) | null;
  /**
   * Additive, server-maintained: where the technician last arrived on site (`arrive`), the "last on-site ticket"
   * planning position. Only the issue key, the ticket's location and when; no device location. Any value sent to
   * `saveTechnician` is ignored (the stored one is kept).
   */
  readonly lastOnSite?: (LatLng & { readonly issueKey: string; readonly at: string }) | null;
}

/** Additive: what `startTravel` / `arrive` return. */
export interface TravelResult {
  readonly ticket: TicketView;
  /** E.g. "FS-12 has no location; the planning position is unchanged." */
  readonly notes?: readonly string[];
}

export interface DispatchConfig {
  readonly projectKeys: readonly string[];
  readonly locationSource:
    | { readonly kind: 'field'; readonly fieldId: string }
    | {
        readonly kind: 'assets';
        readonly fieldId: string;
        readonly latAttribute: string;
        readonly lngAttribute: string;
      };
  /** Status id → phase, for every status of the configured projects. */
  readonly phaseByStatus: Readonly<Record<string, Phase>>;
  /** Transition names used when assigning / starting travel / arriving (looked up per issue). */
  readonly transitions: {
    readonly assign: string | null;
    readonly startTravel: string | null;
    readonly arrive: string | null;
  };
  readonly travelSpeedKmh: number;
  readonly tiles: { readonly url: string; readonly attribution: string; readonly apiKeyRef?: string };
  readonly mapView: { readonly center: LatLng; readonly zoom: number };
  readonly technicianGroupId: string | null;
  readonly offices: readonly Office[];
  /** Additive: the select field holding a ticket's required skill (e.g. `customfield_10102`); null = none. */
  readonly requiredSkillFieldId?: string | null;
  /** Additive: JSM SLA fields read for the SLA colour (e.g. time to resolution); absent = none. */
  readonly slaFieldIds?: readonly string[];
  /** Additive: the JSM "Request Type" field (`com.atlassian.servicedesk:vp-origin`); null = none. */
  readonly requestTypeFieldId?: string | null;
  /**
   * Additive, server-maintained: the stored config's version (0: never saved). `saveConfig` needs the one the page
   * loaded and answers CONFLICT when someone else saved since.
   */
  readonly version?: number;
}

/**
 * Additive: what `saveConfig` accepts. `tilesApiKey` is write-only: a string stores it in KVS secret storage,
 * `null` deletes it, absent keeps it. It is never returned; `tiles.apiKeyRef` says whether one is stored.
 */
export type SaveConfigPayload = DispatchConfig & {
  readonly version: number;
  readonly tilesApiKey?: string | null;
};

export interface DispatchResolvers {
  // --- console (dispatchers; technicians get "My work": their tickets, travel steps, and only their own profile) ---
  getConsole(payload: Record<string, never>): ConsoleData;
  /** Cheap change check for polling: returns `changed: false` unless tickets or technicians changed since `version`. */
  getChanges(payload: { version: string }): { changed: boolean; version: string };
  rankTechnicians(payload: { issueKey: string }): readonly RankedTechnician[];
  /** Assign as the dispatcher and apply the configured transition; refused if the ticket changed since `expectedUpdated`. */
  assign(payload: { issueKey: string; accountId: string; expectedUpdated: string }): {
    ticket: TicketView;
    /** Additive: e.g. the configured transition was not available from the ticket's status. */
    notes?: readonly string[];
  };
  /**
   * Additive: apply the admin's `startTravel` transition (by name, as the caller). The assigned technician on their
   * own ticket, or a dispatcher / app admin; refused with CONFLICT if the ticket changed since `expectedUpdated`.
   */
  startTravel(payload: { issueKey: string; expectedUpdated: string }): TravelResult;
  /**
   * Additive: apply the admin's `arrive` transition (same rules as `startTravel`); the assignee's planning position
   * becomes the ticket's location ("last on-site ticket", stored in their profile as `lastOnSite`).
   */
  arrive(payload: { issueKey: string; expectedUpdated: string }): TravelResult;
  getTechnician(payload: { accountId: string }): TechnicianProfile;
  /** Technicians edit only their own; dispatchers and app admins anyone's. */
  saveTechnician(payload: TechnicianProfile): TechnicianProfile;
  setPosition(payload: { accountId: string; position: LatLng | null }): { ok: true };
  /**
   * Additive: deletes the profile (technicians their own; dispatchers and app admins anyone's), audited in the same
   * transaction; `deleted: false` when there was none.
   */
  deleteTechnician(payload: { accountId: string }): { deleted: boolean };

  // --- admin page (app admins) ---
  getConfig(payload: Record<string, never>): DispatchConfig;
  saveConfig(payload: SaveConfigPayload): DispatchConfig;
  /** `suggestedPhase` (additive) is a proposal from the status name and category; the admin decides. */
  detectStatuses(payload: {
    projectKeys: readonly string[];
  }): readonly { id: string; name: string; category: string; suggestedPhase?: Phase }[];
  healthCheck(
    payload: Record<string, never>,
  ): readonly { level: 'ok' | 'warning' | 'error'; message: string }[];
  getRoles(payload: Record<string, never>): {
    roles: Readonly<
      Record<string, { accountIds: readonly string[]; groupIds: readonly string[]; version: number }>
    >;
  };
  /** Grants and revokes, applied to the stored grants (not to the admin's copy), so concurrent changes all land. */
  saveRole(payload: {
    role: 'app-admin' | 'dispatcher' | 'technician';
    grant?: { accountIds?: readonly string[]; groupIds?: readonly string[] };
    revoke?: { accountIds?: readonly string[]; groupIds?: readonly string[] };
  }): { saved: true; accountIds: readonly string[]; groupIds: readonly string[]; version: number };
  /** Break glass, Jira site admins only: empties the app-admin list (every Jira admin is an app admin again). */
  resetAdminList(payload: Record<string, never>): { reset: true; changed: boolean };
  listAudit(payload: { cursor?: string }): {
    entries: readonly { at: string; actor: string; action: string; outcome: string; target?: string }[];
    cursor: string | null;
  };
}

export type ResolverKey = keyof DispatchResolvers;
