import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { ClaimTemplate, CsiPersistentVolume, EphemeralVolume, KubernetesVersion, NfsPersistentVolume, StorageClass } from '../../../../src';
import { badName, buildFsType, buildSize, dnsLabel, dnsSubdomain, fsType, garbage, hostname, ipv4, mostly, namespace, opt, pyYamlReadable, size, targeting, versionName } from '../../../helpers/arbitraries';
import { Family, withWrong, wrongField } from '../framework';
import { Stricter } from '../stricter';

const ALL_MODES = Object.values(kplus.PersistentVolumeAccessMode);
const claimModes = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 8, arbitrary: fc.shuffledSubarray(ALL_MODES, { minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom('ReadWriteOnce'), garbage), { minLength: 1, maxLength: 2 }) },
);
// Block now and then: mounted, it is refused (the kubelet), so mostly Filesystem keeps valid cases common
const volumeMode = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constant(kplus.PersistentVolumeMode.FILE_SYSTEM) },
  { weight: 2, arbitrary: fc.constant(kplus.PersistentVolumeMode.BLOCK) },
  { weight: 1, arbitrary: fc.constantFrom('block', '', 'Raw') },
);

/** The class a claim names: none, one of the app (by provisioner), or one of the cluster by name. */
const storageClassDesc = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('app' as const), provisioner: fc.constantFrom('rbd.csi.ceph.com', 'cephfs.csi.ceph.com', 'file.csi.azure.com', 'ebs.csi.aws.com') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('name' as const), name: mostly(dnsSubdomain, badName, 8) }) },
);

function buildClass(chart: Chart, d: any): StorageClass | ReturnType<typeof StorageClass.fromStorageClassName> | undefined {
  if (!d) return undefined;
  if (d.kind === 'app') return new StorageClass(chart, 'Class', { metadata: { name: 'fast' }, provisioner: d.provisioner });
  return StorageClass.fromStorageClassName(chart, 'Class', d.name);
}

const claimSpec = fc.record({ storageClass: storageClassDesc, storage: size, accessModes: claimModes, volumeMode });

// `storage` of another type is left to the unit tests: the server's decoding error for a quantity
// names no field, and differential.test.ts decodeField maps it to spec.resources.requests (a claim's)
const CLAIM_KEYS = ['storageClass', 'accessModes', 'volumeMode'];
const TEMPLATE_KEYS = [...CLAIM_KEYS, 'name', 'mountPath', 'readOnly'];

const mountPath = mostly(fc.constantFrom('/data', '/var/lib/postgresql/data', '/srv/logs'), fc.constantFrom('', '/tmp', 'relative/path'), 8);
const policy = opt(mostly(fc.constantFrom('Retain', 'Delete'), fc.constantFrom('Keep', 'retain', ''), 8));

export const claimTemplate: Family<any> = {
  name: 'ClaimTemplate in a StatefulSet',
  input: fc.record({
    version: versionName,
    namespace,
    replicas: fc.integer({ min: 1, max: 3 }),
    templates: fc.array(fc.record({
      spec: claimSpec,
      // a valid DNS label or the Pod volume's name: kube-apiserver reports an invalid template name at
      // the Pod volume it adds for it (spec.template.spec.volumes[i], in map order), which
      // differential.test.ts cannot map to the template; the unit tests cover the name rule
      name: opt(mostly(dnsLabel, fc.constantFrom('tmp'), 12)),
      mountPath: opt(mountPath),
      readOnly: opt(fc.boolean()),
      wrong: wrongField(TEMPLATE_KEYS, 8),
    }), { minLength: 1, maxLength: 2 }),
    retention: fc.option(fc.record({ whenDeleted: policy, whenScaled: policy }), { nil: undefined }),
  }),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const sts = new kplus.StatefulSet(chart, 'Db', {
      metadata: { name: 'db' },
      replicas: i.replicas,
      containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }],
    });
    sts.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(chart, 'Tmp', 'tmp'));
    const first = i.templates.find((t: any) => t.spec.storageClass);
    const cls = first ? buildClass(chart, first.spec.storageClass) : undefined; // one class object, shared by the templates that name one
    i.templates.forEach((t: any, n: number) => {
      new ClaimTemplate(sts, `T${n}`, withWrong({
        name: t.name,
        storageClass: t.spec.storageClass ? cls : undefined,
        storage: buildSize(t.spec.storage),
        accessModes: t.spec.accessModes,
        volumeMode: t.spec.volumeMode,
        mountPath: t.mountPath,
        readOnly: t.readOnly,
      }, t.wrong) as any);
    });
    if (i.retention) ClaimTemplate.setRetentionPolicy(sts, i.retention);
  },
};

