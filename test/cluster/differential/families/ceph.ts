import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import {
  CephCluster, CephCredentials, CephCsiConfig, CephFsMounter, CephFsPersistentVolume, CephFsStorageClass, CephFsVolume, CephRbdEncryptionType,
  CephRbdMounter, CephRbdPersistentVolume, CephRbdStorageClass, CephRbdVolume, KubernetesVersion, VolumeBindingMode, VolumeImplementation,
} from '../../../../src';
import {
  badName, buildFsType, buildSize, dnsSubdomain, fsType, garbage, implementation, invalidPortal, mostly, namespace, opt,
  parameterKey, pyYamlReadable, secretValue, size, validPortal, versionName, volumeName,
} from '../../../helpers/arbitraries';
import { Family, WrongField, anyValue, withWrong } from '../framework';
import { Stricter } from '../stricter';

/*
 * Ceph RBD and CephFS: in-tree sources through 1.30, ceph-csi (rbd.csi.ceph.com, cephfs.csi.ceph.com)
 * from 1.31 or with implementation CSI. Every family builds a CephCluster and, most of the time,
 * CephCredentials of one of the four factories, so that the cluster's monitors, its cluster id
 * and the credentials reach the in-tree sources, the ceph-csi PersistentVolumes and StorageClasses
 * and, with CephCsiConfig.APP, the ceph-csi ConfigMap.
 */

/**
 * In about one input of `every`, one of `keys` gets a value of any type. (framework.ts's
 * wrongField gives one in (every-1)/every inputs: fc.option's freq is the odds of nil, 1/freq.)
 */
function wrongField(keys: readonly string[], every = 5): fc.Arbitrary<WrongField | undefined> {
  return fc.oneof(
    { weight: every - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ key: fc.constantFrom(...keys), value: anyValue }) },
  );
}

// ---------------------------------------------------------------------------------------------
// The cluster

/** Monitors: mostly one to three valid ones; now and then none, or one that is no host[:port]. */
const monitors = mostly(
  fc.array(mostly(validPortal, invalidPortal, 20), { minLength: 1, maxLength: 3 }),
  fc.constant([]),
  20,
);

/** Cluster ids: ceph-csi's are usually the Ceph fsid (a UUID); now and then none, empty, or at the 64-byte edge. */
const clusterId = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 20, arbitrary: fc.oneof(fc.uuid(), fc.constantFrom('prod', 'rook-ceph', 'c'.repeat(64))) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(''), fc.constant('c'.repeat(65)), garbage) },
);

/**
 * The namespace the ConfigMap is written to (CephCsiConfig.APP) must be a valid one: the referee
 * creates every namespace the objects name before it judges them (and cannot create an invalid
 * one), so a wrong csiNamespace is generated only as a value of another type (the library then
 * writes no ConfigMap), or none at all (Required with APP).
 */
const csiNamespace = opt(fc.constantFrom('ceph-csi-rbd', 'ceph-csi-cephfs', 'rook-ceph', 'default'));
const notString = anyValue.filter((v) => typeof v !== 'string');
const CLUSTER_KEYS = ['monitors', 'clusterId', 'csiConfig', 'radosNamespace', 'subvolumeGroup'];
/** A RADOS namespace or subvolume group: mostly none (an in-tree RBD form refuses a RADOS namespace). */
const cephName = fc.oneof(
  { weight: 30, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('tenant-a', 'csi', 'ns1') },
  { weight: 1, arbitrary: fc.oneof(fc.constant(''), garbage) },
);

const cluster = fc.record({
  monitors,
  clusterId,
  csiNamespace,
  csiConfig: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.constantFrom(CephCsiConfig.EXTERNAL, CephCsiConfig.APP) },
    // the former boolean, from JavaScript
    { weight: 1, arbitrary: fc.boolean() },
  ),
  radosNamespace: cephName,
  subvolumeGroup: cephName,
  wrong: fc.oneof(
    { weight: 20, arbitrary: wrongField(CLUSTER_KEYS, 10) },
    { weight: 1, arbitrary: fc.record({ key: fc.constant('csiNamespace'), value: notString }) },
  ),
});
type ClusterDesc = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

function buildCluster(chart: Chart, d: ClusterDesc): CephCluster {
  return new CephCluster(chart, 'Ceph', withWrong({
    monitors: d.monitors,
    clusterId: d.clusterId,
    csiNamespace: d.csiNamespace,
    csiConfig: d.csiConfig,
    radosNamespace: d.radosNamespace,
    subvolumeGroup: d.subvolumeGroup,
  }, d.wrong) as any);
}

// ---------------------------------------------------------------------------------------------
// The credentials

const cephUser = mostly(fc.constantFrom('admin', 'kube', 'csi-rbd-node', 'csi-cephfs-node'), fc.constant(''), 20);
const secretName = opt(mostly(dnsSubdomain, badName, 10));
const keyfile = opt(mostly(fc.constantFrom('/etc/ceph/keyring', '/etc/ceph/ceph.client.kube.keyring', '/etc/ceph/admin.secret'), garbage, 10));

