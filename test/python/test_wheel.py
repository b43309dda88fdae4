"""The Python wheel, as a user gets it.

Installs the wheel jsii-pacmak built (dist/python/) into a fresh venv, with its runtime dependencies
pinned by requirements-wheel.txt, runs each Python example (examples/<example>/main.py, see EXAMPLES)
there, and checks that every manifest it writes equals the TypeScript example's
(dist/examples/<example>/*.k8s.yaml, from `npx projen examples`).

Run by `npx projen test:python`, after `npx projen package:python` and `npx projen examples`.
Needs PyPI (for requirements-wheel.txt) and `node` on PATH (the jsii runtime runs the library in node).
"""
import difflib
import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WHEEL_DIR = ROOT / "dist" / "python"
REQUIREMENTS = ROOT / "requirements-wheel.txt"
EXAMPLES_DIR = ROOT / "examples"
TS_EXAMPLES_DIR = ROOT / "dist" / "examples"

# The examples with a main.py next to their main.ts, and the manifests each synthesizes.
EXAMPLES = {
    "iscsi": ["iscsi.k8s.yaml"],
    "ceph-rbd": ["rbd-1-30.k8s.yaml", "rbd-1-31.k8s.yaml"],
    "azure-file": ["azure-file-1-25.k8s.yaml", "azure-file-1-26.k8s.yaml"],
    "cephfs": ["cephfs-1-30.k8s.yaml", "cephfs-1-31.k8s.yaml"],
    "glusterfs": ["glusterfs.k8s.yaml"],
    "flocker": ["flocker.k8s.yaml"],
    "torus": ["torus.k8s.yaml"],
    "statefulset": ["statefulset.k8s.yaml"],
    "ephemeral": ["ephemeral.k8s.yaml"],
    "csi": ["csi.k8s.yaml"],
    "custom": ["custom.k8s.yaml"],
    "nfs": ["nfs.k8s.yaml"],
    "snapshots": ["snapshots.k8s.yaml"],
}

# Environment variables an example reads; unset for the Python side, so it uses the same
# placeholders as `npx projen examples` (run without them).
EXAMPLE_ENV = ("CEPH_ADMIN_KEY", "AZURE_STORAGE_ACCOUNT_KEY")

# Everything the package must export. A type that silently drops out of the jsii assembly (for
# example a doc comment that mentions the internal tag) is missing here while the TS tests pass.
EXPORTED = [
    "IscsiVolume",
    "IscsiPersistentVolume",
    "StorageClass",
    "VolumeClaim",
    "KubernetesVersion",
    "FsType",
    "IscsiCredentials",
    "VolumeImplementation",
    "StoragePersistentVolume",
    "SpecApiObject",
    "VolumeBindingMode",
    "CephCluster",
    "CephCredentials",
    "CephRbdVolume",
    "CephRbdPersistentVolume",
    "CephRbdStorageClass",
    "CephFsVolume",
    "CephFsPersistentVolume",
    "CephFsStorageClass",
    "AzureFileCredentials",
    "AzureFileVolume",
    "AzureFilePersistentVolume",
    "AzureFileStorageClass",
    "AzureFileSkuName",
    "AzureFileProtocol",
    "GlusterCluster",
    "GlusterVolume",
    "GlusterPersistentVolume",
    "GlusterStorageClass",
    "FlockerVolume",
    "FlockerPersistentVolume",
    "FlexVolume",
    "FlexPersistentVolume",
    "TorusVolume",
    "ClaimTemplate",
    "ClaimRetentionPolicy",
    "EphemeralVolume",
    "CsiPersistentVolume",
    "CustomPersistentVolume",
    "CustomVolume",
    "IVolumeSource",
    "VolumeSourceBinding",
    "VolumeSourceProblem",
    "VolumeSourceProblemType",
    "NfsPersistentVolume",
    "VolumeSnapshotClass",
    "VolumeSnapshot",
    "ClaimDataSource",
    "SnapshotDeletionPolicy",
]


