"""The generic ephemeral volume example in Python: the same app as main.ts, through the cdk8s-storage wheel.

Scratch space per Pod from a Ceph RBD class (ceph-csi serves no inline CSI volumes): each of three
replicas gets its own 5Gi claim, created and deleted with the Pod. Run it from this folder; the
manifest goes to dist/ or to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals
the TypeScript example's.
"""
import os
from typing import Any

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import CephCluster, CephCredentials, CephRbdStorageClass, EphemeralVolume


class EphemeralChart(Chart):
    """Scratch space per Pod from a Ceph RBD class, as a generic ephemeral volume."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        ceph = CephCluster(
            self,
            "Ceph",
            monitors=["10.16.154.78:6789", "10.16.154.82:6789", "10.16.154.83:6789"],
            cluster_id="prod",
        )
        provisioner = CephCredentials.from_user_key(
            cluster=ceph,
            user="kubernetes",
            # a placeholder cephx key; real apps read it from the environment or a file, never from git
            key=os.environ.get("CEPH_ADMIN_KEY", "AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ=="),
            secret_name="csi-rbd-secret",
        )
        scratch_class = CephRbdStorageClass(
            self,
            "Scratch",
            metadata={"name": "rbd-scratch"},
            cluster=ceph,
            pool="scratch",
            credentials=provisioner,
        )

        scratch = EphemeralVolume(self, "Volume", name="scratch", storage_class=scratch_class, storage=Size.gibibytes(5))
        workers = kplus.Deployment(
            self,
            "Workers",
            metadata={"name": "workers"},
            replicas=3,
            containers=[kplus.ContainerProps(image="busybox:1.36", command=["sh", "-c", "df -h /scratch && sleep 3600"])],
        )
        workers.containers[0].mount("/scratch", scratch)


if __name__ == "__main__":
    app = App()
    EphemeralChart(app, "ephemeral")
    app.synth()
