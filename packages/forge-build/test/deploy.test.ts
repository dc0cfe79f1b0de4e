import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_ID_FILE,
  appIdVariable,
  DeployError,
  deploy,
  type Runner,
  register,
  resolveAppId,
} from '../src/deploy';

const REPO = join(import.meta.dirname, '..', '..', '..');
const REAL = 'ari:cloud:ecosystem::app/12345678-90ab-4cde-8f01-23456789abcd';
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of an app's manifest in a scratch folder: what register/deploy read. */
function appCopy(app = 'techdesk'): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
  temps.push(dir);
  cpSync(join(REPO, 'apps', app, 'manifest.yml'), join(dir, 'manifest.yml'));
  return dir;
}

interface Call {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A fake Forge CLI and npm: records every call; `forge register` writes an id the way the CLI does. */
function fakeRunner(
  opts: { version?: string; fail?: string; registerId?: string } = {},
): Runner & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    output: (command, args) =>
      command.endsWith('forge') && args[0] === '--version' ? (opts.version ?? '13.3.0\n') : undefined,
    run(command, args, { cwd, env }) {
      calls.push({ command, args, cwd, env });
      if (opts.fail && `${command} ${args.join(' ')}`.startsWith(opts.fail)) return 2;
      if (args[0] === 'register') {
        const manifest = join(cwd, 'manifest.yml');
        const text = readFileSync(manifest, 'utf8').replace(
          /id: \$\{[A-Z_]+\}/,
          `id: ${opts.registerId ?? REAL}`,
        );
        writeFileSync(manifest, text);
      }
      return 0;
    },
  };
}

const quiet = { log: () => {}, warn: () => {} };

describe('the committed manifests', () => {
  it.each(['techdesk', 'dispatchdesk', 'assets-to-sql'])(
    '%s takes its app id from a variable with a placeholder default',
    (app) => {
      const { variable, placeholder } = appIdVariable(join(REPO, 'apps', app));
      expect(variable).toBe(`${app.toUpperCase().replace(/-/g, '_')}_APP_ID`);
      expect(placeholder).toMatch(/^ari:cloud:ecosystem::app\/00000000-0000-4000-8000-00000000a00\d$/);
    },
  );
});

describe('register', () => {
  it('runs `forge register` on a scratch copy and keeps the id beside the app, leaving manifest.yml untouched', () => {
    const dir = appCopy();
    const before = readFileSync(join(dir, 'manifest.yml'), 'utf8');
    const runner = fakeRunner();
    expect(register(dir, 'TechDesk', { runner, env: {}, io: quiet })).toBe(REAL);
    expect(runner.calls).toHaveLength(1);
    expect(runner.calls[0]?.args).toEqual(['register', 'TechDesk']);
    expect(runner.calls[0]?.cwd).not.toBe(dir);
    expect(existsSync(runner.calls[0]?.cwd as string)).toBe(false); // the scratch copy is gone
    expect(readFileSync(join(dir, APP_ID_FILE), 'utf8').trim()).toBe(REAL);
    expect(readFileSync(join(dir, 'manifest.yml'), 'utf8')).toBe(before);
  });

  it('refuses to register twice, and says so when the Forge CLI is missing', () => {
    const dir = appCopy();
    writeFileSync(join(dir, APP_ID_FILE), REAL);
    expect(() => register(dir, 'x', { runner: fakeRunner(), env: {}, io: quiet })).toThrow(/already holds/);
    const fresh = appCopy();
    const noCli: Runner = { run: () => 0, output: () => undefined };
    expect(() => register(fresh, 'x', { runner: noCli, env: {}, io: quiet })).toThrow(
      'The Forge CLI is not installed. Install it with `npm install -g @forge/cli@13.3.0`, then `forge login`.',
    );
  });
});

describe('deploy', () => {
  it('refuses to deploy the placeholder id or an id that is not a Forge app id', () => {
    const dir = appCopy();
    expect(() => resolveAppId(dir, {})).toThrow(DeployError);
    expect(() =>
      resolveAppId(dir, { TECHDESK_APP_ID: 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-00000000a001' }),
    ).toThrow(/npm run register/);
    expect(() => resolveAppId(dir, { TECHDESK_APP_ID: 'not-an-id' })).toThrow(/is not a Forge app id/);
    const runner = fakeRunner();
    expect(() => deploy(dir, { environment: 'development', runner, env: {}, io: quiet })).toThrow(
      /npm run register/,
    );
    expect(runner.calls).toEqual([]);
  });

  it('builds with the Forge checks, then forge deploy — both with the real id — and prints the install line', () => {
    const dir = appCopy();
    writeFileSync(join(dir, APP_ID_FILE), `${REAL}\n`);
    const runner = fakeRunner();
    const lines: string[] = [];
    deploy(dir, {
      environment: 'staging',
      forgeArgs: ['--non-interactive'],
      runner,
      env: { PATH: '/usr/bin' },
      io: { log: (l) => lines.push(l), warn: (l) => lines.push(`WARN ${l}`) },
    });
    expect(runner.calls.map((c) => [c.command, ...c.args])).toEqual([
      ['npm', 'run', 'build'],
      ['forge', 'deploy', '--environment', 'staging', '--non-interactive'],
    ]);
    for (const call of runner.calls) {
      expect(call.cwd).toBe(dir);
      expect(call.env.TECHDESK_APP_ID).toBe(REAL);
    }
    expect(lines).toContain(
      `  cd ${dir} && TECHDESK_APP_ID=${REAL} forge install --site <your-site>.atlassian.net --product jira --environment staging`,
    );
    expect(lines.some((l) => l.startsWith('WARN'))).toBe(false);
  });

  it('deploys nothing when the build or its Forge checks fail; warns on a different Forge CLI version', () => {
    const dir = appCopy();
    const runner = fakeRunner({ fail: 'npm run build', version: '12.0.0' });
    const warnings: string[] = [];
    expect(() =>
      deploy(dir, {
        environment: 'production',
        runner,
        env: { TECHDESK_APP_ID: REAL },
        io: { log: () => {}, warn: (l) => warnings.push(l) },
      }),
    ).toThrow('The build or its Forge checks failed; nothing was deployed.');
    expect(runner.calls.map((c) => c.command)).toEqual(['npm']);
    expect(warnings[0]).toMatch(/forge --version says 12\.0\.0/);
  });

  it('accepts only the three Forge environments', () => {
    const dir = appCopy();
    expect(() =>
      deploy(dir, {
        environment: 'prod' as 'production',
        runner: fakeRunner(),
        env: { TECHDESK_APP_ID: REAL },
        io: quiet,
      }),
    ).toThrow('--environment must be one of development, staging, production');
  });
});
