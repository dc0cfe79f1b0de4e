export { type AqlEvalContext, type AqlResult, countAql, evaluateAql, parseAssetsAql } from './aql-eval';
export {
  attributeJson,
  historyJson,
  objectAttributesJson,
  objectHeaderJson,
  objectJson,
  objectTypeJson,
  schemaJson,
  valueJson,
} from './json';
export * from './model';
export { ASSETS_BASE, ASSETS_SCOPES, assetsRoutes } from './routes';
