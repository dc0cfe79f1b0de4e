/**
 * The admin's health check, as a pure function of what the resolver gathered from Jira and KVS: every setup gap
 * that would make the console wrong or empty, worst first.
 */
import { tileHostDeclared } from './config';
import type { DispatchConfig } from './contract';
import { unmappedStatuses } from './phases';

export type HealthLevel = 'ok' | 'warning' | 'error';
export interface HealthItem {
  readonly level: HealthLevel;
  readonly message: string;
}

export interface HealthFacts {
  readonly config: DispatchConfig;
  /** Per configured project: its statuses, or null when the project is missing or hidden from the admin. */
  readonly projects: readonly {
    readonly key: string;
    readonly statuses: readonly { id: string; name: string }[] | null;
  }[];
  /** Field ids that exist on the site. */
  readonly fieldIds: ReadonlySet<string>;
  /** Transition names seen on sampled open tickets, per project. */
  readonly transitionNames: ReadonlyMap<string, ReadonlySet<string>>;
  readonly sampledTickets: number;
  readonly sampledWithoutLocation: number;
  readonly profiles: number;
  readonly profilesWithoutHours: number;
  readonly profilesWithoutSkills: number;
  /** Group members; null when no group is configured; an Error message when it could not be read. */
  readonly groupMembers: number | null | { readonly error: string };
  readonly assetsWorkspace: 'n/a' | 'available' | 'missing';
  readonly tileUrlOverride: string | undefined;
  readonly tileKeyStored: boolean;
  readonly roleGrants: Readonly<Record<string, number>>;
}

const ORDER: Record<HealthLevel, number> = { error: 0, warning: 1, ok: 2 };

export function healthReport(f: HealthFacts): HealthItem[] {
  const out: HealthItem[] = [];
  const add = (level: HealthLevel, message: string) => out.push({ level, message });
  const c = f.config;

  if (c.projectKeys.length === 0)
    add('error', 'No projects are configured: the console has no tickets to show.');
  for (const p of f.projects) {
    if (p.statuses === null) {
      add('error', `Project ${p.key} does not exist or you cannot browse it.`);
      continue;
    }
    const unmapped = unmappedStatuses(p.statuses, c.phaseByStatus);
    if (unmapped.length > 0)
      add(
        'warning',
        `Project ${p.key}: ${unmapped.length} status(es) have no dispatch phase: ${unmapped.map((s) => s.name).join(', ')}.`,
      );
    else add('ok', `Project ${p.key}: every status has a dispatch phase.`);
  }

  const loc = c.locationSource;
  if (!f.fieldIds.has(loc.fieldId)) {
    add('error', `The location field ${loc.fieldId} does not exist: tickets cannot be placed on the map.`);
  } else
    add(
      'ok',
      `Locations come from ${loc.kind === 'field' ? 'the field' : 'Assets objects in the field'} ${loc.fieldId}.`,
    );
  if (loc.kind === 'assets' && f.assetsWorkspace === 'missing') {
    add('error', 'The location source is Assets, but Assets is not available on this site.');
  }
  if (f.sampledTickets > 0 && f.sampledWithoutLocation > 0) {
    add(
      'warning',
      `${f.sampledWithoutLocation} of ${f.sampledTickets} sampled open tickets have no location (listed apart in the console).`,
    );
  }
  if (c.requiredSkillFieldId && !f.fieldIds.has(c.requiredSkillFieldId))
    add('warning', `The required-skill field ${c.requiredSkillFieldId} does not exist.`);
  if (!c.requiredSkillFieldId) add('warning', 'No required-skill field: ranking ignores skills.');
  for (const id of c.slaFieldIds ?? [])
    if (!f.fieldIds.has(id)) add('warning', `The SLA field ${id} does not exist.`);
  if ((c.slaFieldIds ?? []).length === 0) add('warning', 'No SLA fields: every ticket shows as SLA ok.');

  const transitions: [string, string | null][] = [
    ['assign', c.transitions.assign],
    ['start travel', c.transitions.startTravel],
    ['arrive', c.transitions.arrive],
  ];
  for (const [what, name] of transitions) {
    if (name === null) {
      if (what === 'assign') add('warning', 'No transition on assign: assigning leaves the status as it is.');
      continue;
    }
    const wanted = name.trim().toLowerCase();
    const missing = [...f.transitionNames.entries()]
      .filter(([, names]) => !names.has(wanted))
      .map(([k]) => k);
    if (f.transitionNames.size === 0)
      add('warning', `Transition "${name}" (${what}) could not be checked: no open tickets.`);
    else if (missing.length === f.transitionNames.size)
      add(
        'error',
        `Transition "${name}" (${what}) is not available on any sampled open ticket: check the name.`,
      );
    else if (missing.length > 0)
      add(
        'warning',
        `Transition "${name}" (${what}) was not seen on sampled tickets of ${missing.join(', ')}.`,
      );
  }

  const members = f.groupMembers;
  if (members !== null && typeof members === 'object')
    add('error', `The technician group could not be read: ${members.error}`);
  const groupCount = typeof members === 'number' ? members : 0;
  if (f.profiles === 0 && groupCount === 0) {
    add('error', 'No technicians: save technician profiles or configure a technician group.');
  } else {
    add(
      'ok',
      `${f.profiles} technician profile(s)${members === null ? '' : `, ${groupCount} member(s) in the technician group`}.`,
    );
  }
  if (f.profilesWithoutHours > 0)
    add(
      'warning',
      `${f.profilesWithoutHours} technician(s) have no working hours and never show as available.`,
    );
  if (f.profilesWithoutSkills > 0) add('warning', `${f.profilesWithoutSkills} technician(s) have no skills.`);
  if ((f.roleGrants.dispatcher ?? 0) === 0) add('warning', 'Nobody holds the dispatcher role yet (Roles).');

  if (f.tileUrlOverride)
    add('ok', `Map tiles come from the ${'DISPATCH_TILE_URL'} variable (${f.tileUrlOverride}).`);
  else {
    if (!tileHostDeclared(c.tiles.url))
      add(
        'error',
        'The tile host is not declared in the manifest (permissions.external.images): browsers will block the map tiles.',
      );
    if (c.tiles.url.includes('{apiKey}') && !f.tileKeyStored)
      add('error', 'The tile URL needs {apiKey} but no API key is stored.');
  }

  return out.sort((a, b) => ORDER[a.level] - ORDER[b.level]);
}
