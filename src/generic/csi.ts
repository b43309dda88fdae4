import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { isSecret } from '../core/objects/secrets';
import { VolumeSource, fixedSource } from '../core/objects/source';
import { Capabilities } from '../core/rules/access';
import { Finding, invalid, required, tooLong } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { stringMapRules, textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, isPlainObject, isString, requiredStringShape, stringMapShape, stringShape } from '../core/rules/shapes';

/** Props for `CsiPersistentVolume`. */
export interface CsiPersistentVolumeProps extends StoragePersistentVolumeProps {
  /**
   * The CSI driver's name, as its CSIDriver object and its node plugin register it
   * (`rbd.csi.ceph.com`, `nfs.csi.k8s.io`): at most 63 characters, a DNS subdomain in lower case.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly driver: string;

  /**
   * The volume's ID in the driver (the storage system's name for it), unique in the cluster.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly volumeHandle: string;

  /**
   * Attributes the driver reads for this volume (its `volume_context`); the driver's
   * documentation says which. Never credentials: those go in the Secrets below.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly volumeAttributes?: { [key: string]: string };

  /**
   * The filesystem the driver formats and mounts.
   *
   * @default - none written; the driver's default
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly fsType?: FsType;

  /**
   * Publish the volume read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly readOnly?: boolean;

  /**
   * The Secret the external-attacher passes to ControllerPublishVolume/ControllerUnpublishVolume.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly controllerPublishSecretRef?: kplus.ISecret;

  /**
   * The Secret the kubelet passes to NodeStageVolume.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly nodeStageSecretRef?: kplus.ISecret;

  /**
   * The Secret the kubelet passes to NodePublishVolume.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly nodePublishSecretRef?: kplus.ISecret;

  /**
   * The Secret the external-resizer passes to ControllerExpandVolume.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly controllerExpandSecretRef?: kplus.ISecret;

  /**
   * The Secret the kubelet passes to NodeExpandVolume.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  readonly nodeExpandSecretRef?: kplus.ISecret;

  /**
   * The namespace of the referenced Secrets whose namespace the app does not know (a Secret from
   * `kplus.Secret.fromSecretName`). A PersistentVolume names each Secret with its namespace.
   *
   * @default - each Secret's own namespace (a kplus.Secret of this app: its Chart's namespace)
   */
  readonly secretNamespace?: string;
}

const SECRET_REFS = ['controllerPublishSecretRef', 'nodeStageSecretRef', 'nodePublishSecretRef', 'controllerExpandSecretRef', 'nodeExpandSecretRef'] as const;
type SecretRefField = typeof SECRET_REFS[number];

/** The model: values as given (a JavaScript caller can pass anything), defaults applied once. */
interface CsiModel {
  readonly driver: unknown;
  readonly volumeHandle: unknown;
  readonly volumeAttributes: unknown;
  readonly fsType?: unknown;
  readonly readOnly?: unknown;
  readonly secrets: Partial<Record<SecretRefField, unknown>>;
  readonly secretNamespace?: unknown;
}

const AT = FieldPath.root('spec', 'csi');

/** What any CSI driver may serve: the driver refuses at provisioning or attach what it does not. */
const CSI_CAPABILITIES: Capabilities = {
  accessModes: Object.values(kplus.PersistentVolumeAccessMode),
  accessModesWhy: 'the driver decides',
  block: true,
  mountOptions: true,
};

/**
 * A PersistentVolume of any CSI driver (`spec.csi`): a static volume the driver already has, by
 * its handle, with the attributes and Secrets the driver reads. A `StoragePersistentVolume`, so
 * `bind()`, `reserve()` and `asVolume()` work. Checked at synth as kube-apiserver checks the csi
 * source (driver name, handle, each Secret reference's name and namespace), plus the generic
 * PersistentVolume rules; what the driver itself accepts is for the driver's documentation.
 *
 * @example
 *
 * const share = new CsiPersistentVolume(chart, 'Share', {
 *   driver: 'nfs.csi.k8s.io',
 *   volumeHandle: 'nfs.example.com/exports/share',
 *   volumeAttributes: { server: 'nfs.example.com', share: '/exports/share' },
 *   storage: Size.gibibytes(100),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 * });
 */
export class CsiPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: CsiPersistentVolumeProps) {
    super(scope, id, props);
    this._carrySource(csiSource(props));
  }
}

