"""The NFS example in Python: the same app as main.ts, through the cdk8s-storage wheel.

An NFS export as a ReadWriteMany PersistentVolume with NFS 4.1 mount options, mounted by three
replicas through the claim reserved for it. Run it from this folder; the manifest goes to dist/ or
to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
from typing import Any

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import NfsPersistentVolume


class NfsChart(Chart):
    """An NFS export as a ReadWriteMany PersistentVolume."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        uploads = NfsPersistentVolume(
            self,
            "Uploads",
            metadata={"name": "nfs-uploads"},
            server="nfs.example.com",
            path="/exports/uploads",
            storage=Size.gibibytes(50),
            access_modes=[kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
            mount_options=["nfsvers=4.1", "hard"],
        )
        app = kplus.Deployment(
            self,
            "Uploader",
            metadata={"name": "uploader"},
            replicas=3,
            containers=[
                kplus.ContainerProps(image="busybox:1.36", command=["sh", "-c", "touch /uploads/$(hostname) && sleep 3600"])
            ],
        )
        app.containers[0].mount("/uploads", uploads)


if __name__ == "__main__":
    app = App()
    NfsChart(app, "nfs")
    app.synth()
