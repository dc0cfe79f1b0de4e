import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The `data-theme` value that switches on every token theme `tokensCss()` contains. */
export const THEME_ATTRIBUTE = 'light:light spacing:spacing typography:typography-adg3 shape:shape';

const THEMES = ['atlassian-light', 'atlassian-spacing', 'atlassian-typography-adg3', 'atlassian-shape'];

/** A few tokens to fall back on when @atlaskit/tokens is not installed, so the host still looks right. */
const FALLBACK = `html {
  --ds-text: #172B4D; --ds-text-subtle: #44546F; --ds-text-subtlest: #626F86; --ds-text-inverse: #FFFFFF;
  --ds-text-brand: #0C66E4; --ds-text-danger: #AE2E24; --ds-text-success: #216E4E; --ds-link: #0C66E4;
  --ds-background-neutral: #091E420F; --ds-background-neutral-hovered: #091E4224;
  --ds-background-brand-bold: #0C66E4; --ds-background-brand-bold-hovered: #0055CC;
  --ds-background-danger-bold: #C9372C; --ds-background-warning-bold: #F5CD47;
  --ds-background-input: #FFFFFF; --ds-border: #091E4224; --ds-border-input: #8590A2; --ds-border-focused: #388BFF;
  --ds-surface: #FFFFFF; --ds-surface-sunken: #F7F8F9; --ds-surface-overlay: #FFFFFF;
  --ds-shadow-raised: 0px 1px 1px #091E4240, 0px 0px 1px #091E424F; --ds-shadow-overlay: 0px 8px 12px #091E4226, 0px 0px 1px #091E424F;
  --ds-space-050: 0.25rem; --ds-space-100: 0.5rem; --ds-space-150: 0.75rem; --ds-space-200: 1rem; --ds-space-300: 1.5rem;
  --ds-border-radius: 0.25rem;
  --ds-font-family-body: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, system-ui, "Helvetica Neue", sans-serif;
}`;

function findTokensDir(): string | undefined {
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = join(dir, 'node_modules', '@atlaskit', 'tokens', 'dist', 'esm', 'artifacts', 'themes');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let cached: string | undefined;

/** Atlassian's design tokens (light theme, spacing, typography, shape) as CSS custom properties. */
export function tokensCss(): string {
  if (cached !== undefined) return cached;
  const dir = findTokensDir();
  const parts: string[] = [FALLBACK];
  if (dir) {
    for (const theme of THEMES) {
      const file = join(dir, `${theme}.js`);
      if (!existsSync(file)) continue;
      // Each theme module is `export default "<css>";` — a JSON-compatible string literal.
      const match = /export default ("(?:[^"\\]|\\.)*");/s.exec(readFileSync(file, 'utf8'));
      if (match?.[1]) parts.push(JSON.parse(match[1]) as string);
    }
  }
  cached = parts.join('\n');
  return cached;
}
