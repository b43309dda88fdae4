import * as fs from 'fs';
import type * as CheckModule from './check';
import { KubernetesVersion } from '../core/policy/version';

/*
 * A cdk8s validation plugin (cdk8s-cli's `validations:` in cdk8s.yaml): `cdk8s synth` hands it the
 * manifests it wrote, and it runs `cdk8s-storage check` on them at the app's target version, so
 * that apps written with cdk8s-plus alone, or importing Helm charts, get the library's rules too.
 * The interfaces below are the part of cdk8s-cli's plugin contract the plugin uses (cdk8s-cli's
 * lib/plugins/validation.d.ts), so that the package does not depend on cdk8s-cli.
 */

/** Props for `StorageValidation`: the `properties` of its entry in cdk8s.yaml's `validations:`. */
export interface StorageValidationProps {
  /**
   * The Kubernetes version the manifests are checked at, as `"1.31"`.
   *
   * @default - `KubernetesVersion.DEFAULT`, the newest supported version
   * @see https://kubernetes.io/releases/
   */
  readonly kubernetesVersion?: string;
}

/** A resource that violates a rule, as cdk8s-cli's report takes it. */
export interface ValidationViolatingResource {
  /** The object's `metadata.name`. */
  readonly resourceName: string;
  /** The field paths in the object (`spec.volumes[0].rbd`). */
  readonly locations: string[];
  /** The manifest file the object is in. */
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's report takes it. */
export interface ValidationViolation {
  /** The finding, in the library's words (`spec.volumes[0].rbd: Forbidden: …`). */
  readonly ruleName: string;
  /** What the finding means for the object. */
  readonly recommendation: string;
  /** What to do: the replacement, where one exists. */
  readonly fix: string;
  /** The objects the finding is about. */
  readonly violatingResources: ValidationViolatingResource[];
}

/** The report cdk8s-cli gives a validation plugin (the members the plugin calls). */
export interface IValidationReport {
  /** Adds a violation. */
  addViolation(violation: ValidationViolation): void;
  /** Submits the report: `success` or `failure`, with metadata for its summary. */
  submit(status: string, metadata: Record<string, string>): void;
}

/** What cdk8s-cli gives a validation plugin (the members the plugin reads). */
export interface IValidationContext {
  /** The manifest files `cdk8s synth` wrote. */
  readonly manifests: string[];
  /** The report to fill in. */
  readonly report: IValidationReport;
}

/**
 * The library's checks as a cdk8s validation plugin: every in-tree volume the target version no
 * longer serves (or deprecates), the field rules, the binding check and the workload warnings of
 * `cdk8s-storage check`, on the manifests `cdk8s synth` wrote. An error fails the synth; a
 * warning is listed in the report.
 *
 * @example
 *
 * // cdk8s.yaml
 * // validations:
 * //   - package: cdk8s-storage
 * //     version: 1.0.0
 * //     class: StorageValidation
 * //     properties: { kubernetesVersion: "1.31" }
 */
export class StorageValidation {
  private readonly target?: KubernetesVersion;
  private readonly targetError?: string;

  constructor(props: StorageValidationProps = {}) {
    const v = props?.kubernetesVersion;
    if (v === undefined || v === null) {
      this.target = KubernetesVersion.DEFAULT;
      return;
    }
    try {
      this.target = KubernetesVersion.of(String(v));
    } catch (e) {
      this.targetError = (e as Error).message;
    }
  }

  /** Checks the manifests and submits the report (failure when an error is found). */
  public async validate(context: IValidationContext): Promise<void> {
    const report = context.report;
    if (!this.target) {
      report.addViolation({ ruleName: `properties.${this.targetError}`, recommendation: 'set kubernetesVersion to a supported version, as a string', fix: 'kubernetesVersion: "1.31"', violatingResources: [] });
      report.submit('failure', {});
      return;
    }
    const inputs = context.manifests.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    // the manifest checker (and the YAML parser it loads) only when a plugin runs, not at every import of the library
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { check } = require('./check') as typeof CheckModule;
    const result = check(inputs, this.target);
    for (const p of result.problems) {
      report.addViolation({ ruleName: `${p.message}`, recommendation: 'the manifest cannot be read', fix: 'see the message', violatingResources: [{ resourceName: '(none)', locations: [`line ${p.line ?? '?'}`], manifestPath: p.file }] });
    }
    for (const f of result.findings) report.addViolation(violationOf(f));
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    report.submit(errors > 0 || result.problems.length > 0 ? 'failure' : 'success', {
      'Kubernetes version': this.target.name,
      'Objects': String(result.objects),
      'Errors': String(errors),
      'Warnings': String(result.findings.length - errors),
    });
  }
}

function violationOf(f: CheckModule.CheckFinding): ValidationViolation {
  const who = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? '(no name)'}`;
  return {
    ruleName: `${f.severity === 'warning' ? 'Warning: ' : ''}[${who}] ${f.path}: ${f.message}`,
    recommendation: f.message,
    fix: f.replacement ? `use ${f.replacement}` : 'see the recommendation',
    violatingResources: [{ resourceName: f.name ?? '(no name)', locations: [f.path], manifestPath: f.file }],
  };
}
