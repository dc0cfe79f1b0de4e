import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { resourceDir } from '@suite/forge-build';
import { parse } from 'yaml';
import type { UiModule } from '../runtime/manifest';
import type { Sandbox } from '../runtime/sandbox';
import { handleBridgeCommand } from './bridge-server';
import { buildHostAssets } from './build';
import { type FrameInfo, findModule, frameInfo, parseExtension, siteOf } from './context';
import { customUiCsp } from './csp';
import { HOST_CSS } from './styles';
import { parseTilePath, tilePng, tileSvg } from './tiles';
import { THEME_ATTRIBUTE, tokensCss } from './tokens';

export interface HostOptions {
  /** Where the host writes its browser bundles (`<workDir>/host/`). */
  readonly workDir: string;
}

export type HostHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const MAX_BODY = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(html);
}

function errorPage(res: ServerResponse, status: number, title: string, message: string): void {
  sendHtml(
    res,
    status,
    `<!doctype html><html lang="en" data-color-mode="light" data-theme="${THEME_ATTRIBUTE}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/host/assets/host.css"></head><body class="host-frame"><div class="host-error" role="alert"><strong>${escapeHtml(title)}</strong><pre>${escapeHtml(message)}</pre></div></body></html>`,
  );
}

/** The bridge `<script>` the host injects as the first child of `<head>` (Forge injects global-bridge.js there). */
function bridgeTag(frame: FrameInfo): string {
  return `<script src="/host/assets/bridge.js" data-forge-context="${escapeHtml(JSON.stringify(frame))}"></script>`;
}

function injectBridge(html: string, tag: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const root = /<html(\s[^>]*)?>/i.exec(html);
  if (root) {
    const at = root.index + root[0].length;
    return `${html.slice(0, at)}<head>${tag}</head>${html.slice(at)}`;
  }
  return `<head>${tag}</head>${html}`;
}

/** Resolves `rest` inside `dir`, refusing anything that escapes it. */
function safeJoin(dir: string, rest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  const file = resolve(dir, normalize(`.${sep}${decoded}`));
  const rel = relative(dir, file);
  if (rel.startsWith('..') || resolve(dir, rel) !== file) return undefined;
  return file;
}

/**
 * The browser host: the Jira-like shell at `/jira`, UI Kit modules rendered from their ForgeDoc, Custom UI
 * resources with the injected bridge and Forge's CSP, the bridge's server side, and offline map tiles.
 */