export const ephemeralVolume: Family<any> = {
  name: 'EphemeralVolume in a Deployment',
  input: fc.record({
    version: versionName,
    namespace,
    name: opt(mostly(dnsLabel, badName, 10)),
    spec: claimSpec,
    wrong: wrongField([...CLAIM_KEYS, 'name']),
  }),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const v = new EphemeralVolume(chart, 'Scratch', withWrong({
      name: i.name,
      storageClass: buildClass(chart, i.spec.storageClass),
      storage: buildSize(i.spec.storage),
      accessModes: i.spec.accessModes,
      volumeMode: i.spec.volumeMode,
    }, i.wrong) as any);
    new kplus.Deployment(chart, 'App', {
      replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }],
    }).containers[0].mount('/scratch', v);
  },
};

const pvModes = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 8, arbitrary: fc.shuffledSubarray(ALL_MODES, { minLength: 1, maxLength: 2 }) },
);
const pvCommon = {
  targeting,
  namespace,
  name: opt(mostly(dnsSubdomain, badName)),
  storage: size,
  accessModes: pvModes,
  volumeMode: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeMode))),
  mountOptions: opt(fc.array(fc.constantFrom('nfsvers=4.1', 'hard', 'noatime'), { maxLength: 2 })),
  use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'mount'),
};
const PV_KEYS = ['storage', 'accessModes', 'volumeMode', 'mountOptions', 'metadata'];

function pvProps(i: any) {
  return {
    kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.targeting.version),
    metadata: i.name === undefined ? undefined : { name: i.name },
    storage: buildSize(i.storage),
    accessModes: i.accessModes,
    volumeMode: i.volumeMode,
    mountOptions: i.mountOptions,
  };
}

function use(chart: Chart, pv: CsiPersistentVolume | NfsPersistentVolume, how: string): void {
  if (how === 'reserve') pv.reserve();
  if (how === 'mount') {
    new kplus.Deployment(chart, 'App', {
      replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }],
    }).addVolume(pv.asVolume());
  }
}

const driverName = mostly(
  fc.oneof(fc.constantFrom('nfs.csi.k8s.io', 'rbd.csi.ceph.com', 'Example.COM', 'ebs.csi.aws.com'), dnsSubdomain),
  fc.oneof(fc.constantFrom('', 'bad_driver', '-lead.example.com', 'd'.repeat(64), 'csi/driver'), garbage),
  10,
);
const secretDesc = opt(fc.record({
  own: fc.boolean(),
  name: mostly(dnsSubdomain, badName, 10),
}));
const SECRET_FIELDS = ['controllerPublishSecretRef', 'nodeStageSecretRef', 'nodePublishSecretRef', 'controllerExpandSecretRef', 'nodeExpandSecretRef'];
const CSI_KEYS = [...PV_KEYS, 'driver', 'volumeHandle', 'volumeAttributes', 'fsType', 'readOnly', 'secretNamespace', ...SECRET_FIELDS];

export const csiPersistentVolume: Family<any> = {
  name: 'CsiPersistentVolume',
  input: fc.record({
    ...pvCommon,
    driver: driverName,
    volumeHandle: mostly(fc.string({ minLength: 1, maxLength: 20 }).filter(pyYamlReadable), fc.constant(''), 10),
    volumeAttributes: opt(fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9.\-_/]{0,12}$/), fc.string({ maxLength: 12 }).filter(pyYamlReadable), { maxKeys: 3 })),
    fsType,
    readOnly: opt(fc.boolean()),
    secrets: fc.record(Object.fromEntries(SECRET_FIELDS.map((f) => [f, secretDesc]))),
    secretNamespace: opt(mostly(fc.constantFrom('kube-system', 'ceph-csi', 'storage'), fc.constantFrom('Kube_System', '', 'x'.repeat(64)), 8)),
    wrong: wrongField(CSI_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const secrets: Record<string, kplus.ISecret> = {};
    SECRET_FIELDS.forEach((f, n) => {
      const d = i.secrets[f];
      if (!d) return;
      secrets[f] = d.own
        ? new kplus.Secret(chart, `Secret${n}`, { metadata: { name: `own-${n}` } })
        : kplus.Secret.fromSecretName(chart, `Secret${n}`, d.name);
    });
    const pv = new CsiPersistentVolume(chart, 'Csi', withWrong({
      ...pvProps(i),
      driver: i.driver,
      volumeHandle: i.volumeHandle,
      volumeAttributes: i.volumeAttributes,
      fsType: buildFsType(i.fsType),
      readOnly: i.readOnly,
      secretNamespace: i.secretNamespace,
      ...secrets,
    }, i.wrong) as any);
    use(chart, pv, i.use);
  },
};

const NFS_KEYS = [...PV_KEYS, 'server', 'path', 'readOnly'];

