"""The CephFS example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's CephFS Pod: the filesystem mounted read-only at /mnt/cephfs. At 1.30 the inline cephfs
volume reads the node's secret file; from 1.31 ceph-csi needs a Secret, so the 1.31 chart gives the
user and key instead. Each chart sets its own target version. Run it from this folder; the manifests
go to dist/ or to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals the
TypeScript example's.
"""
import os
from typing import Any, List

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, App, Chart, Size
from constructs import Construct

from cdk8s_storage import CephCluster, CephCredentials, CephFsVolume, KubernetesVersion


class CephFsChart(Chart):
    """The seed's CephFS Pod: the filesystem mounted read-only at /mnt/cephfs. At 1.30 the inline
    cephfs volume reads the node's secret file; from 1.31 ceph-csi needs a Secret, so the 1.31 chart
    gives the user and key instead.

    `kubernetes_version` is the Kubernetes version this chart targets; the other keyword arguments
    are the Chart's (namespace, labels, ...)."""

    def __init__(self, scope: Construct, id: str, *, kubernetes_version: KubernetesVersion, **props: Any) -> None:
        super().__init__(scope, id, **props)
        # before any child: the volumes read the target version from the context
        kubernetes_version.apply_to(self)

        ceph = CephCluster(
            self,
            "Ceph",
            monitors=["10.16.154.78:6789", "10.16.154.82:6789", "10.16.154.83:6789"],
            cluster_id="prod",
        )
        if kubernetes_version.minor <= 30:
            credentials = CephCredentials.from_secret_file(
                cluster=ceph, user="admin", path="/etc/ceph/admin.secret"
            )
        else:
            credentials = CephCredentials.from_user_key(
                cluster=ceph,
                user="admin",
                # a placeholder cephx key; real apps read it from the environment or a file, never from git
                key=os.environ.get("CEPH_ADMIN_KEY", "AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ=="),
            )
        shared = CephFsVolume(
            self,
            "Shared",
            name="cephfs",
            cluster=ceph,
            credentials=credentials,
            storage=Size.gibibytes(50),
            read_only=True,
        )
        pod = kplus.Pod(
            self,
            "Pod",
            metadata=ApiObjectMetadata(name="cephfs"),
            containers=[kplus.ContainerProps(name="cephfs-rw", image="kubernetes/pause")],
        )
        pod.containers[0].mount("/mnt/cephfs", shared, read_only=True)


def build(app: App) -> List[Chart]:
    """Adds the example's charts to an app."""
    return [
        CephFsChart(app, "cephfs-1-30", namespace="storage-130", kubernetes_version=KubernetesVersion.V1_30),
        CephFsChart(app, "cephfs-1-31", namespace="storage-131", kubernetes_version=KubernetesVersion.V1_31),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
