"""The snapshots example in Python: the same app as main.ts, through the cdk8s-storage wheel.

Backups by snapshot on ceph-csi RBD: a claim, a VolumeSnapshotClass made from its StorageClass, a
snapshot of the claim, a claim restored from it and a clone of the claim. Run it from this folder
(cdk8s.yaml sets the target version); the manifest goes to dist/ or to $CDK8S_OUTDIR.
test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
import os
from typing import Any

from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import (
    CephCluster,
    CephCredentials,
    CephRbdStorageClass,
    ClaimDataSource,
    SnapshotDeletionPolicy,
    VolumeSnapshot,
    VolumeSnapshotClass,
)


class SnapshotsChart(Chart):
    """A claim, its snapshot, a claim restored from the snapshot and a clone, on ceph-csi RBD."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        ceph = CephCluster(
            self,
            "Ceph",
            monitors=["10.16.154.78:6789", "10.16.154.82:6789", "10.16.154.83:6789"],
            cluster_id="prod",
        )
        kubernetes = CephCredentials.from_user_key(
            cluster=ceph,
            user="kubernetes",
            # a placeholder cephx key; real apps read it from the environment or a file, never from git
            key=os.environ.get("CEPH_ADMIN_KEY", "AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ=="),
            csi_secret_name="csi-rbd-secret",
        )
        fast = CephRbdStorageClass(
            self,
            "Fast",
            metadata={"name": "rbd-fast"},
            cluster=ceph,
            pool="kube",
            credentials=kubernetes,
            allow_volume_expansion=True,
        )
        data = fast.create_claim(self, "Data", metadata={"name": "pgdata"}, storage=Size.gibibytes(20))

        snapshots = VolumeSnapshotClass(
            self,
            "Snapshots",
            metadata={"name": "rbd-snapshots"},
            storage_class=fast,
            deletion_policy=SnapshotDeletionPolicy.RETAIN,
        )
        nightly = VolumeSnapshot(
            self,
            "Nightly",
            metadata={"name": "pgdata-nightly"},
            claim=data,
            snapshot_class=snapshots,
        )
        fast.create_claim(
            self,
            "Restored",
            metadata={"name": "pgdata-restored"},
            storage=Size.gibibytes(20),
            data_source=ClaimDataSource.from_snapshot(nightly),
        )
        fast.create_claim(
            self,
            "Copy",
            metadata={"name": "pgdata-copy"},
            storage=Size.gibibytes(30),
            data_source=ClaimDataSource.from_claim(data),
        )


if __name__ == "__main__":
    app = App()
    SnapshotsChart(app, "snapshots")
    app.synth()
