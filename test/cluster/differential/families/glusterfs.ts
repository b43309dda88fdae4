import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import {
  GlusterCluster, GlusterPersistentVolume, GlusterStorageClass, GlusterVolume, GlusterVolumeType, HeketiCredentials, KubernetesVersion,
  VolumeBindingMode,
} from '../../../../src';
import {
  badName, buildSize, dnsLabel, dnsSubdomain, garbage, hex, hostname, ipv4, mostly, namespace, notIpv6, opt, pyYamlReadable, secretValue, size,
  validIpv6, versionName, volumeName,
} from '../../../helpers/arbitraries';
import { Family, WrongField, anyValue, withWrong } from '../framework';
import { Stricter } from '../stricter';

/*
 * GlusterFS exists through Kubernetes 1.25 (an error from 1.26): most inputs target 1.24 and 1.25,
 * some a later version, where every GlusterFS construct is refused.
 */
/**
 * In about one input of `every`, one of `keys` gets a value of any type. (framework.ts's
 * wrongField passes `every - 1` as fc.option's freq, whose nil comes once in freq: it replaces a
 * field in about four inputs of five.)
 */
function wrongField(keys: readonly string[], every = 5): fc.Arbitrary<WrongField | undefined> {
  return fc.oneof(
    { weight: every - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ key: fc.constantFrom(...keys), value: anyValue }) },
  );
}

const glusterVersion = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('1.24', '1.25') }, { weight: 1, arbitrary: versionName });
const targeting = fc.record({ version: glusterVersion, viaContext: fc.boolean() });

// --- the cluster: Endpoints addresses, port, the Service's name -------------------------------

const address = fc.oneof(
  { weight: 14, arbitrary: ipv4 },
  { weight: 3, arbitrary: validIpv6 },
  { weight: 3, arbitrary: fc.constantFrom('10.240.106.152', '10.240.79.157', '192.168.10.1', '2001:db8::10', 'FD00:0:0:0:0:0:0:A', '224.0.1.1', 'ff05::2', '255.255.255.255') },
  // what kube-apiserver refuses: loopback, unspecified, link-local, link-local multicast, host names, no IP
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom('127.0.0.1', '::1', '0.0.0.0', '::', '169.254.169.254', 'fe80::1', '224.0.0.251', 'ff02::fb', 'fe80::1%eth0', '', '10.0.0.300', 'gluster-1'),
      hostname, notIpv6, garbage,
    ),
  },
  // what only a strict kube-apiserver (1.36+) refuses
  { weight: 1, arbitrary: fc.constantFrom('010.0.0.1', '10.001.2.3', '::ffff:10.0.0.1') },
);
// a repeated address now and then (kube-apiserver accepts it: the library warns)
const addresses = fc.oneof(
  { weight: 12, arbitrary: fc.array(address, { minLength: 1, maxLength: 4 }) },
  { weight: 3, arbitrary: fc.array(address, { minLength: 1, maxLength: 3 }).chain((l) => fc.constantFrom(...l).map((dup) => [...l, dup])) },
  { weight: 1, arbitrary: fc.constant([]) },
);
const port = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.oneof(fc.constantFrom(24007, 1, 49152, 65535), fc.integer({ min: 1, max: 65535 })) },
  { weight: 1, arbitrary: fc.constantFrom(0, 65536, -1, 1.5, 99999) },
);
const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const clusterName = opt(mostly(dns1035, fc.oneof(badName, fc.constantFrom('', 'gluster.cluster', '1-gluster', `g${'x'.repeat(63)}`)), 8));
const cluster = fc.record({
  addresses,
  port,
  name: clusterName,
  // the Endpoints in another namespace than the chart's, now and then
  namespace: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: namespace }),
  labels: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({ app: 'gluster' }) }),
});
type ClusterDesc = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

const CLUSTER_KEYS = ['addresses', 'port', 'metadata', 'kubernetesVersion'];

function buildCluster(chart: Chart, c: ClusterDesc, t: { version: string; viaContext: boolean }, wrong?: WrongField): GlusterCluster {
  const metadata = c.name === undefined && c.namespace === undefined && c.labels === undefined
    ? undefined
    : { name: c.name, namespace: c.namespace, labels: c.labels };
  return new GlusterCluster(chart, 'Gluster', withWrong({
    addresses: c.addresses,
    port: c.port,
    metadata,
    kubernetesVersion: t.viaContext ? undefined : KubernetesVersion.of(t.version),
  }, wrong) as any);
}

