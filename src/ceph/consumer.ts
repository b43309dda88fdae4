import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ICephCluster, isCephCluster, useCsi } from './cluster';
import { CephCredentials, CephSecretUse, isCephCredentials } from './credentials';
import { SecretRef, isSecret, secretReferenceRules, secretShape } from '../core/objects/secrets';
import { SourceSite } from '../core/objects/source';
import { PluginForm } from '../core/policy/plugin-policy';
import { FieldError, Finding, REDACTED, forbidden, invalid, required } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { given, instanceShape, isPlainObject, isString, listOf, stringShape, typeOf } from '../core/rules/shapes';

// ---------------------------------------------------------------------------------------------
// What every consumer of a cluster and credentials checks, where their values land.

const CLUSTER_WHAT = 'a CephCluster';
const CREDENTIALS_WHAT = 'CephCredentials (CephCredentials.fromUserKey, fromSecret, fromKeyring or fromSecretFile)';

/** The `cluster` prop of a volume or class, at the field its monitors (in-tree) or its cluster id (CSI) land in. */
export function clusterShape(at: FieldPath, v: unknown): FieldError[] {
  if (!given(v)) return [required(at, 'give cluster: the CephCluster of the image or filesystem')];
  return instanceShape(at, v, isCephCluster, CLUSTER_WHAT);
}

/**
 * The `credentials` prop of a volume or class, at the field its Secret reference lands in. Printed
 * redacted: a value of another type may well hold the key itself.
 */
export function credentialsShape(at: FieldPath, v: unknown): FieldError[] {
  return !given(v) || isCephCredentials(v) ? [] : [invalid(at, REDACTED, `must be ${CREDENTIALS_WHAT} (got ${typeOf(v)})`)];
}

/**
 * Where a Ceph source's fields land, in the form written: in-tree `<root>.<plugin>` (`rbd`,
 * `cephfs`), CSI `<root>.csi` with its `volumeAttributes`. What both sources share.
 */
export interface CephSite {
  /** `<root>.csi`, or `<root>.<plugin>`. */
  readonly source: FieldPath;
  /** Where the cluster lands: `volumeAttributes[clusterID]`, or the in-tree `monitors`. */
  readonly cluster: FieldPath;
  /** The Secret reference: `csi.nodeStageSecretRef`, or the in-tree `secretRef`. */
  readonly ref: FieldPath;
  readonly csi: boolean;
  /**
   * A field: CSI `volumeAttributes[<key>]`; in-tree `<plugin>.<inTree>`, or, where the in-tree
   * source has no such field (it ignores the prop), the prop's name `<key>`.
   */
  readonly at: (key: string, inTree?: string) => FieldPath;
}

export function cephSite(root: FieldPath, form: PluginForm, plugin: 'rbd' | 'cephfs'): CephSite {
  const csi = form.kind === 'csi';
  const source = root.child(csi ? 'csi' : plugin);
  const attrs = source.child('volumeAttributes');
  const at = (key: string, inTree?: string): FieldPath => {
    if (csi) return attrs.key(key);
    return inTree ? source.child(inTree) : FieldPath.root(key);
  };
  return { source, cluster: at('clusterID', 'monitors'), ref: source.child(csi ? 'nodeStageSecretRef' : 'secretRef'), csi, at };
}

/** Where a consumer writes what its credentials give. */
export interface CredentialSite {
  /** The Secret reference (`rbd.secretRef`, `csi.nodeStageSecretRef`). */
  readonly ref: FieldPath;
  /** The user field, for the in-tree sources (`rbd.user`). */
  readonly user?: FieldPath;
  /** The key file field of the in-tree sources (`rbd.keyring`, `cephfs.secretFile`), and which kind of credentials write it. */
  readonly file?: { readonly at: FieldPath; readonly kind: 'keyring' | 'secretFile' };
}

/**
 * The credentials' values at the consumer's fields: their cluster (the consumer's), the existing
 * Secret's reference (unless `reference` is false: a StorageClass checks it at its parameters),
 * the user and the key file.
 */
