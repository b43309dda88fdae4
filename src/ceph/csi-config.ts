import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { ICephCluster } from './cluster';
import { AppSlot, AppState } from '../core/app/app-state';
import { addRules } from '../core/app/validation';
import { FieldPath, quote } from '../core/rules/field-path';
import { NameRule, nameErrors } from '../core/rules/names';

/**
 * Who writes the ceph-csi configuration, the `config.json` that maps each cluster id to its
 * monitors (and its RADOS namespace and subvolume group). ceph-csi reads one such file per
 * deployment, from a ConfigMap in its own namespace; whoever writes the ConfigMap writes the whole file.
 */
export enum CephCsiConfig {
  /**
   * ceph-csi's own deployment holds the cluster's entry: the Helm charts' `csiConfig` value (they
   * create `ceph-csi-config` in the release namespace), Rook's operator (`rook-ceph-csi-config`, from
   * its CephCluster, CephBlockPoolRadosNamespace and CephFilesystemSubVolumeGroup resources), or
   * the ConfigMap an operator applied. The app writes no ConfigMap; `CephCluster.csiConfigEntry()`
   * gives the entry to add there.
   */
  EXTERNAL = 'External',
  /**
   * This app writes the `ceph-csi-config` ConfigMap (key `config.json`) in `csiNamespace`, with
   * every cluster of the app that a CSI form uses and that names that namespace. It replaces the
   * whole file: use it only for a ceph-csi whose deployment does not write the ConfigMap itself
   * (Helm: `externallyManagedConfigmap: true`), and from one app per ceph-csi.
   */
  APP = 'App',
}

/** What the ceph-csi configuration reads of a cluster (a CephCluster). */
export interface ConfigCluster extends ICephCluster {
  readonly csiNamespace?: string;
  readonly subvolumeGroup?: string;
}

/** A cluster's entry of ceph-csi's config.json (internal/util/csiconfig.go readClusterInfo; api/deploy/kubernetes ClusterInfo). */
export function configEntry(c: ConfigCluster): object {
  return {
    clusterID: c.clusterId ?? '',
    monitors: c.monitors,
    ...(c.radosNamespace !== undefined ? { rbd: { radosNamespace: c.radosNamespace } } : {}),
    ...(c.subvolumeGroup !== undefined ? { cephFS: { subvolumeGroup: c.subvolumeGroup } } : {}),
  };
}

/** The ceph-csi configuration of one namespace: one ConfigMap shared by the clusters that need it. */
interface CsiConfig {
  readonly clusters: ConfigCluster[];
}

const CSI_CONFIG_MAP = 'ceph-csi-config';
/** The app's ceph-csi ConfigMaps, by namespace. */
const CSI_CONFIGS = new AppSlot('ceph-csi ConfigMaps', () => new Map<string, CsiConfig>());

export function csiConfigFor(cluster: ConfigCluster): CsiConfig {
  const byNamespace = AppState.of(cluster).slot(CSI_CONFIGS);
  const namespace = cluster.csiNamespace!;
  let config = byNamespace.get(namespace);
  if (!config) {
    const clusters: ConfigCluster[] = [];
    config = { clusters };
    byNamespace.set(namespace, config);
    // the ConfigMap lives under the first cluster that needs it; its content covers all of them
    const map = new k8s.KubeConfigMap(cluster, 'CsiConfig', {
      metadata: { name: CSI_CONFIG_MAP, namespace },
      data: {
        'config.json': Lazy.any({
          produce: () => JSON.stringify(clusters
            .filter((c) => c.clusterId)
            .sort((a, b) => a.clusterId!.localeCompare(b.clusterId!))
            .map(configEntry), undefined, 2),
        }),
      },
    });
    const why = `the csiNamespace of CephCluster ${quote(cluster.node.path)}`;
    const findings = nameErrors(FieldPath.root('metadata', 'namespace'), namespace, NameRule.DNS_LABEL)
      .map((e) => ({ ...e, detail: e.detail ? `${e.detail} (${why})` : `give ${why}` }));
    if (findings.length > 0) addRules(map, () => findings);
  }
  return config;
}
