import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { IscsiPersistentVolume, IscsiVolume, KubernetesVersion } from '../../../../src';
import { buildSize, buildSource, persistentVolume, volume } from '../../../helpers/arbitraries';
import { Family, withWrong, wrongField } from '../framework';
import { Stricter } from '../stricter';

const SOURCE_KEYS = ['targetPortal', 'iqn', 'lun', 'portals', 'iscsiInterface', 'initiatorName', 'fsType', 'readOnly', 'chapAuthDiscovery', 'chapAuthSession', 'credentials', 'implementation', 'name'];
const PV_KEYS = [...SOURCE_KEYS.filter((k) => k !== 'name'), 'storage', 'accessModes', 'volumeMode', 'storageClassName', 'reclaimPolicy', 'volumeHandle', 'metadata'];

const workload = (chart: import('cdk8s').Chart) =>
  new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });

export const iscsiVolume: Family<any> = {
  name: 'IscsiVolume in a Deployment',
  input: fc.record({ v: volume, wrong: wrongField(SOURCE_KEYS) }).map(({ v, wrong }) => ({ ...v, version: v.targeting.version, wrong })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const vol = new IscsiVolume(chart, 'San', withWrong({ ...buildSource(chart, i.source), name: i.name }, i.wrong) as any);
    workload(chart).containers[0].mount('/data', vol);
  },
};

export const iscsiPersistentVolume: Family<any> = {
  name: 'IscsiPersistentVolume',
  input: fc.record({ v: persistentVolume, wrong: wrongField(PV_KEYS) }).map(({ v, wrong }) => ({ ...v, version: v.targeting.version, wrong })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const pv = new IscsiPersistentVolume(chart, 'Lun', withWrong({
      ...buildSource(chart, i.source),
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
      metadata: i.name === undefined ? undefined : { name: i.name },
      storage: buildSize(i.storage),
      accessModes: i.accessModes,
      volumeMode: i.volumeMode,
      storageClassName: i.storageClassName,
      reclaimPolicy: i.reclaimPolicy,
      volumeHandle: i.volumeHandle,
    }, i.wrong) as any);
    if (i.use === 'reserve') pv.reserve();
    if (i.use === 'mount') workload(chart).addVolume(pv.asVolume());
  },
};

const K8S = 'k8s.io/kubernetes v1.37.2';
const DRIVER = 'github.com/kubernetes-csi/csi-driver-iscsi';

