import { JIRA_TEXT_LIMIT } from './adf';
import { SanitizeError } from './errors';
import { sanitizeText } from './text';

/**
 * Plain text → body for `POST /rest/servicedeskapi/request/{key}/comment`.
 *
 * That body is a string rendered as Jira wiki markup (reference §2.3), so user text could otherwise form
 * images (`!https://tracker/x.png!`, which loads in every viewer's browser), links with misleading text
 * (`[https://bank.example|https://evil.example]`), user mentions (`[~accountid:…]`, which notify people),
 * macros (`{color}`, `{panel}`), tables, lists and text effects.
 *
 * Escaping: every character that the Atlassian wiki renderer treats as escapable
 * (`! [ ] ^ ~ + ? % { } ( ) * _ - | @ #`) is prefixed with `\`, which the renderer turns back into the
 * literal character. Jira wiki has no escape for the backslash itself and `\\` means "line break", so
 * a user backslash that is followed by another backslash or by an escapable character is replaced by
 * U+29F5 (⧵, reverse solidus operator); other backslashes (`C:\Users`) are kept. Not neutralised: `h1.`–
 * `h6.`/`bq.` at the start of a line (they only restyle the user's own line) and bare URLs (the renderer
 * auto-links them, as in any Jira comment). `<`, `>`, `&` are left alone because the renderer HTML-escapes
 * them itself.
 *
 * Prefer `textToAdf` + the platform comment API where possible: ADF needs no escaping at all.
 */
const WIKI_SPECIAL = /[![\]^~+?%{}()*_\-|@#]/;
const WIKI_SPECIAL_GLOBAL = /[![\]^~+?%{}()*_\-|@#]/g;
const BACKSLASH_LOOKALIKE = '\u29f5';

export function escapeWikiMarkup(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\') {
      const next = text.charAt(i + 1);
      out += next === '\\' || WIKI_SPECIAL.test(next) ? BACKSLASH_LOOKALIKE : '\\';
    } else {
      out += ch.replace(WIKI_SPECIAL_GLOBAL, '\\$&');
    }
  }
  return out;
}

/**
 * Sanitised (multiline, ≤ maxLength code points before escaping), non-empty, wiki-escaped comment body;
 * the escaped body must also fit Jira's 32,767-character limit.
 */
export function toJsmCommentBody(text: unknown, options: { maxLength?: number } = {}): string {
  const clean = sanitizeText(text, { maxLength: options.maxLength ?? JIRA_TEXT_LIMIT, multiline: true });
  if (clean === '') throw new SanitizeError('empty', 'Must not be empty', 1);
  const body = escapeWikiMarkup(clean);
  // Escaping adds characters; Jira's own limit (UTF-16 units, as Java counts) applies to the result.
  if (body.length > JIRA_TEXT_LIMIT) {
    throw new SanitizeError('too-long', 'Too long once formatting characters are escaped', JIRA_TEXT_LIMIT);
  }
  return body;
}