export const nfsPersistentVolume: Family<any> = {
  name: 'NfsPersistentVolume',
  input: fc.record({
    ...pvCommon,
    server: mostly(fc.oneof(hostname, ipv4), fc.constant(''), 10),
    path: mostly(fc.constantFrom('/exports/share', '/', '/srv/nfs/data'), fc.constantFrom('', 'exports', './x'), 8),
    readOnly: opt(fc.boolean()),
    wrong: wrongField(NFS_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const pv = new NfsPersistentVolume(chart, 'Nfs', withWrong({ ...pvProps(i), server: i.server, path: i.path, readOnly: i.readOnly }, i.wrong) as any);
    use(chart, pv, i.use);
  },
};

const K8S = 'k8s.io/kubernetes v1.37.2';

/** Where the library refuses what kube-apiserver accepts for claim templates and generic volumes, and why. */
export const stricter: Stricter[] = [
  {
    path: /^(?:spec\.volumeClaimTemplates\[\d+\]\.spec|volumes\[[^\]]*\]\.ephemeral\.volumeClaimTemplate\.spec)\.(?:accessModes\[\d+\]|volumeMode)$/,
    line: /ceph-csi|CephFS is a shared filesystem|an Azure file share/,
    reason: 'the class\'s provisioner refuses a claim with an access mode or volume mode it does not serve: the claim stays Pending ' +
      '(ceph-csi\'s rbd driver serves ReadWriteMany only for Block and no ReadOnlyMany; CephFS and Azure Files have no raw block volumes)',
    source: 'github.com/ceph/ceph-csi internal/rbd/controllerserver.go validateVolumeReq, internal/cephfs/driver.go (volume capabilities); ' +
      'sigs.k8s.io/azurefile-csi-driver pkg/azurefile/controllerserver.go CreateVolume (block volume capability not supported)',
  },
  {
    path: /^volumes\[[^\]]*\]\.ephemeral\.volumeClaimTemplate\.spec\.volumeMode$|^spec\.template\.spec\.(?:initC|c)ontainers\[\d+\]\.volumeMounts\[\d+\]\.name$/,
    line: /has volumeMode Block, but is specified in volumeMounts/,
    reason: 'the kubelet refuses a Pod whose container mounts a Block volume as a filesystem, and cdk8s-plus-27 writes volumeMounts only (no volumeDevices): the Pod never starts',
    source: `${K8S} pkg/kubelet/volumemanager/populator/desired_state_of_world_populator.go ("volume %s has volumeMode %s, but is specified in volumeMounts")`,
  },
  {
    path: /^spec\.persistentVolumeClaimRetentionPolicy$/,
    line: /is served from 1\.27 \(target 1\.2[4-6]\)/,
    reason: 'before 1.27 the StatefulSetAutoDeletePVC feature gate is off by default, and kube-apiserver of that version drops the field: the claims are retained whatever it says; ' +
      'the referee\'s servers (1.34 and newer) serve it',
    source: `${K8S} pkg/features (StatefulSetAutoDeletePVC: alpha 1.23, beta and on 1.27, GA 1.32); pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields`,
  },
  {
    path: /^(?:spec\.volumeClaimTemplates\[\d+\]\.spec|volumes\[[^\]]*\]\.ephemeral\.volumeClaimTemplate\.spec)\.accessModes\[\d+\]$/,
    line: /ReadWriteOncePod is served from 1\.27 \(target 1\.2[4-6]\): its feature gate is off before/,
    reason: 'before 1.27 the ReadWriteOncePod feature gate is off by default and kube-apiserver of that version refuses the mode; the referee\'s servers (1.34 and newer) accept it',
    source: `${K8S} pkg/features/kube_features.go ReadWriteOncePod (alpha 1.22, beta and on 1.27, GA 1.29); pkg/apis/core/validation supportedAccessModes`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /the nfs plugin serves these/,
    reason: 'the in-tree nfs plugin serves ReadWriteOnce, ReadOnlyMany and ReadWriteMany; ReadWriteOncePod needs a CSI driver (SINGLE_NODE_SINGLE_WRITER), and the kubelet cannot enforce it for nfs',
    source: `${K8S} pkg/volume/nfs/nfs.go GetAccessModes`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /an NFS export is a file system/,
    reason: 'the nfs plugin is no BlockVolumePlugin: the kubelet cannot map an NFS export as a raw block device, and the Pod never starts',
    source: `${K8S} pkg/volume/nfs/nfs.go (nfsPlugin implements no volume.BlockVolumePlugin); pkg/kubelet/volumemanager (block volume mapping)`,
  },
  {
    path: /^spec\.volumeClaimTemplates\[\d+\]\.metadata\.name$/,
    line: /Duplicate value/,
    reason: 'the StatefulSet controller keys claims and Pod volumes by template name: of two templates of one name only one claim exists, and a Pod volume of the template\'s name is replaced by the claim',
    source: `${K8S} pkg/controller/statefulset/stateful_set_utils.go getPersistentVolumeClaims (map by template name), updateStorage`,
  },
  {
    path: /^spec\.csi\.nodeStageSecretRef\.(?:name|namespace)$/,
    reason: 'kube-apiserver checks four of the five csi Secret references; the kubelet reads nodeStageSecretRef by name and namespace like the others, and NodeStageVolume fails on a Secret it cannot fetch',
    source: `${K8S} pkg/apis/core/validation validateCSIPersistentVolumeSource; pkg/volume/csi/csi_attacher.go MountDevice (getCredentialsFromSecret)`,
  },
];
