"""The GlusterFS example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's GlusterFS volume: the cluster's two storage nodes as Endpoints (one subset, glusterd's
port 24007) with the selector-less Service that keeps them, and a Pod that mounts the Gluster volume
`kube_vol` read-only. GlusterFS works through Kubernetes 1.25, deprecated there: synth prints the
deprecation warning; from 1.26 it is an error. Run it from this folder (cdk8s.yaml sets the context
`cdk8s-storage:kubernetesVersion` to 1.25); the manifest goes to dist/ or to $CDK8S_OUTDIR.
test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
from typing import Any, List

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, App, Chart
from constructs import Construct

from cdk8s_storage import GlusterCluster


class GlusterfsChart(Chart):
    """The seed's GlusterFS volume: the cluster's two storage nodes as Endpoints with the
    selector-less Service that keeps them, and a Pod that mounts the Gluster volume `kube_vol`
    read-only. The keyword arguments are the Chart's (namespace, default "storage", labels, ...)."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        gluster = GlusterCluster(
            self,
            "Gluster",
            addresses=["10.240.106.152", "10.240.79.157"],
            metadata=ApiObjectMetadata(name="glusterfs-cluster"),
        )
        kube_vol = gluster.volume("KubeVol", name="glusterfsvol", path="kube_vol", read_only=True)

        pod = kplus.Pod(
            self,
            "Pod",
            metadata=ApiObjectMetadata(name="glusterfs"),
            containers=[kplus.ContainerProps(name="glusterfs", image="kubernetes/pause")],
        )
        pod.containers[0].mount("/mnt/glusterfs", kube_vol, read_only=True)


def build(app: App) -> List[Chart]:
    """Adds the example's charts to an app."""
    return [
        GlusterfsChart(app, "glusterfs"),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
