import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import { load } from 'cheerio';

const processing = new CSPProcessingService({ info: () => {} }, load as never);
const injection = new CSPInjectionService();

/**
 * The Content-Security-Policy Forge sends with a Custom UI resource, computed the way the platform does with
 * `@forge/csp`: the manifest's `permissions` (external images/fetch/scripts/styles/fonts/frames/media, content
 * scripts/styles) plus hashes of the page's inline scripts, over Forge's own defaults. The host's origin stands in
 * for the Atlassian site (`hostname`); the report URI points at the host so violations are collected locally.
 */
export function customUiCsp(html: string, permissions: unknown, origin: string): string {
  const details = processing.getCspDetails(html, (permissions ?? {}) as never);
  const directives: string[] = injection.getInjectableCSP({
    existingCSPDetails: details,
    microsEnv: 'prod' as never,
    hostname: origin,
  });
  return directives
    .map((d) => (d.startsWith('report-uri ') ? `report-uri ${origin}/host/csp-report` : d))
    .join('; ');
}
