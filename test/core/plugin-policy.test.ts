import { KubernetesVersion, VolumeImplementation } from '../../src';
import { PLUGINS, Plugin, pluginForm, pluginRules, versionSummary, versionTable } from '../../src/core/policy/plugin-policy';
import { formatError, formatWarning, isWarning, Finding } from '../../src/core/rules/errors';
import { FieldPath } from '../../src/core/rules/field-path';

const { AUTO, IN_TREE, CSI } = VolumeImplementation;
const v = (name: string) => KubernetesVersion.of(name);

/** Findings as the lines a user sees (without the construct path). */
function lines(findings: Finding[]): string[] {
  return findings.map((f) => (isWarning(f) ? `Warning: ${formatWarning(f)}` : formatError(f)));
}

const IN_TREE_OK = { kind: 'in-tree', deprecated: false, servedByCsi: undefined };
const IN_TREE_DEPRECATED = { kind: 'in-tree', deprecated: true, servedByCsi: undefined };
const RBD_CSI = { kind: 'csi', driver: 'rbd.csi.ceph.com', inline: false };

describe('pluginForm', () => {
  test.each([
    ['1.27', AUTO, IN_TREE_OK],
    ['1.27', IN_TREE, IN_TREE_OK],
    ['1.27', CSI, RBD_CSI],
    ['1.28', AUTO, IN_TREE_DEPRECATED],
    ['1.28', IN_TREE, IN_TREE_DEPRECATED],
    ['1.28', CSI, RBD_CSI],
    ['1.30', AUTO, IN_TREE_DEPRECATED],
    ['1.30', IN_TREE, IN_TREE_DEPRECATED],
    ['1.30', CSI, RBD_CSI],
    ['1.31', AUTO, RBD_CSI],
    ['1.31', IN_TREE, { kind: 'removed', reason: 'in-tree rbd was removed in 1.31 (target 1.31); use the CSI driver rbd.csi.ceph.com (implementation AUTO or CSI)' }],
    ['1.31', CSI, RBD_CSI],
  ])('rbd at %s with %s', (version, impl, form) => {
    expect(pluginForm(Plugin.RBD, v(version), impl)).toEqual(form);
  });

  test('AUTO is the default implementation', () => {
    expect(pluginForm(Plugin.RBD, v('1.31'))).toEqual(RBD_CSI);
    expect(pluginForm(Plugin.RBD, v('1.30'))).toEqual(IN_TREE_DEPRECATED);
  });

  test.each([
    ['1.27', IN_TREE_OK],
    ['1.28', IN_TREE_DEPRECATED],
    ['1.30', IN_TREE_DEPRECATED],
    ['1.31', { kind: 'csi', driver: 'cephfs.csi.ceph.com', inline: false }],
  ])('cephfs at %s with AUTO', (version, form) => {
    expect(pluginForm(Plugin.CEPHFS, v(version), AUTO)).toEqual(form);
  });

  test.each([
    ['1.25', AUTO, IN_TREE_DEPRECATED],
    ['1.25', IN_TREE, IN_TREE_DEPRECATED],
    ['1.25', CSI, { kind: 'removed', reason: 'glusterfs has no CSI driver; use the in-tree plugin (implementation AUTO or IN_TREE)' }],
    ['1.26', AUTO, { kind: 'removed', reason: 'in-tree glusterfs was removed in 1.26 (target 1.26); no CSI migration exists: move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS' }],
    ['1.26', IN_TREE, { kind: 'removed', reason: 'in-tree glusterfs was removed in 1.26 (target 1.26); no CSI migration exists: move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS' }],
    ['1.26', CSI, { kind: 'removed', reason: 'glusterfs has no CSI driver; in-tree glusterfs was removed in 1.26 (target 1.26): move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS' }],
  ])('glusterfs at %s with %s', (version, impl, form) => {
    expect(pluginForm(Plugin.GLUSTERFS, v(version), impl)).toEqual(form);
  });

  test.each([
    ['1.24', AUTO, IN_TREE_DEPRECATED],
    ['1.24', CSI, { kind: 'removed', reason: 'flocker has no CSI driver; use the in-tree plugin (implementation AUTO or IN_TREE)' }],
    ['1.25', AUTO, { kind: 'removed', reason: 'in-tree flocker was removed in 1.25 (target 1.25); no CSI migration exists: move the datasets to a backend with a CSI driver' }],
    ['1.25', IN_TREE, { kind: 'removed', reason: 'in-tree flocker was removed in 1.25 (target 1.25); no CSI migration exists: move the datasets to a backend with a CSI driver' }],
  ])('flocker at %s with %s', (version, impl, form) => {
    expect(pluginForm(Plugin.FLOCKER, v(version), impl)).toEqual(form);
  });

  test.each(['1.24', '1.30', '1.36'])('flexVolume at %s: in-tree, deprecated; no CSI form', (version) => {
    expect(pluginForm(Plugin.FLEX, v(version), AUTO)).toEqual(IN_TREE_DEPRECATED);
    expect(pluginForm(Plugin.FLEX, v(version), CSI)).toEqual({ kind: 'removed', reason: 'flexVolume has no CSI driver; use the in-tree plugin (implementation AUTO or IN_TREE)' });
  });

  test.each(['1.24', '1.36'])('iscsi at %s: in-tree with AUTO, iscsi.csi.k8s.io with CSI', (version) => {
    expect(pluginForm(Plugin.ISCSI, v(version), AUTO)).toEqual(IN_TREE_OK);
    expect(pluginForm(Plugin.ISCSI, v(version), IN_TREE)).toEqual(IN_TREE_OK);
    expect(pluginForm(Plugin.ISCSI, v(version), CSI)).toEqual({ kind: 'csi', driver: 'iscsi.csi.k8s.io', inline: true });
  });

  test.each(['1.24', '1.25'])('azureFile at %s: the in-tree field (CSI migration serves it where the driver is installed)', (version) => {
    expect(pluginForm(Plugin.AZURE_FILE, v(version), AUTO)).toEqual({ kind: 'in-tree', deprecated: true, servedByCsi: 'file.csi.azure.com' });
    expect(pluginForm(Plugin.AZURE_FILE, v(version), CSI)).toEqual({ kind: 'csi', driver: 'file.csi.azure.com', inline: true });
  });

  test.each(['1.26', '1.36'])('azureFile at %s: the CSI driver; the in-tree field on request, served only by CSI migration', (version) => {
    expect(pluginForm(Plugin.AZURE_FILE, v(version), AUTO)).toEqual({ kind: 'csi', driver: 'file.csi.azure.com', inline: true });
    expect(pluginForm(Plugin.AZURE_FILE, v(version), IN_TREE)).toEqual({ kind: 'in-tree', deprecated: true, servedByCsi: 'file.csi.azure.com' });
  });
});

