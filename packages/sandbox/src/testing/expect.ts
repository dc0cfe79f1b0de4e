import { expect } from 'vitest';
import type { KeyProbe } from './function-keys';
import { PROTOTYPE_KEYS } from './function-keys';
import type { FuzzReport } from './fuzz';

/**
 * The assertions every app's function-key test makes: every prototype name and an unknown key refused alike on every
 * module, and the refusals audited as at most two counted entries (the window may turn over during the run).
 */
export function expectOwnKeysOnly(
  probes: readonly KeyProbe[],
  auditedStore: { readonly keys: Record<string, unknown> },
): void {
  expect(probes.length).toBeGreaterThanOrEqual(PROTOTYPE_KEYS.length + 1);
  const unknown = probes.find((p) => p.functionKey === 'noSuchFunction');
  expect(unknown?.outcome).toBe('refused');
  expect(unknown?.message).toContain('This app has no such function');
  const different = probes.filter((p) => p.outcome !== 'refused' || p.message !== unknown?.message);
  expect(different).toEqual([]);
  console.log(`${probes.length} calls with prototype names and an unknown key: all refused alike`);
  const audit = Object.entries(auditedStore.keys).filter(
    ([k, v]) => k.startsWith('audit:') && (v as { action?: string }).action === 'resolver.unknownFunction',
  );
  expect(audit.length).toBeGreaterThanOrEqual(1);
  expect(audit.length).toBeLessThanOrEqual(2);
}

/** The assertions every app's resolver fuzz test makes, after printing the figures. */
export function expectFuzzClean(report: FuzzReport, app: string, minResolvers: number): void {
  console.log(report.line);
  console.log(
    `fuzz ${app} by category: ${JSON.stringify(report.byCategory)}, ${report.fieldChecks} had to name the one field they break, ${report.elapsedMs} ms`,
  );
  expect(report.findings).toEqual([]);
  expect(report.resolvers).toBeGreaterThanOrEqual(minResolvers);
  expect(report.payloads).toBe(report.resolvers * 1_000);
  expect(report.clearErrors).toBe(report.payloads);
  expect(report.storageWrites).toBe(0);
  expect(report.productWrites).toBe(0);
  expect(report.fieldChecks).toBeGreaterThan(report.payloads / 4);
}
