import { Size } from 'cdk8s';
import { IscsiPersistentVolume, TopologySelectorTerm } from '../../src';
import { expectSynthErrors, only, storageChart, synthValid } from '../helpers';

/* A PersistentVolume's node affinity: the nodes that can reach it, as kube-apiserver checks it. */

const BASE = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', storage: Size.gibibytes(1), metadata: { name: 'lun' } };
const AT = 'spec.nodeAffinity.required.nodeSelectorTerms';

function pvWith(nodeAffinity: TopologySelectorTerm[]) {
  const chart = storageChart({ namespace: 'db' });
  new IscsiPersistentVolume(chart, 'Lun', { ...BASE, nodeAffinity });
  return chart;
}

test('terms become required node selector terms, each requirement an In', () => {
  const chart = pvWith([
    { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['zone-a', 'zone-b'] }] },
    { matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: ['san-node-1'] }, { key: 'storage/iscsi', values: ['true'] }] },
  ]);
  expect(only(synthValid(chart), 'PersistentVolume').spec.nodeAffinity).toEqual({
    required: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-a', 'zone-b'] }] },
        {
          matchExpressions: [
            { key: 'kubernetes.io/hostname', operator: 'In', values: ['san-node-1'] },
            { key: 'storage/iscsi', operator: 'In', values: ['true'] },
          ],
        },
      ],
    },
  });
});

test('without the prop, no nodeAffinity is written', () => {
  const chart = storageChart({ namespace: 'db' });
  new IscsiPersistentVolume(chart, 'Lun', BASE);
  expect(only(synthValid(chart), 'PersistentVolume').spec.nodeAffinity).toBeUndefined();
});

test('no term at all, an empty value list and a bad key: kube-apiserver\'s errors, all at once', () => {
  expectSynthErrors(pvWith([]), [`[test/Lun] ${AT}: Required value: must have at least one node selector term`]);
  expectSynthErrors(pvWith([{ matchLabelExpressions: [{ key: 'zone', values: [] }, { key: '-bad', values: ['a'] }] }]), [
    `[test/Lun] ${AT}[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    `[test/Lun] ${AT}[0].matchExpressions[1].key: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  ]);
});

test('the terms are copied: changing the array after construction changes nothing', () => {
  const terms: TopologySelectorTerm[] = [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }];
  const chart = pvWith(terms);
  terms[0].matchLabelExpressions[0].values.length = 0;
  expect(only(synthValid(chart), 'PersistentVolume').spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['a']);
});