const credentials = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'none'>('none') }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant<'userKey'>('userKey'),
      user: cephUser,
      key: secretValue,
      secretName,
      csiSecretName: secretName,
      encryptionPassphrase: opt(secretValue),
      wrong: wrongField(['cluster', 'user', 'key', 'secretName', 'csiSecretName', 'encryptionPassphrase'], 10),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant<'secret'>('secret'),
      existing: mostly(dnsSubdomain, fc.oneof(fc.constant(''), badName), 10),
      /** The Secret: known by name only, or a Secret of the app, in the chart's namespace or another one. */
      from: fc.constantFrom<'name' | 'app' | 'appElsewhere'>('name', 'name', 'app', 'appElsewhere'),
      user: opt(cephUser),
      namespace: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.constantFrom('ceph-csi', 'default') }, { weight: 1, arbitrary: badName }),
      wrong: wrongField(['cluster', 'secret', 'user', 'namespace'], 10),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom<'keyring' | 'secretFile'>('keyring', 'secretFile'),
      user: opt(cephUser),
      path: keyfile,
      wrong: wrongField(['cluster', 'user', 'path'], 10),
    }),
  },
);
type CredentialsDesc = typeof credentials extends fc.Arbitrary<infer T> ? T : never;

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Now and then the credentials belong to a second cluster. */
const otherCluster = fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

function buildCredentials(chart: Chart, ceph: CephCluster, d: CredentialsDesc, other: boolean): CephCredentials | undefined {
  const owner = other ? new CephCluster(chart, 'Other', { monitors: ['10.0.0.9:6789'], clusterId: 'other' }) : ceph;
  switch (d.kind) {
    case 'none':
      return undefined;
    case 'userKey':
      return CephCredentials.fromUserKey(withWrong({
        cluster: owner,
        user: d.user,
        key: d.key,
        secretName: d.secretName,
        csiSecretName: d.csiSecretName,
        encryptionPassphrase: d.encryptionPassphrase,
      }, d.wrong) as any);
    case 'secret': {
      const secret = d.from === 'name'
        ? kplus.Secret.fromSecretName(chart, 'Existing', d.existing)
        : new kplus.Secret(chart, 'Existing', {
          // a Secret of the app is the user's object, which kube-apiserver judges on its own: a valid name
          metadata: { name: SUBDOMAIN.test(d.existing) && d.existing.length <= 253 ? d.existing : 'ceph-user', namespace: d.from === 'appElsewhere' ? 'ceph' : undefined },
          stringData: { userID: 'kube', userKey: 'AQBs', key: 'AQBs' },
        });
      return CephCredentials.fromSecret(withWrong({ cluster: owner, secret, user: d.user, namespace: d.namespace }, d.wrong) as any);
    }
    case 'keyring':
      return CephCredentials.fromKeyring(withWrong({ cluster: owner, user: d.user, path: d.path }, d.wrong) as any);
    default:
      return CephCredentials.fromSecretFile(withWrong({ cluster: owner, user: d.user, path: d.path }, d.wrong) as any);
  }
}

// ---------------------------------------------------------------------------------------------
// What every family shares

/**
 * A StorageClass's chart namespace: mostly one; now and then none (Secrets of the library then have
 * none either). Volumes always have one: a claim the library makes needs it (core's rule).
 */
const chartNamespace = fc.oneof({ weight: 12, arbitrary: namespace }, { weight: 1, arbitrary: fc.constant(undefined) });
const targeting = fc.record({ version: versionName, viaContext: fc.boolean() });
const versionOf = (t: { version: string; viaContext: boolean }) => (t.viaContext ? undefined : KubernetesVersion.of(t.version));

const ceph = fc.record({ cluster, credentials, otherCluster });
type CephDesc = typeof ceph extends fc.Arbitrary<infer T> ? T : never;

function buildCeph(chart: Chart, d: CephDesc): { cluster: CephCluster; credentials?: CephCredentials } {
  const c = buildCluster(chart, d.cluster);
  return { cluster: c, credentials: buildCredentials(chart, c, d.credentials, d.otherCluster) };
}

const workload = (chart: Chart) =>
  new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });

const ALL_MODES = Object.values(kplus.PersistentVolumeAccessMode);
const { READ_WRITE_ONCE: RWO, READ_ONLY_MANY: ROX } = kplus.PersistentVolumeAccessMode;
const accessModes = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom([RWO], [RWO, ROX]) },
  { weight: 2, arbitrary: fc.shuffledSubarray(ALL_MODES, { minLength: 1, maxLength: 2 }) },
);

/** The PersistentVolume props every Ceph PersistentVolume takes. */
const persistent = fc.record({
  name: opt(mostly(dnsSubdomain, badName)),
  storage: size,
  accessModes,
  volumeMode: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.constant(kplus.PersistentVolumeMode.FILE_SYSTEM) },
    { weight: 1, arbitrary: fc.constant(kplus.PersistentVolumeMode.BLOCK) },
  ),
  storageClassName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constant('') }, { weight: 4, arbitrary: dnsSubdomain }),
  reclaimPolicy: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy)) },
  ),
  use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'reserve', 'mount'),
});
type PersistentDesc = typeof persistent extends fc.Arbitrary<infer T> ? T : never;

