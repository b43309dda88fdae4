import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KubernetesVersion, StorageClass, VolumeBindingMode, VolumeClaim } from '../src';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthValid } from './helpers';

// kube-apiserver's messages (apimachinery IsQualifiedName / IsDNS1123Subdomain), reference §4.4 and §4.5.
const SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const NAME_PART_MSG = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const QUALIFIED_MSG = 'a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')';

const ZONE = 'topology.kubernetes.io/zone';

/** `count` parameters p0 … p<count-1>, all with the value "v". */
function manyParameters(count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`p${i}`] = 'v';
  return out;
}

describe('StorageClass', () => {
  test('renders every field the user gave, with the default-class annotation', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      metadata: { name: 'fast' },
      provisioner: 'rbd.csi.ceph.com',
      parameters: { 'clusterID': 'prod', 'pool': 'kube', 'csi.storage.k8s.io/fstype': 'ext4' },
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: true,
      mountOptions: ['discard'],
      allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['eu-1a', 'eu-1b'] }] }],
      isDefault: true,
    });

    const docs = synthValid(chart);
    expect(kinds(docs)).toEqual(['StorageClass']);
    expect(only(docs, 'StorageClass')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'fast',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'rbd.csi.ceph.com',
      parameters: { 'clusterID': 'prod', 'pool': 'kube', 'csi.storage.k8s.io/fstype': 'ext4' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      mountOptions: ['discard'],
      allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['eu-1a', 'eu-1b'] }] }],
    });
  });

  test('defaults: reclaimPolicy Delete, volumeBindingMode Immediate, no annotation, no optional fields', () => {
    const chart = storageChart();
    const sc = new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com' });

    expect(sc.reclaimPolicy).toEqual(kplus.PersistentVolumeReclaimPolicy.DELETE);
    expect(sc.volumeBindingMode).toEqual(VolumeBindingMode.IMMEDIATE);
    expect(sc.isDefault).toBe(false);
    expect(sc.allowVolumeExpansion).toBeUndefined();
    expect(sc.parameters).toEqual({});
    expect(sc.mountOptions).toEqual([]);

    const doc = only(synthValid(chart), 'StorageClass');
    expect(doc).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: sc.name },
      provisioner: 'rbd.csi.ceph.com',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expect(sc.name).toMatch(/^test-fast-[0-9a-f]{8}$/);
  });

  test('isDefault false writes no annotation', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com', isDefault: false, metadata: { name: 'fast' } });
    expect(only(synthValid(chart), 'StorageClass').metadata).toEqual({ name: 'fast' });
  });

  test('is cluster-scoped: no metadata.namespace even in a chart with a namespace', () => {
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com', metadata: { name: 'fast', labels: { tier: 'ssd' } } });

    const doc = only(synthValid(chart), 'StorageClass');
    expect(doc.metadata).toEqual({ name: 'fast', labels: { tier: 'ssd' } });
  });

  test('the parameters and mountOptions getters return copies', () => {
    const chart = storageChart();
    const sc = new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com', parameters: { pool: 'kube' }, mountOptions: ['discard'] });
    sc.parameters.pool = 'other';
    sc.mountOptions.push('noatime');

    const doc = only(synthValid(chart), 'StorageClass');
    expect(doc.parameters).toEqual({ pool: 'kube' });
    expect(doc.mountOptions).toEqual(['discard']);
  });

  test('createClaim: a claim of this class, exact size, ReadWriteOnce, in the claim\'s namespace', () => {
    const chart = storageChart({ namespace: 'db' });
    const sc = new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com', metadata: { name: 'fast' } });
    const claim = sc.createClaim(chart, 'Data', { storage: Size.mebibytes(512) });

    expect(claim).toBeInstanceOf(VolumeClaim);
    expect(claim.storageClassName).toEqual('fast');

    let docs: any[] = [];
    expect(captureWarnings(() => { docs = synthValid(chart); })).toEqual([]);
    expect(kinds(docs)).toEqual(['StorageClass', 'PersistentVolumeClaim']);
    const pvc = only(docs, 'PersistentVolumeClaim');
    expect(pvc.apiVersion).toEqual('v1');
    expect(pvc.metadata).toEqual({ name: claim.name, namespace: 'db' });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '512Mi' } },
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    });
  });

  test('createClaim with a generated class name, access modes, block mode and metadata', () => {
    const chart = storageChart();
    const sc = new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com' });
    sc.createClaim(chart, 'Data', {
      storage: Size.gibibytes(10),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
      metadata: { name: 'data' },
    });

    const pvc = only(synthValid(chart), 'PersistentVolumeClaim');
    expect(pvc.metadata).toEqual({ name: 'data' });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadOnlyMany'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: sc.name,
      volumeMode: 'Block',
    });
  });

  test('fromStorageClassName refers to an existing class and emits nothing', () => {
    const chart = storageChart();
    const std = StorageClass.fromStorageClassName(chart, 'Standard', 'standard');

    expect(std.name).toEqual('standard');
    expect(std.kind).toEqual('StorageClass');
    expect(std.apiVersion).toEqual('storage.k8s.io/v1');
    expect(std.apiGroup).toEqual('storage.k8s.io');
    expect(std.resourceType).toEqual('storageclasses');
    expect(std.resourceName).toEqual('standard');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('accepts exactly 512 parameters and exactly 256 KiB of keys and values', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Many', { provisioner: 'example.com/p', parameters: manyParameters(512) });
    // key "k" (1 byte) + value of 262143 bytes = 262144 bytes
    new StorageClass(chart, 'Big', { provisioner: 'example.com/p', parameters: { k: 'x'.repeat(262143) } });
    expect(synthValid(chart)).toHaveLength(2);
  });

  test('accepts an upper-case provisioner: it is lower-cased before the check', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'Example.COM/Fast_Disk' });
    expect(only(synthValid(chart), 'StorageClass').provisioner).toEqual('Example.COM/Fast_Disk');
  });
});