describe('pluginRules', () => {
  const at = (field: string) => FieldPath.root('spec', field);

  test.each([
    [Plugin.RBD, 'rbd', '1.27', AUTO, []],
    [Plugin.RBD, 'rbd', '1.28', AUTO, ['Warning: spec.rbd: deprecated in v1.28, non-functional in v1.31+ (target 1.28)']],
    [Plugin.RBD, 'rbd', '1.30', IN_TREE, ['Warning: spec.rbd: deprecated in v1.28, non-functional in v1.31+ (target 1.30)']],
    [Plugin.RBD, 'rbd', '1.31', AUTO, []],
    [Plugin.RBD, 'rbd', '1.31', IN_TREE, ['spec.rbd: Forbidden: in-tree rbd was removed in 1.31 (target 1.31); use the CSI driver rbd.csi.ceph.com (implementation AUTO or CSI)']],
    [Plugin.RBD, 'rbd', '1.30', CSI, []],
    [Plugin.CEPHFS, 'cephfs', '1.30', AUTO, ['Warning: spec.cephfs: deprecated in v1.28, non-functional in v1.31+ (target 1.30)']],
    [Plugin.CEPHFS, 'cephfs', '1.31', IN_TREE, ['spec.cephfs: Forbidden: in-tree cephfs was removed in 1.31 (target 1.31); use the CSI driver cephfs.csi.ceph.com (implementation AUTO or CSI)']],
    [Plugin.GLUSTERFS, 'glusterfs', '1.25', AUTO, ['Warning: spec.glusterfs: deprecated in v1.25, non-functional in v1.26+ (target 1.25)']],
    [Plugin.GLUSTERFS, 'glusterfs', '1.26', AUTO, ['spec.glusterfs: Forbidden: in-tree glusterfs was removed in 1.26 (target 1.26); no CSI migration exists: move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS']],
    [Plugin.GLUSTERFS, 'glusterfs', '1.25', CSI, ['spec.glusterfs: Forbidden: glusterfs has no CSI driver; use the in-tree plugin (implementation AUTO or IN_TREE)']],
    [Plugin.FLOCKER, 'flocker', '1.24', AUTO, ['Warning: spec.flocker: deprecated in v1.22, non-functional in v1.25+ (target 1.24)']],
    [Plugin.FLOCKER, 'flocker', '1.25', AUTO, ['spec.flocker: Forbidden: in-tree flocker was removed in 1.25 (target 1.25); no CSI migration exists: move the datasets to a backend with a CSI driver']],
    [Plugin.FLEX, 'flexVolume', '1.36', AUTO, ['Warning: spec.flexVolume: deprecated in v1.23, move to a CSI driver for the same storage (target 1.36)']],
    [Plugin.FLEX, 'flexVolume', '1.24', AUTO, ['Warning: spec.flexVolume: deprecated in v1.23, move to a CSI driver for the same storage (target 1.24)']],
    [Plugin.ISCSI, 'iscsi', '1.36', AUTO, []],
    [Plugin.ISCSI, 'iscsi', '1.36', CSI, []],
    [Plugin.AZURE_FILE, 'azureFile', '1.25', AUTO, ['Warning: spec.azureFile: deprecated in v1.21, served only by the CSI driver file.csi.azure.com from v1.26 (target 1.25)']],
    [Plugin.AZURE_FILE, 'azureFile', '1.30', AUTO, []],
    [Plugin.AZURE_FILE, 'azureFile', '1.30', IN_TREE, ['Warning: spec.azureFile: deprecated in v1.21; only CSI migration serves it from v1.26 (target 1.30): install the CSI driver file.csi.azure.com']],
  ])('%s (%s) at %s with %s', (plugin, field, version, impl, expected) => {
    expect(lines(pluginRules(plugin, v(version), impl, at(field)))).toEqual(expected);
  });
});

