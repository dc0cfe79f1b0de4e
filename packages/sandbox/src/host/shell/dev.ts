/// <reference lib="dom" />
import { type ReactNode, useState } from 'react';
import { h } from '../client/h';
import { api } from './api';
import { useLoad } from './hooks';
import type { PageProps } from './pages';
import { Lozenge, Message } from './ui';

interface LogEntry {
  app: string;
  cloudId: string;
  as: string;
  accountId?: string;
  method: string;
  path: string;
  status: number;
  startedAt: string;
  durationMs: number;
}

const statusClass = (s: number) =>
  s < 300 ? 'sh-status--ok' : s < 500 ? 'sh-status--warn' : 'sh-status--bad';
const pretty = (v: unknown) => JSON.stringify(v, null, 2);

function Section(title: string, toolbar: ReactNode, body: ReactNode, testId?: string): ReactNode {
  return h(
    'section',
    { className: 'sh-card', style: { marginBottom: 16 }, 'data-testid': testId },
    h('h2', { style: { marginTop: 0 } }, title),
    toolbar ? h('div', { className: 'sh-toolbar' }, toolbar) : null,
    body,
  );
}

/** What an app did: product calls, its KVS, queues, schedules and the sandbox clock (fire now, drain, advance). */
export function DevPage({ session, apps }: PageProps): ReactNode {
  const [live, setLive] = useState(true);
  const [kvsApp, setKvsApp] = useState(apps[0]?.key ?? '');
  const [note, setNote] = useState<string | undefined>();
  const clock = useLoad(
    () => api<{ now: string; mode: string }>(session, '/sandbox/clock'),
    [session.site],
    live ? 2000 : undefined,
  );
  const queues = useLoad(
    () => api<{ pending: unknown[]; deliveries: unknown[] }>(session, '/sandbox/queues'),
    [session.site],
    live ? 2000 : undefined,
  );
  const requests = useLoad(
    () => api<LogEntry[]>(session, '/sandbox/requests?limit=100'),
    [session.site],
    live ? 2000 : undefined,
  );
  const kvs = useLoad(
    () =>
      kvsApp
        ? api<unknown>(session, `/sandbox/apps/${encodeURIComponent(kvsApp)}/kvs`)
        : Promise.resolve(undefined),
    [session.site, kvsApp],
    live ? 3000 : undefined,
  );
  const csp = useLoad(() => api<unknown[]>(session, '/host/csp-reports'), [], live ? 3000 : undefined);

  const act = async (label: string, path: string, body?: unknown) => {
    try {
      const result = await api<unknown>(session, path, { method: 'POST', body: body ?? {} });
      setNote(`${label}: ${JSON.stringify(result)}`);
    } catch (error) {
      setNote(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    clock.reload();
    queues.reload();
    requests.reload();
    kvs.reload();
  };
  const schedules = apps.flatMap((app) => app.scheduledTriggers.map((t) => ({ app: app.key, ...t })));

  return h(
    'div',
    null,
    h(
      'div',
      { className: 'sh-toolbar' },
      h('h1', { style: { margin: 0, flex: 1 } }, 'Sandbox'),
      h(
        'label',
        { className: 'fk-checkbox' },
        h('input', { type: 'checkbox', checked: live, onChange: () => setLive(!live) }),
        'Live refresh',
      ),
    ),
    note
      ? h(
          'div',
          { style: { marginBottom: 16 } },
          Message('information', 'Done', h('code', { className: 'sh-mono' }, note)),
        )
      : null,
    Section(
      'Clock',
      [
        h(
          'span',
          { key: 'now', 'data-testid': 'clock-now' },
          clock.data ? `${new Date(clock.data.now).toISOString()} (${clock.data.mode})` : '…',
        ),
        ...[
          ['+1 min', 60_000],
          ['+1 hour', 3_600_000],
          ['+1 day', 86_400_000],
        ].map(([label, ms]) =>
          h(
            'button',
            {
              key: String(label),
              type: 'button',
              className: 'fk-button',
              onClick: () => act(`Advanced ${label}`, '/sandbox/clock/advance', { ms }),
            },
            `Advance ${label}`,
          ),
        ),
      ],
      h(
        'p',
        { className: 'sh-muted', style: { margin: 0 } },
        'Advancing the clock fires due scheduled triggers and delivers delayed events.',
      ),
    ),
    Section(
      'Scheduled triggers',
      null,
      schedules.length === 0
        ? h('p', { className: 'sh-muted' }, 'No app has a scheduledTrigger.')
        : h(
            'table',
            { className: 'sh-table' },
            h(
              'tbody',
              null,
              schedules.map((s) =>
                h(
                  'tr',
                  { key: `${s.app}/${s.key}` },
                  h('td', null, s.app),
                  h('td', { className: 'sh-mono' }, s.key),
                  h('td', null, s.interval),
                  h(
                    'td',
                    null,
                    h(
                      'button',
                      {
                        type: 'button',
                        className: 'fk-button',
                        'data-testid': `fire-${s.key}`,
                        onClick: () =>
                          act(
                            `Fired ${s.key}`,
                            `/sandbox/apps/${encodeURIComponent(s.app)}/scheduled/${encodeURIComponent(s.key)}`,
                          ),
                      },
                      'Fire now',
                    ),
                  ),
                ),
              ),
            ),
          ),
    ),
    Section(
      'Queues',
      [
        h('span', { key: 'n' }, `${queues.data?.pending.length ?? 0} pending`),
        h(
          'button',
          {
            key: 'd',
            type: 'button',
            className: 'fk-button fk-button--primary',
            'data-testid': 'drain',
            onClick: () => act('Drained', '/sandbox/queues/drain'),
          },
          'Deliver due events',
        ),
      ],
      h(
        'div',
        { className: 'sh-grid' },
        h(
          'div',
          null,
          h('strong', null, 'Pending'),
          h('pre', { className: 'sh-pre' }, pretty(queues.data?.pending ?? [])),
        ),
        h(
          'div',
          null,
          h('strong', null, 'Deliveries'),
          h('pre', { className: 'sh-pre' }, pretty((queues.data?.deliveries ?? []).slice(-20))),
        ),
      ),
    ),
    Section(
      'Request log',
      h(
        'span',
        { className: 'sh-muted' },
        'Product API calls made by apps (resolvers, triggers and frontend requestJira), newest first.',
      ),
      requests.error
        ? Message('warning', 'Unavailable', requests.error)
        : h(
            'table',
            { className: 'sh-table', 'data-testid': 'request-log' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Time', 'App', 'As', 'Method', 'Path', 'Status', 'ms'].map((t) => h('th', { key: t }, t)),
              ),
            ),
            h(
              'tbody',
              null,
              [...(requests.data ?? [])]
                .reverse()
                .map((r, i) =>
                  h(
                    'tr',
                    { key: `${r.startedAt}-${i}` },
                    h('td', { className: 'sh-muted' }, new Date(r.startedAt).toLocaleTimeString()),
                    h('td', null, r.app),
                    h(
                      'td',
                      null,
                      r.as === 'app'
                        ? Lozenge('new', 'app')
                        : h('span', { className: 'sh-mono' }, r.accountId ?? 'user'),
                    ),
                    h('td', null, r.method),
                    h('td', { className: 'sh-mono' }, r.path),
                    h('td', { className: `sh-status ${statusClass(r.status)}` }, String(r.status)),
                    h('td', null, String(r.durationMs)),
                  ),
                ),
            ),
          ),
    ),
    Section(
      'KVS',
      h(
        'select',
        {
          className: 'sh-select',
          value: kvsApp,
          onChange: (e: { target: { value: string } }) => setKvsApp(e.target.value),
          'aria-label': 'App',
        },
        apps.map((a) => h('option', { key: a.key, value: a.key }, a.key)),
      ),
      kvs.error
        ? Message('warning', 'Unavailable', kvs.error)
        : h('pre', { className: 'sh-pre', 'data-testid': 'kvs-dump' }, pretty(kvs.data ?? {})),
      'kvs-section',
    ),
    Section(
      'CSP violations (Custom UI)',
      null,
      h(
        'pre',
        { className: 'sh-pre', 'data-testid': 'csp-reports' },
        (csp.data ?? []).length ? pretty(csp.data) : 'None reported.',
      ),
    ),
  );
}
