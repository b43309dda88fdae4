/**
 * Where the library refuses what kube-apiserver accepts, and why: the driver, the kubelet or a
 * controller would fail later, or the manifest could not carry the value at all. Every row names
 * the field (normalized path, Pod volumes by name) and, where one field has several rules, the
 * error line; `source` is the code or document that proves the reason. Rows of one backend live
 * with its family (differential/families/<backend>.ts, exported as `stricter`); these are the
 * library's own, for every backend.
 */
export interface Stricter {
  readonly path: RegExp;
  readonly line?: RegExp;
  readonly reason: string;
  readonly source: string;
}

export const STRICTER: readonly Stricter[] = [
  {
    path: /.*/,
    line: /\(got (?:an? [a-z]+|null|undefined)\)$/,
    reason: 'a value of another type than the field\'s (what a JavaScript or Python caller can pass): refused at synth in the field\'s words; ' +
      'where the manifest can carry it, the server refuses it too (the decode rounds of differential.test.ts show it), where it cannot, the server never sees it',
    source: 'kube-apiserver decodes with encoding/json: "json: cannot unmarshal <type> into Go struct field …"',
  },
  {
    path: /.*/,
    line: /Invalid value: (?:NaN|Infinity|-Infinity|-0|\d{16,}): must be a whole number/,
    reason: 'not an integer a manifest carries exactly: NaN and infinities have no JSON form (cdk8s writes .nan/.inf, kubectl cannot send it), ' +
      'integers past 2^53 are rounded by JavaScript before they are written, and -0 is the trace of a computation gone wrong',
    source: 'encoding/json: "json: unsupported value: NaN"; Number.MAX_SAFE_INTEGER',
  },
  {
    path: /.*/,
    line: /cdk8s writes the key "<<" unquoted|cdk8s cannot write a map key named "constructor"|a map key named "__proto__" is lost|cdk8s writes them so that YAML readers refuse or misread the manifest/,
    reason: 'the API server would take the value, but the manifest cdk8s writes cannot carry it: a key "<<" is written unquoted (a YAML merge key to kubectl), ' +
      '"constructor" makes cdk8s fail while writing, "__proto__" is dropped by JavaScript, and control characters or line separators are written raw',
    source: 'src/core/rules/manifest-text.ts (cdk8s Yaml.stringify; YAML 1.1 readers: sigs.k8s.io/yaml)',
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /ReadWriteOncePod is served from 1\.27 \(target 1\.2[4-6]\): its feature gate is off before/,
    reason: 'before 1.27 the ReadWriteOncePod feature gate is off by default and kube-apiserver of that version refuses the mode; the referee\'s servers (1.34 and newer) accept it',
    source: 'k8s.io/kubernetes pkg/features/kube_features.go ReadWriteOncePod (alpha 1.22, beta and on 1.27, GA 1.29); pkg/apis/core/validation supportedAccessModes',
  },
  {
    path: /^spec\.selector\.matchExpressions\[\d+\]$/,
    line: /the selector matches no labels/,
    reason: 'a claim whose selector no labels can match never binds: the PV controller binds only volumes the selector matches, and a claim with a selector is never provisioned',
    source: 'k8s.io/component-helpers v0.37.2 storage/volume/pv_helpers.go FindMatchingVolume (selector.Matches); sigs.k8s.io/sig-storage-lib-external-provisioner controller.go ("claim Selector is not supported"); kubernetes.io/docs/concepts/storage/persistent-volumes/#selector',
  },
  {
    path: /^volumes\[[^\]]*\]\.name$/,
    line: /must be no more than 63 characters/,
    reason: 'cdk8s-plus-27 cuts a Pod volume\'s name to 63 characters while writing it, so the manifest would name another volume than the one given (kube-apiserver refuses the name as given: a DNS label)',
    source: 'cdk8s-plus-27 lib/volume.js Volume constructor: this.name = name.slice(0, 63)',
  },
  {
    path: /.*/,
    line: /supported values: "auto", "in-tree", "csi"; the implementation prop/,
    reason: 'implementation is the library\'s own prop (which form to write), reported where the source lands: no manifest field holds it',
    source: 'src/core/policy/plugin-policy.ts implementationRules',
  },
];