describe('versionTable', () => {
  const table = versionTable();
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && l.includes('(`'));
  const cells = (row: string) => row.split('|').slice(1, -1).map((c) => c.trim());

  test('header: backend, 14 versions 1.24 … 1.37, CSI driver', () => {
    const head = table.split('\n')[0];
    expect(cells(head)).toEqual([
      'backend',
      '1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37',
      'CSI driver (inline Pod volumes)',
    ]);
    expect(table.split('\n')[1].match(/---/g)).toHaveLength(16);
  });

  test('one row per plugin, each with 14 version columns', () => {
    expect(rows).toHaveLength(Object.keys(PLUGINS).length);
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(cells(row)).toHaveLength(1 + 14 + 1);
  });

  const repeat = (cell: string, n: number) => Array<string>(n).fill(cell);

  test.each([
    ['iSCSI (`iscsi`)', repeat('IT', 14), '`iscsi.csi.k8s.io` (inline: yes; alpha; static volumes only)'],
    ['Ceph RBD (`rbd`)', [...repeat('IT', 4), ...repeat('IT⚠', 3), ...repeat('CSI', 7)], '`rbd.csi.ceph.com` (inline: no; GA)'],
    ['CephFS (`cephfs`)', [...repeat('IT', 4), ...repeat('IT⚠', 3), ...repeat('CSI', 7)], '`cephfs.csi.ceph.com` (inline: no; GA)'],
    ['Azure File (`azureFile`)', [...repeat('IT→CSI⚠', 2), ...repeat('CSI', 12)], '`file.csi.azure.com` (inline: yes; GA)'],
    ['GlusterFS (`glusterfs`)', ['IT', 'IT⚠', ...repeat('✗', 12)], 'none'],
    ['Flocker (`flocker`)', ['IT⚠', ...repeat('✗', 13)], 'none'],
    ['FlexVolume (`flexVolume`)', repeat('IT⚠', 14), 'none'],
  ])('%s', (backend, versions, csi) => {
    const row = rows.find((r) => cells(r)[0] === backend);
    expect(row && cells(row)).toEqual([backend, ...versions, csi]);
  });
});

describe('versionSummary', () => {
  test('groups consecutive versions with the same form', () => {
    expect(versionSummary(Plugin.RBD)).toEqual([
      '- 1.24–1.27: the in-tree `rbd` source',
      '- 1.28–1.30: the in-tree `rbd` source, deprecated (a warning at synth)',
      '- 1.31–1.37: the `rbd.csi.ceph.com` CSI driver\'s objects',
    ].join('\n'));
    expect(versionSummary(Plugin.FLOCKER)).toEqual([
      '- 1.24: the in-tree `flocker` source, deprecated (a warning at synth)',
      '- 1.25–1.37: a synth-time error: the plugin was removed (move the datasets to a backend with a CSI driver)',
    ].join('\n'));
  });
});
