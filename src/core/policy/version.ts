import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { FieldError, formatError, unsupported } from '../rules/errors';
import { FieldPath } from '../rules/field-path';
import { elementShape, given, instanceShape } from '../rules/shapes';

/**
 * Every supported version, oldest first: each static member below adds itself. Adding the next
 * Kubernetes minor is one line there (plus its facts in plugin-policy.ts, if it changes any); it
 * becomes the default target.
 */
const ALL: KubernetesVersion[] = [];

/**
 * A Kubernetes version that cdk8s-storage can target: 1.24 through the newest minor it knows
 * (`KubernetesVersion.all()`).
 *
 * The target decides which form a backend emits (in-tree volume source, CSI driver, or a synth-time
 * error for a removed plugin). Set it once for the app, either in `cdk8s.yaml`:
 *
 * ```yaml
 * context:
 *   cdk8s-storage:kubernetesVersion: "1.30"
 * ```
 *
 * or in code, before any chart is added: `KubernetesVersion.V1_30.applyTo(app)` (the same as
 * `app.node.setContext('cdk8s-storage:kubernetesVersion', '1.30')`). A construct's own
 * `kubernetesVersion` prop overrides it. Without either, the target is `KubernetesVersion.DEFAULT`,
 * the newest.
 */
export class KubernetesVersion {
  /** The context key that holds the target version, as a string such as `"1.30"`. */
  public static readonly CONTEXT_KEY = 'cdk8s-storage:kubernetesVersion';

  /** Kubernetes 1.24: the last with Flocker. */
  public static readonly V1_24 = new KubernetesVersion(24);
  /** Kubernetes 1.25: Flocker removed, GlusterFS deprecated. */
  public static readonly V1_25 = new KubernetesVersion(25);
  /** Kubernetes 1.26: GlusterFS removed. */
  public static readonly V1_26 = new KubernetesVersion(26);
  /** Kubernetes 1.27. */
  public static readonly V1_27 = new KubernetesVersion(27);
  /** Kubernetes 1.28: in-tree rbd and cephfs deprecated. */
  public static readonly V1_28 = new KubernetesVersion(28);
  /** Kubernetes 1.29. */
  public static readonly V1_29 = new KubernetesVersion(29);
  /** Kubernetes 1.30: the last with in-tree rbd and cephfs. */
  public static readonly V1_30 = new KubernetesVersion(30);
  /** Kubernetes 1.31: in-tree rbd and cephfs removed. */
  public static readonly V1_31 = new KubernetesVersion(31);
  /** Kubernetes 1.32. */
  public static readonly V1_32 = new KubernetesVersion(32);
  /** Kubernetes 1.33. */
  public static readonly V1_33 = new KubernetesVersion(33);
  /** Kubernetes 1.34. */
  public static readonly V1_34 = new KubernetesVersion(34);
  /** Kubernetes 1.35. */
  public static readonly V1_35 = new KubernetesVersion(35);
  /** Kubernetes 1.36. */
  public static readonly V1_36 = new KubernetesVersion(36);
  /** Kubernetes 1.37: SELinux mount labels (SELinuxMount) on by default; no storage plugin removed. */
  public static readonly V1_37 = new KubernetesVersion(37);

  /** The target when none is set: the newest supported version. */
  public static readonly DEFAULT: KubernetesVersion = ALL[ALL.length - 1];

  /** Every supported version, oldest first. */
  public static all(): KubernetesVersion[] {
    return ALL.slice();
  }

  /**
   * The supported version named `version` (`"1.30"`; a leading `v` and a patch part are accepted).
   *
   * @throws if the version is not one of `KubernetesVersion.all()`
   */
  public static of(version: string): KubernetesVersion {
    const found = parseVersion(version);
    if (!found) {
      throw new Error(formatError(unsupportedVersion(FieldPath.root('kubernetesVersion'), String(version))));
    }
    return found;
  }

  /**
   * The target version of a construct: the nearest `cdk8s-storage:kubernetesVersion` context value
   * up its tree, else the `context` of `cdk8s.yaml` in the working directory, else `DEFAULT`.
   *
   * @throws if the configured value is not a supported version
   */
  public static targetOf(scope: IConstruct): KubernetesVersion {
    // a JavaScript or Python caller can pass anything: there is no construct to report it on at synth
    const [wrong] = elementShape(FieldPath.root('scope'), scope, Construct.isConstruct, 'a construct');
    if (wrong) throw new Error(formatError(wrong));
    const t = resolveTarget(scope);
    if (t.error) throw new Error(formatError(t.error));
    return t.version;
  }