export const glusterCluster: Family<any> = {
  name: 'GlusterCluster',
  input: fc.record({ cluster, targeting, namespace, wrong: wrongField(CLUSTER_KEYS) }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    buildCluster(chart, i.cluster, i.targeting, i.wrong);
  },
};

// --- the source: path, readOnly ----------------------------------------------------------------

const path = mostly(
  fc.oneof(fc.constantFrom('kube_vol', 'gv0', 'kube_vol/sub/dir', 'vol-1'), dnsLabel, fc.stringMatching(/^[A-Za-z0-9_-]{1,12}(\/[A-Za-z0-9_.-]{1,8})?$/)),
  fc.oneof(fc.constant(''), garbage.filter(pyYamlReadable)),
  10,
);
const source = fc.record({ path, readOnly: opt(fc.boolean()) });

const workload = (chart: Chart) =>
  new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });

const VOLUME_KEYS = ['cluster', 'path', 'readOnly', 'name', 'kubernetesVersion'];

export const glusterVolume: Family<any> = {
  name: 'GlusterVolume in a Deployment',
  input: fc.record({
    cluster,
    source,
    name: volumeName,
    targeting,
    namespace,
    viaCluster: fc.boolean(),
    wrong: wrongField(VOLUME_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const gluster = buildCluster(chart, i.cluster, i.targeting);
    const props = withWrong({ path: i.source.path, readOnly: i.source.readOnly, name: i.name }, i.wrong) as any;
    const vol = i.viaCluster && i.wrong?.key !== 'cluster'
      ? gluster.volume('Vol', props)
      : new GlusterVolume(chart, 'Vol', { cluster: gluster, kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version), ...props });
    workload(chart).containers[0].mount('/data', vol);
  },
};

// --- the PersistentVolume: endpointsNamespace, access modes, reserve/mount/none ---------------------

const { READ_WRITE_ONCE, READ_ONLY_MANY, READ_WRITE_MANY, READ_WRITE_ONCE_POD } = kplus.PersistentVolumeAccessMode;
const GLUSTER_MODES = [READ_WRITE_ONCE, READ_ONLY_MANY, READ_WRITE_MANY];
const PV_KEYS = ['cluster', 'path', 'readOnly', 'endpointsNamespace', 'storage', 'accessModes', 'volumeMode', 'storageClassName', 'reclaimPolicy', 'mountOptions', 'metadata'];

export const glusterPersistentVolume: Family<any> = {
  name: 'GlusterPersistentVolume',
  input: fc.record({
    cluster,
    source,
    targeting,
    namespace,
    name: opt(mostly(dnsSubdomain, badName)),
    // unset (the cluster's namespace), the cluster's own, another one, or none a namespace can have
    endpointsNamespace: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constant('same') },
      { weight: 2, arbitrary: namespace },
      { weight: 1, arbitrary: fc.oneof(fc.constant(''), badName) },
    ),
    storage: size,
    accessModes: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: fc.shuffledSubarray(GLUSTER_MODES, { minLength: 1 }) },
      { weight: 1, arbitrary: fc.shuffledSubarray(Object.values(kplus.PersistentVolumeAccessMode), { minLength: 1 }) },
      { weight: 1, arbitrary: fc.constant([READ_WRITE_ONCE_POD]) },
    ),
    volumeMode: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...Object.values(kplus.PersistentVolumeMode)) },
    ),
    storageClassName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constant('') }, { weight: 3, arbitrary: dnsSubdomain }),
    reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
    mountOptions: opt(fc.array(fc.constantFrom('log-level=WARNING', 'backup-volfile-servers=10.240.79.157', 'acl', 'ro'), { maxLength: 2 })),
    use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'reserve', 'mount'),
    wrong: wrongField(PV_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const gluster = buildCluster(chart, i.cluster, i.targeting);
    const pv = new GlusterPersistentVolume(chart, 'Shared', withWrong({
      cluster: gluster,
      path: i.source.path,
      readOnly: i.source.readOnly,
      endpointsNamespace: i.endpointsNamespace === 'same' ? gluster.namespace ?? i.namespace : i.endpointsNamespace,
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
      metadata: i.name === undefined ? undefined : { name: i.name },
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

// --- the StorageClass: heketi parameters, HeketiCredentials.fromPassword / fromSecret ----------------

const resturl = mostly(
  fc.oneof(
    fc.constantFrom('http://heketi.storage.svc:8080', 'https://heketi.example.com', 'http://127.0.0.1:8081', 'http://[fd00::5]:8080'),
    fc.tuple(fc.constantFrom('http', 'https'), dnsSubdomain, fc.integer({ min: 1, max: 65535 })).map(([s, h, p]) => `${s}://${h}:${p}`),
  ),
  fc.oneof(fc.constantFrom('', 'heketi.storage.svc:8080', 'ftp://heketi:8080', 'http://', '10.0.0.5:8080'), garbage.filter(pyYamlReadable)),
  10,
);
const heketiSecret = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.record({ password: secretValue, name: opt(mostly(dnsSubdomain, badName)), wrong: wrongField(['password', 'metadata'], 8) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      existing: mostly(dnsSubdomain, fc.oneof(fc.constant(''), badName)),
      // a Secret named by name only has no namespace the app knows: mostly given
      namespace: fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 6, arbitrary: mostly(dnsLabel, badName) }),
      wrong: wrongField(['secret', 'namespace'], 8),
    }),
  },
);
type HeketiDesc = typeof heketiSecret extends fc.Arbitrary<infer T> ? T : never;

