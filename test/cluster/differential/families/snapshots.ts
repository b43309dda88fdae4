import { Size } from 'cdk8s';
import fc from 'fast-check';
import {
  ClaimDataSource, SnapshotDeletionPolicy, StorageClass, VolumeSnapshot, VolumeSnapshotClass,
} from '../../../../src';
import { badName, dnsSubdomain, garbage, mostly, namespace, opt, versionName } from '../../../helpers/arbitraries';
import { Family, withWrong, wrongField } from '../framework';
import { Stricter } from '../stricter';

/*
 * The VolumeSnapshot CRDs (external-snapshotter v8.6.0, installed into the referee's servers): a
 * VolumeSnapshotClass by driver with parameters, a VolumeSnapshot of a claim by name, and a claim
 * restored from it. The server judges the CRDs' schemas and CEL rules and ObjectMeta; the library
 * adds the snapshot controller's, external-provisioner's and the drivers' rules (rows below).
 */

const driver = mostly(fc.constantFrom('rbd.csi.ceph.com', 'cephfs.csi.ceph.com', 'file.csi.azure.com', 'ebs.csi.aws.com'),
  fc.oneof(garbage, badName, fc.constant('d'.repeat(64) + '.example.com'), fc.constant('')), 8);
const paramKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('clusterID', 'useDataPlaneAPI', 'metadata', 'snapshotNamePrefix', 'pool') },
  { weight: 2, arbitrary: fc.constantFrom('csi.storage.k8s.io/snapshotter-secret-name', 'csi.storage.k8s.io/snapshotter-secret-namespace', 'csi.storage.k8s.io/provisioner-secret-name') },
  { weight: 1, arbitrary: garbage },
);
const paramValue = fc.oneof(fc.constantFrom('true', 'false', 'oauth', 'prod', 'ceph-csi'), fc.stringMatching(/^[a-z0-9-]{0,8}$/));
const SNAPSHOT_CLASS_KEYS = ['driver', 'deletionPolicy', 'parameters', 'isDefault', 'metadata'];

export const volumeSnapshotClass: Family<any> = {
  name: 'VolumeSnapshotClass',
  input: fc.record({
    version: versionName,
    name: opt(mostly(dnsSubdomain, badName)),
    driver,
    deletionPolicy: opt(mostly(fc.constantFrom(...Object.values(SnapshotDeletionPolicy)), fc.constantFrom('delete', 'Keep', ''))),
    parameters: opt(fc.dictionary(paramKey, paramValue, { maxKeys: 3 })),
    isDefault: opt(fc.boolean()),
    wrong: wrongField(SNAPSHOT_CLASS_KEYS),
  }),
  build(chart, i) {
    new VolumeSnapshotClass(chart, 'Class', withWrong({
      metadata: i.name === undefined ? undefined : { name: i.name },
      driver: i.driver,
      deletionPolicy: i.deletionPolicy,
      parameters: i.parameters,
      isDefault: i.isDefault,
    }, i.wrong) as any);
  },
};

const SNAPSHOT_KEYS = ['claim', 'snapshotClass', 'metadata'];

export const volumeSnapshot: Family<any> = {
  name: 'VolumeSnapshot',
  input: fc.record({
    version: versionName,
    namespace,
    name: opt(mostly(dnsSubdomain, badName)),
    claimName: mostly(dnsSubdomain, badName),
    className: opt(mostly(dnsSubdomain, fc.constantFrom('', 'Bad_Class'))),
    restoredSize: fc.integer({ min: 1, max: 40 }),
    wrong: wrongField(SNAPSHOT_KEYS),
  }),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const fast = new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com', metadata: { name: 'fast' } });
    const claim = fast.createClaim(chart, 'Source', { storage: Size.gibibytes(20), metadata: { name: i.claimName } });
    const snap = new VolumeSnapshot(chart, 'Snap', withWrong({
      metadata: i.name === undefined ? undefined : { name: i.name },
      claim,
      snapshotClass: i.className === undefined ? undefined : VolumeSnapshotClass.fromVolumeSnapshotClassName(chart, 'Class', i.className),
    }, i.wrong) as any);
    fast.createClaim(chart, 'Restored', { storage: Size.gibibytes(i.restoredSize), dataSource: ClaimDataSource.fromSnapshot(snap), metadata: { name: 'restored' } });
  },
};

export const stricter: readonly Stricter[] = [
  {
    path: /^driver$/,
    line: /a lowercase RFC 1123 subdomain|Too long: may not be more than 63|Required value/,
    reason: 'a VolumeSnapshotClass\'s driver is served only by the csi-snapshotter of a CSI driver of that name, and CSI driver names are non-empty DNS subdomains of at most 63 characters in lower case (kube-apiserver refuses others in CSIDriver objects and PV csi sources); the CRD takes any string, the empty one too',
    source: 'k8s.io/kubernetes pkg/apis/storage/validation ValidateCSIDriverName; kubernetes-csi/external-snapshotter pkg/sidecar-controller (handles contents of its own driver only)',
  },
  {
    path: /^parameters\[[^\]]*\]$/,
    line: /external-snapshotter refuses other keys with the reserved prefix|external-snapshotter needs both the Secret's name and namespace|file\.csi\.azure\.com refuses other/,
    reason: 'the snapshot controller and the driver refuse the class when a snapshot is taken, not the API server: unknown csi.storage.k8s.io/ keys, half a Secret reference, and Azure File\'s parameters other than useDataPlaneAPI (true, false, oauth) and metadata',
    source: 'kubernetes-csi/external-snapshotter pkg/utils/util.go RemovePrefixedParameters, GetSecretReference ("Both must be specified"); azurefile-csi-driver pkg/azurefile/controllerserver.go CreateSnapshot',
  },
  {
    path: /^spec\.resources\.requests\[storage\]$/,
    line: /must be at least the size of the snapshot's claim/,
    reason: 'external-provisioner refuses to restore a snapshot into a smaller claim; the claim stays Pending',
    source: 'kubernetes-csi/external-provisioner pkg/controller/controller.go getSnapshotSource ("requested volume size … is less than the size … for the source snapshot")',
  },
];