describe('StorageClass rules', () => {
  test('provisioner empty: Required', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: '' });
    expectSynthErrors(chart, ['[test/Fast] provisioner: Required value']);
  });

  test('provisioner with a bad name part', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/fast disk' });
    expectSynthErrors(chart, [`[test/Fast] provisioner: Invalid value: "example.com/fast disk": ${NAME_PART_MSG}`]);
  });

  test('provisioner with a bad prefix prints the value as the user wrote it', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'Example_Storage/fast' });
    expectSynthErrors(chart, [`[test/Fast] provisioner: Invalid value: "Example_Storage/fast": prefix part ${SUBDOMAIN_MSG}`]);
  });

  test('provisioner with an empty prefix', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: '/fast' });
    expectSynthErrors(chart, ['[test/Fast] provisioner: Invalid value: "/fast": prefix part must be non-empty']);
  });

  test('provisioner with two slashes', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'kubernetes.io/rbd/v2' });
    expectSynthErrors(chart, [`[test/Fast] provisioner: Invalid value: "kubernetes.io/rbd/v2": ${QUALIFIED_MSG}`]);
  });

  test('provisioner with a name part over 63 characters', () => {
    const chart = storageChart();
    const provisioner = `example.com/${'p'.repeat(64)}`;
    new StorageClass(chart, 'Fast', { provisioner });
    expectSynthErrors(chart, [`[test/Fast] provisioner: Invalid value: "${provisioner}": name part must be no more than 63 characters`]);
  });

  test('provisioner with an empty name part: kube-apiserver reports non-empty and the pattern', () => {
    // apimachinery IsQualifiedName checks the name-part pattern outside the length branch, so an
    // empty name part draws both messages.
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/' });
    expectSynthErrors(chart, [
      '[test/Fast] provisioner: Invalid value: "example.com/": name part must be non-empty',
      `[test/Fast] provisioner: Invalid value: "example.com/": ${NAME_PART_MSG}`,
    ]);
  });

  test('more than 512 parameters: Too long, and no further parameter checks', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', parameters: { ...manyParameters(512), '': 'empty key' } });
    expectSynthErrors(chart, ['[test/Fast] parameters: Too long: may not be more than 512 bytes']);
  });

  test('an empty parameter key', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', parameters: { '': 'x', 'pool': 'kube' } });
    expectSynthErrors(chart, ['[test/Fast] parameters: Invalid value: "": field can not be empty.']);
  });

  test('parameters over 256 KiB in all', () => {
    const chart = storageChart();
    // "a" + 131072 + "b" + 131072 = 262146 bytes
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', parameters: { a: 'x'.repeat(131072), b: 'y'.repeat(131072) } });
    expectSynthErrors(chart, ['[test/Fast] parameters: Too long: may not be more than 262144 bytes']);
  });

  test('parameters over 256 KiB counted in UTF-8 bytes, as kube-apiserver counts them', () => {
    const chart = storageChart();
    // "k" (1 byte) + 131072 × "é" (2 bytes each) = 262145 bytes, though only 131073 UTF-16 code units
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', parameters: { k: 'é'.repeat(131072) } });
    expectSynthErrors(chart, ['[test/Fast] parameters: Too long: may not be more than 262144 bytes']);
  });

  test('allowedTopologies: a key that is no label key', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: 'example.com/p',
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology zone', values: ['a'] }] }],
    });
    expectSynthErrors(chart, [`[test/Fast] allowedTopologies[0].matchLabelExpressions[0].key: Invalid value: "topology zone": ${NAME_PART_MSG}`]);
  });

  test('allowedTopologies: empty values are Required', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: 'example.com/p',
      allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['eu-1a'] }, { key: 'example.com/rack', values: [] }] }],
    });
    // kube-apiserver: field.Required(valuesPath, "") — no detail
    expectSynthErrors(chart, ['[test/Fast] allowedTopologies[0].matchLabelExpressions[1].values: Required value']);
  });

  test('allowedTopologies: duplicate values', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: 'example.com/p',
      allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['eu-1a', 'eu-1b', 'eu-1a'] }] }],
    });
    expectSynthErrors(chart, ['[test/Fast] allowedTopologies[0].matchLabelExpressions[0].values[2]: Duplicate value: "eu-1a"']);
  });

  test('allowedTopologies: duplicate keys in a term', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: 'example.com/p',
      allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['eu-1a'] }, { key: ZONE, values: ['eu-1b'] }] }],
    });
    expectSynthErrors(chart, [`[test/Fast] allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "${ZONE}"`]);
  });

  test('allowedTopologies: the same key in different terms is fine', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: 'example.com/p',
      allowedTopologies: [
        { matchLabelExpressions: [{ key: ZONE, values: ['eu-1a'] }] },
        { matchLabelExpressions: [{ key: ZONE, values: ['eu-1b'] }] },
      ],
    });
    expect(only(synthValid(chart), 'StorageClass').allowedTopologies).toHaveLength(2);
  });

  test('allowedTopologies: duplicate terms (in any order), reported as kube-apiserver does', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: 'example.com/p',
      allowedTopologies: [
        { matchLabelExpressions: [{ key: ZONE, values: ['eu-1a', 'eu-1b'] }, { key: 'example.com/rack', values: ['r1'] }] },
        { matchLabelExpressions: [{ key: 'example.com/rack', values: ['r1'] }, { key: ZONE, values: ['eu-1b', 'eu-1a'] }] },
      ],
    });
    // pkg/apis/storage/validation validateAllowedTopologies: field.Duplicate(idxPath.Child("matchLabelExpressions"), "")
    expectSynthErrors(chart, ['[test/Fast] allowedTopologies[1].matchLabelExpressions: Duplicate value: ""']);
  });

  test('allowedTopologies: a term without expressions is refused, as kube-apiserver refuses it', () => {
    // validateAllowedTopologies pre-fills its list of seen terms with nil maps, and Semantic.DeepEqual
    // equates nil and empty maps: an empty term is a "duplicate" of each pre-filled entry.
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', allowedTopologies: [{ matchLabelExpressions: [] }] });
    expectSynthErrors(chart, ['[test/Fast] allowedTopologies[0].matchLabelExpressions: Duplicate value: ""']);
  });

  test('invalid metadata.name', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', metadata: { name: 'Fast_SSD' } });
    expectSynthErrors(chart, [`[test/Fast] metadata.name: Invalid value: "Fast_SSD": ${SUBDOMAIN_MSG}`]);
  });

  test('metadata.name over 253 characters', () => {
    const chart = storageChart();
    const name = 'a'.repeat(254);
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/p', metadata: { name } });
    expectSynthErrors(chart, [`[test/Fast] metadata.name: Invalid value: "${name}": must be no more than 253 characters`]);
  });

  test('reports every error of every StorageClass at once, and writes nothing', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Fast', {
      provisioner: '',
      metadata: { name: 'Fast' },
      parameters: { '': 'x' },
      allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['a', 'a'] }] }],
    });
    new StorageClass(chart, 'Slow', { provisioner: '/slow' });

    expectSynthErrors(chart, [
      `[test/Fast] metadata.name: Invalid value: "Fast": ${SUBDOMAIN_MSG}`,
      '[test/Fast] provisioner: Required value',
      '[test/Fast] parameters: Invalid value: "": field can not be empty.',
      '[test/Fast] allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "a"',
      '[test/Slow] provisioner: Invalid value: "/slow": prefix part must be non-empty',
    ]);
  });
});

