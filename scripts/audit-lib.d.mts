export interface KnownAdvisory {
  readonly id: string;
  readonly package: string;
  readonly reason: string;
  readonly reviewBy: string;
}
export interface Finding {
  readonly id: string;
  readonly package: string;
  readonly severity: string;
  readonly title: string;
}
export type Assessment =
  | { readonly status: 'not-run'; readonly reason: string; readonly listProblems: string[] }
  | {
      readonly status: 'passed' | 'failed';
      readonly counts: Record<string, number>;
      readonly failures: Finding[];
      readonly accepted: (Finding & { reason: string })[];
      readonly expired: (Finding & { reviewBy: string })[];
      readonly stale: string[];
      readonly listProblems: string[];
    };
export function advisoryId(via: { url?: unknown; source?: unknown }): string;
export function validateKnown(known: unknown): string[];
export function assess(report: unknown, known: unknown, today?: Date): Assessment;
