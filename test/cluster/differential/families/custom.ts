import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import fc from 'fast-check';
import { CustomPersistentVolume, CustomVolume, IVolumeSource, VolumeSourceBinding } from '../../../../src';
import { namespace, versionName } from '../../../helpers/arbitraries';
import { Family } from '../framework';
import { Stricter } from '../stricter';

/*
 * Sources of the user's own (IVolumeSource), carried by CustomPersistentVolume and CustomVolume.
 * The library checks what a source binds against the generated k8s types and kube-apiserver's
 * one-source rule, and leaves a plugin's own rules to the source (its problems): so the sources
 * drawn here are valid to kube-apiserver as plugins (absolute paths, a LUN with its WWNs), and the
 * mutations are the library's to judge: a field the type does not declare, the manifest's spelling
 * in code, a value of another type, a required field left out, a second source, none, the
 * volume's own fields in the source, a Pod volume of another name, a local volume without node
 * affinity.
 */

type Kind = 'hostPath' | 'local' | 'fc' | 'nfs' | 'csi' | 'emptyDir';
const PV_KINDS: readonly Kind[] = ['hostPath', 'local', 'fc', 'nfs', 'csi'];
const POD_KINDS: readonly Kind[] = ['hostPath', 'fc', 'nfs', 'csi', 'emptyDir'];

/** A valid source of each kind (code names), from a few drawn values. */
const sourceOf = (kind: Kind, inPv: boolean): fc.Arbitrary<Record<string, unknown>> => {
  switch (kind) {
    case 'hostPath':
      return fc.record({ path: fc.constantFrom('/srv/data', '/var/lib/app'), type: fc.constantFrom(undefined, '', 'Directory', 'DirectoryOrCreate') });
    case 'local': return fc.record({ path: fc.constantFrom('/mnt/disks/ssd1', '/mnt/nvme0'), fsType: fc.constantFrom(undefined, 'ext4', 'xfs') });
    case 'fc': return fc.oneof(
      fc.record({
        targetWwNs: fc.constant(['500a0982991b8dc5']),
        lun: fc.integer({ min: 0, max: 255 }),
        fsType: fc.constantFrom(undefined, 'xfs'),
        readOnly: fc.constantFrom(undefined, true, false),
      }),
      fc.record({ wwids: fc.constant(['3600508b400105e210000900000490000']) }),
    );
    case 'nfs':
      return fc.record({ server: fc.constantFrom('nfs.example.com', '10.0.0.5'), path: fc.constantFrom('/exports', '/exports/data'), readOnly: fc.constantFrom(undefined, true) });
    case 'csi': return inPv
      ? fc.record({
        driver: fc.constant('block.csi.example.com'),
        volumeHandle: fc.constantFrom('vol-1', 'pool/image'),
        fsType: fc.constantFrom(undefined, 'ext4'),
        volumeAttributes: fc.constantFrom(undefined, { tier: 'gold' }),
      })
      : fc.record({ driver: fc.constant('inline.csi.example.com'), volumeAttributes: fc.constantFrom(undefined, { size: '1Gi' }) });
    default: return fc.record({ medium: fc.constantFrom(undefined, '', 'Memory'), sizeLimit: fc.constantFrom(undefined, k8s.Quantity.fromString('64Mi')) });
  }
};

/** Fields of each kind by declared type (scalars only: a list of another type cannot be written at all, and is the shapes' test's). */
interface KindFields {
  readonly strings: readonly string[];
  readonly numbers: readonly string[];
  readonly booleans: readonly string[];
  readonly required: readonly string[];
}
const SCALARS: Record<Kind, KindFields> = {
  hostPath: { strings: ['path', 'type'], numbers: [], booleans: [], required: ['path'] },
  local: { strings: ['path', 'fsType'], numbers: [], booleans: [], required: ['path'] },
  fc: { strings: ['fsType'], numbers: ['lun'], booleans: ['readOnly'], required: [] },
  nfs: { strings: ['server', 'path'], numbers: [], booleans: ['readOnly'], required: ['server', 'path'] },
  csi: { strings: ['driver', 'fsType'], numbers: [], booleans: ['readOnly'], required: ['driver'] },
  emptyDir: { strings: ['medium'], numbers: [], booleans: [], required: [] },
};

type Mutation =
  | { readonly m: 'none' }
  | { readonly m: 'unknown' }
  | { readonly m: 'spelling' }
  | { readonly m: 'wrongType'; readonly pick: number; readonly value: number }
  | { readonly m: 'dropRequired'; readonly pick: number }
  | { readonly m: 'second' }
  | { readonly m: 'none-given' }
  | { readonly m: 'own' }
  | { readonly m: 'rename' }
  | { readonly m: 'noAffinity' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ m: 'none' as const }) },
  ...(['unknown', 'spelling', 'second', 'none-given', 'own', 'rename', 'noAffinity'] as const).map((m) => ({ weight: 1, arbitrary: fc.constant({ m }) })),
  { weight: 2, arbitrary: fc.record({ m: fc.constant('wrongType' as const), pick: fc.nat(), value: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ m: fc.constant('dropRequired' as const), pick: fc.nat() }) },
);

