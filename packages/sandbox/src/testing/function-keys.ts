import type { Sandbox } from '../runtime/sandbox';

/** Every name `Object.prototype` has: keys a resolver lookup with `in` would find on any object. */
export const PROTOTYPE_KEYS: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

export interface KeyProbe {
  readonly moduleKey: string;
  readonly functionKey: string;
  /** `refused`: the call was refused before any app code ran (or the invocation failed); `answered`: code ran. */
  readonly outcome: 'refused' | 'answered';
  readonly message: string;
}

/**
 * Calls every UI module's resolver of `app` with each prototype name and one plainly unknown key, as `accountId`.
 * An app that dispatches by own keys only refuses them all with one and the same message.
 */
export async function probeFunctionKeys(
  sandbox: Sandbox,
  app: string,
  accountId: string,
  keys: readonly string[] = [...PROTOTYPE_KEYS, 'noSuchFunction'],
): Promise<KeyProbe[]> {
  const modules = sandbox.manifestOf(app).uiModules.filter((m) => m.resolverFunction);
  const out: KeyProbe[] = [];
  for (const module of modules) {
    for (const functionKey of keys) {
      try {
        const answer = await sandbox.invokeResolver({
          app,
          moduleKey: module.key,
          functionKey,
          payload: {},
          accountId,
        });
        // The resolver kit's refusal envelope (`ownKeysOnly`): a clear error, no code of the app ran.
        const error = (answer as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | null)
          ?.error;
        const refused =
          (answer as { ok?: unknown } | null)?.ok === false && error?.code === 'UNKNOWN_FUNCTION';
        out.push({
          moduleKey: module.key,
          functionKey,
          outcome: refused ? 'refused' : 'answered',
          message: refused ? String(error?.message) : JSON.stringify(answer ?? null).slice(0, 200),
        });
      } catch (error) {
        out.push({
          moduleKey: module.key,
          functionKey,
          outcome: 'refused',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return out;
}
