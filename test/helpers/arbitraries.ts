import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { FsType, IscsiCredentials, KubernetesVersion, VolumeBindingMode, VolumeImplementation } from '../../src';

/*
 * Arbitraries for the property tests and the referee's differential test. They produce plain
 * descriptors (strings, numbers, records) so that a counterexample prints readably; `build*`
 * turns them into library objects inside the run.
 */

/** Valid values most of the time, so that whole cases are valid often enough. */
export const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>, validWeight = 15): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: 1, arbitrary: invalid as fc.Arbitrary<T | U> });

/** An optional prop, left out one time in five. */
export const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });

export const garbage = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.fullUnicodeString({ maxLength: 8 }),
  fc.constantFrom('', ' ', '\n', 'a b', 'tab\there', '-', '.', '..', 'UPPER', 'under_score', 'ünïcødé', '\u2028', '\uFFFE', 'a'.repeat(300)),
);

/**
 * kubernetes-validate reads YAML with PyYAML, which refuses two things Kubernetes' own reader
 * (sigs.k8s.io/yaml) accepts: a tab inside a plain scalar, and a plain `<<` as a value. Free-form
 * values that reach a manifest leave them out, so that a schema failure means a bad manifest.
 * Keys keep `<<`: a `<<:` key fails in Kubernetes too.
 */
export const pyYamlReadable = (s: string) => !s.includes('\t') && s !== '<<';

export const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
export const dnsSubdomain = fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
export const badName = fc.oneof(
  garbage,
  fc.constantFrom('Upper', 'has_underscore', '-lead', 'trail-', 'dot..dot', 'x'.repeat(64), 'y'.repeat(254)),
);

export const octet = fc.integer({ min: 0, max: 255 });
export const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
export const port = fc.oneof(fc.constant(3260), fc.integer({ min: 1, max: 65535 }));
export const badPort = fc.constantFrom(0, 65536, 99999, -1, '', 'x', '32 60', '+3260');
export const hexGroup = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
export const validIpv6 = fc.oneof(
  fc.array(hexGroup, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
  fc.tuple(fc.array(hexGroup, { maxLength: 3 }), fc.array(hexGroup, { maxLength: 3 })).map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
  fc.constantFrom('::1', 'fd00::1', '::ffff:10.0.0.1'),
);
/** Not IPv6 addresses, though they look like one. */
export const notIpv6 = fc.constantFrom('fe80::1%eth0', '1::2::3', '12345::1', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', ':::', '::ffff:300.0.0.1');
export const hostname = fc.oneof({ weight: 4, arbitrary: dnsSubdomain }, { weight: 1, arbitrary: fc.constantFrom('SAN.Example.COM', 'storage-1', 'a1.b2') });

export const validPortal = fc.oneof(
  { weight: 3, arbitrary: ipv4 },
  { weight: 4, arbitrary: fc.tuple(ipv4, port).map(([h, p]) => `${h}:${p}`) },
  { weight: 2, arbitrary: fc.tuple(validIpv6, port).map(([h, p]) => `[${h}]:${p}`) },
  { weight: 2, arbitrary: hostname },
  { weight: 2, arbitrary: fc.tuple(hostname, port).map(([h, p]) => `${h}:${p}`) },
);
export const invalidPortal = fc.oneof(
  fc.oneof(validIpv6, notIpv6), // bare IPv6: the kubelet would glue the default port onto it
  validIpv6.map((h) => `[${h}]`),
  fc.tuple(notIpv6, port).map(([h, p]) => `[${h}]:${p}`),
  fc.tuple(fc.oneof(ipv4, hostname), badPort).map(([h, p]) => `${h}:${p}`),
  garbage,
  fc.constantFrom('', '10.0.0.1:', ':3260', '10.0.0.1:3260:1', '[10.0.0.1]:3260', 'host:port', 'a..b', '-host', '123', '1.2.3', '999.1.1.1', '256.0.0.1:3260'),
);
export const targetPortal = mostly(validPortal, invalidPortal, 12);

export const year = fc.integer({ min: 1990, max: 2030 }).map(String);
export const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
export const iqnName = fc.stringMatching(/^[a-z0-9][-a-z0-9.:]{0,20}$/);
export const hex = (n: number) => fc.array(fc.constantFrom(...'0123456789ABCDEFabcdef'), { minLength: n, maxLength: n }).map((c) => c.join(''));
export const validIqn = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(year, month, dnsSubdomain, iqnName).map(([y, m, d, n]) => `iqn.${y}-${m}.${d}:${n}`) },
  { weight: 1, arbitrary: hex(16).map((h) => `eui.${h}`) },
  { weight: 1, arbitrary: hex(32).map((h) => `naa.${h}`) },
);
export const nearMissIqn = fc.oneof(
  fc.tuple(year, dnsSubdomain).map(([y, d]) => `iqn.${y}-4.${d}:disk`),
  fc.tuple(year, month, dnsSubdomain).map(([y, m, d]) => `iqn.${y}-${m}.${d}`),
  fc.tuple(year, month, dnsSubdomain).map(([y, m, d]) => `iqn.${y}-${m}.${d}:disk name`),
  fc.tuple(year, month, dnsSubdomain).map(([y, m, d]) => `IQN.${y}-${m}.${d}:disk`),
  hex(15).map((h) => `eui.${h}`),
  hex(33).map((h) => `naa.${h}`),
  garbage,
);
export const iqn = mostly(validIqn, nearMissIqn, 12);