export function createHost(sandbox: Sandbox, options: HostOptions): HostHandler {
  const outDir = join(options.workDir, 'host');
  let assets: Promise<void> | undefined;
  const ensureAssets = (): Promise<void> => {
    assets ??= buildHostAssets(outDir).catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };
  ensureAssets().catch(() => {}); // start building right away; a failure is reported on the first request
  const cspReports: unknown[] = [];
  const rawManifests = new Map<string, Record<string, unknown>>();

  const permissionsOf = (app: string): unknown => {
    let raw = rawManifests.get(app);
    if (!raw) {
      raw = (parse(readFileSync(join(sandbox.manifestOf(app).dir, 'manifest.yml'), 'utf8')) ?? {}) as Record<
        string,
        unknown
      >;
      rawManifests.set(app, raw);
    }
    return raw.permissions ?? {};
  };

  /** A UI Kit resource's folder as Forge's NativeUIBundler built it (`<key>.js`, its chunks, `index.html`). */
  const uiKitDir = (app: string, resourceKey: string): string | undefined =>
    resourceDir(sandbox.bundleOf(app).build, resourceKey);

  const frameFromQuery = (
    kind: FrameInfo['kind'],
    app: string,
    module: UiModule,
    url: URL,
  ): FrameInfo | { error: string } => {
    const site = siteOf(sandbox, url.searchParams.get('site'));
    if (!site) return { error: `No site "${url.searchParams.get('site')}" in this sandbox` };
    const accountId = url.searchParams.get('as') || undefined;
    return frameInfo(
      sandbox,
      kind,
      app,
      module,
      site,
      accountId,
      parseExtension(url.searchParams.get('ext')),
    );
  };

  const serveAsset = async (res: ServerResponse, name: string): Promise<void> => {
    if (name === 'host.css') {
      res.writeHead(200, { 'content-type': TYPES['.css'] as string, 'cache-control': 'no-cache' });
      res.end(`${tokensCss()}\n${HOST_CSS}`);
      return;
    }
    try {
      await ensureAssets();
    } catch (error) {
      sendJson(res, 500, { error: { code: 'HOST_BUILD_FAILED', message: String(error) } });
      return;
    }
    const file = join(outDir, name);
    if (!existsSync(file)) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: name } });
    res.writeHead(200, {
      'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(await readFile(file));
  };

  const uiKitPage = async (res: ServerResponse, app: string, module: UiModule, url: URL): Promise<void> => {
    const frame = frameFromQuery('uikit', app, module, url);
    if ('error' in frame) return errorPage(res, 404, 'Unknown site', frame.error);
    const resourcePath = module.resource ? sandbox.manifestOf(app).resources.get(module.resource) : undefined;
    if (!module.resource || !resourcePath) {
      return errorPage(res, 500, 'No resource', `Module "${module.key}" has no resource in manifest.yml`);
    }
    if (!uiKitDir(app, module.resource)) {
      return errorPage(
        res,
        500,
        `The UI Kit resource "${module.resource}" was not built`,
        "Forge's NativeUIBundler produced no output for it; see the build report in dist/forge/report.json",
      );
    }
    // The build's content hash: a changed app gets a new URL, an unchanged one stays cached.
    const version = sandbox.bundleOf(app).build.inputsHash.slice(0, 12);
    const title = module.title ?? module.key;
    sendHtml(
      res,
      200,
      `<!doctype html>
<html lang="en" data-color-mode="light" data-theme="${THEME_ATTRIBUTE}">
<head>${bridgeTag(frame)}
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/host/assets/host.css">
</head>
<body class="host-frame">
<div id="forge-root" data-testid="forge-root"></div>
<script src="/host/assets/renderer.js"></script>
<script src="/host/apps/${encodeURIComponent(app)}/${encodeURIComponent(module.resource)}/${encodeURIComponent(module.resource)}.js?v=${version}"></script>
</body>
</html>
`,
    );
  };

  const customFile = async (
    req: IncomingMessage,
    res: ServerResponse,
    app: string,
    module: UiModule,
    resourceKey: string | undefined,
    rest: string,
    url: URL,
  ): Promise<void> => {
    const resourcePath = resourceKey ? sandbox.manifestOf(app).resources.get(resourceKey) : undefined;
    if (!resourceKey || !resourcePath) {
      return errorPage(res, 404, 'No resource', `No resource "${resourceKey}" in ${app}'s manifest.yml`);
    }
    const dir = resolve(sandbox.manifestOf(app).dir, resourcePath);
    const file = safeJoin(dir, rest === '' ? 'index.html' : rest);
    if (!file) return errorPage(res, 400, 'Bad path', rest);
    let target = file;
    if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
    if (!existsSync(target)) {
      // Single-page apps route on the client: unknown paths without an extension get index.html.
      if (extname(target) === '') target = join(dir, 'index.html');
      if (!existsSync(target)) return errorPage(res, 404, 'Not found', `${resourceKey}/${rest}`);
    }
    if (extname(target) !== '.html') {
      res.writeHead(200, {
        'content-type': TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(await readFile(target));
      return;
    }
    const frame = frameFromQuery('custom', app, module, url);
    if ('error' in frame) return errorPage(res, 404, 'Unknown site', frame.error);
    const html = injectBridge(await readFile(target, 'utf8'), bridgeTag(frame));
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    sendHtml(res, 200, html, { 'content-security-policy': customUiCsp(html, permissionsOf(app), origin) });
  };

  return async (req, res, url) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;

    if (method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(302, { location: `/jira${url.search}` });
      res.end();
      return true;
    }
    if (method === 'GET' && (path === '/jira' || path.startsWith('/jira/'))) {
      sendHtml(
        res,
        200,
        `<!doctype html>
<html lang="en" data-color-mode="light" data-theme="${THEME_ATTRIBUTE}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jira · Forge sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/host/assets/host.css">
</head>
<body>
<div id="shell-root"></div>
<script src="/host/assets/shell.js"></script>
</body>
</html>
`,
      );
      return true;
    }
    if (method === 'GET' && path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return true;
    }

    const asset = /^\/host\/assets\/([a-z]+\.(?:js|css|js\.map))$/.exec(path);
    if (asset && method === 'GET') {
      await serveAsset(res, asset[1] as string);
      return true;
    }

    const page = /^\/host\/modules\/([^/]+)\/([^/]+)\/?$/.exec(path);
    if (page && method === 'GET') {
      const app = decodeURIComponent(page[1] as string);
      const module = findModule(sandbox, app, decodeURIComponent(page[2] as string));
      if (!module) {
        errorPage(res, 404, 'Module not found', `No module "${page[2]}" in app "${app}"`);
        return true;
      }
      if (module.render === 'native') await uiKitPage(res, app, module, url);
      else {
        res.writeHead(302, {
          location: `/host/custom/${encodeURIComponent(app)}/${encodeURIComponent(module.key)}/${url.search}`,
        });
        res.end();
      }
      return true;
    }

    // A file of a UI Kit resource as Forge built it: the entry script and the chunks it loads next to itself.
    const uiKitFile = /^\/host\/apps\/([^/]+)\/([^/]+)\/([A-Za-z0-9_-][A-Za-z0-9._-]*)$/.exec(path);
    if (uiKitFile && method === 'GET') {
      const app = decodeURIComponent(uiKitFile[1] as string);
      const resourceKey = decodeURIComponent(uiKitFile[2] as string);
      const name = uiKitFile[3] as string;
      const dir = sandbox.appKeys().includes(app) ? uiKitDir(app, resourceKey) : undefined;
      const file = dir ? join(dir, name) : undefined;
      if (!file || !existsSync(file) || !statSync(file).isFile()) {
        sendJson(res, 404, {
          error: { code: 'NOT_FOUND', message: `No file ${name} in resource ${app}/${resourceKey}` },
        });
        return true;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(await readFile(file));
      return true;
    }

    const custom = /^\/host\/custom\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (custom && method === 'GET') {
      const app = decodeURIComponent(custom[1] as string);
      const module = findModule(sandbox, app, decodeURIComponent(custom[2] as string));
      if (!module) {
        errorPage(res, 404, 'Module not found', `No module "${custom[2]}" in app "${app}"`);
        return true;
      }
      if (custom[3] === undefined) {
        res.writeHead(302, { location: `${path}/${url.search}` });
        res.end();
        return true;
      }
      await customFile(req, res, app, module, module.resource, custom[3], url);
      return true;
    }

    // A Custom UI resource embedded by UI Kit's <Frame resource="…">, running in the parent module's context.
    const frameResource = /^\/host\/resource\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (frameResource && method === 'GET') {
      const app = decodeURIComponent(frameResource[1] as string);
      const module = findModule(sandbox, app, url.searchParams.get('module') ?? '');
      if (!module) {
        errorPage(res, 404, 'Module not found', 'A Frame needs ?module=<the parent module key>');
        return true;
      }
      if (frameResource[3] === undefined) {
        res.writeHead(302, { location: `${path}/${url.search}` });
        res.end();
        return true;
      }
      await customFile(
        req,
        res,
        app,
        module,
        decodeURIComponent(frameResource[2] as string),
        frameResource[3],
        url,
      );
      return true;
    }

    const bridge = /^\/host\/bridge\/([A-Za-z_]+)$/.exec(path);
    if (bridge && method === 'POST') {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (error) {
        sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: String(error) } });
        return true;
      }
      const answer = await handleBridgeCommand(sandbox, bridge[1] as string, (body ?? {}) as never);
      sendJson(res, answer.status, answer.body);
      return true;
    }

    if (path === '/host/csp-report' && method === 'POST') {
      try {
        const report = await readJson(req);
        cspReports.push({ receivedAt: new Date().toISOString(), report });
        if (cspReports.length > 200) cspReports.shift();
      } catch {
        // a malformed report is dropped
      }
      res.writeHead(204);
      res.end();
      return true;
    }
    if (path === '/host/csp-reports' && method === 'GET') {
      sendJson(res, 200, cspReports);
      return true;
    }

    const tile = method === 'GET' ? parseTilePath(path) : undefined;
    if (tile) {
      if (tile.ext === 'png') {
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' });
        res.end(tilePng(tile.z, tile.x, tile.y));
      } else {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' });
        res.end(tileSvg(tile.z, tile.x, tile.y));
      }
      return true;
    }
    return false;
  };
}