function persistentProps(p: PersistentDesc) {
  return {
    metadata: p.name === undefined ? undefined : { name: p.name },
    storage: buildSize(p.storage),
    accessModes: p.accessModes,
    volumeMode: p.volumeMode,
    storageClassName: p.storageClassName,
    reclaimPolicy: p.reclaimPolicy,
  };
}
const PV_KEYS = ['storage', 'accessModes', 'volumeMode', 'storageClassName', 'reclaimPolicy', 'metadata', 'kubernetesVersion'];

function use(chart: Chart, pv: CephRbdPersistentVolume | CephFsPersistentVolume, how: PersistentDesc['use']): void {
  if (how === 'reserve') pv.reserve();
  if (how === 'mount') workload(chart).addVolume(pv.asVolume());
}

// ---------------------------------------------------------------------------------------------
// RBD

const poolName = opt(mostly(fc.constantFrom('rbd', 'kube', 'replicapool', 'ssd.pool'), fc.oneof(fc.constant(''), garbage), 12));
const imageName = mostly(fc.stringMatching(/^[a-z][-a-z0-9_.]{0,15}$/), fc.oneof(fc.constant(''), garbage), 12);
const imageFeatures = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ['layering'], ['layering', 'exclusive-lock'], ['layering', 'exclusive-lock', 'object-map', 'fast-diff'], ['layering', 'deep-flatten'],
      [], ['layering', 'layering'],
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(['striping'], ['object-map'], ['fast-diff', 'object-map'], ['journaling'], ['exclusive-lock', 'journaling'], ['Layering'], ['layering', '']) },
);

/** One map option, mostly a valid one; now and then empty, or two in one. */
const mapOption = mostly(fc.constantFrom('lock_on_read', 'queue_depth=1024', 'try-netlink', 'read_from_replica=localize', 'crush_location=zone:zone1', 'force'),
  fc.constantFrom('', 'a,b', 'krbd:x;nbd:y', ' '), 40);
/** Map options: mostly none (each list is one more field an input can get wrong). */
const mapOptions = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(mapOption, { maxLength: 3 }) });
/** The node options ceph-csi reads (static volumes and classes alike). */
const rbdNode = fc.record({
  mounter: opt(fc.constantFrom(...Object.values(CephRbdMounter))),
  mapOptions,
  unmapOptions: mapOptions,
  tryOtherMounters: opt(fc.boolean()),
});
type RbdNodeDesc = typeof rbdNode extends fc.Arbitrary<infer T> ? T : never;
const RBD_NODE_KEYS = ['mounter', 'mapOptions', 'unmapOptions', 'tryOtherMounters'];
const rbdNodeProps = (d: RbdNodeDesc) => ({
  mounter: d.mounter, mapOptions: d.mapOptions, unmapOptions: d.unmapOptions, tryOtherMounters: d.tryOtherMounters,
});

const rbdSource = fc.record({ pool: poolName, image: imageName, fsType, readOnly: opt(fc.boolean()), imageFeatures, node: rbdNode, implementation });
type RbdSourceDesc = typeof rbdSource extends fc.Arbitrary<infer T> ? T : never;
const RBD_KEYS = ['cluster', 'image', 'pool', 'credentials', 'fsType', 'readOnly', 'imageFeatures', 'implementation', ...RBD_NODE_KEYS];

function rbdProps(d: RbdSourceDesc, c: { cluster: CephCluster; credentials?: CephCredentials }) {
  return {
    cluster: c.cluster,
    credentials: c.credentials,
    pool: d.pool,
    image: d.image,
    fsType: buildFsType(d.fsType),
    readOnly: d.readOnly,
    imageFeatures: d.imageFeatures,
    ...rbdNodeProps(d.node),
    implementation: d.implementation,
  };
}

export const cephRbdVolume: Family<any> = {
  name: 'CephRbdVolume in a Deployment',
  input: fc.record({
    targeting,
    namespace,
    ceph,
    source: rbdSource,
    name: volumeName,
    storage: size,
    wrong: wrongField([...RBD_KEYS, 'name', 'storage', 'kubernetesVersion']),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const vol = new CephRbdVolume(chart, 'Data', withWrong({
      ...rbdProps(i.source, buildCeph(chart, i.ceph)),
      name: i.name,
      storage: buildSize(i.storage),
      kubernetesVersion: versionOf(i.targeting),
    }, i.wrong) as any);
    workload(chart).containers[0].mount('/data', vol);
  },
};

export const cephRbdPersistentVolume: Family<any> = {
  name: 'CephRbdPersistentVolume',
  input: fc.record({ targeting, namespace, ceph, source: rbdSource, pv: persistent, wrong: wrongField([...RBD_KEYS, ...PV_KEYS]) })
    .map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const pv = new CephRbdPersistentVolume(chart, 'Image', withWrong({
      ...rbdProps(i.source, buildCeph(chart, i.ceph)),
      ...persistentProps(i.pv),
      kubernetesVersion: versionOf(i.targeting),
    }, i.wrong) as any);
    use(chart, pv, i.pv.use);
  },
};

// ---------------------------------------------------------------------------------------------
// StorageClass options every Ceph class takes

