// The decision behind `npm run audit`, apart from running npm, so it can be tested on recorded reports.
// Input: `npm audit --json` output (report format 2) and the reviewed list in scripts/known-advisories.json.

const FAILING = new Set(['high', 'critical']);
const ID_FROM_URL = /\/(GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/i;

/** The advisory's stable id: its GHSA id when the URL carries one, else npm's numeric source id. */
export function advisoryId(via) {
  const match = typeof via.url === 'string' ? ID_FROM_URL.exec(via.url) : null;
  return match ? match[1].toUpperCase() : String(via.source);
}

/**
 * Checks the reviewed list itself: every entry names an advisory, the package, why it cannot be fixed and a
 * review date; a list that does not say why is no better than ignoring advisories.
 */
export function validateKnown(known) {
  const problems = [];
  if (!Array.isArray(known)) return ['known-advisories.json must be an array'];
  known.forEach((entry, i) => {
    for (const field of ['id', 'package', 'reason', 'reviewBy']) {
      if (typeof entry?.[field] !== 'string' || entry[field].trim() === '') {
        problems.push(`entry ${i}: "${field}" is required`);
      }
    }
    if (typeof entry?.reviewBy === 'string' && Number.isNaN(Date.parse(entry.reviewBy))) {
      problems.push(`entry ${i}: "reviewBy" is not a date`);
    }
  });
  return problems;
}

/**
 * `not-run` when the report is not an audit (the endpoint could not be reached or answered an error): that must
 * never read as a pass. Otherwise every high or critical advisory fails unless it is on the reviewed list and its
 * review date has not passed.
 */
export function assess(report, known, today = new Date()) {
  const listProblems = validateKnown(known);
  if (!report || typeof report !== 'object' || report.error || !report.metadata || !report.vulnerabilities) {
    const reason =
      report?.error?.summary || report?.message || (report ? 'no audit data in the answer' : 'no answer');
    return { status: 'not-run', reason: String(reason), listProblems };
  }
  const byId = new Map(
    (Array.isArray(known) ? known : []).map((entry) => [String(entry.id).toUpperCase(), entry]),
  );
  const failures = [];
  const accepted = [];
  const expired = [];
  const seen = new Set();
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
    for (const via of vulnerability?.via ?? []) {
      // A string names the dependency the advisory is reported on; it is listed under that package too.
      if (typeof via !== 'object' || via === null) continue;
      const id = advisoryId(via);
      const key = `${id} ${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!FAILING.has(via.severity)) continue;
      const finding = { id, package: name, severity: via.severity, title: String(via.title ?? '') };
      const entry = byId.get(id);
      if (!entry) failures.push(finding);
      else if (Date.parse(entry.reviewBy) < today.getTime())
        expired.push({ ...finding, reviewBy: entry.reviewBy });
      else accepted.push({ ...finding, reason: entry.reason });
    }
  }
  const reported = new Set([...seen].map((key) => key.split(' ')[0]));
  const stale = [...byId.keys()].filter((id) => !reported.has(id));
  return {
    status: failures.length + expired.length + listProblems.length === 0 ? 'passed' : 'failed',
    counts: report.metadata.vulnerabilities ?? {},
    failures,
    accepted,
    expired,
    stale,
    listProblems,
  };
}
