/// <reference lib="dom" />
/**
 * The UI Kit renderer: draws the latest ForgeDoc the app's reconciler sent through `__bridge` ('reconcile') with
 * React DOM. Same page and JS realm as the app bundle, so function props are the app's own functions.
 * Text is always React text (never HTML); unknown component types show a visible "Unsupported component" box.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { h } from '../client/h';
import { registerBasic } from './basic';
import { registerCharts } from './charts';
import { Boundary, renderNode } from './core';
import { registerInputs } from './inputs';
import { registerMisc } from './misc';
import { registerOverlays } from './overlays';
import { registerTable } from './table';
import { registerUsers } from './users';

registerBasic();
registerInputs();
registerTable();
registerOverlays();
registerUsers();
registerCharts();
registerMisc();

const host = window.__forgeHost;

function App(): ReactNode {
  const [, setVersion] = useState(host?.version ?? 0);
  useEffect(() => host?.subscribe(() => setVersion(host.version)), []);
  if (!host)
    return h('div', { className: 'fk-host-error', role: 'alert' }, 'The Forge bridge was not injected.');
  return h(
    'div',
    { className: 'fk-app' },
    host.error
      ? h(
          'div',
          { className: 'fk-host-error', role: 'alert' },
          h('strong', null, 'The app reported an error'),
          h('pre', null, host.error),
        )
      : null,
    host.doc
      ? h(Boundary, { label: 'The UI Kit module' }, renderNode(host.doc))
      : host.error
        ? null
        : h(
            'div',
            { className: 'fk-loading' },
            h('span', { className: 'fk-spinner', 'aria-label': 'Loading' }),
          ),
  );
}

window.addEventListener('error', (e) => window.__forgeHost?.fail(e.message || 'Script error'));
window.addEventListener('unhandledrejection', (e) => {
  const reason = e.reason as { message?: string } | undefined;
  console.error('[forge host] unhandled rejection in the app', e.reason);
  if (reason && /BridgeAPIError|bridge/i.test(String(reason.message)))
    window.__forgeHost?.fail(String(reason.message));
});

const container = document.getElementById('forge-root');
if (container) createRoot(container).render(h(App));
