import { basename, resolve } from 'node:path';
import { DeployError, deploy, ENVIRONMENTS, register } from '../src/deploy';

const USAGE = `Usage (from the repo root):
  npm run register -w apps/<app> [-- --name "<App name>"]
  npm run deploy -w apps/<app> -- --environment development|staging|production [forge deploy options]`;

const [command, ...rest] = process.argv.slice(2);
const appDir = resolve(process.cwd());

function option(name: string): string | undefined {
  const i = rest.lastIndexOf(name); // the last wins: `npm run register -- --name X` overrides the default
  if (i >= 0) {
    const value = rest[i + 1];
    rest.splice(i, 2);
    return value;
  }
  const inline = rest.find((a) => a.startsWith(`${name}=`));
  if (inline) {
    rest.splice(rest.indexOf(inline), 1);
    return inline.slice(name.length + 1);
  }
  return undefined;
}

try {
  if (command === 'register') {
    register(appDir, option('--name') ?? basename(appDir));
  } else if (command === 'deploy') {
    const environment = option('--environment') ?? option('-e');
    if (!environment || !(ENVIRONMENTS as readonly string[]).includes(environment)) {
      throw new DeployError(`--environment is required: ${ENVIRONMENTS.join(' | ')}\n${USAGE}`);
    }
    deploy(appDir, { environment: environment as (typeof ENVIRONMENTS)[number], forgeArgs: rest });
  } else {
    throw new DeployError(USAGE);
  }
} catch (error) {
  console.error(error instanceof DeployError ? error.message : error);
  process.exit(1);
}
