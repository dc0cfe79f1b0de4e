/**
 * Saving the whole config from one tab: the tab passes its changes, the page keeps the saved answer. The config's
 * `version` goes back with it, so a save from a page someone else has saved since is refused (CONFLICT, with a
 * Reload button) instead of overwriting their change.
 */
import { useState } from 'react';
import type { DispatchConfig, SaveConfigPayload } from '../../domain/contract';
import { type ApiError, call } from '../api';

export interface ConfigTabProps {
  readonly config: DispatchConfig;
  onSaved(config: DispatchConfig): void;
  /** Loads the config again (after a CONFLICT). */
  onReload(): void;
}

export function useSaveConfig(props: ConfigTabProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const save = async (changes: Partial<SaveConfigPayload>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    const { tiles, version, ...rest } = props.config;
    // apiKeyRef is the backend's marker of a stored key; it is sent back unchanged (the key itself never is).
    const result = await call('saveConfig', { ...rest, tiles, version: version ?? 0, ...changes });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    props.onSaved(result.data);
    setSaved(true);
    return true;
  };
  const fail = (e: ApiError) => {
    setSaved(false);
    setError(e);
  };
  return { busy, error, saved, save, fail, touch: () => setSaved(false) };
}

/** A number typed in a text field, or undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