const carrier = fc.constantFrom('pv' as const, 'pod' as const).chain((c) => fc.record({
  carrier: fc.constant(c),
  kind: fc.constantFrom(...(c === 'pv' ? PV_KINDS : POD_KINDS)),
}));

const WRONG_FOR: Record<'strings' | 'numbers' | 'booleans', readonly unknown[]> = {
  strings: [7, true, ['a'], { a: 'b' }],
  numbers: ['1', 1.5, true, [1]],
  booleans: ['yes', 1, ['true']],
};

/** The source with the mutation applied (what the user's bind returns for it). */
function mutate(kind: Kind, source: Record<string, unknown>, mu: Mutation): Record<string, unknown> {
  const s = { ...source };
  const facts = SCALARS[kind];
  switch (mu.m) {
    case 'unknown':
      s.bogus = 'x';
      break;
    case 'spelling':
      if (kind === 'fc') s.targetWWNs = ['500a0982991b8dc6'];
      else s.fs_type = 'ext4';
      break;
    case 'wrongType': {
      const groups = (['strings', 'numbers', 'booleans'] as const).flatMap((g) => facts[g].map((f) => [g, f] as const));
      const [g, f] = groups[mu.pick % groups.length];
      s[f] = WRONG_FOR[g][mu.value % WRONG_FOR[g].length];
      break;
    }
    case 'dropRequired':
      if (facts.required.length > 0) delete s[facts.required[mu.pick % facts.required.length]];
      break;
    default:
      break;
  }
  return s;
}

export const customSources: Family<any> = {
  name: 'CustomPersistentVolume and CustomVolume (sources of the user\'s own)',
  input: carrier.chain(({ carrier: c, kind }) => fc.record({
    version: versionName,
    namespace,
    carrier: fc.constant(c),
    kind: fc.constant(kind),
    source: sourceOf(kind, c === 'pv'),
    mutation,
  })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const inPv = i.carrier === 'pv';
    const kind = i.kind as Kind;
    const mu = i.mutation as Mutation;
    const value = mutate(kind, i.source, mu);
    const second = inPv ? (kind === 'nfs' ? { hostPath: { path: '/srv/x' } } : { nfs: { server: 'nfs.example.com', path: '/x' } })
      : (kind === 'emptyDir' ? { hostPath: { path: '/srv/x' } } : { emptyDir: {} });
    const content = mu.m === 'none-given' ? {} : { [kind]: value, ...(mu.m === 'second' ? second : {}), ...(mu.m === 'own' && inPv ? { storageClassName: 'x' } : {}) };
    const source: IVolumeSource = {
      bind: (_scope, o): VolumeSourceBinding => (inPv
        ? { persistentVolumeSpec: content as k8s.PersistentVolumeSpec }
        : { volume: { ...content, name: mu.m === 'rename' ? 'other' : o.name } as k8s.Volume }),
    };
    if (inPv) {
      const affinity = kind === 'local' && mu.m !== 'noAffinity';
      new CustomPersistentVolume(chart, 'Pv', {
        metadata: { name: 'pv' },
        source,
        storage: Size.gibibytes(1),
        nodeAffinity: affinity ? [{ matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: ['node-1'] }] }] : undefined,
      });
    } else {
      const pod = new kplus.Pod(chart, 'Pod', { containers: [{ image: 'busybox:1.36', securityContext: { ensureNonRoot: false } }] });
      pod.containers[0].mount('/data', new CustomVolume(chart, 'Data', { name: 'data', source }));
    }
  },
};

export const stricter: readonly Stricter[] = [
  {
    path: /^(?:spec|volumes\[data\])\.\w+\.\w+$/,
    line: /Forbidden: (?:unknown field: |the generated k8s types spell this field)/,
    reason: 'a field the generated k8s type does not declare: the converter every volume is written through drops it, so the YAML would lose it without a word ' +
      '(a manifest that holds it is refused by strict decoding: unknown field)',
    source: 'cdk8s-plus-27 k8s.toJson_* (src/imports/k8s.ts there): each writes the fields its type declares',
  },
  {
    path: /^spec\.\w+$/,
    line: /Forbidden: the PersistentVolume's own field, set in its props/,
    reason: 'the source set a field of the PersistentVolume itself: the carrier writes that field from its props, and would drop the source\'s value without a word',
    source: 'src/core/objects/persistent.ts (_renderSpec writes the source\'s field only)',
  },
  {
    path: /^volumes\[data\]$/,
    line: /Required value: must specify a volume type/,
    reason: 'a Pod volume the source bound no source field for: kube-apiserver defaults it to an emptyDir, so the Pod would get an empty scratch directory instead of the storage, without a word',
    source: 'k8s.io/kubernetes pkg/apis/core/v1/defaults.go, SetDefaults_Volume (v1.37)',
  },
  {
    path: /^volumes\[data\]\.name$/,
    line: /must be the volume's name, options\.name/,
    reason: 'the source named the Pod volume otherwise: the carrier writes its own name (the one mounts refer to), and would drop the source\'s without a word',
    source: 'src/core/objects/storage-volume.ts (the Pod volume is written with the carrier\'s name)',
  },
];
