import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { StorageClass, VolumeClaim } from '../../../../src';
import { badName, buildSize, dnsSubdomain, garbage, mostly, namespace, opt, size, storageClass, versionName } from '../../../helpers/arbitraries';
import { Family, withWrong, wrongField } from '../framework';

const SC_KEYS = ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion', 'mountOptions', 'allowedTopologies', 'isDefault', 'metadata'];

export const storageClassFamily: Family<any> = {
  name: 'StorageClass',
  input: fc.record({ s: storageClass, wrong: wrongField(SC_KEYS) }).map(({ s, wrong }) => ({ ...s, wrong })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    new StorageClass(chart, 'Class', withWrong({
      metadata: i.name === undefined ? undefined : { name: i.name },
      provisioner: i.provisioner,
      parameters: i.parameters,
      reclaimPolicy: i.reclaimPolicy,
      volumeBindingMode: i.volumeBindingMode,
      allowVolumeExpansion: i.allowVolumeExpansion,
      mountOptions: i.mountOptions,
      allowedTopologies: i.allowedTopologies,
      isDefault: i.isDefault,
    }, i.wrong) as any);
  },
};

const labelValue = mostly(fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,10}[a-z0-9])?$/), fc.oneof(garbage, fc.constant('v'.repeat(64))), 10);
const labelKey = mostly(fc.constantFrom('tier', 'app.kubernetes.io/name', 'example.com/disk'), fc.oneof(garbage, fc.constantFrom('/x', 'Bad Key', 'a/b/c')), 10);
const selector = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  fc.record({
    labels: opt(fc.dictionary(labelKey, labelValue, { maxKeys: 2 })),
    expressions: opt(fc.array(fc.record({
      key: labelKey,
      op: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.array(labelValue, { maxLength: 2 }),
    }), { maxLength: 2 })),
  }),
);

function buildSelector(d: any): kplus.LabelSelector | undefined {
  if (!d) return undefined;
  return kplus.LabelSelector.of({
    labels: d.labels,
    expressions: d.expressions?.map((e: any) => {
      switch (e.op) {
        case 'In': return kplus.LabelExpression.in(e.key, e.values);
        case 'NotIn': return kplus.LabelExpression.notIn(e.key, e.values);
        case 'Exists': return kplus.LabelExpression.exists(e.key);
        default: return kplus.LabelExpression.doesNotExist(e.key);
      }
    }),
  });
}

const CLAIM_KEYS = ['storage', 'accessModes', 'storageClassName', 'volumeMode', 'selector', 'metadata'];

export const volumeClaim: Family<any> = {
  name: 'VolumeClaim',
  input: fc.record({
    version: versionName,
    namespace,
    name: opt(mostly(dnsSubdomain, badName)),
    storage: size,
    accessModes: fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 8, arbitrary: fc.shuffledSubarray(Object.values(kplus.PersistentVolumeAccessMode), { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom('ReadWriteOnce'), garbage), { maxLength: 2 }) },
    ),
    storageClassName: fc.oneof(fc.constant(undefined), fc.constant(''), dnsSubdomain, badName),
    volumeMode: opt(fc.constantFrom('Filesystem', 'Block', 'block', '')),
    selector,
    wrong: wrongField(CLAIM_KEYS),
  }),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    new VolumeClaim(chart, 'Claim', withWrong({
      metadata: i.name === undefined ? undefined : { name: i.name },
      storage: buildSize(i.storage),
      accessModes: i.accessModes,
      storageClassName: i.storageClassName,
      volumeMode: i.volumeMode,
      selector: buildSelector(i.selector),
    }, i.wrong) as any);
  },
};
