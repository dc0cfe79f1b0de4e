/**
 * The resolver contract between TechDesk's frontend and backend: every `invoke` key with its payload and
 * result. The backend implements it (`src/resolvers/`), the UI Kit frontend calls it; both import these types
 * from here (domain is pure, so the frontend may import it). Results are wrapped by the resolver kit as
 * `{ ok: true, data } | { ok: false, error: { code, message, fields? } }` (see @suite/permissions).
 */

export interface UserRef {
  readonly accountId: string;
  readonly displayName: string;
  readonly avatarUrl?: string;
}

export interface StatusRef {
  readonly id: string;
  readonly name: string;
  /** Jira status category key: `new` | `indeterminate` | `done`. */
  readonly category: string;
}

export interface SlaSummary {
  readonly name: string;
  /** `ok` | `at-risk` (less than 25 % of the goal left) | `breached` | `paused` | `met`. */
  readonly state: 'ok' | 'at-risk' | 'breached' | 'paused' | 'met';
  /** Human text from JSM, e.g. "2h 15m left" or "-30m". */
  readonly remaining: string;
}

export interface WorklogView {
  readonly id: string;
  readonly author: UserRef;
  /** ISO 8601 with offset. */
  readonly started: string;
  readonly timeSpentSeconds: number;
  readonly timeSpent: string;
  readonly comment: string;
  /** Agents edit and delete only their own worklogs. */
  readonly mine: boolean;
}

/** A record with the version it was read at: a change must send it back, and is refused if it is stale. */
export type Versioned<T> = T & { readonly version: number };

export interface CannedResponse {
  readonly id: string;
  /** The stored version: an edit or delete sends it back and gets CONFLICT if someone changed it since. */
  readonly version: number;
  readonly scope: 'personal' | 'project' | 'global';
  readonly projectKey?: string;
  readonly title: string;
  /** Plain text with `{{variables}}` such as `{{reporter.displayName}}`, `{{issue.key}}`, `{{agent.displayName}}`. */
  readonly body: string;
}

export type CannedMore<S extends CannedResponse['scope']> = Readonly<Record<S, string | null>>;

/** One page of a canned-response list; `cursor` null: it was the last. */
export interface CannedPage {
  readonly items: readonly CannedResponse[];
  readonly cursor: string | null;
}

export interface AssetSummary {
  readonly objectId: string;
  readonly objectKey: string;
  readonly label: string;
  readonly objectType: string;
  /** The attributes the admin chose to show, name → display value. */
  readonly attributes: readonly { readonly name: string; readonly value: string }[];
}

export interface AssetFieldView {
  readonly fieldId: string;
  readonly name: string;
  readonly objects: readonly AssetSummary[];
}

export interface TimerView {
  readonly issueKey: string;
  /** ISO time the timer started. */
  readonly startedAt: string;
  /** True when the admin's auto-timer started it (ticket in an active status). */
  readonly automatic: boolean;
}

export interface PanelData {
  readonly issue: {
    readonly id: string;
    readonly key: string;
    readonly summary: string;
    readonly projectKey: string;
    readonly status: StatusRef;
    readonly priority: string | null;
    readonly requestType: string | null;
    readonly assignee: UserRef | null;
    readonly reporter: UserRef | null;
    readonly sla: readonly SlaSummary[];
  };
  readonly me: UserRef;
  readonly permissions: {
    readonly assign: boolean;
    readonly transition: boolean;
    readonly comment: boolean;
    readonly logWork: boolean;
    /**
     * ADMINISTER_PROJECTS on the ticket's project: the panel offers managing that project's canned responses.
     * Only what is shown; `saveCannedResponse`/`deleteCannedResponse` ask Jira again.
     */
    readonly manageProjectCanned: boolean;
  };
  /** Jira workflow transitions available to this agent now (not the portal's). */
  readonly transitions: readonly { readonly id: string; readonly name: string; readonly to: StatusRef }[];
  /** The agent's running timer — possibly on another ticket. */
  readonly timer: TimerView | null;
  readonly worklogs: readonly WorklogView[];
  readonly totalLoggedSeconds: number;
  /** The first page of each list (personal, project, global); the rest through `listCannedResponses`. */
  readonly cannedResponses: readonly CannedResponse[];
  /** Where each list's next page starts; null: that list is shown in full. */
  readonly cannedMore: CannedMore<'personal' | 'project' | 'global'>;
  /** The most responses TechDesk keeps per list. */
  readonly cannedCap: number;
  /** The request's answered fields (JSM `requestFieldValues`), read-only. */
  readonly requestDetails: readonly { readonly label: string; readonly value: string }[];
  readonly assets: {
    readonly fields: readonly AssetFieldView[];
    /** True when the admin configured an AQL template for this project/request type. */
    readonly searchEnabled: boolean;
  };
}

