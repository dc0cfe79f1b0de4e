/**
 * A believable field-service JSM site: a `FS` (Field Service) service project with technicians, dispatchers and
 * agents, and a small `IT` project that only some agents can browse. Everything derives from the RNG and the
 * clock, so the same seed and the same `now()` build the same site.
 */
import { jiraDate } from '../site/jira/format';
import {
  type AdfNode,
  addChangelog,
  addComment,
  addWorklog,
  applyTransition,
  assigneeChange,
  createIssue,
  createJiraState,
  type Issue,
  type JiraState,
  type JiraUser,
  type PermissionHolder,
  type Project,
  ROLE_ADMINISTRATORS,
  ROLE_SERVICE_DESK_CUSTOMERS,
  ROLE_SERVICE_DESK_TEAM,
  type SandboxRole,
  type ServiceLocation,
  STATUS,
  WORKFLOW_FIELD_VISIT,
  WORKFLOW_INCIDENT,
  WORKFLOW_SERVICE_REQUEST,
} from '../site/jira/model';
import type { Rng } from './rng';

export interface TechnicianFixture {
  accountId: string;
  displayName: string;
  skills: string[];
  homeBase: { lat: number; lng: number; name: string };
  shift: { timeZone: string; days: number[]; start: string; end: string };
}

export interface SeedJiraOptions {
  /** Open tickets in FS (default 500). About a fifth as many resolved/closed ones are added, plus ~30 IT tickets. */
  tickets?: number;
  /** Field technicians (default 40). */
  technicians?: number;
  /** Where the work is (default London). Locations fall within ~25 km. */
  city?: { name: string; lat: number; lng: number; timeZone?: string };
  /** Site clock; tickets are created relative to its value at seeding time. */
  now?: () => Date;
  /** The site's cloud id (default: derived from the RNG). */
  cloudId?: string;
  /** Assets object ids to reference from the Assets field (default "1".."200"). */
  assetObjectIds?: readonly string[];
}

export interface SeededJira {
  state: JiraState;
  technicians: TechnicianFixture[];
}

const DEFAULT_CITY = { name: 'London', lat: 51.5072, lng: -0.1276, timeZone: 'Europe/London' };
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

const FIRST_NAMES = [
  'Aaron',
  'Abigail',
  'Adam',
  'Amara',
  'Amelia',
  'Ben',
  'Bethany',
  'Callum',
  'Carmen',
  'Charlie',
  'Connor',
  'Dev',
  'Eleanor',
  'Elijah',
  'Emeka',
  'Erin',
  'Farah',
  'Felix',
  'Freya',
  'Gabriel',
  'Grace',
  'Hannah',
  'Harvey',
  'Imran',
  'Isla',
  'Jack',
  'Jasmine',
  'Kai',
  'Keisha',
  'Leo',
  'Lily',
  'Lucas',
  'Maya',
  'Mohammed',
  'Nadia',
  'Niamh',
  'Oscar',
  'Poppy',
  'Rhys',
  'Rosa',
  'Ruby',
  'Samir',
  'Sofia',
  'Theo',
  'Uma',
  'Victor',
  'Wei',
  'Yusuf',
  'Zara',
  'Zoe',
];
const LAST_NAMES = [
  'Adeyemi',
  'Ahmed',
  'Baker',
  'Bell',
  'Chen',
  'Clarke',
  'Davies',
  'Evans',
  'Fernandes',
  'Fischer',
  'Green',
  'Hall',
  'Hughes',
  'Iqbal',
  'Jackson',
  'Jones',
  'Kaur',
  'Kowalski',
  'Lewis',
  'Lopez',
  'Murphy',
  'Nguyen',
  'Novak',
  "O'Brien",
  'Patel',
  'Quinn',
  'Reid',
  'Roberts',
  'Rossi',
  'Singh',
  'Smith',
  'Taylor',
  'Thomas',
  'Turner',
  'Walsh',
  'Ward',
  'Watson',
  'White',
  'Williams',
  'Wood',
  'Wright',
  'Young',
];
const STREETS = [
  'High Street',
  'Station Road',
  'Church Lane',
  'Victoria Road',
  'Park Avenue',
  'Mill Lane',
  'Queens Road',
  'King Street',
  'London Road',
  'Manor Way',
  'Green Lane',
  'Market Place',
  'Riverside Walk',
  'Albert Road',
  'Chapel Street',
  'Bridge Street',
  'North Road',
  'School Lane',
  'Windsor Close',
  'The Broadway',
];
const BUSINESSES = [
  'Riverside Café',
  'Northgate Dental',
  'Harbour Hotel',
  'Greenfield Primary School',
  'Oak Tree Pharmacy',
  'Bluebell Care Home',
  'Metro Gym',
  'Corner Bakery',
  'City Library',
  'Sunrise Nursery',
  'Parkview Offices',
  'Crown Pub',
  'FreshMart Supermarket',
  'St Anne’s Clinic',
  'Lakeside Leisure Centre',
  'Atlas Logistics Depot',
  'Maple Court Flats',
  'Bright Smile Orthodontics',
  'Quay Restaurant',
  'Westside Veterinary Practice',
];