export const lun = fc.option(
  mostly(
    fc.integer({ min: 0, max: 255 }),
    fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.integer({ min: 256, max: 100000 }), fc.double({ min: -10, max: 300, noNaN: true }),
      fc.constantFrom(0.5, 255.5, Number.NaN, Number.POSITIVE_INFINITY)),
  ),
  { nil: undefined },
);

export type FsTypeDesc = 'EXT4' | 'XFS' | 'EXT3' | 'NTFS' | { of: string };
export const fsType: fc.Arbitrary<FsTypeDesc | undefined> = opt(mostly(
  fc.oneof(fc.constantFrom<FsTypeDesc>('EXT4', 'XFS', 'EXT3', 'NTFS'), fc.constantFrom('btrfs', 'ext2').map((of) => ({ of }))),
  fc.oneof(fc.constant(''), garbage.filter(pyYamlReadable)).map((of) => ({ of })),
));

export function buildFsType(d: FsTypeDesc | undefined): FsType | undefined {
  if (d === undefined) return undefined;
  return typeof d === 'string' ? FsType[d] : FsType.of(d.of);
}

export const secretValue = mostly(fc.string({ minLength: 1, maxLength: 16 }).filter(pyYamlReadable), fc.constant(''), 25);
export const chapCredentials = fc.record({
  username: secretValue,
  password: secretValue,
  usernameIn: opt(secretValue),
  passwordIn: opt(secretValue),
}, { requiredKeys: ['username', 'password'] });

export type ChapCredentialsDesc = typeof chapCredentials extends fc.Arbitrary<infer T> ? T : never;
export type ChapDesc =
  | { existing: string; namespace?: string }
  | { discovery?: ChapCredentialsDesc; session?: ChapCredentialsDesc; name?: string };
export const chapSecret: fc.Arbitrary<ChapDesc | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.record({
      existing: mostly(dnsSubdomain, fc.oneof(fc.constant(''), badName)),
      namespace: opt(mostly(dnsLabel, badName)),
    }, { requiredKeys: ['existing'] }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      discovery: opt(chapCredentials),
      session: opt(chapCredentials),
      name: opt(mostly(dnsSubdomain, badName)),
    }, { requiredKeys: [] }),
  },
);

export function buildChap(scope: Chart, d: ChapDesc | undefined): IscsiCredentials | undefined {
  if (d === undefined) return undefined;
  if ('existing' in d) return IscsiCredentials.fromSecret(kplus.Secret.fromSecretName(scope, 'ExistingChap', d.existing), { namespace: d.namespace });
  return IscsiCredentials.fromChap({
    discovery: d.discovery,
    session: d.session,
    metadata: d.name === undefined ? undefined : { name: d.name },
  });
}

export const implementation = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(VolumeImplementation)) },
);
export const versionName = fc.constantFrom(...KubernetesVersion.all().map((v) => v.name));

/** The fields IscsiVolume and IscsiPersistentVolume share, as descriptors. */
export const iscsiSource = fc.record({
  targetPortal,
  iqn,
  lun,
  portals: opt(fc.array(mostly(validPortal, invalidPortal, 30), { maxLength: 3 })),
  iscsiInterface: opt(mostly(fc.constantFrom('default', 'iface0', 'bnx2i.00:0a:f7:00:00:01'), fc.constant(''), 25)),
  initiatorName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: iqn }),
  fsType,
  readOnly: opt(fc.boolean()),
  chapAuthDiscovery: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() }),
  chapAuthSession: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() }),
  chapSecret,
  implementation,
});
export type IscsiSourceDesc = typeof iscsiSource extends fc.Arbitrary<infer T> ? T : never;

export function buildSource(scope: Chart, d: IscsiSourceDesc) {
  return {
    targetPortal: d.targetPortal,
    iqn: d.iqn,
    lun: d.lun,
    portals: d.portals,
    iscsiInterface: d.iscsiInterface,
    initiatorName: d.initiatorName,
    fsType: buildFsType(d.fsType),
    readOnly: d.readOnly,
    chapAuthDiscovery: d.chapAuthDiscovery,
    chapAuthSession: d.chapAuthSession,
    credentials: buildChap(scope, d.chapSecret),
    implementation: d.implementation,
  };
}

