"""The StatefulSet example in Python: the same app as main.ts, through the cdk8s-storage wheel.

A PostgreSQL StatefulSet of three replicas, each with a claim of its own (a ClaimTemplate: the
StatefulSet's volumeClaimTemplates) provisioned by ceph-csi from an RBD class; the claims of replicas
a scale-down removes are deleted. Run it from this folder (cdk8s.yaml sets the target version);
the manifest goes to dist/ or to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML
equals the TypeScript example's.
"""
import os
from typing import Any

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import (
    CephCluster,
    CephCredentials,
    CephRbdStorageClass,
    ClaimRetentionPolicy,
    ClaimTemplate,
    FsType,
)


class StatefulSetChart(Chart):
    """Three PostgreSQL replicas, each with its own claim from a ceph-csi RBD class."""

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
        fast = CephRbdStorageClass(
            self,
            "Fast",
            metadata={"name": "rbd-fast"},
            cluster=ceph,
            pool="kube",
            credentials=provisioner,
            fs_type=FsType.EXT4,
        )

        db = kplus.StatefulSet(
            self,
            "Db",
            metadata={"name": "db"},
            replicas=3,
            containers=[
                kplus.ContainerProps(
                    image="postgres:16",
                    port_number=5432,
                    security_context=kplus.ContainerSecurityContextProps(ensure_non_root=False),
                )
            ],
        )
        ClaimTemplate(
            db,
            "Data",
            storage_class=fast,
            storage=Size.gibibytes(20),
            mount_path="/var/lib/postgresql/data",
        )
        ClaimTemplate.set_retention_policy(db, when_scaled=ClaimRetentionPolicy.DELETE)


if __name__ == "__main__":
    app = App()
    StatefulSetChart(app, "statefulset")
    app.synth()
