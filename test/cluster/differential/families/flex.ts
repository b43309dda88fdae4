import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { FlexPersistentVolume, FlexCredentials, FlexVolume, KubernetesVersion, TorusVolume, TorusWriteLevel } from '../../../../src';
import {
  buildFsType, buildSize, dnsLabel, dnsSubdomain, fsType, garbage, hostname, ipv4, mostly, namespace, opt, port, pyYamlReadable, secretValue,
  size, targeting, validIpv6, volumeName,
} from '../../../helpers/arbitraries';
import { Family, anyValue, withWrong, wrongField } from '../framework';
import { Stricter } from '../stricter';

/*
 * FlexVolume works at every target (deprecated from 1.23): every version is generated. The
 * driver is any qualified name; its options are strings; its Secret, existing or created, must
 * have the driver name as its type.
 */

const SOURCE_KEYS = ['driver', 'fsType', 'readOnly', 'options', 'credentials', 'name', 'kubernetesVersion'];
const PV_KEYS = ['driver', 'fsType', 'readOnly', 'options', 'credentials', 'driverSupportsReadWriteMany', 'storage', 'accessModes', 'volumeMode',
  'storageClassName', 'reclaimPolicy', 'mountOptions', 'metadata', 'kubernetesVersion'];
const TORUS_KEYS = ['volume', 'etcd', 'writeLevel', 'writeCacheSize', 'fsType', 'readOnly', 'name', 'kubernetesVersion'];

const qualifiedPart = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?$/);
const driver = mostly(
  fc.oneof(
    fc.constantFrom('fstab/cifs', 'coreos.com/torus', 'cifs', 'ceph.rook.io/rook-ceph_system', 'example.com/nfs_v2', 'kubernetes.io/lvm', 'Driver'),
    fc.tuple(dnsSubdomain, qualifiedPart).map(([p, n]) => `${p}/${n}`),
    qualifiedPart,
  ),
  fc.oneof(
    fc.constantFrom('', 'a/b/c', 'Vendor/Driver', '/cifs', 'fstab/', 'fstab~x/cifs', 'fstab/ci fs', '-fstab/cifs', 'fstab/cifs.', `x/${'d'.repeat(64)}`,
      `${'v'.repeat(254)}/x`, `${'v'.repeat(200)}.${'w'.repeat(52)}/${'d'.repeat(63)}`),
    garbage.filter(pyYamlReadable),
  ),
  8,
);

const optionKey = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('networkPath', 'mountOptions', 'volumeID', 'pool', 'example.com/size') },
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][-A-Za-z0-9_./]{0,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom('kubernetes.io/fsType', 'kubernetes.io/secret/x', 'foo.k8s.io/x', 'K8S.IO', 'sub.Kubernetes.io/x', 'kubernetes.io.example/x', 'mykubernetes.io/x') },
  { weight: 1, arbitrary: fc.constantFrom('<<', 'constructor', 'toString', '', ' ', 'a b') },
);
const optionValue = mostly(fc.string({ maxLength: 20 }).filter(pyYamlReadable), fc.constantFrom('', 'a\u2028b', 'tab\there', 'x'.repeat(300)), 20);
const options = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: fc.dictionary(optionKey, optionValue, { maxKeys: 4 }) },
);

/*
 * Valid keys only: the library reports a created Secret's bad key at stringData[<key>] (the field it
 * writes), kube-apiserver at data[<key>] (where stringData lands), and the framework does not map
 * one to the other yet (src/core/objects/secrets.ts generatedSecretRules; see the helper's report).
 */
const secretKey = fc.constantFrom('username', 'password', 'token', 'key.name', 'KEY_NAME', '-', '_a');

/** The flexVolume Secret, as a descriptor: created, existing by name, a Secret of the app, or a factory called with anything. */
const secret = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.record({
      data: fc.dictionary(secretKey, secretValue, { maxKeys: 3 }),
      name: opt(mostly(dnsSubdomain, fc.constantFrom('Upper', 'x'.repeat(254), ''))),
    }, { requiredKeys: ['data'] }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      existing: mostly(dnsSubdomain, fc.constantFrom('', 'Upper', 'has_underscore', 'x'.repeat(254))),
      namespace: opt(mostly(dnsLabel, fc.constantFrom('', 'Vault', 'x'.repeat(64)))),
    }, { requiredKeys: ['existing'] }),
  },
  { weight: 1, arbitrary: fc.record({ app: fc.constantFrom<'driver' | 'opaque' | 'other'>('driver', 'driver', 'opaque', 'other') }) },
  { weight: 1, arbitrary: fc.record({ wrong: fc.constantFrom('data', 'props', 'secret', 'options', 'metadata'), value: anyValue }) },
);