/** The source of a static volume of any CSI driver: no in-tree plugin, so one form at every version. */
function csiSource(props: unknown): VolumeSource {
  const p: Partial<Record<keyof CsiPersistentVolumeProps, unknown>> = isPlainObject(props) ? props : {};
  const m: CsiModel = {
    driver: p.driver ?? '',
    volumeHandle: p.volumeHandle ?? '',
    volumeAttributes: isPlainObject(p.volumeAttributes) ? { ...p.volumeAttributes } : p.volumeAttributes ?? undefined,
    fsType: fsTypeOf(p.fsType),
    readOnly: p.readOnly ?? undefined,
    secrets: Object.fromEntries(SECRET_REFS.filter((f) => given(p[f])).map((f) => [f, p[f]])),
    secretNamespace: p.secretNamespace ?? undefined,
  };
  // the props do not change: checked once
  const shapes = [
    ...requiredStringShape(AT.child('driver'), p.driver, 'a string such as "nfs.csi.k8s.io"'),
    ...requiredStringShape(AT.child('volumeHandle'), p.volumeHandle),
    ...stringMapShape(AT.child('volumeAttributes'), p.volumeAttributes),
    ...booleanShape(AT.child('readOnly'), p.readOnly),
    ...stringShape(AT.child('secretNamespace'), p.secretNamespace, 'a string, a namespace'),
    ...SECRET_REFS.flatMap((f) => instanceShape(AT.child(f), p[f], isSecret,
      'a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name)')),
  ];
  return fixedSource({ kind: 'csi', driver: isString(m.driver) ? m.driver : '', inline: false }, {
    field: 'csi',
    readOnly: m.readOnly === true,
    capabilities: () => CSI_CAPABILITIES,
    rules: () => [...shapes, ...csiRules(m)],
    render: () => ({ csi: renderCsi(m) }),
  });
}

/** kube-apiserver's validateCSIPersistentVolumeSource, and what the manifest can carry. */
function csiRules(m: CsiModel): Finding[] {
  const out: Finding[] = [];
  if (isString(m.driver) && m.driver !== '') out.push(...driverNameRules(AT.child('driver'), m.driver));
  if (isString(m.volumeHandle)) out.push(...textRules(AT.child('volumeHandle'), m.volumeHandle));
  if (isPlainObject(m.volumeAttributes)) out.push(...stringMapRules(AT.child('volumeAttributes'), m.volumeAttributes as Record<string, string>));
  out.push(...fsTypeRules(AT.child('fsType'), m.fsType));
  for (const f of SECRET_REFS) {
    const ref = secretRef(m, f);
    if (!ref) continue;
    const at = AT.child(f);
    if (ref.name === '') out.push(required(at.child('name')));
    else out.push(...nameErrors(at.child('name'), ref.name, NameRule.DNS_SUBDOMAIN));
    if (ref.namespace === undefined || ref.namespace === '') {
      out.push(required(at.child('namespace'), 'the app does not know the Secret\'s namespace: give its Chart a namespace, or give secretNamespace'));
    } else if (isString(ref.namespace)) {
      out.push(...nameErrors(at.child('namespace'), ref.namespace, NameRule.DNS_LABEL));
    }
  }
  return out;
}

function renderCsi(m: CsiModel): k8s.CsiPersistentVolumeSource {
  const refs: Partial<Record<SecretRefField, k8s.SecretReference>> = {};
  for (const f of SECRET_REFS) {
    const ref = secretRef(m, f);
    if (ref) refs[f] = ref;
  }
  return {
    driver: m.driver as string,
    volumeHandle: m.volumeHandle as string,
    readOnly: m.readOnly as boolean | undefined,
    fsType: m.fsType as string | undefined,
    volumeAttributes: isPlainObject(m.volumeAttributes) && Object.keys(m.volumeAttributes).length === 0
      ? undefined : m.volumeAttributes as Record<string, string> | undefined,
    ...refs,
  };
}

function secretRef(m: CsiModel, f: SecretRefField): { name: string; namespace?: string } | undefined {
  const s = m.secrets[f];
  if (!isSecret(s)) return undefined;
  const own = s instanceof kplus.Secret ? s.metadata.namespace : undefined;
  const ns = own ?? (isString(m.secretNamespace) ? m.secretNamespace : undefined);
  return { name: s.name, namespace: ns };
}

/** kube-apiserver's ValidateCSIDriverName: at most 63 characters, and a DNS subdomain in lower case. */
export function driverNameRules(at: FieldPath, driver: string): Finding[] {
  const out: Finding[] = [];
  if (driver.length > 63) out.push(tooLong(at, 63));
  // the subdomain rule's messages, for the name in lower case (its 253-character limit never applies past 63)
  for (const e of nameErrors(at, driver.toLowerCase(), NameRule.DNS_SUBDOMAIN)) {
    if (e.detail?.startsWith('must be no more than')) continue;
    out.push(invalid(at, driver, e.detail!));
  }
  return out;
}