export function credentialRules(credentials: CephCredentials, cluster: ICephCluster | undefined, site: CredentialSite, reference = true): Finding[] {
  const out: Finding[] = [];
  const c: unknown = credentials.cluster;
  if (!given(c)) {
    out.push(required(site.ref, 'the CephCredentials name no cluster: give cluster, the CephCluster the user belongs to'));
  } else if (!isCephCluster(c)) {
    out.push(...instanceShape(site.ref, c, isCephCluster, `the credentials' cluster, ${CLUSTER_WHAT}`));
  } else if (cluster && c !== cluster) {
    out.push(invalid(site.ref, c.node.path, `the credentials belong to CephCluster ${quote(c.node.path)}, the volume to ${quote(cluster.node.path)}`));
  }
  const k = credentials._kind;
  if (k.kind === 'secret' && reference) out.push(...secretReferenceRules(k.source, site.ref));
  if (site.user) {
    out.push(...stringShape(site.user, k.user));
    if (isString(k.user)) out.push(...textRules(site.user, k.user));
  }
  if (site.file && k.kind === site.file.kind) {
    out.push(...stringShape(site.file.at, k.path, 'a string, a path on the node'));
    if (isString(k.path)) out.push(...textRules(site.file.at, k.path));
  }
  return out;
}

/** File-based credentials where a Secret is needed. */
export function fileCredentialsForbidden(at: FieldPath, credentials: CephCredentials | undefined, why: string): Finding[] {
  const k = credentials?._kind.kind;
  return k === 'keyring' || k === 'secretFile' ? [forbidden(at, why)] : [];
}

// ---------------------------------------------------------------------------------------------
// What the RBD and CephFS forms share: the ceph-csi static volume's secret reference and rules.

const FILES_FOR_CSI = 'keyring and secret files serve the in-tree plugins only; ceph-csi reads credentials from a Secret: use CephCredentials.fromUserKey or fromSecret';

/**
 * The Secret a volume in `form` reads, bound into the volume's `scope`: the ceph-csi node-stage
 * Secret (`userID`/`userKey`) for the CSI form, which also puts the cluster into the ceph-csi
 * configuration; else the in-tree `kubernetes.io/rbd` Secret.
 */
export function cephVolumeSecret(
  scope: Construct, form: PluginForm, cluster: ICephCluster | undefined, credentials: CephCredentials | undefined,
): SecretRef | undefined {
  if (form.kind !== 'csi') return credentials?._secret(scope, CephSecretUse.IN_TREE);
  useCsi(cluster);
  return credentials?._secret(scope, CephSecretUse.CSI_USER);
}

/**
 * What an RBD or CephFS source knows once a carrier binds it: the form, whether it is ceph-csi's,
 * the PersistentVolume that carries it (undefined in a Pod), the Secret (created once, in the
 * carrier) and where its fields land.
 */
export function bindCephSource<S>(at: SourceSite, m: CephConsumer, site: (root: FieldPath, form: PluginForm) => S) {
  const form = at.form;
  const secret = cephVolumeSecret(at.scope, form, m.cluster, m.credentials);
  return { form, csi: form.kind === 'csi', pv: at.persistentVolume, secret, s: site(at.root, form) };
}

/** What the CSI rules of a volume or class read: the cluster and credentials (each an ICephCluster / CephCredentials, or undefined) and the props as given. */
export interface CephConsumer {
  readonly cluster?: ICephCluster;
  readonly credentials?: CephCredentials;
  /** Whether the credentials prop was given (of any type). */
  readonly credentialsGiven: boolean;
}

/** The cluster and credentials of a consumer's props as given (a JavaScript or Python caller can pass anything). */
export function cephConsumer(p: { readonly cluster?: unknown; readonly credentials?: unknown }): CephConsumer {
  return {
    cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
    credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
    credentialsGiven: given(p.credentials),
  };
}

/**
 * Rules every ceph-csi static PersistentVolume shares, at `spec.csi`: a cluster id, credentials
 * from a Secret of a known namespace, of the volume's cluster, and the Retain policy.
 */
export function cephCsiVolumeRules(
  at: FieldPath, m: CephConsumer, secret: SecretRef | undefined, reclaimPolicy: unknown, driver: string,
): Finding[] {
  const out: Finding[] = [];
  if (m.cluster && !m.cluster.clusterId) {
    out.push(required(at.child('volumeAttributes').key('clusterID'),
      `give CephCluster ${quote(m.cluster.node.path)} a clusterId: ${driver} finds the monitors through it in the ceph-csi configuration`));
  }
  const ref = at.child('nodeStageSecretRef');
  if (!m.credentialsGiven) {
    out.push(required(ref, `${driver} stages the volume with a Secret holding userID and userKey: give credentials`));
  } else if (m.credentials) {
    out.push(...fileCredentialsForbidden(ref, m.credentials, FILES_FOR_CSI), ...credentialRules(m.credentials, m.cluster, { ref }));
    if (secret && !secret.namespace) {
      out.push(required(ref.child('namespace'), 'a CSI volume names its Secret with a namespace: give the volume\'s Chart a namespace, or pass namespace to CephCredentials.fromSecret'));
    }
  }
  if (reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE || reclaimPolicy === 'Recycle') {
    out.push(invalid(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'), reclaimPolicy,
      `must be "Retain" for a static ${driver} volume: the driver never deletes what it did not provision`));
  }
  return out;
}

