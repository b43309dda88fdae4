import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GlusterCluster } from '../../src';

/**
 * The seed's GlusterFS volume: the cluster's two storage nodes as Endpoints (one subset, glusterd's
 * port 24007) with the selector-less Service that keeps them, and a Pod that mounts the Gluster
 * volume `kube_vol` read-only. GlusterFS works through Kubernetes 1.25, deprecated there: synth
 * prints the deprecation warning; from 1.26 it is an error.
 */
export class GlusterfsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const gluster = new GlusterCluster(this, 'Gluster', {
      addresses: ['10.240.106.152', '10.240.79.157'],
      metadata: { name: 'glusterfs-cluster' },
    });
    const kubeVol = gluster.volume('KubeVol', { name: 'glusterfsvol', path: 'kube_vol', readOnly: true });

    const pod = new kplus.Pod(this, 'Pod', {
      metadata: { name: 'glusterfs' },
      containers: [{ name: 'glusterfs', image: 'kubernetes/pause' }],
    });
    pod.containers[0].mount('/mnt/glusterfs', kubeVol, { readOnly: true });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [
    new GlusterfsChart(app, 'glusterfs'),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
