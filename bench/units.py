"""The bench's `units` scenario through the Python wheel: N units, each a CHAP Secret, an iSCSI
PersistentVolume and a claim bound to it, every 10th a GlusterFS Endpoints + Service; one chart,
written to a temp dir. The same objects as `node bench/workload.js units storage N`.
    python bench/units.py N"""
import sys
import tempfile

import cdk8s
import cdk8s_storage as storage

n = int(sys.argv[1])
IQN = "iqn.2001-04.com.example:storage.disk"
GLUSTER_IPS = ["10.240.106.152", "10.240.79.157"]

with tempfile.TemporaryDirectory() as outdir:
    app = cdk8s.App(outdir=outdir)
    storage.KubernetesVersion.V1_25.apply_to(app)
    chart = cdk8s.Chart(app, "bench", namespace="bench")
    ext4 = storage.FsType.EXT4  # read once: every access of a jsii constant is a round trip
    size = cdk8s.Size.gibibytes(10)
    for i in range(n):
        pv = storage.IscsiPersistentVolume(chart, f"Pv{i}",
            metadata=cdk8s.ApiObjectMetadata(name=f"pv-{i}"),
            target_portal="10.0.2.34:3260", iqn=f"{IQN}{i}", lun=0, fs_type=ext4, storage=size,
            credentials=storage.IscsiCredentials.from_chap(
                session=storage.ChapCredentials(username=f"user{i}", password=f"secret-{i}-0123456789"),
                metadata=cdk8s.ApiObjectMetadata(name=f"chap-{i}")))
        pv.reserve(metadata=cdk8s.ApiObjectMetadata(name=f"data-{i}"))  # the claim and both bindings in one call
        if i % 10 == 0:
            storage.GlusterCluster(chart, f"Gluster{i}", addresses=GLUSTER_IPS, metadata=cdk8s.ApiObjectMetadata(name=f"gluster-{i}"))
    app.synth()
