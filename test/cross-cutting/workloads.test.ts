import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IscsiPersistentVolume, IscsiVolume, VolumeClaim } from '../../src';
import { captureWarnings, expectSynthErrors, only, storageChart, synthValid } from '../helpers';

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
    expect(() => app.synth()).toThrow('[b/App] spec.template.spec.volumes[data].name: Duplicate value: "data": two different volumes of the workload have this name ' +
      '(b/One/Volume and b/Two/Volume): give one of them another name (the name prop of the library\'s Pod volumes, or { name } in kplus.Volume.from…)');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a Block claim mounted as a filesystem: the kubelet refuses the Pod', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, metadata: { name: 'lun' }, storage: Size.gibibytes(1), volumeMode: kplus.PersistentVolumeMode.BLOCK });
    const claim = pv.reserve();
    new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/dev/data', claim);
    expectSynthErrors(chart, [
      `[test/App] spec.template.spec.volumes[pvc-${claim.name}].persistentVolumeClaim.claimName: Invalid value: "${claim.name}": claim "db/${claim.name}" is volumeMode Block, ` +
      'and the kubelet refuses a Block volume that a container mounts as a filesystem ("has volumeMode Block, but is specified in volumeMounts"); cdk8s-plus-27 mounts volumes as filesystems only: use a Filesystem claim',
    ]);
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
      `[test/Second] spec.volumeName: Invalid value: "lun": claim "db/${first.name}" (test/First) names PersistentVolume "lun" (test/Lun) too and fits it, and one PersistentVolume binds one claim: whichever the controller sees first binds, the other stays Pending`,
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