  /** The minor version number: 30 for 1.30. */
  public readonly minor: number;

  /** The version as written in context and messages: `"1.30"`. */
  public readonly name: string;

  private constructor(minor: number) {
    this.minor = minor;
    this.name = `1.${minor}`;
    ALL.push(this);
  }

  /**
   * Makes this version the target for `scope` and everything below it, through construct context.
   * Call it before adding children to `scope` (constructs forbids setting context afterwards).
   */
  public applyTo(scope: IConstruct): void {
    scope.node.setContext(KubernetesVersion.CONTEXT_KEY, this.name);
  }

  /** The version as written in context and messages: `"1.30"`. */
  public toString(): string {
    return this.name;
  }
}


const parsed = new Map<string, KubernetesVersion | undefined>();

/** `parseVersion`, once per distinct value (every construct of the app resolves its target). */
function parseVersionCached(raw: string): KubernetesVersion | undefined {
  if (!parsed.has(raw)) parsed.set(raw, parseVersion(raw));
  return parsed.get(raw);
}

function parseVersion(raw: string): KubernetesVersion | undefined {
  const m = /^v?1\.(\d+)(\.\d+)?$/.exec(String(raw).trim());
  if (!m) return undefined;
  const minor = Number(m[1]);
  if (String(minor) !== m[1]) return undefined; // no leading zeros: 1.030 is not a version
  return ALL.find((v) => v.minor === minor);
}

function unsupportedVersion(at: FieldPath, value: string | number, hint?: string): FieldError {
  return unsupported(at, value, ALL.map((v) => v.name), hint);
}

/** The target of a construct, or the error that explains why the configured value is unusable. */
export interface Target {
  readonly version: KubernetesVersion;
  readonly error?: FieldError;
}

/** cdk8s.yaml files read so far, by absolute path. */
const fileContext = new Map<string, Record<string, unknown>>();

function cdk8sYamlContext(): Record<string, unknown> {
  const file = path.resolve('cdk8s.yaml');
  const cached = fileContext.get(file);
  if (cached) return cached;
  let ctx: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    const [doc] = Yaml.load(file);
    if (doc && typeof doc === 'object' && doc.context && typeof doc.context === 'object') ctx = doc.context;
  }
  fileContext.set(file, ctx);
  return ctx;
}

/**
 * Resolves the target version for a construct, once, at construction. `override` is the construct's
 * own `kubernetesVersion` prop. Never throws: a bad configured value becomes an error reported at
 * synth (and the default is used meanwhile, so nothing downstream needs to care).
 */
export function resolveTarget(scope: IConstruct, override?: KubernetesVersion): Target {
  if (override instanceof KubernetesVersion) return { version: override };
  if (given(override)) {
    return {
      version: KubernetesVersion.DEFAULT,
      error: instanceShape(FieldPath.root('kubernetesVersion'), override, () => false, 'a KubernetesVersion, such as KubernetesVersion.V1_30 or KubernetesVersion.of("1.30")')[0],
    };
  }
  let raw: unknown = scope.node.tryGetContext(KubernetesVersion.CONTEXT_KEY);
  let source = 'context';
  if (raw === undefined) {
    raw = cdk8sYamlContext()[KubernetesVersion.CONTEXT_KEY];
    source = 'cdk8s.yaml context';
  }
  if (raw === undefined) return { version: KubernetesVersion.DEFAULT };
  const found = typeof raw === 'string' || typeof raw === 'number' ? parseVersionCached(String(raw)) : undefined;
  if (found) return { version: found };
  const hint = typeof raw === 'number'
    ? `the ${source} value is the number ${raw}: quote versions in YAML ("1.30"), unquoted 1.30 is the number 1.3`
    : `set in ${source}`;
  return {
    version: KubernetesVersion.DEFAULT,
    error: unsupportedVersion(FieldPath.root(KubernetesVersion.CONTEXT_KEY), typeof raw === 'number' ? raw : String(raw), hint),
  };
}
