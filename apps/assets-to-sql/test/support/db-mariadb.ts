// MySQL/MariaDB for the tests: a real `mariadbd` on a temporary datadir and a unix socket (no TCP, no grant
// tables), started once per test file and fed through the `mariadb` CLI on stdin like a user's load.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SqlType } from '../../src/domain/model';
import { dialectFor } from '../../src/domain/sql/index';
import { fromHex } from './db-fixtures';
import type { Engine } from './db-roundtrip';

const BINARIES = ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', '/usr/bin/mariadb'] as const;
const q = (name: string) => dialectFor('mysql').quoteIdentifier(name);

export interface MariaDb {
  readonly socket: string;
  /** Runs a script through the `mariadb` CLI against `database`; throws with stderr on error. Returns stdout. */
  run(sql: string, database?: string, args?: readonly string[]): string;
  /** Rows of a query whose every column is text, read exactly (hex on the server, decoded here). */
  query(expressions: readonly string[], from: string, database: string): (string | null)[][];
  stop(): Promise<void>;
}

export async function startMariaDb(): Promise<MariaDb> {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0)
    throw new Error(
      `MariaDB is not installed (${missing.join(', ')} missing): run \`sudo apt-get install -y mariadb-server\` (see scripts/system-packages.json)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'a2s-maria-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const log = join(dir, 'error.log');
  const user = userInfo().username;
  execFileSync(
    '/usr/bin/mariadb-install-db',
    [
      '--no-defaults',
      `--user=${user}`,
      `--datadir=${datadir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'pipe' },
  );
  const child: ChildProcess = spawn(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      `--user=${user}`,
      `--datadir=${datadir}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${log}`,
      '--skip-networking',
      '--skip-grant-tables',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
      '--innodb-flush-log-at-trx-commit=0',
      '--max-allowed-packet=64M',
    ],
    { stdio: 'ignore' },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const run = (sql: string, database?: string, args: readonly string[] = []): string => {
    const result = spawnSync(
      '/usr/bin/mariadb',
      ['--no-defaults', `--socket=${socket}`, '-uroot', ...args, ...(database ? [database] : [])],
      { input: sql, maxBuffer: 512 * 1024 * 1024 },
    );
    if (result.status !== 0)
      throw new Error(`mariadb failed (${result.status}): ${result.stderr.toString('utf8')}`);
    return result.stdout.toString('utf8');
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited)
      throw new Error(`mariadbd exited during startup:\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
    try {
      run('SELECT 1;');
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `mariadbd did not start within 30 s: ${String(error)}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    socket,
    run,
    query(expressions, from, database) {
      const out = run(`SELECT ${expressions.map((e) => `HEX(${e})`).join(', ')} ${from};`, database, [
        '--batch',
        '--skip-column-names',
        '--raw',
      ]);
      return out
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t').map((cell) => (cell === 'NULL' ? null : fromHex(cell))));
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM');
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
        if ((await Promise.race([exit, timeout])) === 'timeout') {
          child.kill('SIGKILL');
          await exit;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function mariaReadExpression(column: string, type: SqlType): string {
  switch (type) {
    case 'text':
    case 'id':
      return q(column);
    case 'date':
      return `DATE_FORMAT(${q(column)}, '%Y-%m-%d')`;
    case 'time':
      return `TIME_FORMAT(${q(column)}, '%H:%i:%s.%f')`;
    case 'timestamptz':
      return `DATE_FORMAT(${q(column)}, '%Y-%m-%d %H:%i:%s.%f')`;
    default:
      return `CAST(${q(column)} AS CHAR)`;
  }
}

/** An `Engine` on one database of the server. */
export function mariaEngine(server: MariaDb, database: string): Engine {
  server.run(`CREATE DATABASE ${q(database)};`);
  return {
    dialect: 'mysql',
    idempotentAlter: true,
    async exec(sql) {
      server.run(sql, database);
    },
    async readTable(table, columns) {
      return server.query(
        columns.map((c) => mariaReadExpression(c.name, c.type)),
        `FROM ${q(table)}`,
        database,
      );
    },
  };
}
