import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IscsiVolume, StorageClass } from '../../src';
import { keepStatefulSetVolumes, kplusWritesExactClaimSizes, statefulSetDropsVolumes } from '../../src/core/app/kplus-adapter';
import { podVolume } from '../../src/core/objects/volume';
import { expectSynthErrors, only, storageChart, synthValid } from '../helpers';

/*
 * src/core/app/kplus-adapter.ts, per cdk8s-plus major: scripts/variants.js runs this file against every
 * variant (`cdk8s-plus-27` rewritten to that major), so each major states its own differences.
 */
const MAJOR = Number(/cdk8s-plus-(\d+)/.exec(require.resolve('cdk8s-plus-27'))![1]);

/** The majors (at the versions variants/package.json pins) whose StatefulSet drops its Pod volumes without volumeClaimTemplates. */
const DROPS_STATEFULSET_VOLUMES: Record<number, boolean> = { 27: false, 28: false, 29: false, 30: false, 31: true, 32: true, 33: true };

const ISCSI = { iscsi: { targetPortal: '10.0.0.5', iqn: 'iqn.2001-04.com.example:disk1', lun: 0 } };

function statefulSetVolumes(patch: boolean): unknown {
  const chart = Testing.chart();
  const sts = new kplus.StatefulSet(chart, 'S', { containers: [{ image: 'busybox:1.36', portNumber: 80 }] });
  sts.containers[0].mount('/data', podVolume(chart, 'V', 'data', ISCSI));
  if (patch) keepStatefulSetVolumes(sts);
  return chart.toJson().find((o) => o.kind === 'StatefulSet').spec.template.spec.volumes;
}

describe(`cdk8s-plus-${MAJOR}: where the majors differ`, () => {
  test('the major is one the table knows', () => {
    expect(Object.keys(DROPS_STATEFULSET_VOLUMES)).toContain(String(MAJOR));
  });

  test(`the StatefulSet ${DROPS_STATEFULSET_VOLUMES[MAJOR] ? 'drops' : 'keeps'} its Pod volumes without volumeClaimTemplates (cdk8s-team/cdk8s-plus#6735)`, () => {
    expect(statefulSetDropsVolumes()).toBe(DROPS_STATEFULSET_VOLUMES[MAJOR]);
    expect(statefulSetVolumes(false)).toEqual(DROPS_STATEFULSET_VOLUMES[MAJOR] ? undefined : [{ name: 'data', ...ISCSI }]);
  });

  test('with the adapter, a StatefulSet writes its volumes in every major, once, and twice applied is the same', () => {
    expect(statefulSetVolumes(true)).toEqual([{ name: 'data', ...ISCSI }]);
    const chart = Testing.chart();
    const sts = new kplus.StatefulSet(chart, 'S', { containers: [{ image: 'busybox:1.36', portNumber: 80 }] });
    keepStatefulSetVolumes(sts);
    keepStatefulSetVolumes(sts);
    expect(chart.toJson().find((o) => o.kind === 'StatefulSet').spec.template.spec.volumes).toBeUndefined(); // none to write: none written, as 27 does
  });

  test('at synth, the app check applies the adapter to every StatefulSet of an app with the library\'s volumes', () => {
    const chart = Testing.chart();
    const sts = new kplus.StatefulSet(chart, 'S', { containers: [{ image: 'busybox:1.36', portNumber: 80 }] });
    sts.containers[0].mount('/data', new IscsiVolume(chart, 'San', { name: 'data', ...ISCSI.iscsi }));
    new kplus.StatefulSet(chart, 'Other', { containers: [{ image: 'busybox:1.36', portNumber: 80, volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'E', 'scratch') }] }] });
    const out = Testing.synth(chart).filter((o) => o.kind === 'StatefulSet').map((o) => o.spec.template.spec.volumes);
    expect(out).toEqual([[{ name: 'data', ...ISCSI }], [{ name: 'scratch', emptyDir: {} }]]);
  });

  test('volumeClaimTemplates, where the major has them, still provide their volumes (cdk8s-plus\'s own filter decides)', () => {
    const chart = Testing.chart();
    const sts = new kplus.StatefulSet(chart, 'S', { containers: [{ image: 'busybox:1.36', portNumber: 80 }] });
    const addTemplate = (sts as unknown as { addVolumeClaimTemplate?: (t: { name: string }) => void }).addVolumeClaimTemplate;
    expect(typeof addTemplate === 'function').toBe(MAJOR >= 31);
    sts.containers[0].mount('/data', podVolume(chart, 'V', 'data', ISCSI));
    sts.containers[0].mount('/claimed', podVolume(chart, 'T', 'claimed', { emptyDir: {} }));
    addTemplate?.call(sts, { name: 'claimed' });
    keepStatefulSetVolumes(sts);
    const spec = chart.toJson().find((o) => o.kind === 'StatefulSet').spec;
    expect(spec.template.spec.volumes).toEqual(MAJOR >= 31 ? [{ name: 'data', ...ISCSI }] : [{ name: 'data', ...ISCSI }, { name: 'claimed', emptyDir: {} }]);
    expect(spec.volumeClaimTemplates?.map((t: any) => t.metadata.name)).toEqual(MAJOR >= 31 ? ['claimed'] : undefined);
  });
});

describe(`cdk8s-plus-${MAJOR}: a kplus claim's size that is not whole Gi`, () => {
  const EXACT = MAJOR >= 30; // cdk8s-plus-30 writes claim sizes with SizeRoundingBehavior.NONE

  test(EXACT ? 'is written exactly, as a fraction of Gi, and the binding check lets it through' : 'fails before anything is written (the major would throw while writing it)', () => {
    expect(kplusWritesExactClaimSizes()).toBe(EXACT);
    const chart = storageChart({ namespace: 'db' });
    new StorageClass(chart, 'Class', { provisioner: 'kubernetes.io/no-provisioner' });
    new kplus.PersistentVolumeClaim(chart, 'Claim', { storage: Size.mebibytes(512), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: 'x' });
    if (EXACT) {
      expect(only(synthValid(chart), 'PersistentVolumeClaim').spec.resources).toEqual({ requests: { storage: '0.5Gi' } });
    } else {
      expectSynthErrors(chart, [
        '[test/Claim] spec.resources.requests[storage]: Invalid value: "512Mi": cdk8s-plus-27 writes sizes in whole Gi and fails on this one while writing manifests; use VolumeClaim or a cdk8s-storage PersistentVolume, which write the exact size',
      ]);
    }
  });
});
