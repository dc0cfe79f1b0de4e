import { appContractTests } from '@suite/app-contracts';

// Pinned scopes, each needed by a route the app calls (see README "Scopes"):
appContractTests(new URL('..', import.meta.url).pathname, {
  scopes: [
    'read:jira-work', // issue, transitions, worklogs (GET), mypermissions, fields, statuses, projects
    'write:jira-work', // transition, assignee, edit issue (Assets field), worklogs (POST/PUT/DELETE)
    'read:jira-user', // myself, assignable users, configuration (time tracking)
    'read:servicedesk-request', // JSM request (requestFieldValues, SLA, request type), Assets workspace id
    'write:servicedesk-request', // JSM request comments (internal notes and public replies)
    'read:cmdb-object:jira', // Assets object/aql and object/:id
    'read:cmdb-attribute:jira', // attribute values/names in object/aql with includeAttributes=true
    'storage:app', // KVS: timers, canned responses, project settings, feedback, roles, audit log
  ],
});