const classOptions = fc.record({
  name: opt(mostly(dnsSubdomain, badName)),
  reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
  volumeBindingMode: opt(fc.constantFrom(...Object.values(VolumeBindingMode))),
  allowVolumeExpansion: opt(fc.boolean()),
  mountOptions: opt(fc.array(fc.constantFrom('discard', 'noatime'), { maxLength: 2 })),
  parameters: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom('mounter', 'mapOptions', 'encrypted', 'kernelMountOptions', 'pool'), fc.constantFrom('rbd-nbd', 'krbd:lock_on_read', 'true', 'kube')) },
    { weight: 1, arbitrary: fc.dictionary(parameterKey, fc.string({ maxLength: 12 }).filter(pyYamlReadable), { maxKeys: 3 }) },
  ),
});
type ClassDesc = typeof classOptions extends fc.Arbitrary<infer T> ? T : never;
const CLASS_KEYS = ['reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion', 'mountOptions', 'parameters', 'metadata', 'kubernetesVersion', 'cluster', 'credentials', 'pool'];

function classProps(d: ClassDesc) {
  return {
    metadata: d.name === undefined ? undefined : { name: d.name },
    reclaimPolicy: d.reclaimPolicy,
    volumeBindingMode: d.volumeBindingMode,
    allowVolumeExpansion: d.allowVolumeExpansion,
    mountOptions: d.mountOptions,
    parameters: d.parameters,
  };
}

/** A topology pool: mostly well formed; now and then with an empty or missing field, or of another shape. */
const topologyPool = mostly(
  fc.record({
    poolName: mostly(fc.constantFrom('pool-east', 'pool-west'), fc.oneof(fc.constant(''), garbage), 12),
    dataPool: opt(fc.constantFrom('ec-east', 'ec-west')),
    domainSegments: fc.array(fc.record({ domainLabel: fc.constantFrom('zone', 'region'), value: mostly(fc.constantFrom('east', 'west', 'zone1'), fc.constant(''), 12) }), { maxLength: 2 }),
  }, { requiredKeys: ['poolName', 'domainSegments'] }),
  fc.oneof(anyValue, fc.record({ poolName: fc.constant('p') }), fc.record({ poolName: fc.constant('p'), domainSegments: fc.array(anyValue, { maxLength: 2 }) })),
  12,
);

export const cephRbdStorageClass: Family<any> = {
  name: 'CephRbdStorageClass',
  input: fc.record({
    targeting,
    namespace: chartNamespace,
    ceph,
    sc: classOptions,
    pool: poolName,
    imageFeatures,
    fsType,
    node: rbdNode,
    encryption: fc.oneof(
      { weight: 6, arbitrary: fc.constant({}) },
      {
        weight: 3,
        arbitrary: fc.record({
          encrypted: opt(fc.boolean()),
          encryptionType: opt(fc.constantFrom(...Object.values(CephRbdEncryptionType))),
          encryptionKMSID: opt(mostly(fc.constantFrom('vault-prod', 'aws-kms'), fc.oneof(fc.constant(''), garbage), 10)),
        }),
      },
    ),
    topologyConstrainedPools: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.array(topologyPool, { maxLength: 3 }) },
    ),
    implementation: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constantFrom(...Object.values(VolumeImplementation)) },
    ),
    wrong: wrongField([...CLASS_KEYS, 'imageFeatures', 'fsType', 'implementation', ...RBD_NODE_KEYS, 'encrypted', 'encryptionType', 'encryptionKMSID', 'topologyConstrainedPools']),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const c = buildCeph(chart, i.ceph);
    new CephRbdStorageClass(chart, 'Class', withWrong({
      ...classProps(i.sc),
      cluster: c.cluster,
      credentials: c.credentials,
      pool: i.pool,
      imageFeatures: i.imageFeatures,
      fsType: buildFsType(i.fsType),
      ...rbdNodeProps(i.node),
      ...i.encryption,
      topologyConstrainedPools: i.topologyConstrainedPools,
      implementation: i.implementation,
      kubernetesVersion: versionOf(i.targeting),
    }, i.wrong) as any);
  },
};

// ---------------------------------------------------------------------------------------------
// CephFS

const cephFsPath = opt(mostly(fc.constantFrom('/', '/volumes/csi/data', '/volumes/group/sub/0f8a'), fc.oneof(fc.constant(''), garbage), 12));
const fsName = opt(mostly(fc.constantFrom('cephfs', 'myfs', 'ocs-storagecluster-cephfilesystem'), fc.oneof(fc.constant(''), garbage), 12));
/** One mount option of the kernel client or ceph-fuse, mostly a valid one; now and then empty or two in one. */
const mountOptionList = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.array(mostly(fc.constantFrom('norbytes', 'readdir_max_bytes=1048576', 'ms_mode=secure', 'debug'), fc.constantFrom('', 'a,b'), 40), { maxLength: 3 }) },
);
const cephFsMount = fc.record({
  mounter: opt(fc.constantFrom(...Object.values(CephFsMounter))),
  kernelMountOptions: mountOptionList,
  fuseMountOptions: mountOptionList,
});
const CEPHFS_MOUNT_KEYS = ['mounter', 'kernelMountOptions', 'fuseMountOptions'];
const cephFsSource = fc.record({ path: cephFsPath, readOnly: opt(fc.boolean()), fsName, mount: cephFsMount, implementation });
type CephFsSourceDesc = typeof cephFsSource extends fc.Arbitrary<infer T> ? T : never;
const CEPHFS_KEYS = ['cluster', 'path', 'credentials', 'readOnly', 'fsName', 'implementation', ...CEPHFS_MOUNT_KEYS];

