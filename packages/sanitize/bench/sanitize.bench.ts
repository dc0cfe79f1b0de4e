import { opsPerSecond, report } from '../../../test/bench';
import { parseJiraDuration, sanitizeText, textToAdf, validateWebhookUrl } from '../src/index';

// A 10 KB agent reply with links, line breaks and a few characters the sanitiser must remove.
const paragraph =
  'Rebooted the router at https://status.example.com/incidents/42 — see notes.\u200B\r\nThen checked\u202E the logs.\n\n';
const reply = paragraph.repeat(Math.ceil(10_240 / paragraph.length)).slice(0, 10_240);
const kb = reply.length / 1024;

const sanitize = opsPerSecond(() => sanitizeText(reply, { maxLength: 20_000, multiline: true }));
report({ name: 'sanitize.text.10KB', value: sanitize * kb, unit: 'KB/s' });
const clean = sanitizeText(reply, { maxLength: 20_000, multiline: true });
report({ name: 'sanitize.textToAdf.10KB', value: opsPerSecond(() => textToAdf(clean)) * kb, unit: 'KB/s' });
report({
  name: 'sanitize.webhookUrl',
  value: opsPerSecond(() => validateWebhookUrl('https://hooks.example.com/services/T000/B000?x=1')),
  unit: 'ops/s',
});
report({
  name: 'sanitize.duration',
  value: opsPerSecond(() => parseJiraDuration('1w 2d 3h 45m')),
  unit: 'ops/s',
});
