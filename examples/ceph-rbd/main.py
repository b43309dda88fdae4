"""The Ceph RBD example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's Ceph RBD volume, mounted by a PostgreSQL Deployment. The same code targets 1.30 (inline
rbd volume + kubernetes.io/rbd Secret) and 1.31 (ceph-csi PersistentVolume + claim, ReadOnlyMany): each chart sets
its own target version. Run it from this folder; the manifests go to dist/ or to $CDK8S_OUTDIR.
test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
import os
from typing import Any, List

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import (
    CephCluster,
    CephCredentials,
    CephRbdVolume,
    FsType,
    KubernetesVersion,
)


class CephRbdChart(Chart):
    """The seed's Ceph RBD volume, mounted by a PostgreSQL Deployment. The same code targets 1.30
    (inline rbd volume + kubernetes.io/rbd Secret) and 1.31 (ceph-csi PersistentVolume + claim).

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
            # csi_config defaults to CephCsiConfig.EXTERNAL: ceph-csi's Helm release (or Rook) owns
            # ceph-csi-config; add ceph.csi_config_entry() to the chart's csiConfig value
        )
        admin = CephCredentials.from_user_key(
            cluster=ceph,
            user="admin",
            # a placeholder cephx key; real apps read it from the environment or a file, never from git
            key=os.environ.get("CEPH_ADMIN_KEY", "AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ=="),
            secret_name="ceph-secret",
        )
        data = CephRbdVolume(
            self,
            "Data",
            name="rbdpod",
            cluster=ceph,
            pool="kube",
            image="foo",
            storage=Size.gibibytes(10),
            credentials=admin,
            fs_type=FsType.EXT4,
            read_only=True,
        )
        db = kplus.Deployment(
            self,
            "Db",
            replicas=1,
            containers=[
                kplus.ContainerProps(
                    image="postgres:16",
                    port_number=5432,
                    security_context=kplus.ContainerSecurityContextProps(ensure_non_root=False),
                )
            ],
        )
        db.containers[0].mount("/var/lib/postgresql/data", data, read_only=True)


def build(app: App) -> List[Chart]:
    """Adds the example's charts to an app."""
    return [
        CephRbdChart(app, "rbd-1-30", namespace="storage-130", kubernetes_version=KubernetesVersion.V1_30),
        CephRbdChart(app, "rbd-1-31", namespace="storage-131", kubernetes_version=KubernetesVersion.V1_31),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
