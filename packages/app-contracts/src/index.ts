export { collectForgeProblems, FORGE_TOOLCHAIN } from './forge';
export { collectLayerProblems, type Layer } from './layers';
export {
  collectManifestProblems,
  definedResolverKeys,
  type EgressKind,
  invokedKeys,
  type ManifestExpectations,
} from './manifest';
export { appContractTests } from './vitest';
