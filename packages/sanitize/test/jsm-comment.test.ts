import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeWikiMarkup, SanitizeError, toJsmCommentBody } from '../src/index';

/**
 * The Atlassian wiki renderer's unescape rule (BackslashEscapeRendererComponent): a backslash that is
 * not itself preceded by a backslash, followed by an escapable character, renders that character
 * literally. This models it to check that escaped output contains no live markup character.
 */
const ESCAPABLE = new Set([...'!-#*_+?^~|%{}[]()@']);
function liveMarkupCharacters(wiki: string): string[] {
  const live: string[] = [];
  for (let i = 0; i < wiki.length; i++) {
    const ch = wiki.charAt(i);
    if (!ESCAPABLE.has(ch)) continue;
    const escaped = wiki.charAt(i - 1) === '\\' && wiki.charAt(i - 2) !== '\\';
    if (!escaped) live.push(ch);
  }
  return live;
}

describe('toJsmCommentBody', () => {
  it('escapes images, links, mentions, macros and text effects', () => {
    expect(toJsmCommentBody('!https://evil.example/pixel.png!')).toBe('\\!https://evil.example/pixel.png\\!');
    expect(toJsmCommentBody('[https://bank.example|https://evil.example]')).toBe(
      '\\[https://bank.example\\|https://evil.example\\]',
    );
    expect(toJsmCommentBody('[~accountid:5b10ac8d82e05b22cc7d4ef5] @here')).toBe(
      '\\[\\~accountid:5b10ac8d82e05b22cc7d4ef5\\] \\@here',
    );
    expect(toJsmCommentBody('{color:red}alert{color} {{mono}}')).toBe(
      '\\{color:red\\}alert\\{color\\} \\{\\{mono\\}\\}',
    );
    expect(toJsmCommentBody('*bold* _it_ -del- +ins+ ^sup^ ~sub~ ??cite??')).toBe(
      '\\*bold\\* \\_it\\_ \\-del\\- \\+ins\\+ \\^sup\\^ \\~sub\\~ \\?\\?cite\\?\\?',
    );
    expect(toJsmCommentBody('# item\n* item\n|| h ||\n----\n50% (y)')).toBe(
      '\\# item\n\\* item\n\\|\\| h \\|\\|\n\\-\\-\\-\\-\n50\\% \\(y\\)',
    );
  });

  it('keeps ordinary backslashes but neutralises ones that would pair with an escape or form a line break', () => {
    expect(toJsmCommentBody('C:\\Users\\bob')).toBe('C:\\Users\\bob');
    expect(toJsmCommentBody('\\!x\\!')).toBe('\u29f5\\!x\u29f5\\!');
    expect(toJsmCommentBody('a\\\\b')).toBe('a\u29f5\\b');
    expect(toJsmCommentBody('end\\')).toBe('end\\');
  });

  it('leaves HTML to the renderer’s own escaping and keeps newlines', () => {
    expect(toJsmCommentBody('<script>x</script> & y\r\nz')).toBe('<script>x</script> & y\nz');
  });

  it('sanitises first and rejects empty or too long text', () => {
    expect(toJsmCommentBody(' a\u200bb\u202e ')).toBe('ab');
    expect(() => toJsmCommentBody(' \u200b ')).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => toJsmCommentBody('x'.repeat(32_768))).toThrow(expect.objectContaining({ code: 'too-long' }));
    // Fits before escaping, not after: Jira's limit applies to what is sent.
    expect(() => toJsmCommentBody('*'.repeat(20_000))).toThrow(
      'Too long once formatting characters are escaped',
    );
    expect(() => toJsmCommentBody(null)).toThrow(SanitizeError);
  });

  it('property: escaped output never contains a live markup character', () => {
    const wikiish = fc.string({ unit: fc.constantFrom(...'!-#*_+?^~|%{}[]()@\\ax \n'), maxLength: 80 });
    fc.assert(
      fc.property(wikiish, (input) => {
        expect(liveMarkupCharacters(escapeWikiMarkup(input))).toEqual([]);
        expect(escapeWikiMarkup(input)).not.toContain('\\\\');
      }),
      { numRuns: 3000 },
    );
  });
});