/** Where the library refuses iSCSI inputs kube-apiserver accepts, and why. */
export const stricter: Stricter[] = [
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.(?:iscsi\.(?:targetPortal|portals\[\d+\])|csi\.volumeAttributes\[(?:targetPortal|portals)\](?:\[\d+\])?)$/,
    line: /must be "host" or "host:port"|port must be between 1 and 65535/,
    reason: 'the kubelet (and csi-driver-iscsi) glue ":3260" onto a portal without ":" and hand it to iscsiadm discovery and login: ' +
      'a portal that is no host[:port] (or a bare IPv6 address, which gets the port glued on) never logs in',
    source: `${K8S} pkg/volume/iscsi/iscsi.go portalMounter, iscsi_util.go (iscsiadm -m discoverydb -p); ${DRIVER} pkg/iscsi/iscsi.go getISCSIInfo → portalMounter`,
  },
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.(?:iscsi\.(?:iqn|initiatorname)|csi\.volumeAttributes\[(?:iqn|initiatorName)\])$/,
    line: /must be valid format(?: starting with iqn, eui, or naa)?(?:: |; the name starts at)/,
    reason: 'kube-apiserver\'s IQN pattern is not anchored at the start and its EUI/NAA patterns take any separator and any letter; ' +
      'the library holds names to RFC 3720/3721 (iqn.YYYY-MM.<reversed domain>:<name>, eui. + 16 hex digits, naa. + 32 hex digits, at most 223 bytes): ' +
      'no target can have another name, so iscsiadm -m node -T <name> finds none and the login fails',
    source: 'RFC 3720 §3.2.6.3, RFC 3721; k8s.io/kubernetes v1.37.2 pkg/apis/core/validation iscsiInitiatorIqnRegex/EuiRegex/NaaRegex',
  },
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.csi\.volumeAttributes\[(?:iqn|initiatorName)\]$/,
    reason: 'kube-apiserver checks the IQN of the in-tree iscsi source only, not a CSI volume attribute; csi-driver-iscsi passes it to iscsiadm as the target name: ' +
      'the same format rules apply, and a target name of another format never logs in',
    source: `${K8S} pkg/apis/core/validation validateISCSIVolumeSource (the rule mirrored); ${DRIVER} pkg/iscsilib/iscsi.go Connect (iscsiadm -m node -T <iqn>)`,
  },
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.csi\.volumeAttributes\[(?:targetPortal|portals\]\[\d+|initiatorName)\]$/,
    line: /csi-driver-iscsi splits a portal on ":"|csi-driver-iscsi reads initiatorName but never uses it/,
    reason: 'what csi-driver-iscsi cannot do: it splits every portal on ":" (a bracketed IPv6 portal becomes host "[fd00"), and it reads initiatorName without passing it to iscsiadm',
    source: `${DRIVER} pkg/iscsilib/iscsi.go connectTarget (strings.Split(target, ":")); pkg/iscsi/iscsi.go buildISCSIConnector (InitiatorName unused)`,
  },
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.csi\.volumeAttributes\[lun\]$/,
    reason: 'csi-driver-iscsi parses the lun attribute with strconv.Atoi and looks for the device /dev/disk/by-path/…-lun-<n>: a value that is no LUN 0–255 fails NodePublish or never finds its device',
    source: `${DRIVER} pkg/iscsi/iscsi.go getISCSIInfo (strconv.Atoi(lun)); pkg/iscsilib/iscsi.go (by-path device name)`,
  },
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.(?:iscsi|csi)\.fsType$/,
    line: /must be a filesystem name/,
    reason: 'no filesystem has such a name: the kubelet formats and mounts with mkfs.<fsType> and mount -t <fsType>, which fail on the node',
    source: `${K8S}/staging k8s.io/mount-utils SafeFormatAndMount.FormatAndMount`,
  },
  {
    path: /^(?:volumes\[[^\]]*\]\.iscsi|spec\.iscsi)\.secretRef\.(?:name|namespace)$|^spec\.template\.spec\.volumes\[[^\]]*\]\.iscsi\.secretRef\.name$/,
    reason: 'the kubelet reads a Pod volume\'s CHAP Secret from the Pod\'s namespace, and a PersistentVolume\'s from secretRef.namespace: ' +
      'a Secret in another namespace, or a name no Secret or namespace can have, is never found and the mount fails',
    source: `${K8S} pkg/volume/iscsi/iscsi.go getISCSISecretNameAndNamespace, createSecretMap(spec, plugin, pod.Namespace)`,
  },
  {
    path: /^stringData\[(?:discovery\.sendtargets|node\.session)\.auth\.(?:username|password)(?:_in)?\]$/,
    reason: 'the kubelet writes each CHAP key the Secret has into the iscsiadm node or discovery record and skips missing ones: with CHAP on and no username or password, the login is refused',
    source: `${K8S} pkg/volume/iscsi/iscsi_util.go updateISCSIDiscoverydb / updateISCSINode (chapSt, chapSess)`,
  },
  {
    path: /^(?:volumes\[[^\]]*\]|spec)\.csi$/,
    line: /reads CHAP credentials only from a plain volume attribute/,
    reason: 'csi-driver-iscsi takes CHAP credentials only as the plain-text volume attribute "secret"; credentials live only in Secrets (the library\'s rule), so the CSI form cannot do CHAP',
    source: `${DRIVER} pkg/iscsi/iscsi.go getISCSIInfo (req.GetVolumeContext()["secret"])`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /an iSCSI LUN is attached read-write by one node at a time/,
    reason: 'the in-tree iscsi plugin serves ReadWriteOnce and ReadOnlyMany only (csi-driver-iscsi declares SINGLE_NODE_WRITER): a LUN mounted read-write on two nodes corrupts its filesystem',
    source: `${K8S} pkg/volume/iscsi/iscsi.go GetAccessModes; ${DRIVER} pkg/iscsi/driver.go AddVolumeCapabilityAccessModes`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /iscsi\.csi\.k8s\.io serves filesystem volumes only/,
    reason: 'csi-driver-iscsi\'s NodePublishVolume mounts a filesystem; it has no raw block path',
    source: `${DRIVER} pkg/iscsi/nodeserver.go NodePublishVolume`,
  },
];
