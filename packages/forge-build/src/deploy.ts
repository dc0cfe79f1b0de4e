import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The Forge CLI release whose bundler and linter this repo pins (packages/forge-build/package.json). */
export const FORGE_CLI_VERSION = '13.3.0';
export const APP_ID_FILE = '.forge-app-id';
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
const APP_ID = /^ari:cloud:ecosystem::app\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class DeployError extends Error {
  override name = 'DeployError';
}

interface ManifestVariables {
  /** The manifest variable `app.id` is read from, e.g. `TECHDESK_APP_ID`. */
  readonly variable: string;
  /** Its committed default: a placeholder, never a real id. */
  readonly placeholder: string;
}

/** Which manifest variable holds the app id, and the placeholder the repo commits for it. */
export function appIdVariable(appDir: string): ManifestVariables {
  const raw = parse(readFileSync(join(appDir, 'manifest.yml'), 'utf8')) as {
    app?: { id?: string };
    environment?: { variables?: (string | { key: string; default?: string })[] };
  };
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(raw.app?.id ?? '');
  if (!match) {
    throw new DeployError(
      `manifest.yml must take app.id from a manifest variable (app.id: $\{MYAPP_APP_ID}) so no real id is committed`,
    );
  }
  const variable = match[1] as string;
  const declared = (raw.environment?.variables ?? []).find(
    (v) => (typeof v === 'string' ? v : v.key) === variable,
  );
  const placeholder = typeof declared === 'object' ? (declared.default ?? '') : '';
  return { variable, placeholder };
}

/** The app's real id: from the environment variable, else from `<appDir>/.forge-app-id`; never the placeholder. */
export function resolveAppId(appDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const { variable, placeholder } = appIdVariable(appDir);
  const file = join(appDir, APP_ID_FILE);
  const id = (env[variable] ?? (existsSync(file) ? readFileSync(file, 'utf8') : '')).trim();
  if (!id || id === placeholder) {
    throw new DeployError(
      `No app id for ${appDir}: run \`npm run register -w <this app>\` once (it runs \`forge register\` and keeps the id in ${APP_ID_FILE}), or set ${variable}.`,
    );
  }
  if (!APP_ID.test(id))
    throw new DeployError(`${variable} is not a Forge app id (ari:cloud:ecosystem::app/<uuid>): ${id}`);
  return id;
}

export interface Runner {
  /** Runs a command, inheriting stdio; returns its exit status. */
  run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): number;
  /** Runs a command and returns its stdout (for `forge --version`), or undefined when it cannot be run. */
  output(command: string, args: readonly string[]): string | undefined;
}

export const processRunner: Runner = {
  run(command, args, { cwd, env }) {
    const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
    if (result.error) throw new DeployError(`Could not run ${command}: ${result.error.message}`);
    return result.status ?? 1;
  },
  output(command, args) {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    return result.status === 0 ? result.stdout : undefined;
  },
};

export interface Io {
  log(line: string): void;
  warn(line: string): void;
}

/** The Forge CLI to run: `FORGE_CLI` if set (a path), else `forge` from PATH — checked before anything runs. */
function forgeCli(runner: Runner, env: NodeJS.ProcessEnv, io: Io): string {
  const forge = env.FORGE_CLI || 'forge';
  const version = runner.output(forge, ['--version'])?.trim();
  if (!version) {
    throw new DeployError(
      `The Forge CLI is not installed. Install it with \`npm install -g @forge/cli@${FORGE_CLI_VERSION}\`, then \`forge login\`.`,
    );
  }
  if (!version.includes(FORGE_CLI_VERSION)) {
    io.warn(
      `forge --version says ${version}; this repo's checks run the bundler and linter of Forge CLI ${FORGE_CLI_VERSION}. ` +
        `\`npm install -g @forge/cli@${FORGE_CLI_VERSION}\` makes what you deploy match what the tests checked.`,
    );
  }
  return forge;
}

/**
 * `forge register` for an app of this repo without writing a real id into the committed manifest: the CLI registers
 * a copy of the manifest in a scratch folder; the id it writes there is kept in `<appDir>/.forge-app-id`.
 */
export function register(
  appDir: string,
  name: string,
  options: { runner?: Runner; env?: NodeJS.ProcessEnv; io?: Io } = {},
): string {
  const runner = options.runner ?? processRunner;
  const env = options.env ?? process.env;
  const io = options.io ?? { log: console.log, warn: console.warn };
  const { placeholder } = appIdVariable(appDir);
  const file = join(appDir, APP_ID_FILE);
  if (existsSync(file)) {
    throw new DeployError(`${file} already holds this app's id; delete it to register a new app.`);
  }
  const forge = forgeCli(runner, env, io);
  const scratch = mkdtempSync(join(tmpdir(), 'forge-register-'));
  try {
    copyFileSync(join(appDir, 'manifest.yml'), join(scratch, 'manifest.yml'));
    const status = runner.run(forge, ['register', name], { cwd: scratch, env });
    if (status !== 0) throw new DeployError(`forge register failed (exit ${status})`);
    const id = (parse(readFileSync(join(scratch, 'manifest.yml'), 'utf8')) as { app?: { id?: string } }).app
      ?.id;
    if (!id || id === placeholder || !APP_ID.test(id)) {
      throw new DeployError(`forge register did not write an app id into the manifest (found ${String(id)})`);
    }
    writeFileSync(file, `${id}\n`);
    io.log(`Registered "${name}" as ${id}; kept in ${file} (git-ignored).`);
    return id;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface DeployOptions {
  readonly environment: (typeof ENVIRONMENTS)[number];
  /** Further arguments for `forge deploy` (e.g. `--non-interactive`). */
  readonly forgeArgs?: readonly string[];
  readonly runner?: Runner;
  readonly env?: NodeJS.ProcessEnv;
  readonly io?: Io;
}

/**
 * Builds the app (its own build: Custom UI, then Forge's bundlers and linters with the real app id, failing on
 * any problem), then `forge deploy`, then prints the `forge install` line for the environment.
 */
export function deploy(appDir: string, options: DeployOptions): void {
  const runner = options.runner ?? processRunner;
  const io = options.io ?? { log: console.log, warn: console.warn };
  if (!ENVIRONMENTS.includes(options.environment)) {
    throw new DeployError(`--environment must be one of ${ENVIRONMENTS.join(', ')}`);
  }
  const baseEnv = options.env ?? process.env;
  const { variable } = appIdVariable(appDir);
  const appId = resolveAppId(appDir, baseEnv);
  const forge = forgeCli(runner, baseEnv, io);
  const env = { ...baseEnv, [variable]: appId };

  io.log(`Building ${appDir} with Forge's bundlers and checking it with Forge's linters…`);
  if (runner.run('npm', ['run', 'build'], { cwd: appDir, env }) !== 0) {
    throw new DeployError('The build or its Forge checks failed; nothing was deployed.');
  }
  io.log(`Deploying to ${options.environment}…`);
  const args = ['deploy', '--environment', options.environment, ...(options.forgeArgs ?? [])];
  if (runner.run(forge, args, { cwd: appDir, env }) !== 0) throw new DeployError('forge deploy failed.');
  io.log('');
  io.log(
    'Deployed. Install it on your site (first time), or upgrade an installation after a new major version:',
  );
  io.log(
    `  cd ${appDir} && ${variable}=${appId} forge install --site <your-site>.atlassian.net --product jira --environment ${options.environment}`,
  );
  io.log(
    `  cd ${appDir} && ${variable}=${appId} forge install --upgrade --environment ${options.environment}`,
  );
  io.log('Then follow this app\'s README, "After installing".');
}