/** Equipment and the skill it needs, per field request type. */
const EQUIPMENT: readonly { name: string; skill: string }[] = [
  { name: 'Walk-in freezer', skill: 'Refrigeration' },
  { name: 'Display fridge', skill: 'Refrigeration' },
  { name: 'Boiler', skill: 'Plumbing' },
  { name: 'Water heater', skill: 'Plumbing' },
  { name: 'Air conditioning unit', skill: 'HVAC' },
  { name: 'Ventilation fan', skill: 'HVAC' },
  { name: 'Distribution board', skill: 'Electrical' },
  { name: 'Emergency lighting', skill: 'Electrical' },
  { name: 'Card reader', skill: 'Security systems' },
  { name: 'CCTV camera', skill: 'Security systems' },
  { name: 'Alarm panel', skill: 'Security systems' },
  { name: 'Wi-Fi access point', skill: 'Networking' },
  { name: 'Network switch', skill: 'Networking' },
  { name: 'Multifunction printer', skill: 'Printers' },
  { name: 'Label printer', skill: 'Printers' },
  { name: 'Meeting room display', skill: 'Audio-visual' },
  { name: 'Projector', skill: 'Audio-visual' },
];

const SKILLS = [
  'Electrical',
  'HVAC',
  'Plumbing',
  'Networking',
  'Printers',
  'Security systems',
  'Audio-visual',
  'Refrigeration',
];

const DEPOTS = [
  'North',
  'North-East',
  'East',
  'South-East',
  'South',
  'South-West',
  'West',
  'North-West',
] as const;

