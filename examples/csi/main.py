"""The generic CSI example in Python: the same app as main.ts, through the cdk8s-storage wheel.

A share of csi-driver-nfs (nfs.csi.k8s.io) as a static CSI PersistentVolume, mounted read-only by two
replicas of a web server through the claim reserved for it. Run it from this folder; the manifest
goes to dist/ or to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals the
TypeScript example's.
"""
from typing import Any

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import CsiPersistentVolume


class CsiChart(Chart):
    """A csi-driver-nfs share as a static CSI PersistentVolume."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        share = CsiPersistentVolume(
            self,
            "Share",
            metadata={"name": "nfs-share"},
            driver="nfs.csi.k8s.io",
            # csi-driver-nfs: "<server>#<share>#<subdir>", unique in the cluster
            volume_handle="nfs.example.com#/exports#site",
            volume_attributes={"server": "nfs.example.com", "share": "/exports", "subDir": "site"},
            storage=Size.gibibytes(10),
            access_modes=[kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
            mount_options=["nfsvers=4.1"],
        )
        web = kplus.Deployment(
            self,
            "Web",
            metadata={"name": "web"},
            replicas=2,
            containers=[kplus.ContainerProps(image="nginx:1.27", port_number=8080)],
        )
        web.containers[0].mount("/usr/share/nginx/html", share, read_only=True)


if __name__ == "__main__":
    app = App()
    CsiChart(app, "csi")
    app.synth()
