const MASK = '••••';

/**
 * A URL with whatever may be a credential masked: every query value, the fragment and any user info
 * (`https://host/path?token=••••`). Receivers put tokens in query strings, and we cannot know which names.
 * Strings that are not absolute URLs come back unchanged.
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  if (!url.search && !url.hash && !url.username && !url.password) return value;
  const auth = url.username || url.password ? `${MASK}@` : '';
  const query = url.search
    ? `?${[...url.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=${MASK}`).join('&')}`
    : '';
  return `${url.protocol}//${auth}${url.host}${url.pathname}${query}${url.hash ? `#${MASK}` : ''}`;
}
