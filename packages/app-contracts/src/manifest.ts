import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@forge/manifest';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { exportedNames, lineOf, parseSource, relPath, sourceFiles, walk } from './source';

/** What an app pins in its manifest test; any difference is a problem, in either direction. */
export interface ManifestExpectations {
  /** The exact scope list. A broader scope creeping in fails the test, and so does a dropped one. */
  readonly scopes: readonly string[];
  /** The exact egress addresses per kind, when the app pins them (object-form entries only). */
  readonly egress?: Partial<Record<EgressKind, readonly string[]>>;
  /**
   * Whether the app may ask site admins to approve egress at runtime (`permissions.external.configurable`).
   * Pinned like the addresses: false unless the app says so, because such egress reaches hosts no test can list.
   */
  readonly customerManagedEgress?: boolean;
  /** Forge runtime the app targets. */
  readonly runtime?: string;
}

export type EgressKind =
  | 'fetch.backend'
  | 'fetch.client'
  | 'images'
  | 'fonts'
  | 'frames'
  | 'scripts'
  | 'styles'
  | 'media';

interface ManifestShape {
  modules?: Record<string, unknown[]>;
  app?: { runtime?: { name?: string } };
  permissions?: {
    scopes?: string[];
    external?: Record<string, unknown>;
  };
}

interface FunctionModule {
  key: string;
  handler: string;
}

/**
 * Everything wrong with an app's manifest and its wiring, as human-readable lines (empty when all is well):
 * `@forge/manifest` validation with no errors or warnings, handlers exported from `src/index.ts`, every
 * frontend `invoke('key')` and consumer method defined by a resolver, and scopes/egress equal to the pins.
 */
export async function collectManifestProblems(
  appDir: string,
  expected: ManifestExpectations,
): Promise<string[]> {
  const manifestPath = join(appDir, 'manifest.yml');
  if (!existsSync(manifestPath)) return [`${manifestPath} does not exist`];
  const problems: string[] = [];

  const result = await validate(false, manifestPath);
  for (const e of result.errors ?? []) {
    problems.push(
      `manifest.yml:${e.line ?? '?'}:${e.column ?? '?'} ${e.level}: ${e.message} [${e.reference}]`,
    );
  }
  if (!result.success && (result.errors ?? []).length === 0) problems.push('manifest.yml did not validate');

  const manifest = parseYaml(readFileSync(manifestPath, 'utf8')) as ManifestShape;
  problems.push(...checkRuntime(manifest, expected.runtime ?? 'nodejs22.x'));
  problems.push(...checkScopes(manifest, expected.scopes));
  if (expected.egress) problems.push(...checkEgress(manifest, expected.egress));
  problems.push(...checkConfigurableEgress(manifest, expected.customerManagedEgress ?? false));
  problems.push(...checkHandlers(appDir, manifest));
  problems.push(...checkResolverKeys(appDir, manifest));
  return problems;
}

function checkRuntime(manifest: ManifestShape, runtime: string): string[] {
  const actual = manifest.app?.runtime?.name;
  return actual === runtime ? [] : [`app.runtime.name is ${actual ?? 'missing'}, expected ${runtime}`];
}

function checkScopes(manifest: ManifestShape, pinned: readonly string[]): string[] {
  const actual = new Set(manifest.permissions?.scopes ?? []);
  const wanted = new Set(pinned);
  const problems: string[] = [];
  for (const scope of actual)
    if (!wanted.has(scope)) problems.push(`scope ${scope} is requested but not pinned`);
  for (const scope of wanted)
    if (!actual.has(scope)) problems.push(`scope ${scope} is pinned but not requested`);
  return problems;
}

function egressAddresses(manifest: ManifestShape, kind: EgressKind): { addresses: string[]; plain: number } {
  const external = manifest.permissions?.external ?? {};
  const [head, tail] = kind.split('.') as [string, string | undefined];
  const node = external[head];
  const list = tail ? (node as Record<string, unknown> | undefined)?.[tail] : node;
  const addresses: string[] = [];
  let plain = 0;
  for (const entry of Array.isArray(list) ? list : []) {
    if (typeof entry === 'string') plain++;
    else if (entry && typeof entry === 'object' && 'address' in entry) addresses.push(String(entry.address));
  }
  return { addresses, plain };
}

function checkEgress(
  manifest: ManifestShape,
  pinned: Partial<Record<EgressKind, readonly string[]>>,
): string[] {
  const problems: string[] = [];
  const kinds: EgressKind[] = [
    'fetch.backend',
    'fetch.client',
    'images',
    'fonts',
    'frames',
    'scripts',
    'styles',
    'media',
  ];
  for (const kind of kinds) {
    const { addresses, plain } = egressAddresses(manifest, kind);
    if (plain > 0)
      problems.push(`permissions.external.${kind} has ${plain} plain-string entries; use {address: …}`);
    const want = [...(pinned[kind] ?? [])].sort();
    const have = [...addresses].sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      problems.push(`permissions.external.${kind} is [${have.join(', ')}], pinned [${want.join(', ')}]`);
    }
  }
  return problems;
}

function checkConfigurableEgress(manifest: ManifestShape, pinned: boolean): string[] {
  const configurable = manifest.permissions?.external?.configurable as { enabled?: unknown } | undefined;
  const enabled = configurable?.enabled === true;
  return enabled === pinned
    ? []
    : [`permissions.external.configurable.enabled is ${enabled}, pinned ${pinned} (customer-managed egress)`];
}

