import { z } from 'zod';
import { SanitizeError } from './errors';
import { sanitizeText } from './text';

/**
 * Plain text → Atlassian Document Format for Jira comments, worklog comments and descriptions.
 *
 * The output uses only `doc`, `paragraph`, `text` and `hardBreak` nodes and only `link` marks whose
 * href is an https URL. Nothing in the text is interpreted as markup: `<b>`, `*bold*`, `[x|y]` and
 * `!img!` stay literal characters inside text nodes (ADF is JSON, so there is nothing to escape).
 */

export interface AdfLinkMark {
  type: 'link';
  attrs: { href: string };
}
export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfLinkMark[];
}
export interface AdfHardBreak {
  type: 'hardBreak';
}
export type AdfInline = AdfText | AdfHardBreak;
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfParagraph[];
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Strict zod schema for the ADF subset this package produces; use it to check ADF from elsewhere. */
export const adfDocSchema = z.strictObject({
  type: z.literal('doc'),
  version: z.literal(1),
  content: z.array(
    z.strictObject({
      type: z.literal('paragraph'),
      content: z.array(
        z.union([
          z.strictObject({
            type: z.literal('text'),
            text: z.string().min(1),
            marks: z
              .array(
                z.strictObject({
                  type: z.literal('link'),
                  attrs: z.strictObject({
                    href: z.string().refine(isHttpsUrl, { error: 'Link must be https' }),
                  }),
                }),
              )
              .max(1)
              .optional(),
          }),
          z.strictObject({ type: z.literal('hardBreak') }),
        ]),
      ),
    }),
  ),
});

/** Type guard: true when `value` is a doc in the safe subset described above. */
export function isSafeAdfDoc(value: unknown): value is AdfDoc {
  return adfDocSchema.safeParse(value).success;
}

/** Jira's default limit for text fields and comment bodies. */
export const JIRA_TEXT_LIMIT = 32_767;

/** Candidate link: `https://` then anything up to whitespace or a character that cannot end a bare URL. */
const LINK_CANDIDATE = /https:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than the URL ("see https://x.com/a."). */
const TRAILING_PUNCTUATION = new Set([...'.,;:!?\'")]}>']);

/**
 * Trims trailing punctuation, keeping a `)` that closes a `(` inside the URL (Wikipedia-style links).
 * A loop rather than a `[…]+$` regex, which would backtrack quadratically on long punctuation runs.
 */
function trimCandidate(candidate: string): string {
  let end = candidate.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(candidate.charAt(end - 1))) end--;
  let url = candidate.slice(0, end);
  let opens = 0;
  for (const ch of url) {
    if (ch === '(') opens++;
    else if (ch === ')') opens--;
  }
  // Give back closing parentheses that balance ones inside the URL.
  while (opens > 0 && candidate.charAt(url.length) === ')') {
    url += ')';
    opens--;
  }
  return url;
}

function lineToInline(line: string): AdfText[] {
  const nodes: AdfText[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (text !== '') nodes.push({ type: 'text', text });
  };
  for (const match of line.matchAll(LINK_CANDIDATE)) {
    const start = match.index;
    const candidate = trimCandidate(match[0]);
    if (!isHttpsUrl(candidate)) continue;
    pushText(line.slice(last, start));
    nodes.push({
      type: 'text',
      text: candidate,
      marks: [{ type: 'link', attrs: { href: new URL(candidate).href } }],
    });
    last = start + candidate.length;
  }
  pushText(line.slice(last));
  return nodes;
}

function paragraph(text: string): AdfParagraph {
  const content: AdfInline[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    content.push(...lineToInline(line));
  });
  return { type: 'paragraph', content };
}

/**
 * Converts user text to an ADF doc. The text is first cleaned with `sanitizeText` (multiline,
 * `maxLength` code points, default 32,767). Each "\n\n" starts a new paragraph (so extra blank lines
 * become empty paragraphs), each remaining "\n" is a `hardBreak`. Empty text throws `SanitizeError`
 * (`empty`) because Jira rejects empty comment bodies.
 */
export function textToAdf(text: unknown, options: { maxLength?: number } = {}): AdfDoc {
  const clean = sanitizeText(text, { maxLength: options.maxLength ?? JIRA_TEXT_LIMIT, multiline: true });
  if (clean === '') throw new SanitizeError('empty', 'Must not be empty', 1);
  return { type: 'doc', version: 1, content: clean.split('\n\n').map(paragraph) };
}