function buildSecret(chart: Chart, d: any, driverName: unknown): FlexCredentials | undefined {
  if (d === undefined) return undefined;
  const byName = () => kplus.Secret.fromSecretName(chart, 'Existing', 'flex-creds');
  if ('data' in d) return FlexCredentials.fromData({ data: d.data, metadata: d.name === undefined ? undefined : { name: d.name } });
  if ('existing' in d) return FlexCredentials.fromSecret(kplus.Secret.fromSecretName(chart, 'Existing', d.existing), { namespace: d.namespace });
  if ('app' in d) {
    const type = d.app === 'driver' && typeof driverName === 'string' ? driverName : d.app === 'other' ? 'kubernetes.io/basic-auth' : undefined;
    const data: Record<string, string> = type === 'kubernetes.io/basic-auth' ? { username: 'kube', password: 'pw' } : { token: 't' };
    return FlexCredentials.fromSecret(new kplus.Secret(chart, 'Creds', { type, metadata: { name: 'creds' }, stringData: data }));
  }
  switch (d.wrong) {
    case 'data': return FlexCredentials.fromData({ data: d.value } as any);
    case 'props': return FlexCredentials.fromData(d.value);
    case 'secret': return FlexCredentials.fromSecret(d.value);
    case 'options': return FlexCredentials.fromSecret(byName(), d.value);
    default: return FlexCredentials.fromData({ data: { token: 't' }, metadata: d.value });
  }
}

const source = fc.record({ driver, fsType, readOnly: opt(fc.boolean()), options, secret });

function buildSource(chart: Chart, s: any) {
  return {
    driver: s.driver, fsType: buildFsType(s.fsType), readOnly: s.readOnly, options: s.options, credentials: buildSecret(chart, s.secret, s.driver),
  };
}

const workload = (chart: Chart) =>
  new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });

/*
 * Pod volume names without '"': the library prints such a name unquoted in a path (volumes[a"b]),
 * which the framework's line parser cannot read (src/core/rules/field-path.ts FieldPath.key; see the
 * helper's report).
 */
const podVolumeName = volumeName.filter((n) => n === undefined || !n.includes('"'));

const versionOf = (i: any) => (i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version));

export const flexVolume: Family<any> = {
  name: 'FlexVolume in a Deployment',
  input: fc.record({ source, targeting, namespace, name: podVolumeName, wrong: wrongField(SOURCE_KEYS) })
    .map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const props = withWrong({ ...buildSource(chart, i.source), name: i.name, kubernetesVersion: versionOf(i) }, i.wrong);
    workload(chart).containers[0].mount('/data', new FlexVolume(chart, 'Share', props as any));
  },
};

const MODES = Object.values(kplus.PersistentVolumeAccessMode);
const RWO_ROX = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY];
const volumeMode = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(kplus.PersistentVolumeMode)) },
);
const MOUNT_OPTIONS_ANNOTATION = 'volume.beta.kubernetes.io/mount-options';

/**
 * The PersistentVolume's metadata, with only the keys given: cdk8s writes `{ name: undefined }` as a
 * PersistentVolume without a name (see the helper's report on core/rules/metadata.ts metadataOf).
 */
function metadataOf(name: string | undefined, mountOptions: string | undefined) {
  if (name === undefined && mountOptions === undefined) return undefined;
  return {
    ...(name === undefined ? {} : { name }),
    ...(mountOptions === undefined ? {} : { annotations: { [MOUNT_OPTIONS_ANNOTATION]: mountOptions } }),
  };
}