def _env(**extra: str) -> dict:
    """The caller's environment (PATH with node, pip's index settings) minus anything that would let
    the outer venv leak into the fresh one."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", *EXAMPLE_ENV)
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ next to examples/*/main.py
    env.update(extra)
    return env


def _run(args, *, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"command failed (exit {proc.returncode}): {' '.join(str(a) for a in args)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )
    return proc


def _wheel() -> Path:
    wheels = sorted(WHEEL_DIR.glob("cdk8s_storage-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        pytest.fail(
            f"no cdk8s_storage-*.whl in {WHEEL_DIR.relative_to(ROOT)}/: run npx projen package:python",
            pytrace=False,
        )
    return wheels[-1]  # the newest, should an older version still lie there


@pytest.fixture(scope="module")
def venv_python(tmp_path_factory) -> Path:
    """A fresh venv with the pinned runtime dependencies and the built wheel; built once per module."""
    wheel = _wheel()
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    _run(["python3", "-m", "venv", venv], timeout=120)
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", "--no-input", "-r", REQUIREMENTS])
    _run([python, "-m", "pip", "install", "--quiet", "--no-input", "--no-deps", wheel])
    _run([python, "-m", "pip", "check"], timeout=60)
    return python


def _dump(docs) -> list:
    return yaml.safe_dump_all(docs, sort_keys=True, default_flow_style=False).splitlines()


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_python_example_matches_typescript(example: str, venv_python: Path, tmp_path: Path) -> None:
    example_dir = EXAMPLES_DIR / example
    ts_dir = TS_EXAMPLES_DIR / example
    manifests = EXAMPLES[example]
    missing = [m for m in manifests if not (ts_dir / m).is_file()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing in {ts_dir.relative_to(ROOT)}/: run npx projen examples",
            pytrace=False,
        )

    outdir = tmp_path / "out"
    # cwd = the example folder: the library reads the `context` of ./cdk8s.yaml (kubernetesVersion).
    _run([venv_python, "main.py"], cwd=example_dir, env=_env(CDK8S_OUTDIR=str(outdir)), timeout=120)

    produced = sorted(p.name for p in outdir.glob("*.k8s.yaml"))
    expected = sorted(p.name for p in ts_dir.glob("*.k8s.yaml"))
    assert produced == expected, f"manifest files: Python wrote {produced}, TypeScript wrote {expected}"
    assert produced == sorted(manifests), f"manifest files: {produced}, EXAMPLES lists {sorted(manifests)}"

    failures = []
    for name in manifests:
        ts_manifest = ts_dir / name
        py_docs = list(yaml.safe_load_all((outdir / name).read_text()))
        ts_docs = list(yaml.safe_load_all(ts_manifest.read_text()))
        assert len(ts_docs) > 0, f"{ts_manifest.relative_to(ROOT)} has no documents"
        if py_docs != ts_docs:
            diff = "\n".join(
                difflib.unified_diff(
                    _dump(ts_docs),
                    _dump(py_docs),
                    fromfile="TypeScript: " + str(ts_manifest.relative_to(ROOT)),
                    tofile=f"Python: examples/{example}/main.py ({name})",
                    lineterm="",
                )
            )
            failures.append(
                f"{name}: the Python example's YAML differs from the TypeScript example's "
                f"({len(py_docs)} vs {len(ts_docs)} documents):\n{diff}"
            )
    if failures:
        hint = [v for v in EXAMPLE_ENV if v in os.environ]
        if hint:
            failures.append(
                f"note: {', '.join(hint)} is set here; the Python side runs without it, so "
                f"`npx projen examples` must run without it too"
            )
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_module_exports_public_types(venv_python: Path) -> None:
    script = (
        "import sys, cdk8s_storage as m\n"
        "names = sys.argv[1:]\n"
        "missing = [n for n in names if not isinstance(getattr(m, n, None), type)]\n"
        "unlisted = [n for n in names if n not in getattr(m, '__all__', [])]\n"
        "print('missing:', ','.join(missing)); print('unlisted:', ','.join(unlisted))\n"
        "sys.exit(1 if missing or unlisted else 0)\n"
    )
    proc = subprocess.run(
        [str(venv_python), "-c", script, *EXPORTED],
        cwd=str(ROOT / "dist"),  # not the project root: import only what the venv holds
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0:
        pytest.fail(
            "cdk8s_storage does not export every public type (dropped from the jsii assembly?)\n"
            f"{proc.stdout}{proc.stderr}",
            pytrace=False,
        )


# A Python source's own problems, a shape the generated type refuses, a bind() that raises and a
# StoragePersistentVolume subclass that carries its source with carry(): what a Python user of the
# extension point meets, through the wheel.
CUSTOM_ERRORS = r'''
import jsii
from cdk8s import App, Chart, Size
from cdk8s_plus_27 import k8s
from cdk8s_storage import (CustomPersistentVolume, IVolumeSource, StoragePersistentVolume,
    VolumeSourceBinding, VolumeSourceProblem, VolumeSourceProblemType)

@jsii.implements(IVolumeSource)
class Checked:
    def bind(self, scope, options):
        return VolumeSourceBinding(
            persistent_volume_spec=k8s.PersistentVolumeSpec(fc=k8s.FcVolumeSource(lun=300)),
            problems=[VolumeSourceProblem(field="lun", type=VolumeSourceProblemType.INVALID, value="300",
                                          detail="must be between 0 and 255, inclusive")])

@jsii.implements(IVolumeSource)
class Raises:
    def bind(self, scope, options):
        raise RuntimeError("no WWNs configured")

@jsii.implements(IVolumeSource)
class HostDir:
    def __init__(self, path):
        self.path = path
    def bind(self, scope, options):
        return VolumeSourceBinding(persistent_volume_spec=k8s.PersistentVolumeSpec(host_path=k8s.HostPathVolumeSource(path=self.path)))

class HostPathVolume(StoragePersistentVolume):
    def __init__(self, scope, id, *, path, **props):
        super().__init__(scope, id, **props)
        self._carry(HostDir(path))  # jsii writes a protected method with a leading underscore

app = App()
ok = Chart(app, "ok")
HostPathVolume(ok, "Dir", path="/srv/data", metadata={"name": "dir"}, storage=Size.gibibytes(1))
print("WRITTEN", ok.to_json()[0]["spec"]["hostPath"])
bad = Chart(app, "bad")
CustomPersistentVolume(bad, "San", metadata={"name": "san"}, source=Checked(), storage=Size.gibibytes(1))
CustomPersistentVolume(bad, "Raises", metadata={"name": "raises"}, source=Raises(), storage=Size.gibibytes(1))
HostPathVolume(bad, "Relative", path=7, metadata={"name": "relative"}, storage=Size.gibibytes(1))
try:
    bad.to_json()
except Exception as e:
    print("ERRORS", str(e))
'''


def test_python_sources_and_subclasses(venv_python: Path, tmp_path: Path) -> None:
    script = tmp_path / "custom_errors.py"
    script.write_text(CUSTOM_ERRORS)
    out = _run([venv_python, script], cwd=tmp_path, timeout=120).stdout
    assert "WRITTEN {'path': '/srv/data'}" in out, out
    errors = out.split("ERRORS", 1)[1]
    for line in [
        "[bad/San] spec.fc.lun: Invalid value: \"300\": must be between 0 and 255, inclusive",
        "[bad/Raises] source: Invalid value: \"bind()\": the source's bind() threw: no WWNs configured",
        # jsii's own type check in Python refuses the struct first; the library reports where
        "[bad/Relative] source: Invalid value: \"bind()\": the source's bind() threw: type of argument path must be str; got int instead",
    ]:
        assert line in errors, f"missing {line!r} in:\n{errors}"
    assert "TypeError" not in errors, errors