/** How the case sets its target: through app context, or the construct's own prop. */
export const targeting = fc.record({ version: versionName, viaContext: fc.boolean() });

export const namespace = fc.constantFrom('default', 'storage', 'db-1');

export const volumeName = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 10, arbitrary: dnsLabel },
  { weight: 1, arbitrary: badName },
);

export const size = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 25,
    arbitrary: fc.record({
      unit: fc.constantFrom<'Mi' | 'Gi'>('Mi', 'Gi'),
      amount: fc.oneof(
        { weight: 20, arbitrary: fc.integer({ min: 1, max: 4096 }) },
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.constantFrom(0.5, 0.25, 1.5, 0.1, 1 / 3, 1e-7) },
        { weight: 1, arbitrary: fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }) },
      ),
    }),
  },
);

export function buildSize(d: { unit: 'Mi' | 'Gi'; amount: number } | undefined): Size | undefined {
  if (d === undefined) return undefined;
  return d.unit === 'Mi' ? Size.mebibytes(d.amount) : Size.gibibytes(d.amount);
}

export const ISCSI_MODES = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY];
export const accessModes = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.shuffledSubarray(ISCSI_MODES, { minLength: 1 }) },
  { weight: 1, arbitrary: fc.shuffledSubarray(Object.values(kplus.PersistentVolumeAccessMode)) },
);

export const persistentVolume = fc.record({
  source: iscsiSource,
  targeting,
  namespace,
  name: opt(mostly(dnsSubdomain, badName)),
  storage: size,
  accessModes,
  volumeMode: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeMode))),
  storageClassName: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 6, arbitrary: dnsSubdomain },
    { weight: 1, arbitrary: badName },
  ),
  reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
  volumeHandle: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string().filter(pyYamlReadable) }),
  use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'reserve', 'mount'),
});

export const volume = fc.record({
  source: iscsiSource,
  targeting,
  namespace,
  name: volumeName,
});

export const labelKey = mostly(
  fc.oneof(
    fc.constantFrom('topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname'),
    fc.tuple(dnsSubdomain, fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/)).map(([p, n]) => `${p}/${n}`),
  ),
  fc.oneof(garbage, fc.constantFrom('/zone', 'example.com/', 'a/b/c', 'Bad_Prefix/zone', `${'z'.repeat(64)}`)),
  12,
);
export const topologyTerm = fc.record({
  matchLabelExpressions: fc.array(fc.record({
    key: labelKey,
    values: fc.oneof(
      { weight: 12, arbitrary: fc.uniqueArray(fc.oneof(fc.constantFrom('zone-a', 'zone-b', 'node-1'), fc.string({ maxLength: 8 }).filter(pyYamlReadable)), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom('zone-a', 'zone-b'), { maxLength: 3 }) }, // empty or with duplicates
    ),
  }), { maxLength: 3 }),
});

export const parameterKey = fc.oneof(
  { weight: 24, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9.\-_/]{0,15}$/) },
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '<<') }, // keys with a meaning in JS or YAML
  { weight: 2, arbitrary: fc.oneof(fc.constant(''), fc.string({ maxLength: 10 })) },
);
export const storageClass = fc.record({
  namespace,
  version: versionName,
  name: opt(mostly(dnsSubdomain, badName)),
  provisioner: mostly(
    fc.oneof(
      fc.constantFrom('kubernetes.io/no-provisioner', 'rbd.csi.ceph.com', 'iscsi.csi.k8s.io', 'ebs.csi.aws.com', 'Example.COM/My_Provisioner'),
      fc.tuple(dnsSubdomain, fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?$/)).map(([p, n]) => `${p}/${n}`),
    ),
    fc.oneof(garbage, fc.constantFrom('', '/x', 'x/', 'a/b/c', '-bad', 'p'.repeat(64), `${'q'.repeat(254)}/x`)),
    12,
  ),
  parameters: opt(fc.dictionary(parameterKey, fc.string({ maxLength: 20 }).filter(pyYamlReadable), { maxKeys: 5 })),
  reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
  volumeBindingMode: opt(fc.constantFrom(...Object.values(VolumeBindingMode))),
  allowVolumeExpansion: opt(fc.boolean()),
  mountOptions: opt(fc.array(fc.constantFrom('discard', 'noatime', 'nfsvers=4.1'), { maxLength: 3 })),
  allowedTopologies: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.array(topologyTerm, { maxLength: 3 }) }),
  isDefault: opt(fc.boolean()),
});