describe('claims that serve one node, mounted by Pods that may run on several', () => {
  const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
  const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
  const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
  const IMAGE = [{ image: 'busybox:1.36' }];

  function lun(accessModes: kplus.PersistentVolumeAccessMode[] = [RWO]) {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, metadata: { name: 'lun' }, storage: Size.gibibytes(1), accessModes });
    const claim = pv.reserve();
    return { chart, pv, claim };
  }

  test('a ReadWriteOnce claim in a Deployment of cdk8s-plus-27\'s default two replicas: a warning on the workload', () => {
    const { chart, pv, claim } = lun();
    new kplus.Deployment(chart, 'Web', { metadata: { name: 'web' }, containers: IMAGE }).containers[0].mount('/data', pv);
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      `Warning: [test/Web] spec.template.spec.volumes[pvc-${claim.name}].persistentVolumeClaim.claimName: claim "db/${claim.name}" is ReadWriteOnce, ` +
      'and 2 Pods mount it (Deployment "web" (test/Web), 2 replicas): they all must run on one node, or those on another fail to start with a Multi-Attach error; ' +
      'use a ReadOnlyMany or ReadWriteMany volume, one replica, or pod affinity that keeps them together',
    ]);
  });

  test('many workloads on one ReadWriteOnce claim: each warning names three and counts the rest', () => {
    const { chart, pv, claim } = lun();
    for (let i = 0; i < 5; i++) new kplus.Deployment(chart, `Web${i}`, { metadata: { name: `web${i}` }, replicas: 1, containers: IMAGE }).containers[0].mount('/data', pv);
    const warnings = captureWarnings(() => synthValid(chart));
    expect(warnings).toHaveLength(5);
    expect(warnings[4]).toEqual(
      `Warning: [test/Web4] spec.template.spec.volumes[pvc-${claim.name}].persistentVolumeClaim.claimName: claim "db/${claim.name}" is ReadWriteOnce, ` +
      'and 5 Pods mount it (Deployment "web0" (test/Web0); Deployment "web1" (test/Web1); Deployment "web2" (test/Web2); and 2 more): ' +
      'they all must run on one node, or those on another fail to start with a Multi-Attach error; ' +
      'use a ReadOnlyMany or ReadWriteMany volume, one replica, or pod affinity that keeps them together');
  });

  test('one Pod, or a Deployment of one replica that stops the old Pod first: no warning', () => {
    const { chart, pv } = lun();
    new kplus.Deployment(chart, 'Web', { replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: IMAGE }).containers[0].mount('/data', pv);
    const noSurge = kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
    });
    new kplus.Deployment(chart, 'Api', { replicas: 1, strategy: noSurge, containers: IMAGE }).containers[0].mount('/data', pv);
    const lun2 = new IscsiPersistentVolume(chart, 'Lun2', { ...BASE, lun: 2, storage: Size.gibibytes(1), accessModes: [RWO] });
    new kplus.Pod(chart, 'Pod', { containers: IMAGE }).containers[0].mount('/data', lun2);
    const zeroPercent = kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
    });
    const lun3 = new IscsiPersistentVolume(chart, 'Lun3', { ...BASE, lun: 3, storage: Size.gibibytes(1), accessModes: [RWO] });
    new kplus.Deployment(chart, 'Job', { replicas: 1, strategy: zeroPercent, containers: IMAGE }).containers[0].mount('/data', lun3);
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      // two Deployments of one replica share Lun's claim
      expect.stringContaining('[test/Web] spec.template.spec.volumes[pvc-'),
      expect.stringContaining('[test/Api] spec.template.spec.volumes[pvc-'),
    ]);
  });

  test('a Deployment of one replica that rolls out with a surge (cdk8s-plus-27\'s default) on a ReadWriteOnce claim: the rollout can stall', () => {
    const { chart, pv, claim } = lun();
    new kplus.Deployment(chart, 'Web', { replicas: 1, containers: IMAGE }).containers[0].mount('/data', pv);
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      `Warning: [test/Web] spec.strategy.type: RollingUpdate starts the new Pod before the old one stops, and claim "db/${claim.name}" is ReadWriteOnce: ` +
      'on another node the new Pod waits for the volume with a Multi-Attach error, and the rollout stalls; ' +
      'use strategy: DeploymentStrategy.recreate(), or rollingUpdate with maxSurge 0',
    ]);
  });

  test('the same with a ReadWriteOncePod claim: the new Pod is never scheduled', () => {
    const chart = storageChart({ namespace: 'db' });
    const claim = new VolumeClaim(chart, 'Data', { metadata: { name: 'data' }, accessModes: [RWOP], storage: Size.gibibytes(1), storageClassName: 'fast' });
    const surge = kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) });
    new kplus.Deployment(chart, 'Web', { replicas: 1, strategy: surge, containers: IMAGE }).containers[0].mount('/data', claim);
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/Web] spec.strategy.type: RollingUpdate starts the new Pod before the old one stops, and claim "db/data" is ReadWriteOncePod: ' +
      'the new Pod is not scheduled while the old one holds the claim, and the rollout stalls; ' +
      'use strategy: DeploymentStrategy.recreate(), or rollingUpdate with maxSurge 0',
    ]);
  });

  test('a ReadWriteMany claim, or a claim the app does not define, rolls out with a surge: no warning', () => {
    const chart = storageChart({ namespace: 'db' });
    const rwx = new VolumeClaim(chart, 'Shared', { metadata: { name: 'shared' }, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY], storage: Size.gibibytes(1), storageClassName: 'fast' });
    new kplus.Deployment(chart, 'Web', { replicas: 1, containers: IMAGE }).containers[0].mount('/data', rwx);
    const existing = kplus.PersistentVolumeClaim.fromClaimName(chart, 'Existing', 'legacy');
    new kplus.Deployment(chart, 'Old', { replicas: 1, containers: IMAGE }).containers[0].mount('/data', kplus.Volume.fromPersistentVolumeClaim(chart, 'LegacyVolume', existing));
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });

  test('two workloads on one ReadWriteOnce claim: each is warned, and the message names both', () => {
    const { chart, pv } = lun();
    new kplus.Pod(chart, 'A', { metadata: { name: 'a' }, containers: IMAGE }).containers[0].mount('/data', pv);
    new kplus.StatefulSet(chart, 'B', { metadata: { name: 'b' }, containers: [{ image: 'busybox:1.36', portNumber: 80 }] }).containers[0].mount('/data', pv);
    const warnings = captureWarnings(() => synthValid(chart));
    expect(warnings.map((w) => w.slice(0, w.indexOf(']') + 1))).toEqual(['Warning: [test/A]', 'Warning: [test/B]']);
    for (const w of warnings) expect(w).toContain('and 2 Pods mount it (Pod "a" (test/A); StatefulSet "b" (test/B))');
  });

  test('a DaemonSet runs one Pod per node', () => {
    const { chart, pv } = lun();
    new kplus.DaemonSet(chart, 'Agent', { metadata: { name: 'agent' }, containers: IMAGE }).containers[0].mount('/data', pv);
    const [w] = captureWarnings(() => synthValid(chart));
    expect(w).toContain('is ReadWriteOnce, and several Pods mount it (DaemonSet "agent" (test/Agent), one Pod per node)');
  });

  test('a ReadOnlyMany claim serves any number of Pods', () => {
    const { chart, pv } = lun([ROX]);
    new kplus.Deployment(chart, 'Web', { replicas: 5, containers: IMAGE }).containers[0].mount('/data', pv, { readOnly: true });
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });

  test('a ReadWriteOncePod claim in two replicas is an error: the scheduler places one Pod', () => {
    const chart = storageChart({ namespace: 'db' });
    const claim = new VolumeClaim(chart, 'Data', { metadata: { name: 'data' }, accessModes: [RWOP], storage: Size.gibibytes(1), storageClassName: 'fast' });
    new kplus.Deployment(chart, 'Web', { metadata: { name: 'web' }, containers: IMAGE }).containers[0].mount('/data', claim);
    expectSynthErrors(chart, [
      '[test/Web] spec.template.spec.volumes[pvc-data].persistentVolumeClaim.claimName: Invalid value: "data": ' +
      'claim "db/data" is ReadWriteOncePod, and 2 Pods mount it (Deployment "web" (test/Web), 2 replicas): ' +
      'the scheduler places only one of them; give each Pod its own claim (a StatefulSet with a ClaimTemplate: spec.volumeClaimTemplates) or run one replica',
    ]);
  });

  test('container.mount(path, claim) mounts a VolumeClaim', () => {
    const chart = storageChart({ namespace: 'db' });
    const claim = new VolumeClaim(chart, 'Data', { metadata: { name: 'data' }, accessModes: [RWOP], storage: Size.gibibytes(1), storageClassName: 'fast' });
    new kplus.Deployment(chart, 'Web', { replicas: 1, containers: IMAGE }).containers[0].mount('/data', claim, { readOnly: true });
    const spec = only(synthValid(chart), 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'pvc-data', persistentVolumeClaim: { claimName: 'data', readOnly: false } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: 'pvc-data', readOnly: true }]);
  });
});
