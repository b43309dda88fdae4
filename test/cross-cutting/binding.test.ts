import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IscsiPersistentVolume, StorageClass, VolumeClaim } from '../../src';
import { captureWarnings, expectSynthErrors, only, storageChart, synthValid } from '../helpers';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const BASE = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1' };

function setup(pvProps: Record<string, unknown> = {}) {
  const chart = storageChart({ namespace: 'db' });
  const pv = new IscsiPersistentVolume(chart, 'Lun', {
    ...BASE, metadata: { name: 'lun' }, storage: Size.gibibytes(10), accessModes: [RWO, ROX], ...pvProps,
  } as any);
  return { chart, pv };
}

const PV = 'PersistentVolume "lun" (test/Lun)';

describe('claims that name a volume (case A: the volume is not reserved)', () => {
  test('a matching claim binds: no errors, no warnings', () => {
    const { chart, pv } = setup();
    new VolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(10), accessModes: [RWO], storageClassName: '' });
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });

  test('storageClassName does not match', () => {
    const { chart, pv } = setup();
    new VolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: 'fast' });
    expectSynthErrors(chart, [
      `[test/Claim] spec.storageClassName: Invalid value: "fast": never binds ${PV}, whose storageClassName is "" (storageClassName does not match)`,
    ]);
  });

  test('requested size larger than the capacity', () => {
    const { chart, pv } = setup();
    new VolumeClaim(chart, 'Claim', { volume: pv, storage: Size.mebibytes(10241), accessModes: [RWO], storageClassName: '' });
    expectSynthErrors(chart, [
      `[test/Claim] spec.resources.requests[storage]: Invalid value: "10241Mi": never binds ${PV}, whose capacity is "10Gi" (requested PV is too small)`,
    ]);
  });

  test('volume mode differs', () => {
    const { chart, pv } = setup();
    new VolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '', volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expectSynthErrors(chart, [
      `[test/Claim] spec.volumeMode: Invalid value: "Block": never binds ${PV}, whose volumeMode is "Filesystem" (incompatible volumeMode)`,
    ]);
  });

  test('an access mode the volume does not offer', () => {
    const { chart, pv } = setup({ accessModes: [ROX] });
    new VolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(1), accessModes: [ROX, RWO], storageClassName: '' });
    expectSynthErrors(chart, [
      `[test/Claim] spec.accessModes[1]: Invalid value: "ReadWriteOnce": never binds ${PV}, whose accessModes are "ReadOnlyMany" (incompatible accessMode)`,
    ]);
  });

  test('an unset storageClassName depends on the cluster\'s default class: a warning', () => {
    const { chart, pv } = setup();
    new kplus.PersistentVolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(1), accessModes: [RWO] });
    const warnings = captureWarnings(() => synthValid(chart));
    expect(warnings).toEqual([
      `Warning: [test/Claim] spec.storageClassName: unset, so whether it binds ${PV} (storageClassName "") depends on the cluster: if the cluster has a default StorageClass, admission writes it into the claim and the claim never binds; set storageClassName to "" to bind this volume`,
    ]);
  });

  test('the volume has a class and the claim none: binds only if that class is the default', () => {
    const { chart, pv } = setup({ storageClassName: 'san' });
    new kplus.PersistentVolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(1), accessModes: [RWO] });
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      `Warning: [test/Claim] spec.storageClassName: unset, so whether it binds ${PV} (storageClassName "san") depends on the cluster: it binds only if the cluster's default StorageClass is "san"; set storageClassName to "san"`,
    ]);
  });

  test('a volume reserved for another claim never binds', () => {
    const { chart, pv } = setup();
    pv.reserve();
    const reservedFor = pv.claim!.name;
    new VolumeClaim(chart, 'Other', { volume: pv, storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '' });
    expectSynthErrors(chart, [
      `[test/Other] spec.volumeName: Invalid value: "lun": never binds: ${PV} is reserved for claim "db/${reservedFor}" by its claimRef (already bound to a different claim)`,
    ]);
  });

  test('a claim in another namespace than the claimRef never binds', () => {
    const { chart, pv } = setup();
    new VolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '', metadata: { name: 'data', namespace: 'web' } });
    const imposter = new VolumeClaim(chart, 'Imposter', { storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '', metadata: { name: 'data', namespace: 'db' } });
    pv.bind(imposter);
    expectSynthErrors(chart, [
      `[test/Claim] spec.volumeName: Invalid value: "lun": never binds: ${PV} is reserved for claim "db/data" by its claimRef (already bound to a different claim)`,
    ]);
  });

  test('a claim naming a volume outside the app: a warning, nothing checked', () => {
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Class', { provisioner: 'kubernetes.io/no-provisioner' });
    new VolumeClaim(chart, 'Claim', {
      volume: kplus.PersistentVolume.fromPersistentVolumeName(chart, 'Elsewhere', 'existing-pv'),
      storage: Size.gibibytes(1),
      accessModes: [RWO],
      storageClassName: '',
    });
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/Claim] spec.volumeName: "existing-pv" names no PersistentVolume in this app, so whether the claim can bind is not checked here',
    ]);
  });
});

