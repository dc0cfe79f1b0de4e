import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AdfDoc,
  adfDocSchema,
  isSafeAdfDoc,
  SanitizeError,
  sanitizeText,
  textToAdf,
} from '../src/index';
import { anyUnit } from './arbitraries';

const text = (t: string) => ({ type: 'text', text: t });
const link = (t: string, href = t) => ({ type: 'text', text: t, marks: [{ type: 'link', attrs: { href } }] });
const br = { type: 'hardBreak' };

/** Inverse of textToAdf's layout: text nodes concatenated, "\n" per hardBreak, "\n\n" between paragraphs. */
function plainText(doc: AdfDoc): string {
  return doc.content
    .map((p) => p.content.map((n) => (n.type === 'text' ? n.text : '\n')).join(''))
    .join('\n\n');
}

describe('textToAdf', () => {
  it('makes paragraphs on blank lines and hardBreaks on single newlines', () => {
    expect(textToAdf('Line one\nLine two\n\nSecond paragraph')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [text('Line one'), br, text('Line two')] },
        { type: 'paragraph', content: [text('Second paragraph')] },
      ],
    });
  });

  it('keeps extra blank lines as empty paragraphs / leading hardBreaks (exact round trip)', () => {
    const doc = textToAdf('a\n\n\nb\n\n\n\nc');
    expect(doc.content).toEqual([
      { type: 'paragraph', content: [text('a')] },
      { type: 'paragraph', content: [br, text('b')] },
      { type: 'paragraph', content: [] },
      { type: 'paragraph', content: [text('c')] },
    ]);
    expect(plainText(doc)).toBe('a\n\n\nb\n\n\n\nc');
  });

  it('never interprets HTML or wiki/markdown markup', () => {
    const doc = textToAdf(
      '<b>bold</b> <script>alert(1)</script> *x* [a|https://evil.example] !img.png! {color:red}',
    );
    expect(doc.content).toEqual([
      {
        type: 'paragraph',
        content: [
          text('<b>bold</b> <script>alert(1)</script> *x* [a|'),
          link('https://evil.example', 'https://evil.example/'),
          text('] !img.png! {color:red}'),
        ],
      },
    ]);
  });

  it('links only valid https URLs, trimming sentence punctuation', () => {
    expect(textToAdf('See https://example.com/a?b=1&c=2. Thanks').content[0]?.content).toEqual([
      text('See '),
      link('https://example.com/a?b=1&c=2'),
      text('. Thanks'),
    ]);
    expect(textToAdf('(https://en.wikipedia.org/wiki/Foo_(bar))').content[0]?.content).toEqual([
      text('('),
      link('https://en.wikipedia.org/wiki/Foo_(bar)'),
      text(')'),
    ]);
    expect(textToAdf('HTTPS://Example.com/X').content[0]?.content).toEqual([
      link('HTTPS://Example.com/X', 'https://example.com/X'),
    ]);
    for (const notLinked of [
      'http://example.com',
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://example.com',
      'https://',
      'https://user:pw@example.com/',
      'https:// example.com',
      'www.example.com',
    ]) {
      const nodes = textToAdf(notLinked).content.flatMap((p) => p.content);
      expect(nodes.every((n) => n.type !== 'text' || n.marks === undefined)).toBe(true);
    }
  });

  it('stays fast on pathological input (no regex backtracking)', () => {
    const start = performance.now();
    const doc = textToAdf(`https://example.com/${'.'.repeat(30_000)}x`);
    textToAdf(`${'https://a.co/( '.repeat(2000)}`);
    textToAdf('https://'.repeat(4000));
    expect(doc.content[0]?.content[0]).toMatchObject({ type: 'text' });
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('sanitises first (zero-width, bidi, CRLF) and keeps emoji', () => {
    expect(textToAdf('  hi\u200b\u202e there 😀\r\nnext  ').content).toEqual([
      { type: 'paragraph', content: [text('hi there 😀'), br, text('next')] },
    ]);
  });

  it('throws on empty text (Jira rejects empty bodies) and over-long text', () => {
    expect(() => textToAdf('  \u200b\n\n ')).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => textToAdf('')).toThrow(SanitizeError);
    expect(() => textToAdf('x'.repeat(32_768))).toThrow(expect.objectContaining({ code: 'too-long' }));
    expect(() => textToAdf('abcdef', { maxLength: 5 })).toThrow('Must be at most 5 characters');
    expect(() => textToAdf(42)).toThrow(SanitizeError);
  });
});

describe('adfDocSchema / isSafeAdfDoc', () => {
  it('accepts what textToAdf produces', () => {
    expect(isSafeAdfDoc(textToAdf('a https://example.com\n\nb'))).toBe(true);
  });

  it.each([
    ['other node type', { type: 'doc', version: 1, content: [{ type: 'codeBlock', content: [] }] }],
    [
      'inline card',
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'inlineCard', attrs: { url: 'https://x.com' } }] }],
      },
    ],
    [
      'mention',
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: '1' } }] }],
      },
    ],
    [
      'javascript link',
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [link('x', 'javascript:alert(1)')] }],
      },
    ],
    [
      'http link',
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [link('x', 'http://example.com')] }],
      },
    ],
    [
      'other mark',
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'strong' }] }] }],
      },
    ],
    [
      'extra attribute',
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', onclick: 'y' }] }],
      },
    ],
    [
      'empty text',
      { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] },
    ],
    ['wrong version', { type: 'doc', version: 2, content: [] }],
  ])('rejects %s', (_name, doc) => {
    expect(isSafeAdfDoc(doc)).toBe(false);
    expect(adfDocSchema.safeParse(doc).success).toBe(false);
  });
});

describe('textToAdf: properties', () => {
  const textWithLinks = fc.string({
    unit: fc.oneof(
      anyUnit,
      fc.constantFrom('https://example.com/a', 'https://x.org/(p)', ' ', '\n', '\n\n', '.', ')'),
    ),
    maxLength: 60,
  });

  it('text nodes + hardBreaks + paragraph breaks reproduce the sanitised input exactly', () => {
    fc.assert(
      fc.property(textWithLinks, (input) => {
        const clean = sanitizeText(input, { maxLength: 32_767, multiline: true });
        fc.pre(clean !== '');
        expect(plainText(textToAdf(input))).toBe(clean);
      }),
      { numRuns: 2000 },
    );
  });

  it('only ever produces doc/paragraph/text/hardBreak nodes and https link marks', () => {
    fc.assert(
      fc.property(textWithLinks, (input) => {
        let doc: AdfDoc;
        try {
          doc = textToAdf(input);
        } catch (error) {
          expect(error).toMatchObject({ code: 'empty' });
          return;
        }
        expect(isSafeAdfDoc(doc)).toBe(true);
        for (const paragraph of doc.content) {
          expect(paragraph.type).toBe('paragraph');
          for (const node of paragraph.content) {
            expect(['text', 'hardBreak']).toContain(node.type);
            if (node.type === 'text') {
              expect(node.text.length).toBeGreaterThan(0);
              for (const mark of node.marks ?? []) {
                expect(mark.type).toBe('link');
                expect(new URL(mark.attrs.href).protocol).toBe('https:');
              }
            }
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
