/**
 * One webhook delivery: an HTTPS POST of a signed SQL chunk to the admin's destination, through Forge's egress
 * (`@forge/api` `fetch`; the destination's domain must be approved by a site admin as customer-managed egress).
 * Never follows redirects, never reads the response body, and reports only the status and two headers.
 */
import { fetch } from '@forge/api';
import type { DeliveryResult } from '../domain/push';

export interface Delivery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

const NOT_ALLOWED = /not included in the external fetch backend permissions|egress/i;

export async function deliver(delivery: Delivery): Promise<DeliveryResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, delivery.timeoutMs);
  });
  try {
    const response = await Promise.race([
      fetch(delivery.url, {
        method: 'POST',
        headers: { ...delivery.headers },
        body: delivery.body,
        redirect: 'manual',
        signal: controller.signal,
      }),
      timedOut,
    ]);
    if (response === 'timeout') return { kind: 'timeout' };
    // The body is never read: it is not ours to keep, log or show.
    return {
      kind: 'response',
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      proxyError: response.headers.get('forge-proxy-error'),
    };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'timeout' };
    const message = error instanceof Error ? error.message : '';
    return NOT_ALLOWED.test(message) ? { kind: 'not-approved' } : { kind: 'network' };
  } finally {
    clearTimeout(timer);
  }
}
