import { opsPerSecond, report } from '../../../test/bench';
import { aql, parseAql, quoteAqlValue, renderAqlTemplate } from '../src/index';

// The shape of query an admin writes for TechDesk's "assets on this ticket" and Assets to SQL's filters.
const template =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an AQL template's placeholders, not JavaScript interpolation
  'objectSchemaId = 3 AND objectType IN ("Laptop", "Server") AND "Owner".Email = ${reporter.email} AND Status != Retired ORDER BY Updated DESC';
const query =
  'objectSchemaId = 3 AND (objectType = Laptop OR objectType = "Virtual Machine") AND Updated >= "2026-01-01 00:00" AND object having inboundReferences(objectType = Location AND Name like "North")';
const hostile = `15" Screen \\ ${'"\\'.repeat(500)} AND Name = x`;

report({ name: 'aql.parse.typical', value: opsPerSecond(() => parseAql(query)), unit: 'ops/s' });
report({
  name: 'aql.renderTemplate',
  value: opsPerSecond(() => renderAqlTemplate(template, { 'reporter.email': 'ann@example.com' })),
  unit: 'ops/s',
});
report({ name: 'aql.quote.1KB-hostile', value: opsPerSecond(() => quoteAqlValue(hostile)), unit: 'ops/s' });
report({
  name: 'aql.tag.in-list-100',
  value: opsPerSecond(() => aql`Key in ${Array.from({ length: 100 }, (_, i) => `ITSM-${i}`)}`),
  unit: 'ops/s',
});