describe('pre-bound pairs', () => {
  test('reserve(): both sides name each other (case B), schema-valid', () => {
    const { chart, pv } = setup();
    const claim = pv.reserve();
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.claimRef).toEqual({ name: claim.name, namespace: 'db' });
    expect(only(docs, 'PersistentVolumeClaim').spec.volumeName).toEqual('lun');
  });

  test('case B: pre-bound from both sides, the controller binds without checking; what does not fit is a warning', () => {
    // the referee saw it: a 10Gi volume and a claim asking 20Gi of class "fast", ReadWriteMany, pre-bound both ways, are Bound
    const { chart, pv } = setup();
    const claim = new VolumeClaim(chart, 'Claim', {
      volume: pv, storage: Size.gibibytes(20), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY], storageClassName: 'fast',
    });
    pv.bind(claim);
    const why = 'pre-bound from both sides (claimRef and volumeName), the PV controller binds without checking, and the claim gets what the volume has';
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      `Warning: [test/Claim] spec.resources.requests[storage]: "20Gi" binds ${PV} although it does not fit, whose capacity is "10Gi" (requested PV is too small): ${why}`,
      `Warning: [test/Claim] spec.accessModes[0]: "ReadWriteMany" binds ${PV} although it does not fit, whose accessModes are "ReadWriteOnce", "ReadOnlyMany" (incompatible accessMode): ${why}`,
      `Warning: [test/Claim] spec.storageClassName: "fast" binds ${PV} although it does not fit, whose storageClassName is "" (storageClassName does not match): ${why}`,
    ]);
  });

  test('case A: a claim that cannot bind the volume does not compete with one that can', () => {
    const { chart, pv } = setup();
    new VolumeClaim(chart, 'Big', { volume: pv, storage: Size.gibibytes(20), accessModes: [RWO], storageClassName: '' });
    new VolumeClaim(chart, 'Fits', { volume: pv, storage: Size.gibibytes(10), accessModes: [RWO], storageClassName: '' });
    expectSynthErrors(chart, [
      `[test/Big] spec.resources.requests[storage]: Invalid value: "20Gi": never binds ${PV}, whose capacity is "10Gi" (requested PV is too small)`,
    ]);
  });

  test('case D: the volume is reserved for a claim that names no volume; size, modes and mode still count', () => {
    const { chart, pv } = setup();
    const claim = new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(20), accessModes: [RWO], storageClassName: 'anything' });
    pv.bind(claim);
    expectSynthErrors(chart, [
      `[test/Claim] spec.resources.requests[storage]: Invalid value: "20Gi": never binds ${PV}, which is reserved for it, whose capacity is "10Gi" (requested PV is too small)`,
    ]);
  });
});

describe('selectors', () => {
  test('a selector no volume of the app matches: a warning (claims with a selector are never provisioned)', () => {
    const { chart } = setup();
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '', selector: kplus.LabelSelector.of({ labels: { tier: 'gold' } }) });
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/Claim] spec.selector: no PersistentVolume in this app matches the selector and the claim\'s class, size, volume mode and access modes; claims with a selector are never provisioned, so it stays Pending unless such a volume exists in the cluster',
    ]);
  });

  test('a selector that matches a volume\'s labels: written, no warning', () => {
    const { chart } = setup({ metadata: { name: 'lun', labels: { tier: 'gold', zone: 'a' } } });
    new VolumeClaim(chart, 'Claim', {
      storage: Size.gibibytes(1),
      accessModes: [RWO],
      storageClassName: '',
      selector: kplus.LabelSelector.of({ labels: { tier: 'gold' }, expressions: [kplus.LabelExpression.in('zone', ['a', 'b']), kplus.LabelExpression.doesNotExist('retired')] }),
    });
    let docs: any[] = [];
    expect(captureWarnings(() => { docs = synthValid(chart); })).toEqual([]);
    expect(only(docs, 'PersistentVolumeClaim').spec.selector).toEqual({
      matchLabels: { tier: 'gold' },
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, { key: 'retired', operator: 'DoesNotExist' }],
    });
  });

  const never = 'the selector matches no labels, and a claim with a selector is never provisioned, so it never binds';
  test.each([
    ['matchLabels and NotIn the same value', { labels: { tier: 'gold' }, expressions: [kplus.LabelExpression.notIn('tier', ['gold'])] },
      `spec.selector.matchExpressions[0]: Invalid value: "tier": excludes every value matchLabels[tier] "gold" allows: ${never}`],
    ['matchLabels and an In without its value', { labels: { tier: 'gold' }, expressions: [kplus.LabelExpression.in('tier', ['silver'])] },
      `spec.selector.matchExpressions[0]: Invalid value: "tier": has no value in common with matchLabels[tier] "gold": ${never}`],
    ['Exists and DoesNotExist', { expressions: [kplus.LabelExpression.exists('zone'), kplus.LabelExpression.doesNotExist('zone')] },
      `spec.selector.matchExpressions[1]: Invalid value: "zone": contradicts matchExpressions[0]: ${never}`],
    ['two In without a common value', { expressions: [kplus.LabelExpression.in('zone', ['a']), kplus.LabelExpression.in('zone', ['b', 'c'])] },
      `spec.selector.matchExpressions[1]: Invalid value: "zone": has no value in common with matchExpressions[0]: ${never}`],
  ])('a selector that can match nothing is an error: %s', (_, options, line) => {
    const { chart } = setup({ metadata: { name: 'lun', labels: { tier: 'gold', zone: 'a' } } });
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '', selector: kplus.LabelSelector.of(options) });
    captureWarnings(() => expectSynthErrors(chart, [`[test/Claim] ${line}`]));
  });
});