function uuid(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += rng.int(0, 15).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((rng.int(0, 3) + 8) as number).toString(16)}${hex.slice(
    17,
    20,
  )}-${hex.slice(20, 32)}`;
}

function adf(...paragraphs: string[]): AdfNode {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A point uniformly within `radiusKm` of a centre. */
function pointNear(rng: Rng, lat: number, lng: number, radiusKm: number): { lat: number; lng: number } {
  const r = radiusKm * Math.sqrt(rng.next());
  const theta = rng.next() * 2 * Math.PI;
  const dLat = (r * Math.cos(theta)) / 111.32;
  const dLng = (r * Math.sin(theta)) / (111.32 * Math.cos((lat * Math.PI) / 180));
  return { lat: round(lat + dLat, 5), lng: round(lng + dLng, 5) };
}

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

export function seedJira(rng: Rng, options: SeedJiraOptions = {}): SeededJira {
  const ticketCount = options.tickets ?? 500;
  const technicianCount = options.technicians ?? 40;
  const city = { ...DEFAULT_CITY, ...(options.city ?? {}) };
  if (options.city && options.city.timeZone === undefined && options.city.name !== 'London')
    city.timeZone = 'UTC';
  const clock = options.now ?? (() => new Date());
  const now = clock().getTime();
  const idRng = rng.fork('ids');
  const nameRng = rng.fork('names');
  const ticketRng = rng.fork('tickets');
  const techRng = rng.fork('technicians');
  const assetIds = options.assetObjectIds ?? Array.from({ length: 200 }, (_, i) => String(i + 1));

  const derivedCloudId = uuid(idRng);
  const state = createJiraState({
    now: clock,
    cloudId: options.cloudId ?? derivedCloudId,
    assetsWorkspaceId: uuid(idRng),
  });

  // ------------------------------------------------------------------------------------------------------------
  // Groups and global permissions
  const group = (name: string) => {
    const g = { groupId: uuid(idRng), name };
    state.groups.set(g.groupId, g);
    return g.groupId;
  };
  const G = {
    siteAdmins: group('site-admins'),
    jiraAdmins: group('jira-admins-sandbox'),
    jsmUsers: group('jira-servicemanagement-users-sandbox'),
    agents: group('service-agents'),
    dispatchers: group('dispatchers'),
    technicians: group('field-technicians'),
    itSupport: group('it-support'),
  };
  const grant = (permission: string, ...groupIds: string[]) => {
    for (const groupId of groupIds) state.globalPermissions.push({ permission, groupId });
  };
  grant('ADMINISTER', G.siteAdmins, G.jiraAdmins);
  grant('SYSTEM_ADMIN', G.siteAdmins);
  grant('USER_PICKER', G.siteAdmins, G.jsmUsers);
  grant('CREATE_SHARED_OBJECTS', G.jsmUsers);
  grant('MANAGE_GROUP_FILTER_SUBSCRIPTIONS', G.jsmUsers);
  grant('BULK_CHANGE', G.jsmUsers);

  // ------------------------------------------------------------------------------------------------------------
  // People
  const usedNames = new Set<string>();
  const staffEmail = (name: string) =>
    `${name
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .replace(/ /g, '.')}@fieldservice.example`;
  const addUser = (
    displayName: string,
    roles: SandboxRole[],
    groupIds: string[],
    extra: Partial<Pick<JiraUser, 'email' | 'timeZone' | 'accountType'>> = {},
  ): JiraUser => {
    usedNames.add(displayName);
    const accountType = extra.accountType ?? 'atlassian';
    const accountId =
      accountType === 'customer' ? `qm:${uuid(idRng)}:${uuid(idRng)}` : `557058:${uuid(idRng)}`;
    const user: JiraUser = {
      accountId,
      displayName,
      email: extra.email === undefined ? staffEmail(displayName) : extra.email,
      accountType,
      active: true,
      timeZone: extra.timeZone ?? city.timeZone,
      locale: 'en_GB',
      groupIds,
      sandboxRoles: roles,
    };
    state.users.set(accountId, user);
    return user;
  };
  const freshName = (): string => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const name = `${nameRng.pick(FIRST_NAMES)} ${nameRng.pick(LAST_NAMES)}`;
      if (!usedNames.has(name)) return name;
    }
    throw new Error('Ran out of names');
  };

  const staff = [G.jsmUsers];
  addUser('Sam Okafor', ['site-admin'], [G.siteAdmins, G.jiraAdmins, ...staff]);
  const projectAdmin = addUser('Priya Raman', ['project-admin'], [...staff]);
  const agents = [
    addUser('Jordan Lee', ['agent'], [G.agents, G.itSupport, ...staff]),
    addUser('Maria Santos', ['agent'], [G.agents, G.itSupport, ...staff]),
    addUser('Tom Becker', ['agent'], [G.agents, ...staff]),
    addUser('Aisha Khan', ['agent'], [G.agents, ...staff]),
  ];
  const dispatchers = [
    addUser('Chloe Martin', ['dispatcher'], [G.dispatchers, ...staff]),
    addUser('Daniel Kim', ['dispatcher'], [G.dispatchers, ...staff]),
  ];
  const portalCustomer = addUser('Olivia Brown', ['customer'], [], {
    accountType: 'customer',
    email: 'olivia.brown@example.com',
  });

  // Technicians with skills, depots and shifts.
  const depots = DEPOTS.map((dir, i) => {
    const angle = (i / DEPOTS.length) * 2 * Math.PI;
    const km = 10;
    return {
      name: `${city.name} ${dir} depot`,
      lat: round(city.lat + (km * Math.cos(angle)) / 111.32, 5),
      lng: round(city.lng + (km * Math.sin(angle)) / (111.32 * Math.cos((city.lat * Math.PI) / 180)), 5),
    };
  });
  const shiftPatterns = [
    { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:30' },
    { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
    { days: [1, 2, 3, 4, 5], start: '07:00', end: '15:30' },
    { days: [2, 3, 4, 5, 6], start: '08:00', end: '16:30' },
    { days: [0, 1, 2, 3, 4], start: '10:00', end: '18:30' },
    { days: [1, 3, 5, 6], start: '12:00', end: '22:00' },
  ] as const;
  const technicians: TechnicianFixture[] = [];
  const technicianUsers: JiraUser[] = [];
  for (let i = 0; i < technicianCount; i++) {
    const user = addUser(freshName(), ['technician'], [G.technicians, ...staff]);
    // Each skill is covered: the first technicians take the skills in turn, then random extras.
    const primary = SKILLS[i % SKILLS.length] as string;
    const extras = techRng.sample(
      SKILLS.filter((s) => s !== primary),
      techRng.int(0, 2),
    );
    const depot = depots[i % depots.length] as (typeof depots)[number];
    const shift = techRng.pick(shiftPatterns);
    technicians.push({
      accountId: user.accountId,
      displayName: user.displayName,
      skills: [primary, ...extras],
      homeBase: { ...depot },
      shift: { timeZone: city.timeZone, days: [...shift.days], start: shift.start, end: shift.end },
    });
    technicianUsers.push(user);
  }

  const customerDomains = ['example.com', 'example.org', 'example.net'];
  const customers = [portalCustomer];
  for (let i = 0; i < 20; i++) {
    const name = freshName();
    const email = `${name
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .replace(/ /g, '.')}@${nameRng.pick(customerDomains)}`;
    customers.push(addUser(name, ['customer'], [], { accountType: 'customer', email }));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Permission scheme, projects, service desks, request types
  const team: PermissionHolder[] = [
    { type: 'projectRole', roleId: ROLE_ADMINISTRATORS },
    { type: 'projectRole', roleId: ROLE_SERVICE_DESK_TEAM },
  ];
  const admins: PermissionHolder[] = [{ type: 'projectRole', roleId: ROLE_ADMINISTRATORS }];
  const teamPermissions = [
    'BROWSE_PROJECTS',
    'CREATE_ISSUES',
    'EDIT_ISSUES',
    'TRANSITION_ISSUES',
    'SCHEDULE_ISSUES',
    'ASSIGN_ISSUES',
    'ASSIGNABLE_USER',
    'RESOLVE_ISSUES',
    'CLOSE_ISSUES',
    'LINK_ISSUES',
    'VIEW_VOTERS_AND_WATCHERS',
    'MANAGE_WATCHERS',
    'ADD_COMMENTS',
    'EDIT_OWN_COMMENTS',
    'DELETE_OWN_COMMENTS',
    'CREATE_ATTACHMENTS',
    'DELETE_OWN_ATTACHMENTS',
    'WORK_ON_ISSUES',
    'EDIT_OWN_WORKLOGS',
    'DELETE_OWN_WORKLOGS',
    'SERVICEDESK_AGENT',
    'VIEW_READONLY_WORKFLOW',
  ];
  const adminPermissions = [
    'ADMINISTER_PROJECTS',
    'DELETE_ISSUES',
    'MOVE_ISSUES',
    'MODIFY_REPORTER',
    'SET_ISSUE_SECURITY',
    'EDIT_ALL_COMMENTS',
    'DELETE_ALL_COMMENTS',
    'DELETE_ALL_ATTACHMENTS',
    'EDIT_ALL_WORKLOGS',
    'DELETE_ALL_WORKLOGS',
  ];
  const grants: Record<string, PermissionHolder[]> = {};
  for (const key of teamPermissions) grants[key] = [...team];
  for (const key of adminPermissions) grants[key] = [...admins];
  state.permissionSchemes.set('10000', { id: '10000', name: 'Service management permission scheme', grants });

  const fs: Project = {
    id: '10000',
    key: 'FS',
    name: 'Field Service',
    description: 'On-site repairs, installations and maintenance visits.',
    projectTypeKey: 'service_desk',
    leadAccountId: projectAdmin.accountId,
    assigneeType: 'UNASSIGNED',
    permissionSchemeId: '10000',
    roles: {
      [ROLE_ADMINISTRATORS]: { accountIds: [projectAdmin.accountId], groupIds: [G.jiraAdmins] },
      [ROLE_SERVICE_DESK_TEAM]: {
        accountIds: [projectAdmin.accountId],
        groupIds: [G.agents, G.dispatchers, G.technicians],
      },
      [ROLE_SERVICE_DESK_CUSTOMERS]: { accountIds: customers.map((c) => c.accountId), groupIds: [] },
    },
    issueTypeIds: ['10003', '10001', '10002'],
    workflowScheme: {
      '10003': WORKFLOW_FIELD_VISIT,
      '10001': WORKFLOW_INCIDENT,
      '10002': WORKFLOW_SERVICE_REQUEST,
    },
    nextIssueNumber: 1,
  };
  const itCustomers = customers.slice(0, 6);
  const it: Project = {
    id: '10001',
    key: 'IT',
    name: 'IT Support',
    description: 'Internal IT help desk.',
    projectTypeKey: 'service_desk',
    leadAccountId: (agents[0] as JiraUser).accountId,
    assigneeType: 'PROJECT_LEAD',
    permissionSchemeId: '10000',
    roles: {
      [ROLE_ADMINISTRATORS]: { accountIds: [], groupIds: [G.jiraAdmins] },
      [ROLE_SERVICE_DESK_TEAM]: { accountIds: [], groupIds: [G.itSupport] },
      [ROLE_SERVICE_DESK_CUSTOMERS]: { accountIds: itCustomers.map((c) => c.accountId), groupIds: [] },
    },
    issueTypeIds: ['10002', '10001'],
    workflowScheme: { '10002': WORKFLOW_SERVICE_REQUEST, '10001': WORKFLOW_INCIDENT },
    nextIssueNumber: 1,
  };
  state.projects.push(fs, it);
  state.serviceDesks.push(
    { id: '1', projectId: fs.id, customerAccountIds: customers.map((c) => c.accountId) },
    { id: '2', projectId: it.id, customerAccountIds: itCustomers.map((c) => c.accountId) },
  );
  const rt = (id: string, name: string, issueTypeId: string, serviceDeskId: string, description: string) => ({
    id,
    name,
    description,
    helpText: '',
    issueTypeId,
    serviceDeskId,
    groupIds: [serviceDeskId === '1' ? '1' : '2'],
  });
  state.requestTypes.push(
    rt('1', 'Broken equipment', '10003', '1', 'Something on site has stopped working.'),
    rt('2', 'Installation', '10003', '1', 'Install new equipment at your site.'),
    rt('3', 'Maintenance visit', '10003', '1', 'Book a planned maintenance visit.'),
    rt('4', 'Network outage', '10001', '1', 'Your site has lost its network connection.'),
    rt('5', 'General question', '10002', '1', 'Ask us anything about your service.'),
    rt('6', 'Laptop request', '10002', '2', 'Request a new or replacement laptop.'),
    rt('7', 'Access request', '10002', '2', 'Get access to a system or shared drive.'),
    rt('8', 'Password reset', '10002', '2', 'Reset a forgotten password.'),
    rt('9', 'Report a system problem', '10001', '2', 'Something is broken in an internal system.'),
  );

  // ------------------------------------------------------------------------------------------------------------
  // Tickets
  const skillId = (name: string) => state.skillOptions.find((o) => o.value === name)?.id ?? null;
  const techsWithSkill = (skill: string) =>
    technicianUsers.filter((_, i) => technicians[i]?.skills.includes(skill));
  const priorities = [
    ['1', 5],
    ['2', 20],
    ['3', 55],
    ['4', 20],
  ] as const;

  const assetRefs = (wanted: boolean) => {
    const workspaceId = state.assetsWorkspaceId;
    if (!wanted || assetIds.length === 0) return [];
    const objectId = ticketRng.pick(assetIds);
    return [{ workspaceId, id: `${workspaceId}:${objectId}`, objectId }];
  };

  const location = (): ServiceLocation => {
    const p = pointNear(ticketRng, city.lat, city.lng, 25);
    return { ...p, address: `${ticketRng.int(1, 240)} ${ticketRng.pick(STREETS)}, ${city.name}` };
  };

  /** Transition paths (ids in the issue's workflow) that end in each target status. */
  const fieldPaths: Record<string, string[][]> = {
    [STATUS.waitingForSupport]: [[]],
    [STATUS.dispatched]: [['101']],
    [STATUS.onSite]: [['101', '111']],
    [STATUS.inProgress]: [['101', '111', '121']],
    [STATUS.waitingForCustomer]: [['131'], ['101', '111', '131']],
    [STATUS.resolved]: [
      ['101', '111', '141'],
      ['101', '111', '121', '141'],
    ],
    [STATUS.closed]: [['101', '111', '141', '151']],
  };
  const requestPaths: Record<string, string[][]> = {
    [STATUS.waitingForSupport]: [[]],
    [STATUS.inProgress]: [['11']],
    [STATUS.waitingForCustomer]: [['21'], ['11', '21']],
    [STATUS.resolved]: [['11', '41'], ['41']],
    [STATUS.closed]: [['11', '41', '51']],
  };
  const incidentPaths: Record<string, string[][]> = {
    [STATUS.waitingForSupport]: [[]],
    [STATUS.inProgress]: [['211']],
    [STATUS.waitingForCustomer]: [['221'], ['211', '221']],
    [STATUS.resolved]: [['211', '231']],
    [STATUS.closed]: [['211', '231', '241']],
  };

  const makeTicket = (project: Project, open: boolean, created: number) => {
    const desk = project.id === fs.id ? '1' : '2';
    const type = weighted(
      ticketRng,
      desk === '1'
        ? ([
            ['1', 40],
            ['2', 15],
            ['3', 25],
            ['4', 10],
            ['5', 10],
          ] as const)
        : ([
            ['6', 20],
            ['7', 30],
            ['8', 30],
            ['9', 20],
          ] as const),
    );
    const requestType = state.requestTypes.find((r) => r.id === type);
    if (!requestType) throw new Error(`request type ${type}`);
    const deskCustomers = desk === '1' ? customers : itCustomers;
    const reporter = ticketRng.bool(0.08) ? portalCustomer : ticketRng.pick(deskCustomers);
    const business = ticketRng.pick(BUSINESSES);
    const equipment = ticketRng.pick(EQUIPMENT);
    const isField = requestType.issueTypeId === '10003';
    let summary: string;
    let description: AdfNode;
    let skill: string | null = null;
    switch (requestType.name) {
      case 'Broken equipment':
        summary = `${equipment.name} not working at ${business}`;
        description = adf(
          `Our ${equipment.name.toLowerCase()} stopped working ${ticketRng.pick(['this morning', 'overnight', 'yesterday afternoon', 'after a power cut'])}.`,
          ticketRng.pick([
            'Staff can let you in from 8am.',
            'Please call reception on arrival.',
            'Parking is available behind the building.',
          ]),
        );
        skill = equipment.skill;
        break;
      case 'Installation':
        summary = `Install ${equipment.name.toLowerCase()} at ${business}`;
        description = adf(
          `We need a new ${equipment.name.toLowerCase()} installed.`,
          'The unit has been delivered to site.',
        );
        skill = equipment.skill;
        break;
      case 'Maintenance visit':
        summary = `${ticketRng.pick(['Quarterly', 'Annual', 'Six-monthly'])} service: ${equipment.name.toLowerCase()} at ${business}`;
        description = adf(`Planned maintenance for the ${equipment.name.toLowerCase()}.`);
        skill = equipment.skill;
        break;
      case 'Network outage':
        summary = `No network at ${business}`;
        description = adf(
          'All tills and PCs have lost their connection.',
          'The router lights are flashing orange.',
        );
        skill = 'Networking';
        break;
      case 'General question':
        summary = ticketRng.pick([
          'Question about my invoice',
          'Can I move my visit?',
          'Who is my account manager?',
          'Warranty question',
        ]);
        description = adf('Could someone get back to me, please?');
        break;
      default:
        summary = `${requestType.name}: ${ticketRng.pick(['urgent', 'for new starter', 'please help', 'follow-up'])}`;
        description = adf(`${requestType.description} Raised by ${reporter.displayName}.`);
    }
    const workflowPaths =
      requestType.issueTypeId === '10003'
        ? fieldPaths
        : requestType.issueTypeId === '10001'
          ? incidentPaths
          : requestPaths;
    const target = open
      ? isField
        ? weighted(ticketRng, [
            [STATUS.waitingForSupport, 35],
            [STATUS.dispatched, 20],
            [STATUS.onSite, 10],
            [STATUS.inProgress, 15],
            [STATUS.waitingForCustomer, 20],
          ] as const)
        : weighted(ticketRng, [
            [STATUS.waitingForSupport, 50],
            [STATUS.inProgress, 30],
            [STATUS.waitingForCustomer, 20],
          ] as const)
      : ticketRng.bool(0.6)
        ? STATUS.resolved
        : STATUS.closed;
    const path = ticketRng.pick(workflowPaths[target] ?? [[]]);
    const issue = createIssue(state, {
      projectId: project.id,
      issueTypeId: requestType.issueTypeId,
      summary,
      description,
      priorityId: weighted(ticketRng, priorities),
      reporter: reporter.accountId,
      labels: ticketRng.bool(0.15)
        ? [ticketRng.pick(['vip', 'repeat-visit', 'warranty', 'out-of-hours'])]
        : [],
      dueDate:
        isField && ticketRng.bool(0.3)
          ? new Date(created + ticketRng.int(1, 14) * DAY).toISOString().slice(0, 10)
          : null,
      assets: assetRefs(desk === '1' && ticketRng.bool(0.6)),
      location: desk === '1' ? location() : null,
      requiredSkillId: skill ? skillId(skill) : null,
      requestTypeId: requestType.id,
      participants: ticketRng.bool(0.05)
        ? [ticketRng.pick(deskCustomers).accountId].filter((id) => id !== reporter.accountId)
        : [],
      created,
    });
    playHistory(
      issue,
      path,
      isField,
      skill,
      open ? now : Math.min(now - HOUR, created + ticketRng.float(2 * HOUR, 5 * DAY)),
    );
  };

  /** Replays a transition path between creation and `end`, with assignments, comments and worklogs. */
  const playHistory = (issue: Issue, path: string[], isField: boolean, skill: string | null, end: number) => {
    const project = state.projects.find((p) => p.id === issue.projectId) as Project;
    const workflow = state.workflows.find((w) => w.id === project.workflowScheme[issue.fields.issueTypeId]);
    if (!workflow) return;
    const span = Math.max(end - issue.created, MINUTE * path.length);
    const times = path
      .map(() => issue.created + Math.floor(ticketRng.next() * span))
      .sort((a, b) => a - b)
      .map((t, i) => t + i * MINUTE);
    const candidates = skill ? techsWithSkill(skill) : [];
    const projectAgents = project.id === fs.id ? agents : agents.slice(0, 2);
    const worker = isField
      ? ticketRng.pick(candidates.length > 0 ? candidates : technicianUsers)
      : ticketRng.pick(projectAgents);
    const dispatcher = ticketRng.pick(dispatchers);
    // A few waiting tickets are pre-assigned.
    if (path.length === 0 && ticketRng.bool(0.15)) {
      const at = issue.created + Math.floor((end - issue.created) * ticketRng.next());
      addChangelog(state, issue, dispatcher.accountId, [assigneeChange(state, null, worker.accountId)], at);
      issue.fields.assignee = worker.accountId;
    }
    path.forEach((transitionId, i) => {
      const transition = workflow.transitions.find((tr) => tr.id === transitionId);
      const at = times[i] ?? end;
      if (!transition) return;
      const actor = transitionId === '101' ? dispatcher : worker;
      if (i === 0 && issue.fields.assignee === null) {
        addChangelog(
          state,
          issue,
          (isField ? dispatcher : worker).accountId,
          [assigneeChange(state, null, worker.accountId)],
          at,
        );
        issue.fields.assignee = worker.accountId;
        if (ticketRng.bool(0.7)) {
          addComment(state, issue, {
            authorAccountId: (isField ? dispatcher : worker).accountId,
            body: adf(
              isField
                ? `Thanks for reporting this. ${worker.displayName} will be with you ${ticketRng.pick(['today', 'tomorrow morning', 'within 4 hours'])}.`
                : 'Thanks, we are looking into this now.',
            ),
            internal: false,
            at,
          });
        }
        if (isField && ticketRng.bool(0.5)) {
          addComment(state, issue, {
            authorAccountId: dispatcher.accountId,
            body: adf(
              `Dispatched ${worker.displayName}; ETA ${ticketRng.int(20, 120)} min. Van stock checked.`,
            ),
            internal: true,
            at: at + MINUTE,
          });
        }
      }
      applyTransition(state, issue, transition, actor.accountId, at);
      if (transitionId === '111' || transitionId === '141' || transitionId === '41') {
        const minutes = ticketRng.int(2, 12) * 15;
        addWorklog(state, issue, {
          authorAccountId: worker.accountId,
          started: jiraDate(at),
          startedMillis: at,
          timeSpentSeconds: minutes * 60,
          comment: ticketRng.bool(0.5)
            ? adf(ticketRng.pick(['Diagnosed fault.', 'Replaced part.', 'Tested and working.']))
            : null,
          at: at + minutes * MINUTE,
        });
      }
    });
    if (issue.fields.statusId === STATUS.waitingForCustomer && ticketRng.bool(0.4)) {
      const reporterComment = (times[times.length - 1] ?? issue.created) + ticketRng.int(5, 240) * MINUTE;
      if (reporterComment < now) {
        addComment(state, issue, {
          authorAccountId: issue.fields.reporter,
          body: adf(
            ticketRng.pick([
              'Any update on this?',
              'I will check and get back to you.',
              'Thanks, see attached photo.',
            ]),
          ),
          internal: false,
          at: reporterComment,
        });
      }
    }
  };

  // Decide what to create first, then create in time order so keys grow with the created date.
  // Open tickets lean recent; resolved ones spread evenly over the last 30 days.
  const plan: { project: Project; open: boolean; created: number }[] = [];
  const planTickets = (project: Project, open: boolean, count: number) => {
    for (let i = 0; i < count; i++) {
      const age = open ? 30 * DAY * ticketRng.next() ** 2 + MINUTE : ticketRng.float(1, 30) * DAY;
      plan.push({ project, open, created: Math.floor((now - age) / 1000) * 1000 });
    }
  };
  planTickets(fs, true, ticketCount);
  planTickets(fs, false, Math.round(ticketCount * 0.2));
  planTickets(it, true, 24);
  planTickets(it, false, 6);
  plan.sort((a, b) => a.created - b.created);
  for (const ticket of plan) makeTicket(ticket.project, ticket.open, ticket.created);

  return { state, technicians };
}
