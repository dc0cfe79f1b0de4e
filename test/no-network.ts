// Loaded before every test file: tests must never reach the network. Only loopback is allowed (the sandbox
// serves the emulated Atlassian site there); anything else fails loudly instead of hanging or leaking data.
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`Tests may not reach the network (attempted ${url.origin})`);
  }
  return realFetch(input, init);
};