function cephFsProps(d: CephFsSourceDesc, c: { cluster: CephCluster; credentials?: CephCredentials }) {
  return {
    cluster: c.cluster,
    credentials: c.credentials,
    path: d.path,
    readOnly: d.readOnly,
    fsName: d.fsName,
    ...d.mount,
    implementation: d.implementation,
  };
}

export const cephFsVolume: Family<any> = {
  name: 'CephFsVolume in a Deployment',
  input: fc.record({
    targeting,
    namespace,
    ceph,
    source: cephFsSource,
    name: volumeName,
    storage: size,
    wrong: wrongField([...CEPHFS_KEYS, 'name', 'storage', 'kubernetesVersion']),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const vol = new CephFsVolume(chart, 'Shared', withWrong({
      ...cephFsProps(i.source, buildCeph(chart, i.ceph)),
      name: i.name,
      storage: buildSize(i.storage),
      kubernetesVersion: versionOf(i.targeting),
    }, i.wrong) as any);
    workload(chart).containers[0].mount('/shared', vol);
  },
};

export const cephFsPersistentVolume: Family<any> = {
  name: 'CephFsPersistentVolume',
  input: fc.record({
    targeting,
    namespace,
    ceph,
    source: cephFsSource,
    pv: persistent,
    volumeHandle: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.oneof(fc.constant(''), garbage) }),
    wrong: wrongField([...CEPHFS_KEYS, ...PV_KEYS, 'volumeHandle']),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const pv = new CephFsPersistentVolume(chart, 'Files', withWrong({
      ...cephFsProps(i.source, buildCeph(chart, i.ceph)),
      ...persistentProps(i.pv),
      volumeHandle: i.volumeHandle,
      kubernetesVersion: versionOf(i.targeting),
    }, i.wrong) as any);
    use(chart, pv, i.pv.use);
  },
};

