/**
 * The two resolver functions of the manifest. Keys are the contract's (`src/domain/contract.ts`); each key's
 * policy decides which module may call it, so the technician keys are on both.
 */
import Resolver from '@forge/resolver';
import { auditRefusals, forgeKvsStore, ownKeysOnly } from '@suite/permissions';
import {
  detectStatuses,
  getConfig,
  getRoles,
  healthCheck,
  listAudit,
  resetAdminList,
  saveConfig,
  saveRole,
} from './admin';
import { assign, getChanges, getConsole, rankTechnicians } from './console';
import { deleteTechnician, getTechnician, saveTechnician, setPosition } from './technicians';
import { arrive, startTravel } from './travel';

// Only the functions defined here can be called: @forge/resolver's own lookup would also run inherited names such as
// `constructor`. Refused calls are audited, at most once per caller per minute.
const refusals = { onRefused: auditRefusals(forgeKvsStore()) };

export const consoleHandler = ownKeysOnly(
  new Resolver()
    .define('getConsole', getConsole)
    .define('getChanges', getChanges)
    .define('rankTechnicians', rankTechnicians)
    .define('assign', assign)
    .define('startTravel', startTravel)
    .define('arrive', arrive)
    .define('getTechnician', getTechnician)
    .define('saveTechnician', saveTechnician)
    .define('setPosition', setPosition)
    .define('deleteTechnician', deleteTechnician),
  refusals,
);

export const adminHandler = ownKeysOnly(
  new Resolver()
    .define('getConfig', getConfig)
    .define('saveConfig', saveConfig)
    .define('detectStatuses', detectStatuses)
    .define('healthCheck', healthCheck)
    .define('getRoles', getRoles)
    .define('saveRole', saveRole)
    .define('resetAdminList', resetAdminList)
    .define('listAudit', listAudit)
    .define('getTechnician', getTechnician)
    .define('saveTechnician', saveTechnician)
    .define('setPosition', setPosition)
    .define('deleteTechnician', deleteTechnician),
  refusals,
);
