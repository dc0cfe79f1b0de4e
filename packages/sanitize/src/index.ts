// Public API of @suite/sanitize. Implementation lives in the focused modules; see README.md.
export {
  type AdfDoc,
  type AdfHardBreak,
  type AdfInline,
  type AdfLinkMark,
  type AdfParagraph,
  type AdfText,
  adfDocSchema,
  isSafeAdfDoc,
  JIRA_TEXT_LIMIT,
  textToAdf,
} from './adf';
export { formatJiraDuration, type JiraDurationOptions, parseJiraDuration } from './duration';
export {
  SanitizeError,
  type SanitizeErrorCode,
  ValidationError,
  type ValidationIssue,
  WebhookUrlError,
  type WebhookUrlRejection,
} from './errors';
export {
  accountId,
  type BoundedTextOptions,
  boundedText,
  canonicalTimeZone,
  colour,
  isoDate,
  isoDateTime,
  issueKey,
  jiraDuration,
  latitude,
  longitude,
  numericId,
  projectKey,
  SQL_RESERVED_WORDS,
  sqlIdentifier,
  timeOfDay,
  timeZone,
} from './fields';
export { escapeWikiMarkup, toJsmCommentBody } from './jsm-comment';
export { maskUrl } from './mask-url';
export {
  FORBIDDEN_KEYS,
  formatPath,
  type ParseInputOptions,
  parseInput,
  type SafeParseInputResult,
  safeParseInput,
} from './parse-input';
export {
  codePointLength,
  FORBIDDEN_RANGES,
  isForbiddenCodePoint,
  type SanitizeTextOptions,
  sanitizeText,
} from './text';
export { RESERVED_HOST_SUFFIXES, validateWebhookUrl, type WebhookUrlOptions } from './webhook-url';
