/**
 * A path to a field in a Kubernetes manifest, printed the way kube-apiserver prints it:
 * `spec.iscsi.lun`, `spec.accessModes[0]`, `spec.resources[storage]`.
 *
 * Internal: not part of the jsii API.
 */
export class FieldPath {
  /** A path that starts at the given root field (`spec`, `metadata`). */
  public static root(...names: string[]): FieldPath {
    return new FieldPath(undefined, names.join('.'));
  }

  private text?: string;

  // The text is built only when printed: rules build paths for every check, and most never fail.
  private constructor(private readonly parent: FieldPath | undefined, private readonly segment: string, private readonly isKey = false) {}

  /** A named child field: `spec` → `spec.iscsi`. */
  public child(...names: string[]): FieldPath {
    return new FieldPath(this, names.length === 1 ? `.${names[0]}` : `.${names.join('.')}`);
  }

  /** An element of a list: `spec.accessModes` → `spec.accessModes[0]`. */
  public index(i: number): FieldPath {
    return new FieldPath(this, `[${i}]`);
  }

  /**
   * An entry of a map, or a list element named by key: `spec.resources` → `spec.resources[storage]`.
   * A key with spaces, brackets or unprintable characters is quoted, so one error stays one line.
   */
  public key(k: string): FieldPath {
    return new FieldPath(this, k, true);
  }

  public toString(): string {
    if (this.text === undefined) {
      const head = this.parent ? this.parent.toString() : '';
      // printable ASCII but for the brackets and the quote (a key with those is quoted, so the path reads back)
      const seg = this.isKey ? `[${/^[\x21\x23-\x5A\x5C\x5E-\x7E]+$/.test(this.segment) ? this.segment : quote(this.segment)}]` : this.segment;
      this.text = head === '' && seg.startsWith('.') ? seg.slice(1) : head + seg;
    }
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