function buildHeketi(chart: Chart, d: HeketiDesc): HeketiCredentials | undefined {
  if (d === undefined) return undefined;
  if ('existing' in d) {
    return HeketiCredentials.fromSecret(withWrong({ secret: kplus.Secret.fromSecretName(chart, 'Existing', d.existing), namespace: d.namespace }, d.wrong) as any);
  }
  const metadata = d.name === undefined ? undefined : { name: d.name };
  return HeketiCredentials.fromPassword(withWrong({ password: d.password, metadata }, d.wrong) as any);
}

const volumeType = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replicate' as const), counts: fc.tuple(mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 4, -1, 2.5), 10)) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('disperse' as const),
      counts: mostly(
        fc.constantFrom<[number, number]>([2, 1], [4, 2], [8, 3], [8, 4]),
        fc.constantFrom<[number, number]>([4, 0], [0, 0], [3, 1], [6, 2], [-1, 1]),
        6,
      ),
    }),
  },
);
type VolumeTypeDesc = typeof volumeType extends fc.Arbitrary<infer T> ? T : never;

function buildVolumeType(d: VolumeTypeDesc): GlusterVolumeType | undefined {
  if (d === undefined) return undefined;
  if (d.kind === 'none') return GlusterVolumeType.NONE;
  if (d.kind === 'replicate') return GlusterVolumeType.replicate(d.counts[0]);
  return GlusterVolumeType.disperse(d.counts[0], d.counts[1]);
}

