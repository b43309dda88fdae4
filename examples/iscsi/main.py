"""The iSCSI example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's iSCSI volume mounted in a Deployment, and the same LUN as a PersistentVolume with a claim
bound to it, mounted by a second Deployment. Run it from this folder (cdk8s.yaml sets the context
`cdk8s-storage:kubernetesVersion`); the manifest goes to dist/ or to $CDK8S_OUTDIR.
test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
from typing import Any

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import FsType, IscsiPersistentVolume, IscsiVolume

# The seed's SAN: one LUN on an iSCSI target.
LUN = dict(
    target_portal="10.0.2.34:3260",
    iqn="iqn.2001-04.com.example:storage.kube.sys1.xyz",
    lun=0,
    fs_type=FsType.EXT4,
    read_only=True,
)


class IscsiChart(Chart):
    """The seed's iSCSI volume mounted in a Deployment, and the same LUN as a PersistentVolume with a
    claim bound to it, mounted by a second Deployment."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        # 1. Inline: the Pod talks to the target directly.
        san = IscsiVolume(self, "San", name="iscsi-volume", **LUN)
        web = kplus.Deployment(
            self,
            "Web",
            containers=[kplus.ContainerProps(image="nginx:1.27", port_number=8080)],
        )
        web.containers[0].mount("/usr/share/nginx/html", san, read_only=True)

        # 2. Static PersistentVolume + a claim reserved for it; workloads mount the claim.
        lun = IscsiPersistentVolume(
            self,
            "Lun",
            **LUN,
            metadata={"name": "san-lun0"},
            storage=Size.gibibytes(100),
            access_modes=[kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
        )
        reports = kplus.Deployment(
            self,
            "Reports",
            containers=[
                kplus.ContainerProps(
                    image="busybox:1.36",
                    command=["sh", "-c", "ls /data && sleep 3600"],
                )
            ],
        )
        reports.containers[0].mount("/data", lun, read_only=True)


if __name__ == "__main__":
    app = App()
    IscsiChart(app, "iscsi")
    app.synth()
