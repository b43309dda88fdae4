import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IscsiPersistentVolume, IscsiVolume, VolumeClaim } from '../src';
import { expectSynthErrors, only, storageChart, synthValid } from './helpers';

const BASE = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1' };

describe('workloads that mount cdk8s-storage volumes', () => {
  test('two different volumes of one name are a Duplicate error, and nothing is written', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-'));
    const app = new App({ outdir });
    new Chart(app, 'a'); // an earlier chart that cdk8s-plus-27 would already have written before failing
    const chart = new Chart(app, 'b', { namespace: 'db' });
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.containers[0].mount('/one', new IscsiVolume(chart, 'One', { ...BASE, name: 'data' }));
    dep.containers[0].mount('/two', new IscsiVolume(chart, 'Two', { ...BASE, lun: 1, name: 'data' }));
    expect(() => app.synth()).toThrow('[b/App] spec.template.spec.volumes[data].name: Duplicate value: "data"');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a Pod without containers is reported, not thrown while writing', () => {
    const chart = storageChart({ namespace: 'db' });
    const pod = new kplus.Pod(chart, 'Pod');
    pod.addVolume(new IscsiVolume(chart, 'San', { ...BASE, name: 'san' }).asVolume());
    expectSynthErrors(chart, [
      '[test/Pod] spec.containers: Required value: a Pod needs at least one container (cdk8s-plus-27 fails while writing one without)',
    ]);
  });

  test('a Pod mounts claims of its own namespace only', () => {
    const storage = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(storage, 'Lun', { ...BASE, storage: Size.gibibytes(1) });
    const web = new Chart(storage.node.scope!, 'web', { namespace: 'web' });
    new kplus.Deployment(web, 'App', { containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/data', pv);
    const claim = pv.claim!.name;
    expect(() => synthValid(storage)).toThrow(
      `[web/App] spec.template.spec.volumes[pvc-${claim}].persistentVolumeClaim.claimName: Invalid value: "${claim}": the claim is in namespace "db", and a Pod in "web" mounts claims of its own namespace only`);
  });

  test('the Pod volume of a claim whose name is not a valid volume name gets a valid one', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1), metadata: { name: 'lun' } });
    const claim = new VolumeClaim(chart, 'Claim', { metadata: { name: 'data.v1' }, volume: pv, storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '' });
    pv.bind(claim);
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/data', pv);
    const vols = only(synthValid(chart), 'Deployment').spec.template.spec.volumes;
    expect(vols).toHaveLength(1);
    expect(vols[0].persistentVolumeClaim).toEqual({ claimName: 'data.v1', readOnly: false });
    expect(vols[0].name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('names and claims across the app', () => {
  const RWO = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE];

  test('two PersistentVolumes of one name', () => {
    const chart = storageChart({ namespace: 'db' });
    new IscsiPersistentVolume(chart, 'A', { ...BASE, storage: Size.gibibytes(1), metadata: { name: 'lun' } });
    new IscsiPersistentVolume(chart, 'B', { ...BASE, lun: 1, storage: Size.gibibytes(1), metadata: { name: 'lun' } });
    expectSynthErrors(chart, ['[test/B] metadata.name: Duplicate value: "lun"']);
  });

  test('several claims naming one unreserved volume: only the first can bind', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1), metadata: { name: 'lun' } });
    const first = new VolumeClaim(chart, 'First', { volume: pv, storage: Size.gibibytes(1), accessModes: RWO, storageClassName: '' });
    new VolumeClaim(chart, 'Second', { volume: pv, storage: Size.gibibytes(1), accessModes: RWO, storageClassName: '' });
    expectSynthErrors(chart, [
      `[test/Second] spec.volumeName: Invalid value: "lun": claim "db/${first.name}" (test/First) names PersistentVolume "lun" (test/Lun) too, and one PersistentVolume binds one claim`,
    ]);
  });

  test('a volume reserved for a claim that names another volume never binds', () => {
    const chart = storageChart({ namespace: 'db' });
    const a = new IscsiPersistentVolume(chart, 'A', { ...BASE, storage: Size.gibibytes(1), metadata: { name: 'a' } });
    const b = new IscsiPersistentVolume(chart, 'B', { ...BASE, lun: 1, storage: Size.gibibytes(1), metadata: { name: 'b' } });
    const claim = new VolumeClaim(chart, 'Claim', { metadata: { name: 'data' }, volume: a, storage: Size.gibibytes(1), accessModes: RWO, storageClassName: '' });
    b.bind(claim);
    expectSynthErrors(chart, [
      '[test/B] spec.claimRef: Invalid value: "db/data": never binds: the claim names PersistentVolume "a" instead, and a claim that names a volume binds only that one',
    ]);
  });

  test('an existing claim of the cluster, with its namespace', () => {
    const chart = storageChart();
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1) });
    pv.bind(VolumeClaim.fromExistingClaim(chart, 'Existing', { name: 'data', namespace: 'db' }));
    expect(only(synthValid(chart), 'PersistentVolume').spec.claimRef).toEqual({ name: 'data', namespace: 'db' });
  });

  test('a namespace on a cluster-scoped object is refused, not dropped', () => {
    const chart = storageChart();
    new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1), metadata: { namespace: 'db' } });
    expectSynthErrors(chart, ['[test/Lun] metadata.namespace: Forbidden: not allowed on this type']);
  });
});
