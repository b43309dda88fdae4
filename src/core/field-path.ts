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

  /** An entry of a map: `spec.resources` → `spec.resources[storage]`. */
  public key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  public toString(): string {
    return this.text;
  }
}
