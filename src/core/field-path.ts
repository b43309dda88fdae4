/**
 * A path to a field in a Kubernetes manifest, printed the way kube-apiserver prints it:
 * `spec.iscsi.lun`, `spec.accessModes[0]`, `spec.resources[storage]`.
 *
 * Internal: not part of the jsii API.
 */
export class FieldPath {
  /** A path that starts at the given root field (`spec`, `metadata`). */
  public static root(...names: string[]): FieldPath {
    return new FieldPath(names.join('.'));
  }

  private constructor(private readonly text: string) {}

  /** A named child field: `spec` → `spec.iscsi`. */
  public child(...names: string[]): FieldPath {
    const tail = names.join('.');
    return new FieldPath(this.text ? `${this.text}.${tail}` : tail);
  }

  /** An element of a list: `spec.accessModes` → `spec.accessModes[0]`. */
  public index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /**
   * An entry of a map, or a list element named by key: `spec.resources` → `spec.resources[storage]`.
   * A key with spaces, brackets or unprintable characters is quoted, so one error stays one line.
   */
  public key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${/^[\x21-\x5A\x5C\x5E-\x7E]+$/.test(k) ? k : quote(k)}]`);
  }

  public toString(): string {
    return this.text;
  }
}

/**
 * A string quoted as Go's %q would: JSON escapes, plus U+0085, U+2028 and U+2029, which JSON leaves raw
 * and which would break an error line in two.
 */
export function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