function functionModules(manifest: ManifestShape): FunctionModule[] {
  return (manifest.modules?.function ?? []).filter(
    (m): m is FunctionModule =>
      typeof m === 'object' && m !== null && 'key' in m && 'handler' in m && typeof m.handler === 'string',
  );
}

function checkHandlers(appDir: string, manifest: ManifestShape): string[] {
  const indexPath = join(appDir, 'src', 'index.ts');
  if (!existsSync(indexPath)) return ['src/index.ts does not exist'];
  const index = parseSource(indexPath);
  const exported = new Set(exportedNames(index));
  const problems: string[] = [];
  const used = new Set<string>();
  for (const fn of functionModules(manifest)) {
    const [file, name, ...rest] = fn.handler.split('.');
    if (file !== 'index' || !name || rest.length > 0) {
      problems.push(
        `function ${fn.key}: handler ${fn.handler} must be index.<export> (src/index.ts holds the handlers)`,
      );
      continue;
    }
    used.add(name);
    if (!exported.has(name)) problems.push(`function ${fn.key}: src/index.ts does not export ${name}`);
  }
  for (const name of exported) {
    if (!used.has(name)) problems.push(`src/index.ts exports ${name}, which no manifest function uses`);
  }
  return problems;
}

/** Keys passed to `resolver.define('key', …)` or as properties of `makeResolver({ key: … })`. */
export function definedResolverKeys(appDir: string): Set<string> {
  const keys = new Set<string>();
  for (const path of sourceFiles(join(appDir, 'src'))) {
    if (relPath(appDir, path).startsWith('src/frontend/')) continue;
    const file = parseSource(path);
    walk(file, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression;
      const [first] = node.arguments;
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'define' &&
        first &&
        ts.isStringLiteralLike(first)
      ) {
        keys.add(first.text);
      }
      if (
        ts.isIdentifier(callee) &&
        callee.text === 'makeResolver' &&
        first &&
        ts.isObjectLiteralExpression(first)
      ) {
        for (const prop of first.properties) {
          if (prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteralLike(prop.name)))
            keys.add(prop.name.text);
        }
      }
    });
  }
  return keys;
}

/** The name of the function (declaration, or arrow/function expression bound to a const) that encloses a node. */
function enclosingFunction(
  node: ts.Node,
): { name: string; params: readonly ts.ParameterDeclaration[] } | undefined {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isFunctionDeclaration(current) && current.name)
      return { name: current.name.text, params: current.parameters };
    if (
      (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) &&
      ts.isVariableDeclaration(current.parent)
    ) {
      const binding = current.parent.name;
      if (ts.isIdentifier(binding)) return { name: binding.text, params: current.parameters };
    }
    if (ts.isFunctionLike(current)) return undefined;
  }
  return undefined;
}

/**
 * `invoke('key', …)` calls in the frontend, with where they are. A typed wrapper such as
 * `function call<K extends Key>(key: K, payload) { return invoke(key, payload); }` is followed: its own call sites
 * must then pass literal keys. Any other non-literal key is reported as a problem.
 */
export function invokedKeys(appDir: string): { keys: Map<string, string>; problems: string[] } {
  const keys = new Map<string, string>();
  const problems: string[] = [];
  const files = sourceFiles(join(appDir, 'src', 'frontend')).map((path) => ({
    path,
    file: parseSource(path),
  }));
  const wrappers = new Map<string, number>();
  const calls: { where: string; callee: string; args: ts.NodeArray<ts.Expression> }[] = [];
  for (const { path, file } of files) {
    walk(file, (node) => {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return;
      calls.push({
        where: `${relPath(appDir, path)}:${lineOf(file, node)}`,
        callee: node.expression.text,
        args: node.arguments,
      });
      if (node.expression.text !== 'invoke') return;
      const [first] = node.arguments;
      if (first && ts.isIdentifier(first)) {
        const fn = enclosingFunction(node);
        const index =
          fn?.params.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === first.text) ?? -1;
        if (fn && index >= 0) wrappers.set(fn.name, index);
      }
    });
  }
  for (const { where, callee, args } of calls) {
    const index = callee === 'invoke' ? 0 : wrappers.get(callee);
    if (index === undefined) continue;
    const arg = args[index];
    if (arg && ts.isStringLiteralLike(arg)) keys.set(arg.text, where);
    else if (
      !(callee === 'invoke' && arg && ts.isIdentifier(arg) && wrappers.size > 0 && isWrapperParam(arg))
    ) {
      problems.push(
        `${where}: ${callee}() needs a string literal key so it can be checked against the resolvers`,
      );
    }
  }
  return { keys, problems };
}

/** True when an identifier passed to invoke is the key parameter of a known wrapper (checked at its call sites). */
function isWrapperParam(arg: ts.Identifier): boolean {
  const fn = enclosingFunction(arg);
  return fn?.params.some((p) => ts.isIdentifier(p.name) && p.name.text === arg.text) ?? false;
}

function checkResolverKeys(appDir: string, manifest: ManifestShape): string[] {
  const defined = definedResolverKeys(appDir);
  const { keys, problems } = invokedKeys(appDir);
  for (const [key, where] of keys) {
    if (!defined.has(key)) problems.push(`${where}: invoke('${key}') has no resolver definition`);
  }
  for (const consumer of manifest.modules?.consumer ?? []) {
    const method = (consumer as { resolver?: { method?: string }; key?: string }).resolver?.method;
    if (method && !defined.has(method)) {
      problems.push(
        `consumer ${(consumer as { key?: string }).key}: method ${method} has no resolver definition`,
      );
    }
  }
  return problems;
}