export const flexPersistentVolume: Family<any> = {
  name: 'FlexPersistentVolume',
  input: fc.record({
    source,
    driverSupportsReadWriteMany: opt(fc.boolean()),
    targeting,
    namespace,
    name: opt(mostly(dnsSubdomain, fc.constantFrom('Upper', 'x'.repeat(254)))),
    storage: size,
    accessModes: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: fc.shuffledSubarray(RWO_ROX, { minLength: 1 }) },
      { weight: 2, arbitrary: fc.shuffledSubarray(MODES, { minLength: 1, maxLength: 2 }) },
    ),
    volumeMode,
    storageClassName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('', 'flex') }),
    reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
    mountOptions: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(['vers=3.0']) }),
    mountOptionsAnnotation: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('', 'vers=3.0') }),
    use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'reserve', 'mount'),
    wrong: wrongField(PV_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const pv = new FlexPersistentVolume(chart, 'Pv', withWrong({
      ...buildSource(chart, i.source),
      driverSupportsReadWriteMany: i.driverSupportsReadWriteMany,
      kubernetesVersion: versionOf(i),
      metadata: metadataOf(i.name, i.mountOptionsAnnotation),
      storage: buildSize(i.storage),
      accessModes: i.accessModes,
      volumeMode: i.volumeMode,
      storageClassName: i.storageClassName,
      reclaimPolicy: i.reclaimPolicy,
      mountOptions: i.mountOptions,
    }, i.wrong) as any);
    if (i.use === 'reserve') pv.reserve();
    if (i.use === 'mount') workload(chart).addVolume(pv.asVolume());
  },
};

const etcd = mostly(
  fc.oneof(
    fc.tuple(ipv4, port).map(([h, p]) => `${h}:${p}`),
    fc.tuple(hostname, port).map(([h, p]) => `${h}:${p}`),
    fc.tuple(validIpv6, port).map(([h, p]) => `[${h}]:${p}`),
  ),
  fc.oneof(
    fc.constantFrom('10.3.0.100', 'etcd:0', 'etcd:65536', 'fd00::1:2379', 'http://etcd:2379', 'etcd:', ':2379', '[fd00::1]', ''),
    garbage.filter(pyYamlReadable),
  ),
  8,
);

export const torusVolume: Family<any> = {
  name: 'TorusVolume in a Deployment',
  input: fc.record({
    volume: mostly(fc.constantFrom('pg1', 'block1', 'data-2'), fc.oneof(fc.constant(''), garbage.filter(pyYamlReadable)), 10),
    etcd: opt(etcd),
    writeLevel: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: fc.constantFrom(...Object.values(TorusWriteLevel)) },
      { weight: 1, arbitrary: fc.constantFrom('quorum', 'ALL', '') },
    ),
    writeCacheSize: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: size }),
    fsType,
    readOnly: opt(fc.boolean()),
    targeting,
    namespace,
    name: podVolumeName,
    wrong: wrongField(TORUS_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const vol = new TorusVolume(chart, 'Data', withWrong({
      volume: i.volume,
      etcd: i.etcd,
      writeLevel: i.writeLevel,
      writeCacheSize: buildSize(i.writeCacheSize),
      fsType: buildFsType(i.fsType),
      readOnly: i.readOnly,
      name: i.name,
      kubernetesVersion: versionOf(i),
    }, i.wrong) as any);
    workload(chart).containers[0].mount('/var/lib/postgresql/data', vol);
  },
};


const K8S = 'k8s.io/kubernetes v1.37.2';
const FLEXVOLUME = `${K8S} pkg/volume/flexvolume`;
const TORUS = 'github.com/coreos/torus';
const FLEX = /^(?:volumes\[[^\]]*\]|spec)\.flexVolume/.source;
const OPTION = (key: string) => new RegExp(`${FLEX}\\.options\\[${key}\\]$`);