export const cephFsStorageClass: Family<any> = {
  name: 'CephFsStorageClass',
  input: fc.record({
    targeting,
    namespace: chartNamespace,
    ceph,
    sc: classOptions,
    pool: poolName,
    fsName: mostly(fc.constantFrom('cephfs', 'myfs'), fc.oneof(fc.constant(''), garbage), 12),
    mount: cephFsMount,
    wrong: wrongField([...CLASS_KEYS, 'fsName', ...CEPHFS_MOUNT_KEYS]),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const c = buildCeph(chart, i.ceph);
    new CephFsStorageClass(chart, 'Class', withWrong({
      ...classProps(i.sc),
      cluster: c.cluster,
      credentials: c.credentials,
      pool: i.pool,
      fsName: i.fsName,
      ...i.mount,
      kubernetesVersion: versionOf(i.targeting),
    }, i.wrong) as any);
  },
};

// ---------------------------------------------------------------------------------------------
// Where the library refuses Ceph inputs kube-apiserver accepts, and why

const K8S = 'k8s.io/kubernetes v1.37.2';
/** The in-tree plugins were removed in 1.31: their source as of the last release that had them. */
const IN_TREE = 'k8s.io/kubernetes release-1.30';
const CSI = 'github.com/ceph/ceph-csi';
const PROVISIONER = 'github.com/kubernetes-csi/external-provisioner';
/** A path, anchored: a Pod volume (by name) or a PersistentVolume source, then `rest`. */
const at = (rest: string) => new RegExp(String.raw`^(?:volumes\[[^\]]*\]|spec)\.${rest}$`);

/** Where the library refuses Ceph inputs kube-apiserver accepts, and why. */
export const stricter: Stricter[] = [
  {
    path: /^monitors\[\d+\]$/,
    line: /must be "host" or "host:port"|port must be between 1 and 65535/,
    reason: 'the in-tree plugins hand the monitors to `rbd map -m <mons>` and to the kernel\'s ceph mount (`<mon>,<mon>:<path>`), ceph-csi the same from its config.json: ' +
      'a monitor that is no host[:port] (or a bare IPv6 address, whose last group cannot be told from a port) never connects',
    source: `${IN_TREE} pkg/volume/rbd/rbd_util.go AttachDisk (rbd map -m), pkg/volume/cephfs/cephfs.go execMount; ${CSI} internal/rbd/rbd_attach.go createPath (-m), internal/cephfs/mounter/kernel.go mountKernel, internal/util/csiconfig.go Mons`,
  },
  {
    path: /^monitors$/,
    line: /Required value: list at least one monitor/,
    reason: 'a cluster without monitors serves nothing: kube-apiserver refuses an in-tree source without monitors (reported at the source too), and ceph-csi refuses a configuration entry without them',
    source: `${K8S} pkg/apis/core/validation validateRBDVolumeSource, validateCephFSVolumeSource; ${CSI} internal/util/csiconfig.go Mons ("empty monitor list for cluster ID")`,
  },
  {
    path: /^clusterId$/,
    line: /must be no more than 64 bytes|Duplicate value/,
    reason: 'ceph-csi composes the ID of every volume and snapshot it provisions from the cluster id, at most 128 bytes of which 64 are fixed; ' +
      'and it takes the first entry of its configuration with a cluster id, so a second cluster of the same id is never reached',
    source: `${CSI} internal/util/volid.go ComposeCSIID ("CSI ID encoding length overflow"), internal/util/csiconfig.go readClusterInfo`,
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[clusterID\]$/,
    line: /Required value: give (?:CephCluster|cluster)/,
    reason: 'ceph-csi finds the monitors only through the cluster id in its configuration: without one (or without a cluster) it cannot stage or provision anything',
    source: `${CSI} internal/util/csiconfig.go GetClusterID, readClusterInfo ("missing configuration for cluster ID"); internal/cephfs/store/volumeoptions.go GetClusterInformation`,
  },
  {
    path: /^spec\.csi\.nodeStageSecretRef$/,
    line: /stages the volume with a Secret holding userID and userKey/,
    reason: 'kube-apiserver does not require nodeStageSecretRef, but ceph-csi refuses to stage without secrets and reads the user and key from them',
    source: `${CSI} internal/util/validate.go ValidateNodeStageVolumeRequest ("stage secrets cannot be nil or empty"), internal/util/credentials.go NewUserCredentials`,
  },
  {
    path: /^(?:spec\.csi\.nodeStageSecretRef|parameters\[csi\.storage\.k8s\.io\/provisioner-secret-name\])$/,
    line: /keyring and secret files serve the in-tree plugins only/,
    reason: 'ceph-csi takes credentials only from the Secrets of the request, never from a file on the node',
    source: `${CSI} internal/util/credentials.go newCredentialsFromSecret`,
  },
  {
    path: new RegExp(String.raw`^(?:(?:volumes\[[^\]]*\]|spec)\.(?:rbd|cephfs)\.secretRef|spec\.csi\.nodeStageSecretRef)\.(?:name|namespace)$`),
    reason: 'kube-apiserver checks none of these references; the kubelet reads the Secret by name from the Pod\'s namespace (in-tree Pod volume), from secretRef.namespace or the Pod\'s (in-tree PersistentVolume), ' +
      'from nodeStageSecretRef.namespace (CSI): a Secret in another namespace, a name no Secret can have, a namespace no namespace can have, or none for a CSI volume, is never found and the mount fails',
    source: `${IN_TREE} pkg/volume/rbd/rbd.go getSecretNameAndNamespace, pkg/volume/cephfs/cephfs.go getSecretNameAndNamespace; ${K8S} pkg/volume/csi/csi_attacher.go MountDevice, csi_util.go getCredentialsFromSecret`,
  },
  {
    path: new RegExp(String.raw`^(?:(?:volumes\[[^\]]*\]|spec)\.(?:rbd|cephfs)\.secretRef|spec\.csi\.nodeStageSecretRef|parameters\[(?:adminSecretName|csi\.storage\.k8s\.io/provisioner-secret-name)\])$`),
    line: /the credentials belong to CephCluster|name no cluster|must be the credentials' cluster/,
    reason: 'a cephx user and key belong to one Ceph cluster: the volume\'s monitors (or cluster id) would present them to another cluster\'s monitors, which refuse them; ' +
      'credentials that name no cluster cannot be told to belong to the volume\'s',
    source: `${CSI} internal/util/connection.go Connect (mon_host and keyfile of one cluster); ${IN_TREE} pkg/volume/rbd/rbd_util.go (rbd map --id -m --key)`,
  },
  {
    path: /^stringData\[(?:key|userID|userKey|adminID|adminKey)\]$/,
    line: /Required value/,
    reason: 'the in-tree plugins read the cephx key from "key", and an empty one authenticates nobody; ceph-csi refuses a Secret without userKey (adminKey) and authenticates as userID (adminID): an empty id is no Ceph user',
    source: `${IN_TREE} pkg/volume/rbd/rbd.go parseSecretMap; ${CSI} internal/util/credentials.go newCredentialsFromSecret ("missing key field")`,
  },
  {
    path: at('(?:rbd|cephfs)'),
    line: /a secret file is a cephfs feature|a keyring is an rbd feature/,
    reason: 'the rbd source has no secretFile field and the cephfs source no keyring field: the credentials cannot be written, and the plugin would use its default file instead',
    source: 'k8s.io/api core/v1 types.go RBDVolumeSource (keyring), CephFSVolumeSource (secretFile)',
  },
  {
    path: new RegExp(String.raw`^(?:(?:volumes\[[^\]]*\]|spec)\.(?:rbd|cephfs)|provisioner)$`),
    line: /in-tree (?:rbd|cephfs) was removed in 1\.31/,
    reason: 'no kubelet or kube-controller-manager from 1.31 on has the rbd or cephfs plugin: Pods with such a volume never start, and claims of a kubernetes.io/rbd class are never provisioned ' +
      '(kube-apiserver keeps the fields and only warns "non-functional in v1.31+")',
    source: `${K8S} pkg/api/pod/warnings.go, pkg/api/persistentvolume/util.go (the warnings); pkg/volume (no rbd, no cephfs plugin)`,
  },
  {
    path: new RegExp(String.raw`^(?:(?:volumes\[[^\]]*\]|spec)\.(?:rbd|csi)\.fsType|parameters\[(?:fsType|csi\.storage\.k8s\.io/fstype)\])$`),
    line: /must be a filesystem name/,
    reason: 'no filesystem has such a name: the kubelet (and ceph-csi) format with mkfs.<fsType> and mount with mount -t <fsType>, which fail on the node',
    source: `${K8S}/staging k8s.io/mount-utils SafeFormatAndMount.FormatAndMount; ${CSI} internal/rbd/nodeserver.go mountVolumeToStagePath`,
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[imageFeatures\]$/,
    line: /Unsupported value|needs/,
    reason: 'ceph-csi refuses unknown image features, a feature without the one it depends on, and journaling without the rbd-nbd mounter; the in-tree provisioner knows layering only',
    source: `${CSI} internal/rbd/rbd_util.go validateImageFeatures, supportedFeatures; ${IN_TREE} pkg/volume/rbd/rbd.go rbdVolumeProvisioner.Provision ("invalid feature")`,
  },
  {
    path: /^spec\.persistentVolumeReclaimPolicy$/,
    line: /must be "Retain" for a static (?:rbd|cephfs)\.csi\.ceph\.com volume/,
    reason: 'ceph-csi deletes only what it provisioned: DeleteVolume decomposes the volume ID, which a static volume\'s handle (an image name, any string) is not; ' +
      'its documentation asks for Retain "to avoid PV delete attempt in csi-provisioner"',
    source: `${CSI} docs/static-pvc.md; internal/rbd/controllerserver.go DeleteVolume (GenVolFromVolID)`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /an RBD image is mapped read-write by one node at a time|ceph-csi serves ReadWriteMany RBD volumes only|the in-tree cephfs plugin cannot enforce ReadWriteOncePod/,
    reason: 'the in-tree rbd plugin serves ReadWriteOnce and ReadOnlyMany, the in-tree cephfs plugin ReadWriteOnce, ReadOnlyMany and ReadWriteMany, and ReadWriteOncePod is for CSI volumes only; ' +
      'ceph-csi\'s rbd node server refuses MULTI_NODE_MULTI_WRITER unless the volume is a block device (a static ReadOnlyMany volume it maps read-only)',
    source: `${IN_TREE} pkg/volume/rbd/rbd.go GetAccessModes, pkg/volume/cephfs/cephfs.go GetAccessModes; ${CSI} internal/rbd/nodeserver.go populateRbdVol, stageTransaction`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /CephFS is a shared filesystem/,
    reason: 'the in-tree cephfs plugin has no block mode, and ceph-csi\'s cephfs driver refuses block volumes',
    source: `${IN_TREE} pkg/volume/cephfs/cephfs.go (no BlockVolumePlugin); ${CSI} internal/cephfs/validator.go ("block volume not supported")`,
  },
  {
    path: /^spec\.csi\.volumeAttributes\[(?:rootPath|fsName)\]$/,
    line: /Required value/,
    reason: 'ceph-csi takes a static volume\'s rootPath (required) and fsName (optional) only when they are not empty',
    source: `${CSI} internal/cephfs/store/volumeoptions.go NewVolumeOptionsFromStaticVolume, extractOption, extractOptionalOption ("parameter '%s' cannot be empty")`,
  },
  {
    path: /^parameters\[fsName\]$/,
    line: /Required value/,
    reason: 'ceph-csi creates a subvolume only in a named filesystem',
    source: `${CSI} internal/cephfs/store/volumeoptions.go getVolumeOptions (extractOption fsName)`,
  },
  {
    path: /^parameters\[csi\.storage\.k8s\.io\/provisioner-secret-(?:name|namespace)\]$/,
    reason: 'ceph-csi provisions with the user of the provisioner Secret; the external-provisioner takes that Secret only with both name and namespace, ' +
      'and refuses a name that is no DNS subdomain or a namespace that is no DNS label',
    source: `${PROVISIONER} pkg/controller/controller.go verifyAndGetSecretNameAndNamespaceTemplate, getSecretReference; ${CSI} internal/util/credentials.go ("provided secret is empty")`,
  },
  {
    path: /^parameters\[(?:monitors|adminSecretName|adminSecretNamespace)\]$/,
    reason: 'the in-tree rbd provisioner refuses a class without monitors or without an admin Secret, reads that Secret (of type kubernetes.io/rbd) by name and namespace, and cannot read a file',
    source: `${IN_TREE} pkg/volume/rbd/rbd.go rbdVolumeProvisioner.Provision ("missing Ceph monitors", "missing Ceph admin secret name", parsePVSecret)`,
  },
  {
    path: /^csiConfig$/,
    line: /Unsupported value: .*: supported values: "External", "App"/,
    reason: 'csiConfig says who writes ceph-csi-config, which ceph-csi\'s Helm charts and Rook write themselves: an unknown value cannot be read as either, ' +
      'since writing would erase a running ceph-csi\'s clusters and not writing would leave a ceph-csi without one',
    source: `${CSI} charts/ceph-csi-rbd/templates/csiplugin-configmap.yaml, charts/ceph-csi-cephfs/templates/csiplugin-configmap.yaml (the charts create ceph-csi-config)`,
  },
  {
    path: /^csiNamespace$/,
    line: /Required value: ceph-csi reads its configuration from a ConfigMap in its own namespace/,
    reason: 'with CephCsiConfig.APP the library writes ceph-csi-config, which ceph-csi reads only from its own namespace; no namespace is ceph-csi\'s everywhere ' +
      '(the Helm charts install into the release namespace, Rook into its operator\'s, deploy/ into default): a ConfigMap in a guessed one is never read',
    source: `${CSI} internal/util/csiconfig.go CsiConfigFile (the mounted ConfigMap), charts/ceph-csi-rbd/templates/csiplugin-configmap.yaml`,
  },
  {
    path: new RegExp(String.raw`^(?:(?:volumes\[[^\]]*\]|spec)\.rbd|provisioner)$`),
    line: /has radosNamespace .*, which only ceph-csi reaches/,
    reason: 'the in-tree rbd plugin and provisioner have no RADOS namespace: they would map or create the image of that name in the pool\'s default namespace, another image than ceph-csi\'s',
    source: `k8s.io/api core/v1 types.go RBDVolumeSource (no namespace field); ${CSI} internal/util/csiconfig.go GetRBDRadosNamespace`,
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[(?:mapOptions|unmapOptions|kernelMountOptions|fuseMountOptions)\]$/,
    line: /must be one option, not empty and without ","/,
    reason: 'ceph-csi splits map options at ";" (between mounters) and "," (between options), and mount options at ","; an option with those characters, or an empty one, ' +
      'becomes other options or an empty one, which the map or mount command refuses, and ceph-csi refuses an empty kernelMountOptions or fuseMountOptions attribute',
    source: `${CSI} internal/rbd/rbd_attach.go parseMapOptions; internal/cephfs/store/volumeoptions.go extractOptionalOption, internal/cephfs/mounter/kernel.go, fuse.go`,
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[(?:mounter|encryptionType)\]$/,
    line: /Unsupported value/,
    reason: 'ceph-csi\'s cephfs driver refuses any mounter but "kernel" and "fuse"; its rbd driver maps with krbd unless the mounter is "rbd-nbd" and then takes map options for neither; ' +
      'it refuses any encryptionType but "block" and "file" ("invalid encryption type")',
    source: `${CSI} internal/cephfs/store/volumeoptions.go validateMounter; internal/rbd/rbd_attach.go getMapOptions, attachRBDImage; internal/rbd/encryption.go initKMS`,
  },
  {
    path: /^parameters\[(?:encryptionType|encryptionKMSID)\]$/,
    line: /Forbidden: ceph-csi reads it only with encrypted: true|Required value: ceph-csi's default KMS reads encryptionPassphrase/,
    reason: 'ceph-csi reads encryptionType and encryptionKMSID only when encrypted is "true", so a class that sets them without it provisions unencrypted volumes; ' +
      'without a KMS id it uses its default KMS, which fails provisioning on a Secret without encryptionPassphrase',
    source: `${CSI} internal/rbd/encryption.go ParseEncryptionOpts; internal/kms/secretskms.go ("missing encryptionPassphrase in storageclass secret")`,
  },
  {
    path: /^volumeBindingMode$/,
    line: /must be "WaitForFirstConsumer" with topologyConstrainedPools/,
    reason: 'ceph-csi picks a topology-constrained pool from the accessibility requirements of the request; with Immediate binding they are not the node of the Pod ' +
      '(none, or every node\'s), so the image lands in a pool of another zone or provisioning fails',
    source: `${CSI} internal/util/topology.go GetTopologyFromRequest, FindPoolAndTopology; ${PROVISIONER} pkg/controller/topology.go GenerateAccessibilityRequirements`,
  },
  {
    path: /^parameters\[topologyConstrainedPools\]\[\d+\](?:\.poolName|\.domainSegments(?:\[\d+\]\.(?:domainLabel|value))?)?$/,
    line: /Required value/,
    reason: 'ceph-csi creates the image in the poolName of the matching entry: an entry without one names no pool; an entry without domainSegments matches every node, ' +
      'and a segment without its label or value matches no node\'s topology',
    source: `${CSI} internal/util/topology.go TopologyConstrainedPool, matchPoolToTopology`,
  },
  {
    path: /^parameters\[(?:mounter|mapOptions|unmapOptions|tryOtherMounters|encrypted|encryptionType|encryptionKMSID|topologyConstrainedPools)\]$/,
    line: /is a ceph-csi parameter, which the in-tree kubernetes.io\/rbd provisioner refuses/,
    reason: 'the in-tree rbd provisioner refuses every parameter it does not know ("invalid option"), so these props cannot be written for it',
    source: `${IN_TREE} pkg/volume/rbd/rbd.go rbdVolumeProvisioner.Provision`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /rbd\.csi\.ceph\.com provisions (?:ReadOnlyMany only as a clone|ReadWriteMany only for volumeMode Block)/,
    reason: 'ceph-csi refuses to provision ReadOnlyMany without a content source, and ReadWriteMany for a filesystem volume',
    source: `${CSI} internal/util/validate.go CheckReadOnlyManyIsSupported; internal/rbd/controllerserver.go parseVolCreateRequest`,
  },
];
