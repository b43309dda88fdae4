import * as fs from 'fs';
import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { PV_SOURCES, persistentVolumeSourceJson } from '../../src/core/objects/source-json';
import { podVolume } from '../../src/core/objects/volume';
import { k8sStruct } from '../../src/core/rules/k8s-types';

/*
 * What the library assumes cdk8s-plus-27 writes, one test per assumption, so that a cdk8s-plus
 * major that writes otherwise names it. scripts/variants.js runs this file against every variant
 * (cdk8s-storage-plus-28 … 33, with `cdk8s-plus-27` rewritten to that major): where a major
 * differs, the difference belongs in src/core/app/internals.ts, with its own case here.
 */
describe('what cdk8s-plus-27 writes, as the library assumes it', () => {
  const IMAGE = { image: 'busybox:1.36' };

  test('Volume\'s private constructor (scope, id, name, source) renders { name, ...source } and keeps names up to 63 characters (src/core/objects/volume.ts)', () => {
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'P', { containers: [IMAGE] });
    const v = podVolume(chart, 'V', 'data', { iscsi: { targetPortal: '10.0.0.5', iqn: 'iqn.2001-04.com.example:disk1', lun: 0 } });
    pod.containers[0].mount('/data', v);
    const spec = Testing.synth(chart).find((o) => o.kind === 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'data', iscsi: { targetPortal: '10.0.0.5', iqn: 'iqn.2001-04.com.example:disk1', lun: 0 } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(spec.containers[0].volumeDevices).toBeUndefined(); // mounts are filesystems only (src/core/objects/volume.ts)
    expect(podVolume(chart, 'Long', 'x'.repeat(70), { emptyDir: {} }).name).toBe('x'.repeat(63));
  });

  test('a PersistentVolume bound to a claim writes claimRef without a namespace (src/core/app/binding.ts)', () => {
    const chart = Testing.chart();
    const claim = new kplus.PersistentVolumeClaim(chart, 'C', { metadata: { name: 'c', namespace: 'ns' }, storage: Size.gibibytes(1) });
    const pv = new kplus.AwsElasticBlockStorePersistentVolume(chart, 'V', { metadata: { name: 'v' }, volumeId: 'vol-1', storage: Size.gibibytes(1) });
    pv.bind(claim);
    const out = Testing.synth(chart).find((o) => o.kind === 'PersistentVolume');
    expect(out.spec.claimRef).toEqual({ name: 'c' });
  });

  test('a PersistentVolume writes its size in whole Gi and throws while writing one that is not (src/core/app/binding.ts; claims: src/core/app/kplus-adapter.ts)', () => {
    const pv = (size: Size) => {
      const chart = Testing.chart();
      new kplus.AwsElasticBlockStorePersistentVolume(chart, 'V', { volumeId: 'vol-1', storage: size });
      return () => Testing.synth(chart).find((o) => o.kind === 'PersistentVolume').spec.capacity.storage;
    };
    expect(pv(Size.mebibytes(2048))()).toBe('2Gi');
    expect(pv(Size.mebibytes(1500))).toThrow(/cannot be converted into a whole number of gibibytes/);
  });

  test('a Deployment without replicas writes 2 (src/core/objects/volume.ts)', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'D', { containers: [IMAGE] });
    expect(Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.replicas).toBe(2);
  });

  test('a Pod without containers fails while writing (src/core/objects/volume.ts)', () => {
    const chart = Testing.chart();
    new kplus.Pod(chart, 'P');
    expect(() => Testing.synth(chart)).toThrow();
  });

  test('a Secret writes immutable: false, as the library\'s own Secrets do (src/core/objects/secrets.ts)', () => {
    const chart = Testing.chart();
    new kplus.Secret(chart, 'S', { stringData: { a: 'b' } });
    expect(Testing.synth(chart).find((o) => o.kind === 'Secret').immutable).toBe(false);
  });

  // a value of every declared field, by its type; structs to a depth of 4
  const sample = (type: any, depth: number): unknown => {
    if (type.primitive) return { string: 'x', number: 1, boolean: true, date: new Date(0), any: { a: 1 } }[type.primitive as string];
    if (type.collection) return type.collection.kind === 'array' ? [sample(type.collection.elementtype, depth)] : { k: sample(type.collection.elementtype, depth) };
    if (type.union) return sample(type.union.types[0], depth);
    if (type.fqn.endsWith('.k8s.Quantity')) return k8s.Quantity.fromString('1Gi');
    return depth > 0 ? full(type.fqn, depth - 1) : undefined;
  };
  const full = (fqn: string, depth: number): Record<string, unknown> =>
    Object.fromEntries([...k8sStruct(fqn)!.fields.values()].map((f) => [f.code, sample(f.type, depth)]).filter(([, v]) => v !== undefined));
  const converters = k8s as unknown as Record<string, (v: unknown) => Record<string, unknown>>;

  test('the jsii assembly declares each struct under k8s.Volume and k8s.PersistentVolumeSpec with the manifest names its converter writes (src/core/rules/k8s-types.ts)', () => {
    const seen = new Set<string>();
    const visit = (fqn: string): void => {
      const struct = k8sStruct(fqn);
      if (!struct || seen.has(fqn)) return;
      seen.add(fqn);
      const name = fqn.split('.').pop()!;
      const converter = converters[`toJson_${name}`];
      expect(typeof converter).toBe('function');
      const written = converter(full(fqn, 4));
      const declared = [...struct.fields.values()].filter((f) => !f.type.fqn || k8sStruct(f.type.fqn) || f.type.fqn.endsWith('.k8s.Quantity')).map((f) => f.json);
      expect([name, Object.keys(written).sort()]).toEqual([name, declared.sort()]);
      for (const f of struct.fields.values()) {
        for (const t of [f.type, f.type.collection?.elementtype]) if (t?.fqn) visit(t.fqn);
      }
    };
    visit('Volume');
    visit('PersistentVolumeSpec');
    expect(seen.size).toBeGreaterThan(60);
    expect(k8sStruct('FcVolumeSource')!.fields.get('targetWwNs')).toMatchObject({ json: 'targetWWNs', required: false });
    expect(k8sStruct('Volume')!.fields.get('name')).toMatchObject({ json: 'name', required: true });
  });

  test('a PersistentVolume\'s source is written through the converter k8s.toJson_PersistentVolumeSpec calls for its field, for every source field of the spec (src/core/objects/source-json.ts)', () => {
    const spec = k8sStruct('PersistentVolumeSpec')!;
    const own = new Set(['claimRef', 'nodeAffinity']); // the spec's struct-typed fields that are no source
    const sources = [...spec.fields.values()].filter((f) => f.type.fqn && k8sStruct(f.type.fqn) && !own.has(f.code));
    const table = PV_SOURCES;
    expect([...table.keys()].sort()).toEqual(sources.map((f) => f.code).sort());
    for (const f of sources) {
      const [json, toJson] = table.get(f.code)!;
      expect([f.code, json, toJson]).toEqual([f.code, f.json, converters[`toJson_${f.type.fqn!.split('.').pop()}`]]);
      const value = full(f.type.fqn!, 4);
      expect(persistentVolumeSourceJson({ [f.code]: value })).toEqual(k8s.toJson_PersistentVolumeSpec({ [f.code]: value }));
    }
    expect(sources.length).toBeGreaterThan(20);
    // two sources (a custom source's mistake, which its rules report) are both written, as the spec's converter writes them
    const two = { iscsi: { targetPortal: 'p', iqn: 'q', lun: 0 }, scaleIo: { gateway: 'g', system: 's', secretRef: { name: 'n' } } };
    expect(persistentVolumeSourceJson(two)).toEqual(k8s.toJson_PersistentVolumeSpec(two));
    // a field of no source goes through the spec's converter, which drops what the type does not declare
    expect(persistentVolumeSourceJson({ nfs: { server: 's', path: '/' }, bogus: {} } as any)).toEqual({ nfs: { server: 's', path: '/' } });
    // a list of another type from a JavaScript caller is written as given, not thrown
    expect(persistentVolumeSourceJson({ iscsi: { targetPortal: 'p', iqn: 'q', lun: 0, portals: 'p2' } } as any)).toEqual({ iscsi: { targetPortal: 'p', iqn: 'q', lun: 0, portals: 'p2' } });
  });

  test('kplus.k8s is the schema of the major\'s Kubernetes minor (README\'s compatibility table)', () => {
    const major = Number(/cdk8s-plus-(\d+)/.exec(require.resolve('cdk8s-plus-27'))![1]);
    const description = (JSON.parse(fs.readFileSync(require.resolve('cdk8s-plus-27/package.json'), 'utf8')) as { description: string }).description;
    expect(description).toContain(`for Kubernetes 1.${major}.0`);
  });
});