/** Where the library refuses flexVolume inputs kube-apiserver accepts, and why. */
export const stricter: Stricter[] = [
  {
    path: new RegExp(`${FLEX}\\.driver$`),
    line: /the kubelet loads a flexVolume driver only under a qualified name|a file name has at most 255 bytes/,
    reason: 'the kubelet takes a flexVolume driver\'s name from its directory in the volume-plugin directory (<vendor>~<driver>, "~" read as "/") and loads it only when that name is a qualified name; ' +
      'a volume is mounted by the driver whose name equals its driver field: a driver that is no qualified name, or whose directory name is longer than a file name can be, is never loaded, so the volume never mounts',
    source: `${K8S} pkg/volume/plugins.go VolumePluginMgr.initProbedPlugin (validation.IsQualifiedName); ${FLEXVOLUME}/probe.go newProbeEvent, plugin.go NewFlexVolumePlugin (UnescapeQualifiedName), CanSupport`,
  },
  {
    path: new RegExp(`${FLEX}\\.secretRef\\.(?:name|namespace)$|^spec\\.template\\.spec\\.volumes\\[[^\\]]*\\]\\.flexVolume\\.secretRef\\.name$`),
    reason: 'the kubelet GETs a flexVolume Secret by name, from the Pod\'s namespace (a Pod volume) or secretRef.namespace (a PersistentVolume, else the Pod\'s), and hands it to the driver only when its type is the driver name: ' +
      'a name or namespace no object can have, a Secret in another namespace, or one of another type fails the mount ("couldn\'t get secret", "cannot get secret of type <driver>")',
    source: `${FLEXVOLUME}/util.go addSecretsToOptions, getSecretNameAndNamespace; ${K8S} pkg/volume/util/util.go GetSecretForPV`,
  },
  {
    path: new RegExp(`${FLEX}\\.fsType$`),
    line: /must be a filesystem name/,
    reason: 'no filesystem has such a name: the kubelet formats and mounts an attached flexVolume device with mkfs.<fsType> and mount -t <fsType> (when the driver has no mountdevice), ' +
      'and otherwise hands it to the driver as kubernetes.io/fsType, which drivers such as torusblk pass to mkfs -t and mount -t',
    source: `${FLEXVOLUME}/attacher-defaults.go MountDevice (SafeFormatAndMount.FormatAndMount), driver-call.go NewOptionsForDriver; ${TORUS} cmd/torusblk/flex.go mountAction, flexprepvolAction`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /the flexVolume plugin serves ReadWriteOnce and ReadOnlyMany/,
    reason: 'the flexVolume plugin declares ReadWriteOnce and ReadOnlyMany only; whether several nodes can mount one volume read-write depends on the driver, which the library takes from driverSupportsReadWriteMany',
    source: `${FLEXVOLUME}/plugin.go GetAccessModes`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /the flexVolume plugin mounts filesystems only/,
    reason: 'the flexVolume plugin is no BlockVolumePlugin: a Block PersistentVolume of a flexVolume driver is never mapped to a device',
    source: `${FLEXVOLUME}/plugin.go (flexVolumePlugin implements no volume.BlockVolumePlugin)`,
  },
  {
    path: /^spec\.mountOptions$/,
    line: /may not specify mount options for this volume type/,
    reason: 'neither the flexVolume nor the flocker plugin supports mount options (SupportsMountOption false): the kubelet refuses to mount a PersistentVolume that has them',
    source: `${FLEXVOLUME}/plugin.go SupportsMountOption; k8s.io/kubernetes v1.24 pkg/volume/flocker/flocker.go SupportsMountOption; ${K8S} pkg/volume/util/operationexecutor/operation_generator.go checkMountOptionSupport`,
  },
  {
    path: OPTION('volume'),
    line: /give the Torus volume to attach/,
    reason: 'torusblk refuses every call without the volume option: parseJSONArg fails with "volume name is missing"',
    source: `${TORUS} cmd/torusblk/flex.go parseJSONArg`,
  },
  {
    path: OPTION('etcd'),
    line: /must be "host:port"/,
    reason: 'torusblk passes the etcd option as its only etcd endpoint (torusblk -C <etcd> nbd …), documented as HOST:PORT; an address that is none never reaches etcd, and the attach fails',
    source: `${TORUS} cmd/torusblk/flex.go attachAction; Documentation/admin-guide.md ("-C HOST:PORT for your etcd endpoint"); metadata/etcd/etcd.go (etcdv3.Config Endpoints)`,
  },
  {
    path: OPTION('writeLevel'),
    line: /^.*Unsupported value: .*supported values: "all", "one", "local"$/,
    reason: 'torusblk parses writeLevel with torus.ParseWriteLevel and fails the attach on any other value ("invalid writelevel; use one of \'one\', \'all\', or \'local\'")',
    source: `${TORUS} cmd/torusblk/flex.go attachAction, storage.go ParseWriteLevel`,
  },
  {
    path: OPTION('writeCacheSize'),
    line: /must be a whole number of bytes greater than zero/,
    reason: 'torusblk reads writeCacheSize with humanize.ParseBytes into a whole number of bytes and keeps StorageSize / BlockSize blocks of write cache: a fraction is cut off, and no bytes leave no cache to write through',
    source: `${TORUS} internal/flagconfig/flagconfig.go BuildConfigFromFlags (humanize.ParseBytes), storage/temp.go (nBlocks := cfg.StorageSize / gmd.BlockSize)`,
  },
];