describe('what cdk8s cannot write safely', () => {
  test('parameter keys "constructor" and "<<", and unprintable characters, are refused before anything is written', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Class', {
      provisioner: 'example.com/csi',
      parameters: { 'constructor': 'x', '<<': 'y', 'ok': 'line\u2028break' },
    });
    expectSynthErrors(chart, [
      '[test/Class] parameters[constructor]: Forbidden: cdk8s cannot write a map key named "constructor": it fails while writing manifests',
      '[test/Class] parameters[<<]: Forbidden: cdk8s writes the key "<<" unquoted, and YAML readers (kubectl\'s too) take it as a merge key',
      '[test/Class] parameters[ok]: Invalid value: "line\\u2028break": must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest',
    ]);
  });
});

describe('claims of a class', () => {
  test('are validated like the API server validates claims', () => {
    const chart = storageChart({ namespace: 'db' });
    const sc = new StorageClass(chart, 'Fast', { provisioner: 'example.com/csi', metadata: { name: 'fast' } });
    sc.createClaim(chart, 'Claim', { storage: Size.kibibytes(0.1), accessModes: [], metadata: { name: 'Bad Name' } });
    expectSynthErrors(chart, [
      '[test/Claim] metadata.name: Invalid value: "Bad Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      '[test/Claim] spec.accessModes: Required value: at least 1 access mode is required',
    ]);
  });

  test('a fractional byte size is kube-apiserver\'s warning, not an error', () => {
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Fast', { provisioner: 'example.com/csi', metadata: { name: 'fast' } }).createClaim(chart, 'Claim', { storage: Size.kibibytes(0.1) });
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/Claim] spec.resources.requests[storage]: fractional byte value "102.4" is invalid, must be an integer',
    ]);
  });
});

