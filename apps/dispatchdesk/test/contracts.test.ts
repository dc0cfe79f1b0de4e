import { readFileSync } from 'node:fs';
import { appContractTests } from '@suite/app-contracts';
import { describe, expect, it } from 'vitest';
import { DECLARED_IMAGE_HOSTS } from '../src/domain/config';

const APP_DIR = new URL('..', import.meta.url).pathname;

// Pinned scopes, each needed by a route the app calls (see README "Scopes"):
appContractTests(APP_DIR, {
  scopes: [
    'read:jira-work', // search/jql, issue, transitions (GET), project statuses, fields, mypermissions
    'write:jira-work', // assignee (PUT), transitions (POST)
    'read:jira-user', // user, user/bulk, group/member, myself?expand=groups (group role grants)
    'read:servicedesk-request', // Assets workspace id (Assets location source)
    'read:cmdb-object:jira', // Assets object/aql (Assets location source)
    'read:cmdb-attribute:jira', // Latitude/Longitude attribute values (includeAttributes=true)
    'storage:app', // KVS: config, technician profiles and positions, change token, roles, audit log, tile key secret
  ],
  egress: {
    // None for the backend; the browser loads OpenStreetMap tiles.
    images: ['https://tile.openstreetmap.org', 'https://*.tile.openstreetmap.org'],
  },
});

describe('tile hosts', () => {
  it('the health check knows exactly the image hosts the manifest declares', () => {
    const text = readFileSync(`${APP_DIR}/manifest.yml`, 'utf8');
    const images = text.slice(text.indexOf('    images:'));
    const addresses = [...images.matchAll(/- address: (\S+)/g)].map((m) => m[1]);
    expect(addresses.sort()).toEqual([...DECLARED_IMAGE_HOSTS].sort());
  });
});