const gid = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.oneof(fc.integer({ min: 2000, max: 2147483647 }), fc.constantFrom(2000, 40000, 50000, 2147483647)) },
  { weight: 1, arbitrary: fc.constantFrom(1999, 0, -1, 2147483648, 2500.5) },
);
const clusterId = mostly(hex(32).map((h) => h.toLowerCase()), fc.oneof(fc.constantFrom('', 'a,b', 'cluster one', '630372CCDC720A92C681FB928F27B53F'), hex(31)), 10);
const optionName = fc.constantFrom('client.ssl', 'server.ssl', 'performance.cache-size', 'group', 'auth.allow');
const optionValue = mostly(fc.constantFrom('on', 'off', '256MB', 'metadata-cache', '10.0.0.1'), fc.constantFrom('', ' ', '10.0.0.1,10.0.0.2'), 10);
const CLASS_KEYS = ['resturl', 'restuser', 'secret', 'clusterIds', 'gidMin', 'gidMax', 'volumeType', 'volumeOptions', 'volumeNamePrefix', 'snapFactor',
  'customEpNamePrefix', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion', 'mountOptions', 'metadata', 'kubernetesVersion'];

export const glusterStorageClass: Family<any> = {
  name: 'GlusterStorageClass',
  input: fc.record({
    targeting,
    // now and then a chart without namespace: a created Secret's namespace is then unknown
    namespace: fc.oneof({ weight: 8, arbitrary: namespace }, { weight: 1, arbitrary: fc.constant(undefined) }),
    name: opt(mostly(dnsSubdomain, badName)),
    resturl,
    restuser: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 10, arbitrary: fc.constant('admin') }, { weight: 1, arbitrary: fc.constantFrom('user', 'bob', '') }),
    secret: heketiSecret,
    clusterIds: opt(fc.array(clusterId, { maxLength: 2 })),
    gidMin: gid,
    gidMax: gid,
    volumeType,
    volumeOptions: opt(fc.dictionary(mostly(optionName, fc.constantFrom('client ssl', 'a,b'), 10), optionValue, { maxKeys: 2 })),
    volumeNamePrefix: opt(mostly(fc.stringMatching(/^[a-z][-a-z0-9]{0,10}$/), fc.constantFrom('', 'dept_dev', 'dept.dev', 'Dept Dev'), 12)),
    snapFactor: opt(mostly(
      fc.oneof(fc.integer({ min: 1, max: 100 }), fc.double({ min: 1, max: 100, noNaN: true })),
      fc.constantFrom(0.5, 0, 101, -1, Number.NaN),
      12,
    )),
    customEpNamePrefix: opt(mostly(fc.stringMatching(/^[a-z][-a-z0-9]{0,20}$/), fc.constantFrom('', 'Glu', '1abc', 'x'.repeat(27), 'a_b'), 12)),
    reclaimPolicy: opt(fc.constantFrom(kplus.PersistentVolumeReclaimPolicy.DELETE, kplus.PersistentVolumeReclaimPolicy.RETAIN)),
    volumeBindingMode: opt(fc.constantFrom(...Object.values(VolumeBindingMode))),
    allowVolumeExpansion: opt(fc.boolean()),
    mountOptions: opt(fc.array(fc.constantFrom('log-level=WARNING', 'acl'), { maxLength: 2 })),
    claim: fc.boolean(),
    wrong: wrongField(CLASS_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const sc = new GlusterStorageClass(chart, 'Class', withWrong({
      metadata: i.name === undefined ? undefined : { name: i.name },
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
      resturl: i.resturl,
      restuser: i.restuser,
      credentials: buildHeketi(chart, i.secret),
      clusterIds: i.clusterIds,
      gidMin: i.gidMin,
      gidMax: i.gidMax,
      volumeType: buildVolumeType(i.volumeType),
      volumeOptions: i.volumeOptions,
      volumeNamePrefix: i.volumeNamePrefix,
      snapFactor: i.snapFactor,
      customEpNamePrefix: i.customEpNamePrefix,
      reclaimPolicy: i.reclaimPolicy,
      volumeBindingMode: i.volumeBindingMode,
      allowVolumeExpansion: i.allowVolumeExpansion,
      mountOptions: i.mountOptions,
    }, i.wrong) as any);
    if (i.claim) sc.createClaim(chart, 'Claim', { storage: buildSize({ unit: 'Gi', amount: 10 })!, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
  },
};

// --- why the library refuses some inputs kube-apiserver accepts ----------------------------------

const K8S = 'k8s.io/kubernetes v1.37.2';
/**
 * The in-tree plugin, removed in 1.26 (kubernetes/kubernetes PR #112015), so not in the 1.37 module
 * cache. The functions cited were read in a stored pre-1.25 copy of the file (v1.14 era: NewMounter,
 * getEndpointNameAndNamespace, setUpAtInternal, parseClassParameters, CreateVolume); the v1.25 copy
 * in shared/reference ([P-gl]) describes the same behaviour.
 */
const PLUGIN = 'kubernetes/kubernetes pkg/volume/glusterfs/glusterfs.go (up to v1.25)';
const HEKETI = 'github.com/heketi/heketi';
const DOCS = 'https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs';

/** Where the library refuses GlusterFS inputs kube-apiserver accepts, and why. */
export const stricter: Stricter[] = [
  {
    path: /^(?:subsets|volumes\[[^\]]*\]\.glusterfs|spec\.glusterfs|provisioner)$/,
    line: /in-tree glusterfs was removed in 1\.26/,
    reason: 'kube-apiserver keeps accepting the glusterfs fields (it only warns "non-functional in v1.26+"), but from 1.26 no kubelet has the glusterfs plugin ' +
      'and no kube-controller-manager the kubernetes.io/glusterfs provisioner: a volume of it never mounts, a claim of the class is never provisioned, and the Endpoints serve nothing',
    source: `kubernetes/kubernetes PR #112015 (removal in 1.26); ${K8S} has no pkg/volume/glusterfs; pkg/api/pod/warnings.go ("non-functional in v1.26+")`,
  },
  {
    path: /^subsets\[0\]\.addresses\[\d+\]\.ip$/,
    line: /must not have leading 0s|must not be an IPv4-mapped IPv6 address/,
    reason: 'the glusterfs plugin hands the address text to mount.glusterfs as the volfile server, and glusterfs resolves it with getaddrinfo, whose inet_aton reads ' +
      'a leading 0 as octal (010.0.0.1 is 8.0.0.1), another host than kube-apiserver\'s decimal reading; an IPv4-mapped IPv6 address is IPv4 to Go (EndpointSlice mirroring) ' +
      'and IPv6 to the Gluster client. kube-apiserver emulating 1.34 and 1.35 accepts both with a warning; from 1.36 (StrictIPCIDRValidation) it refuses them',
    source: `${PLUGIN} setUpAtInternal (mount ip+":"+path, backup-volfile-servers); ${K8S} pkg/features/kube_features.go StrictIPCIDRValidation (beta 1.36); KEP-4858; inet_aton(3)`,
  },
  {
    path: /^metadata\.name$/,
    line: /a DNS-1035 label must consist of .*; the Endpoints take the Service's name/,
    reason: 'kube-apiserver of the versions GlusterFS exists in (1.24, 1.25) validates a Service\'s name as a DNS-1035 label (it must start with a letter); ' +
      'the DNS-1123 label rule of newer servers comes with the RelaxedServiceNameValidation gate (alpha 1.34, beta 1.36): at the target the Service is refused',
    source: `${K8S} pkg/apis/core/validation/validation.go ValidateService (KEP-5311), pkg/features/kube_features.go RelaxedServiceNameValidation`,
  },
  {
    path: /^spec\.glusterfs\.endpointsNamespace$/,
    line: /are in namespace "[^"]*": leave endpointsNamespace unset/,
    reason: 'the glusterfs plugin reads the Endpoints named by the volume from endpointsNamespace: the cluster\'s Endpoints are in another namespace, ' +
      'so the mount fails ("failed to get endpoint")',
    source: `${PLUGIN} NewMounter / getEndpointNameAndNamespace`,
  },
  {
    path: /^volumes\[[^\]]*\]\.glusterfs\.endpoints$/,
    line: /the glusterfs plugin reads them from the Pod's namespace/,
    reason: 'the glusterfs plugin reads an inline volume\'s Endpoints from the Pod\'s namespace: Endpoints in another namespace are never found and the mount fails',
    source: `${PLUGIN} getEndpointNameAndNamespace (spec.Volume: defaultNamespace = pod.Namespace)`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /the glusterfs plugin serves these/,
    reason: 'the glusterfs plugin serves ReadWriteOnce, ReadOnlyMany and ReadWriteMany (GetAccessModes); ReadWriteOncePod is documented for CSI volumes only',
    source: `${PLUGIN} GetAccessModes; https://v1-25.docs.kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /the glusterfs plugin mounts a Gluster volume as a filesystem/,
    reason: 'the glusterfs plugin is no BlockVolumePlugin: the kubelet finds no mapper for a Block volume and the Pod never starts',
    source: `${PLUGIN} (implements VolumePlugin, PersistentVolumePlugin, … but not BlockVolumePlugin); ${K8S} pkg/volume/util/operationexecutor/operation_generator.go GenerateMapVolumeFunc`,
  },
  {
    path: /^stringData\[key\]$/,
    line: /Required value: give the Heketi user's password/,
    reason: 'a Heketi password is only used by a Heketi with authentication on, whose keys are never empty (NewJwtAuth): a token signed with an empty password is refused, ' +
      'and every claim of the class fails to provision',
    source: `${HEKETI} middleware/jwt.go NewJwtAuth, ServeHTTP; ${PLUGIN} parseSecret`,
  },
  {
    path: /^parameters\[resturl\]$/,
    line: /the Heketi REST URL|must be an http or https URL/,
    reason: 'the provisioner refuses a class without resturl ("must contain \'resturl\' parameter"), and Heketi\'s Go client sends every request to resturl + path with net/http, ' +
      'which speaks http and https only: a URL without that scheme and a host fails every provisioning',
    source: `${PLUGIN} parseClassParameters; ${HEKETI} client/api/go-client/client.go; ${DOCS}`,
  },
  {
    path: /^parameters\[restuser\]$/,
    line: /Heketi checks the password in secretName|Heketi knows the users/,
    reason: 'with a password the provisioner signs a Heketi token whose issuer is restuser; Heketi with authentication refuses a token without issuer ("Token missing iss claim") ' +
      'and knows only "admin" and "user", and "user" may call POST /volumes only, not the cluster and node reads the provisioner makes after creating the volume ("Administrator access required")',
    source: `${HEKETI} middleware/jwt.go ServeHTTP, apps/glusterfs/app_middleware.go Auth; ${PLUGIN} CreateVolume (getClusterNodes)`,
  },
  {
    path: /^parameters\[(?:secretName|secretNamespace)\]$/,
    line: /the provisioner reads the Secret from this namespace|give the existing Secret|RFC 1123 (?:subdomain|label)|must be no more than (?:63|253) characters|Required value$/,
    reason: 'the provisioner needs secretName and secretNamespace both or neither ("must have secretNamespace and secretName either both set or both empty") ' +
      'and reads the Secret by that name from that namespace: a name no Secret and a namespace no namespace can have is never found; ' +
      'HeketiCredentials.fromSecret without a Secret names none, and the class would reach Heketi without the password meant for it',
    source: `${PLUGIN} parseClassParameters, parseSecret (volutil.GetSecretForPV)`,
  },
  {
    path: /^parameters\[clusterid\]$/,
    line: /must be a Heketi cluster id/,
    reason: 'the provisioner splits clusterid at commas and asks Heketi for a volume in those clusters; Heketi ids are 32 lower-case hex digits (hex.EncodeToString of 16 random bytes) ' +
      'and VolumeCreate refuses an id it does not know ("Cluster id … not found")',
    source: `${PLUGIN} CreateVolume (strings.Split(clusterID, ",")); ${HEKETI} pkg/idgen/id.go GenUUID, apps/glusterfs/app_volume.go VolumeCreate`,
  },
  {
    path: /^parameters\[(?:gidMin|gidMax)\]$/,
    line: /between 2000 and 2147483647|must be at least gidMin/,
    reason: 'the provisioner refuses a gidMin or gidMax outside 2000–2147483647 or not a whole number, and gidMax below gidMin ("must have gidMax value >= gidMin"): ' +
      'no claim of the class is provisioned',
    source: `${PLUGIN} parseClassParameters, convertGid`,
  },
  {
    path: /^parameters\[volumetype\]$/,
    line: /brick counts must be whole numbers|must be replicate:1 to replicate:3|the disperse layouts Heketi creates/,
    reason: 'the provisioner parses the counts with strconv.Atoi and refuses negative ones; Heketi\'s VolumeCreate refuses a replica count above 3 ("Invalid replica value") ' +
      'and disperse layouts other than 2+1, 4+2, 8+3 and 8+4 ("Invalid dispersion combination")',
    source: `${PLUGIN} parseClassParameters, convertVolumeParam; ${HEKETI} apps/glusterfs/app_volume.go VolumeCreate`,
  },
  {
    path: /^parameters\[volumeoptions\]$/,
    line: /each option is "<name> <value>"/,
    reason: 'the provisioner splits volumeoptions at commas, and Heketi runs "gluster volume set <volume> <option>" for each: a value with a comma is cut in two, ' +
      'a name with a space or an option without a value is no "<name> <value>" gluster accepts, and the volume is not created',
    source: `${PLUGIN} parseClassParameters (strings.Split(…, ",")); ${HEKETI} executors/cmdexec/volume.go createVolumeOptionsCommand`,
  },
  {
    path: /^parameters\[volumenameprefix\]$/,
    line: /must not contain '_'|Heketi refuses other characters in a volume name/,
    reason: 'the provisioner refuses a prefix with \'_\' ("should not contain \'_\'") and names the volume <prefix>_<namespace>_<claim>_<uuid>; ' +
      'Heketi refuses a volume name with other characters than letters, digits, \'_\' and \'-\' (volumeNameRe)',
    source: `${PLUGIN} parseClassParameters, CreateVolume; ${HEKETI} pkg/glusterfs/api/types.go volumeNameRe, VolumeCreateRequest.Validate`,
  },
  {
    path: /^parameters\[snapfactor\]$/,
    line: /must be between 1 and 100, inclusive/,
    reason: 'the provisioner and Heketi refuse a snapshot factor outside 1–100 ("the value must be between 1 to 100", "Invalid snapshot factor")',
    source: `${PLUGIN} parseClassParameters; ${HEKETI} apps/glusterfs/app_volume.go VolumeCreate`,
  },
  {
    path: /^parameters\[customepnameprefix\]$/,
    line: /must be no more than 26 characters|<prefix>-<claim UID> is a Service name/,
    reason: 'the provisioner refuses a prefix over 26 characters and names the Endpoints and Service of each claim <prefix>-<claim UID> (or the bare UID for an empty prefix): ' +
      'a Service name must be a DNS-1035 label, so a prefix that does not start with a lower-case letter or holds other characters fails to create them',
    source: `${PLUGIN} parseClassParameters (maxCustomEpNamePrefixLen = 26), CreateVolume, createEndpointService`,
  },
];
