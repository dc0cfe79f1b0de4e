import { appContractTests } from '@suite/app-contracts';

// Pinned scopes, each needed by a route the app calls (see README "Scopes"):
appContractTests(new URL('..', import.meta.url).pathname, {
  scopes: [
    'read:cmdb-object:jira', // POST object/aql
    'read:cmdb-schema:jira', // objectschema/list, objectschema/:id/objecttypes/flat
    'read:cmdb-type:jira', // objectschema/:id/objecttypes/flat, objecttype/:id, objecttype/:id/attributes
    'read:cmdb-attribute:jira', // objecttype/:id/attributes
    'read:servicedesk-request', // GET /rest/servicedeskapi/assets/workspace
    'read:permission:jira', // GET /rest/api/3/mypermissions as the admin (@suite/permissions tier 2)
    'storage:app', // KVS: exports, API keys and webhook secrets (secret storage), run state, audit log
  ],
  // No egress is declared at build time: the webhook destination is the admin's, approved per site by a site admin
  // (customer-managed egress, `permissions.external.configurable.enabled: true`). The helper pins only declared
  // addresses and does not look at `configurable`; test/push-sandbox.test.ts shows an unapproved domain gets the
  // platform's 403 and no data leaves the site.
  egress: { 'fetch.backend': [], 'fetch.client': [], images: [] },
  customerManagedEgress: true,
});