describe('cdk8s-plus-27\'s own volumes and claims', () => {
  test('kplus reserve() writes a claim the API server rejects and a claimRef without namespace', () => {
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Class', { provisioner: 'kubernetes.io/no-provisioner' });
    const pv = new kplus.AwsElasticBlockStorePersistentVolume(chart, 'Ebs', { volumeId: 'vol-1', storage: Size.gibibytes(8), accessModes: [RWO] });
    const claim = pv.reserve();
    expectSynthErrors(chart, [
      '[test/Ebs/' + claim.node.id + '] spec.accessModes: Required value: at least 1 access mode is required',
      '[test/Ebs/' + claim.node.id + '] spec.resources[storage]: Required value',
      `[test/Ebs] spec.claimRef.namespace: Required value: cdk8s-plus-27 writes claimRef without a namespace, so claim "db/${claim.name}" never binds this volume: use a cdk8s-storage PersistentVolume, or bind from the claim side only`,
    ]);
  });

  test('a kplus volume without access modes: the API server requires one', () => {
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Class', { provisioner: 'kubernetes.io/no-provisioner' });
    new kplus.AwsElasticBlockStorePersistentVolume(chart, 'Ebs', { volumeId: 'vol-1', storage: Size.gibibytes(8) });
    expectSynthErrors(chart, ['[test/Ebs] spec.accessModes: Required value: at least 1 access mode is required']);
  });

  test('kplus sizes that are not whole Gi fail before anything is written', () => {
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Class', { provisioner: 'kubernetes.io/no-provisioner' });
    new kplus.AwsElasticBlockStorePersistentVolume(chart, 'Ebs', { volumeId: 'vol-1', storage: Size.mebibytes(512), accessModes: [RWO] });
    expectSynthErrors(chart, [
      '[test/Ebs] spec.capacity[storage]: Invalid value: "512Mi": cdk8s-plus-27 writes sizes in whole Gi and fails on this one while writing manifests; use VolumeClaim or a cdk8s-storage PersistentVolume, which write the exact size',
    ]);
    // a kplus claim's size: where the majors differ (test/core/kplus-adapter.test.ts)
  });

  test('a kplus claim naming a cdk8s-storage volume is checked like any other', () => {
    const { chart, pv } = setup();
    new kplus.PersistentVolumeClaim(chart, 'Claim', { volume: pv, storage: Size.gibibytes(11), accessModes: [RWO], storageClassName: '' });
    expectSynthErrors(chart, [
      `[test/Claim] spec.resources.requests[storage]: Invalid value: "11Gi": never binds ${PV}, whose capacity is "10Gi" (requested PV is too small)`,
    ]);
  });
});

describe('claims that name no volume (case E)', () => {
  test('storageClassName "" and no volume of the app fits: a warning (never provisioned)', () => {
    const chart = storageChart({ namespace: 'db' });
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: '' });
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/Claim] spec.storageClassName: is "", so the claim is never provisioned, and no unreserved PersistentVolume in this app without a class fits its size, volume mode and access modes: it stays Pending unless such a volume exists in the cluster',
    ]);
  });

  test('storageClassName "" with a free volume that fits: no warning', () => {
    const { chart } = setup();
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(5), accessModes: [RWO], storageClassName: '' });
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });

  test('a class that provisions, or an unset class: nothing to warn about', () => {
    const chart = storageChart({ namespace: 'db' });
    new VolumeClaim(chart, 'Fast', { storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: 'fast' });
    new VolumeClaim(chart, 'Default', { storage: Size.gibibytes(1), accessModes: [RWO] });
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });
});