describe('cluster scope and JavaScript keys', () => {
  test('a namespace on a StorageClass is refused, not dropped; "__proto__" would be lost on the way', () => {
    const chart = storageChart();
    const parameters: Record<string, string> = {};
    Object.defineProperty(parameters, '__proto__', { value: 'x', enumerable: true });
    new StorageClass(chart, 'Class', { provisioner: 'example.com/csi', metadata: { namespace: 'db' }, parameters });
    expectSynthErrors(chart, [
      '[test/Class] metadata.namespace: Forbidden: not allowed on this type',
      '[test/Class] parameters[__proto__]: Forbidden: a map key named "__proto__" is lost on the way to the manifest (JavaScript objects treat it as their prototype)',
    ]);
  });
});

describe('several default classes', () => {
  test.each([
    [KubernetesVersion.V1_25, 'up to 1.25 the API server rejects every claim that sets no storageClassName (target 1.25); mark one class only'],
    [KubernetesVersion.V1_26, 'claims that set no storageClassName get the newest of them (target 1.26); mark one class only'],
  ])('at %s: a warning on every default class after the first', (v, tail) => {
    const chart = storageChart({ kubernetesVersion: v });
    new StorageClass(chart, 'A', { provisioner: 'example.com/a', isDefault: true });
    new StorageClass(chart, 'B', { provisioner: 'example.com/b', isDefault: true });
    new StorageClass(chart, 'C', { provisioner: 'example.com/c' });
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      `Warning: [test/B] metadata.annotations[storageclass.kubernetes.io/is-default-class]: another StorageClass of this app is marked default too: ${tail}`,
    ]);
  });
});

describe('ReadWriteOncePod by target version', () => {
  test('before 1.27 kube-apiserver refuses it (its feature gate is off): claims and volumes', () => {
    const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_26 });
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD], storageClassName: 'fast' });
    expectSynthErrors(chart, [
      '[test/Claim] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"; ReadWriteOncePod is served from 1.27 (target 1.26): its feature gate is off before',
    ]);
  });

  test('from 1.27 it is served', () => {
    const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_27 });
    new StorageClass(chart, 'Fast', { metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com' });
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD], storageClassName: 'fast' });
    expect(only(synthValid(chart), 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteOncePod']);
  });
});

describe('expansion', () => {
  test('a no-provisioner class that allows expansion warns: static volumes grow only where their own plugin or driver expands them', () => {
    const chart = storageChart();
    new StorageClass(chart, 'Local', { provisioner: 'kubernetes.io/no-provisioner', allowVolumeExpansion: true, metadata: { name: 'local' } });
    new StorageClass(chart, 'Fast', { provisioner: 'rbd.csi.ceph.com', allowVolumeExpansion: true, metadata: { name: 'fast' } });
    const warnings = captureWarnings(() => synthValid(chart));
    expect(warnings).toEqual([
      'Warning: [test/Local] allowVolumeExpansion: a kubernetes.io/no-provisioner class holds static volumes: kube-apiserver lets their claims grow (it checks only allowVolumeExpansion), ' +
      'but then the volume\'s own plugin or CSI driver must expand it, and local and hostPath volumes never do, nor ceph-csi static volumes (docs/static-pvc.md): ' +
      'the claim keeps its size with a resize pending; grow a static volume in the storage system and edit its PersistentVolume and claim instead',
    ]);
  });
});
