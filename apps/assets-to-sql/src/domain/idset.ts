/**
 * Compact sets of object ids, for remembering which objects a run exported (the key set that deletions are
 * reconciled against). Ids are sorted, de-duplicated, delta-encoded as unsigned LEB128 varints and base64url'd:
 * dense ids cost ~1.4 characters each, so a 999-object page is ~1.4 KB in KVS.
 */

/** Encodes ascending unique non-negative safe integers. */
export function encodeIds(ids: readonly number[]): string {
  const bytes: number[] = [];
  let previous = 0;
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < previous || (bytes.length > 0 && id === previous)) {
      throw new RangeError('ids must be ascending, unique, non-negative safe integers');
    }
    let delta = id - previous;
    previous = id;
    do {
      const low = delta % 128;
      delta = Math.floor(delta / 128);
      bytes.push(delta > 0 ? low + 128 : low);
    } while (delta > 0);
  }
  return Buffer.from(bytes).toString('base64url');
}

export function decodeIds(text: string): number[] {
  const bytes = Buffer.from(text, 'base64url');
  const out: number[] = [];
  let previous = 0;
  let value = 0;
  let scale = 1;
  for (const byte of bytes) {
    value += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 128;
      continue;
    }
    previous += value;
    out.push(previous);
    value = 0;
    scale = 1;
  }
  return out;
}

/** Sorted union of sorted unique lists. */
export function unionSorted(lists: readonly (readonly number[])[]): number[] {
  const all = lists.flat();
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const id of all) if (out.length === 0 || out[out.length - 1] !== id) out.push(id);
  return out;
}

/** Elements of sorted `a` that are not in sorted `b`. */
export function differenceSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const id of a) {
    while (j < b.length && (b[j] as number) < id) j++;
    if (b[j] !== id) out.push(id);
  }
  return out;
}
