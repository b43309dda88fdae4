import { KubernetesVersion } from '../../src';
import { schemaCheck, schemaFailures, schemaVersion } from '../helpers';

// The strict schema check every synthesized manifest goes through must be able to fail.
const PV = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv1' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '1Gi' },
    iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:a', lun: 0 },
  },
};

test('a valid manifest passes', () => {
  expect(schemaCheck([PV], KubernetesVersion.V1_30)).toEqual({ ok: true, output: '' });
});

test('an unknown field fails the strict check', () => {
  const bad = { ...PV, spec: { ...PV.spec, iscsi: { ...PV.spec.iscsi, bogusField: 1 } } };
  const r = schemaCheck([bad], KubernetesVersion.V1_30);
  expect(r.ok).toBe(false);
  expect(r.output).toContain('Additional properties are not allowed (\'bogusField\' was unexpected)');
});

test('a missing required field fails', () => {
  const { lun, ...noLun } = PV.spec.iscsi;
  void lun;
  const r = schemaCheck([{ ...PV, spec: { ...PV.spec, iscsi: noLun } }], KubernetesVersion.V1_36);
  expect(r.ok).toBe(false);
  expect(r.output).toContain('\'lun\' is a required property');
});

test('a wrong type fails', () => {
  const r = schemaCheck([{ ...PV, spec: { ...PV.spec, iscsi: { ...PV.spec.iscsi, lun: 'zero' } } }], KubernetesVersion.V1_31);
  expect(r.ok).toBe(false);
  expect(r.output).toContain('\'zero\' is not of type \'integer\'');
});

test('an unknown kind fails (the tool only warns about it)', () => {
  const r = schemaCheck([{ apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSIDriverTypo', metadata: { name: 'x' } }], KubernetesVersion.V1_31);
  expect(r.ok).toBe(false);
  expect(r.output).toMatch(/WARN/);
});

test('1.24 is checked against the oldest schemas the tool ships (1.25)', () => {
  expect(schemaVersion(KubernetesVersion.V1_24)).toEqual('1.25');
  expect(schemaVersion(KubernetesVersion.V1_36)).toEqual('1.36');
});

test('the batched check of a test file\'s manifests (several versions, one process) names the test whose set fails, and only that one', () => {
  const bad = { ...PV, metadata: { name: 'pv2' }, spec: { ...PV.spec, iscsi: { ...PV.spec.iscsi, bogusField: 1 } } };
  const failures = schemaFailures([
    { test: 'writes a valid PV at 1.30', docs: [PV], version: KubernetesVersion.V1_30 },
    { test: 'writes a PV with an unknown field at 1.36', docs: [PV, bad], version: KubernetesVersion.V1_36 },
    { test: 'writes a valid PV at 1.24', docs: [PV], version: KubernetesVersion.V1_24 },
  ]);
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatch(/^schema check failed at 1\.36 for the manifests of "writes a PV with an unknown field at 1\.36":\nERROR \S+ did not validate for resource persistentvolume\/pv2 against version 1\.36: spec\.iscsi: Additional properties are not allowed \('bogusField' was unexpected\)\n---\n/);
  expect(schemaFailures([{ test: 'valid', docs: [PV], version: KubernetesVersion.V1_31 }, { test: 'also valid', docs: [PV], version: KubernetesVersion.V1_25 }])).toEqual([]);
});
