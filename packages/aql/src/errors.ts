/** Any refusal by this package to build, quote or parse AQL. */
export class AqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AqlError';
  }
}

/** A query (or template) that does not follow the AQL grammar; `position` is a 0-based UTF-16 offset. */
export class AqlSyntaxError extends AqlError {
  readonly position: number;
  /** 1-based line of `position`. */
  readonly line: number;
  /** 1-based column of `position` (UTF-16 code units). */
  readonly column: number;

  constructor(message: string, position: number, source: string) {
    super(`${message} at position ${position}`);
    this.name = 'AqlSyntaxError';
    this.position = position;
    const before = source.slice(0, position);
    const lastNewline = before.lastIndexOf('\n');
    this.line = before.split('\n').length;
    this.column = position - lastNewline;
  }
}