export interface ProjectConfig {
  readonly projectKey: string;
  readonly enabled: boolean;
  /** Statuses in which the automatic timer runs (empty = no auto timer). */
  readonly activeStatusIds: readonly string[];
  readonly assets: {
    /** Assets object custom fields to show (e.g. `customfield_10100`). */
    readonly fieldIds: readonly string[];
    /** Attribute names to show for each object. */
    readonly attributeNames: readonly string[];
    /** AQL with `${placeholders}` in value positions only: `${search}`, `${issue.key}`, `${reporter.email}`, … */
    readonly aqlTemplate: string | null;
  };
}

export interface AuditEntryView {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly outcome: string;
  readonly target?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** invoke key → (payload) => result. */
export interface TechDeskResolvers {
  // --- agent, on the ticket (issue panel) ---
  getPanel(payload: { issueKey: string }): PanelData;
  transition(payload: { issueKey: string; transitionId: string }): { status: StatusRef };
  assign(payload: { issueKey: string; accountId: string | null }): { assignee: UserRef | null };
  assignToMe(payload: { issueKey: string }): { assignee: UserRef };
  searchAssignable(payload: { issueKey: string; query: string }): readonly UserRef[];
  /** Renders canned-response variables; unknown ones stay visible as `{{name}}` and are listed. */
  previewReply(payload: { issueKey: string; text: string }): {
    text: string;
    unknownVariables: readonly string[];
  };
  /** Internal by default; a public reply needs `confirmPublic: true`. */
  sendReply(payload: {
    issueKey: string;
    text: string;
    visibility: 'internal' | 'public';
    confirmPublic?: boolean;
  }): { commentId: string };
  startTimer(payload: { issueKey: string }): { timer: TimerView; stopped: WorklogView | null };
  stopTimer(payload: { issueKey: string; description?: string }): { worklog: WorklogView | null };
  logWork(payload: { issueKey: string; duration: string; description?: string; started?: string }): {
    worklog: WorklogView;
  };
  updateWorklog(payload: { issueKey: string; worklogId: string; duration: string; description?: string }): {
    worklog: WorklogView;
  };
  deleteWorklog(payload: { issueKey: string; worklogId: string }): { deleted: true };
  /** A new response has no `id`; an edit names the `id` and the `version` it was read at. */
  saveCannedResponse(payload: {
    id?: string;
    version?: number;
    scope: 'personal' | 'project' | 'global';
    projectKey?: string;
    title: string;
    body: string;
  }): CannedResponse;
  deleteCannedResponse(payload: { id: string; version: number }): { deleted: true };
  /** The next page of one list: from the panel with the ticket (`issueKey`), from the admin page without. */
  listCannedResponses(payload: {
    issueKey?: string;
    scope: 'personal' | 'project' | 'global';
    cursor?: string;
  }): CannedPage;
  searchAssets(payload: { issueKey: string; text: string }): readonly AssetSummary[];
  linkAsset(payload: { issueKey: string; fieldId: string; objectId: string }): { field: AssetFieldView };
  submitFeedback(payload: { text: string }): { id: string };

  // --- app admin (admin page) ---
  getAdminConfig(payload: Record<string, never>): {
    projects: readonly { key: string; name: string }[];
    configs: readonly Versioned<ProjectConfig>[];
    statuses: readonly StatusRef[];
    canned: readonly CannedResponse[];
    cannedMore: CannedMore<'project' | 'global'>;
    cannedCap: number;
  };
  /** `version`: the one `getAdminConfig` gave with this config; a stale one gets CONFLICT. */
  saveProjectConfig(payload: Versioned<ProjectConfig>): Versioned<ProjectConfig>;
  discoverAssetFields(payload: Record<string, never>): readonly { fieldId: string; name: string }[];
  previewAql(payload: { projectKey: string; issueKey: string; template: string; text: string }): {
    query: string;
    placeholders: readonly string[];
    results: readonly AssetSummary[];
  };
  getRoles(payload: Record<string, never>): {
    roles: Readonly<
      Record<string, Versioned<{ accountIds: readonly string[]; groupIds: readonly string[] }>>
    >;
  };
  /** Grants and revokes, applied to the stored grants (not to the admin's copy), so concurrent changes all land. */
  saveRole(payload: {
    role: 'app-admin' | 'agent';
    grant?: { accountIds?: readonly string[]; groupIds?: readonly string[] };
    revoke?: { accountIds?: readonly string[]; groupIds?: readonly string[] };
  }): Versioned<{ saved: true; accountIds: readonly string[]; groupIds: readonly string[] }>;
  /** Break glass, Jira site admins only: empties the app-admin list (every Jira admin is an app admin again). */
  resetAdminList(payload: Record<string, never>): { reset: true; changed: boolean };
  listAudit(payload: { cursor?: string }): { entries: readonly AuditEntryView[]; cursor: string | null };
  listFeedback(payload: { cursor?: string }): {
    entries: readonly { id: string; at: string; author: string; text: string }[];
    cursor: string | null;
  };
}

export type ResolverKey = keyof TechDeskResolvers;