const PARAMETERS = FieldPath.root('parameters');

/** The string entries of a StorageClass's parameters prop (the others are reported by its shape, and not written). */
export function stringParameters(v: unknown): Record<string, string> {
  if (!isPlainObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, value]) => isString(value))) as Record<string, string>;
}

/**
 * A StorageClass's Secret parameters for an existing Secret, at the parameters they land in: the
 * factory's arguments, a name no Secret can have, a namespace no namespace can have.
 */
export function classSecretRules(credentials: CephCredentials, nameKey: string, namespaceKey: string): FieldError[] {
  const k = credentials._kind;
  if (k.kind !== 'secret') return [];
  const s = k.source;
  const errs: FieldError[] = [
    ...(s.problems ?? []), ...secretShape(PARAMETERS.key(nameKey), s.secret), ...stringShape(PARAMETERS.key(namespaceKey), s.namespace),
  ];
  if (isSecret(s.secret)) {
    if (!s.secret.name) errs.push(required(PARAMETERS.key(nameKey)));
    else errs.push(...nameErrors(PARAMETERS.key(nameKey), s.secret.name, NameRule.DNS_SUBDOMAIN));
  }
  if (isString(s.namespace)) errs.push(...nameErrors(PARAMETERS.key(namespaceKey), s.namespace, NameRule.DNS_LABEL));
  return errs;
}

/**
 * Rules every ceph-csi StorageClass shares: a cluster id, and credentials from a Secret of a known
 * namespace and of the class's cluster, at the provisioner Secret's parameters.
 */
export function cephCsiClassRules(m: CephConsumer, secrets: readonly (SecretRef | undefined)[], driver: string): Finding[] {
  const out: Finding[] = [];
  if (m.cluster && !m.cluster.clusterId) {
    out.push(required(PARAMETERS.key('clusterID'), `give CephCluster ${quote(m.cluster.node.path)} a clusterId: ${driver} finds the monitors through it in the ceph-csi configuration`));
  }
  const nameKey = 'csi.storage.k8s.io/provisioner-secret-name';
  const namespaceKey = 'csi.storage.k8s.io/provisioner-secret-namespace';
  const ref = PARAMETERS.key(nameKey);
  if (!m.credentialsGiven) {
    out.push(required(ref, `${driver} provisions with a Secret of the cluster's user: give credentials`));
    return out;
  }
  if (!m.credentials) return out; // a value of another type: its shape rule reports it
  out.push(...fileCredentialsForbidden(ref, m.credentials, FILES_FOR_CSI));
  out.push(...credentialRules(m.credentials, m.cluster, { ref }, false));
  out.push(...classSecretRules(m.credentials, nameKey, namespaceKey));
  if (secrets.some((s) => s && !s.namespace)) {
    out.push(required(PARAMETERS.key(namespaceKey),
      'a StorageClass names its Secrets with a namespace: give the StorageClass\'s Chart a namespace, or pass namespace to CephCredentials.fromSecret'));
  }
  return out;
}

/**
 * A list of options ceph-csi takes as one comma-separated attribute or parameter
 * (`kernelMountOptions`, `fuseMountOptions`): written joined, and only when not empty, since ceph-csi
 * refuses an empty one (internal/cephfs/store/volumeoptions.go extractOptionalOption). Elements of
 * another type are reported by the shape rule and left out.
 */
export function joinedOptions(v: unknown): string | undefined {
  const list = listOf(v as unknown[]).filter(isString);
  return list.length > 0 ? list.join(',') : undefined;
}

/** The elements of such a list: each one option, not empty and without the "," ceph-csi splits at. */
export function optionListRules(at: FieldPath, v: unknown): FieldError[] {
  const out: FieldError[] = [];
  listOf(v as unknown[]).forEach((o, i) => {
    if (!isString(o)) return;
    if (o === '' || o.includes(',')) out.push(invalid(at, o, `element ${i} must be one option, not empty and without ",": ceph-csi joins the list with "," and splits it there`));
    else out.push(...textRules(at, o));
  });
  return out;
}
