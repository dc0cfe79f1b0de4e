/**
 * The two resolver functions of the manifest. Keys are the contract's (`src/domain/contract.ts`); each key's
 * policy decides which module may call it, so the shared keys (canned responses, feedback) are on both.
 */
import Resolver from '@forge/resolver';
import { auditRefusals, forgeKvsStore, ownKeysOnly } from '@suite/permissions';
import {
  discoverAssetFields,
  getAdminConfig,
  getRoles,
  listAudit,
  listFeedback,
  previewAql,
  resetAdminList,
  saveProjectConfig,
  saveRole,
} from './admin';
import { deleteCannedResponse, listCannedResponses, saveCannedResponse } from './canned';
import {
  assign,
  assignToMe,
  deleteWorklog,
  getPanel,
  linkAsset,
  logWork,
  previewReply,
  searchAssets,
  searchAssignable,
  sendReply,
  startTimerResolver,
  stopTimerResolver,
  submitFeedback,
  transition,
  updateWorklog,
} from './panel';

// Only the functions defined here can be called: @forge/resolver's own lookup would also run inherited names such as
// `constructor`. Refused calls are audited, at most once per caller per minute.
const refusals = { onRefused: auditRefusals(forgeKvsStore()) };

export const panelHandler = ownKeysOnly(
  new Resolver()
    .define('getPanel', getPanel)
    .define('transition', transition)
    .define('assign', assign)
    .define('assignToMe', assignToMe)
    .define('searchAssignable', searchAssignable)
    .define('previewReply', previewReply)
    .define('sendReply', sendReply)
    .define('startTimer', startTimerResolver)
    .define('stopTimer', stopTimerResolver)
    .define('logWork', logWork)
    .define('updateWorklog', updateWorklog)
    .define('deleteWorklog', deleteWorklog)
    .define('saveCannedResponse', saveCannedResponse)
    .define('deleteCannedResponse', deleteCannedResponse)
    .define('listCannedResponses', listCannedResponses)
    .define('searchAssets', searchAssets)
    .define('linkAsset', linkAsset)
    .define('submitFeedback', submitFeedback),
  refusals,
);

export const adminHandler = ownKeysOnly(
  new Resolver()
    .define('getAdminConfig', getAdminConfig)
    .define('saveProjectConfig', saveProjectConfig)
    .define('discoverAssetFields', discoverAssetFields)
    .define('previewAql', previewAql)
    .define('getRoles', getRoles)
    .define('saveRole', saveRole)
    .define('resetAdminList', resetAdminList)
    .define('listAudit', listAudit)
    .define('listFeedback', listFeedback)
    .define('saveCannedResponse', saveCannedResponse)
    .define('deleteCannedResponse', deleteCannedResponse)
    .define('listCannedResponses', listCannedResponses)
    .define('submitFeedback', submitFeedback),
  refusals,
);
