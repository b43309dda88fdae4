"""kubernetes-validate --strict --quiet for several target versions in one process:

    validate.py -k 1.30 a.yaml b.yaml -k 1.36 c.yaml

checks a.yaml and b.yaml at 1.30 and c.yaml at 1.36 with the tool's own per-file check
(kubernetes_validate.utils.validate_file), so the output lines and the exit status are the
tool's. The tool reads a schema file from disk for every resource it checks, the largest of them
(_definitions.json, about 1.3 MB) each time; here each file is read once per process, which is
what made a test file's schema check take seconds. The schemas are data, so reading them once
changes no verdict.

Objects of the VolumeSnapshot CRDs (not part of Kubernetes, so not in kubernetes-validate) are
checked against the CRDs' own openAPIV3Schema at the version scripts/snapshot-crds.js pins, made
strict the way kube-apiserver's fieldValidation=Strict is: an object with listed properties takes
no others, unless the schema preserves unknown fields. The CRDs' CEL rules
(x-kubernetes-validations) are judged by the referee's real API server, which has the CRDs installed.
"""
import copy
import functools
import os
import subprocess
import sys

import jsonschema
import kubernetes_validate.utils as utils
import yaml

utils.schema_contents = functools.lru_cache(maxsize=None)(utils.schema_contents)

def _crd_script() -> str:
    """scripts/snapshot-crds.js of the project: above this file (a cdk8s-plus variant's staged copy
    of test/ lives under variants/build/plus-NN/, without scripts/)."""
    d = os.path.dirname(os.path.abspath(__file__))
    while True:
        candidate = os.path.join(d, 'scripts', 'snapshot-crds.js')
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            raise FileNotFoundError('scripts/snapshot-crds.js not found above ' + __file__)
        d = parent


@functools.lru_cache(maxsize=None)
def crd_schemas():
    """{(apiVersion, kind): strict schema} for every served version of the pinned CRDs."""
    out = subprocess.run(['node', _crd_script(), 'path'],
                         check=True, capture_output=True, text=True).stdout.split()
    schemas = {}
    for path in out:
        with open(path) as f:
            for crd in yaml.safe_load_all(f):
                if not crd:
                    continue
                group = crd['spec']['group']
                kind = crd['spec']['names']['kind']
                for v in crd['spec']['versions']:
                    if v.get('served'):
                        schemas[('%s/%s' % (group, v['name']), kind)] = strict(v['schema']['openAPIV3Schema'])
    return schemas


def strict(schema):
    s = copy.deepcopy(schema)

    def walk(node):
        if not isinstance(node, dict):
            return
        if node.get('type') == 'object' and 'properties' in node and not node.get('x-kubernetes-preserve-unknown-fields') \
                and 'additionalProperties' not in node:
            node['additionalProperties'] = False
        for p in node.get('properties', {}).values():
            walk(p)
        if isinstance(node.get('items'), dict):
            walk(node['items'])
        if isinstance(node.get('additionalProperties'), dict):
            walk(node['additionalProperties'])
    walk(s)
    # metadata is ObjectMeta: checked by the API server; here its shape only
    s.setdefault('properties', {})['metadata'] = {'type': 'object'}
    return s



def validate_crd_resource(resource: dict, filename: str) -> int:
    key = (resource.get('apiVersion'), resource.get('kind'))
    name = '%s/%s' % (key[1], (resource.get('metadata') or {}).get('name'))
    schema = crd_schemas().get(key)
    if schema is None:
        print('ERROR %s: %s: no served version %s of kind %s in the VolumeSnapshot CRDs' % (filename, name, key[0], key[1]))
        return 1
    rc = 0
    for e in sorted(jsonschema.Draft7Validator(schema).iter_errors(resource), key=lambda e: list(e.path)):
        print('ERROR %s did not validate for resource %s: %s: %s' % (filename, name, '.'.join(str(p) for p in e.path), e.message))
        rc = 1
    return rc


def validate_file(filename: str, version: str) -> int:
    """The tool's validate_file, with the VolumeSnapshot CRDs' kinds checked against their own schemas."""
    rc = 0
    for resource in utils.resources_from_file(filename):
        api = resource.get('apiVersion') if isinstance(resource, dict) else None
        if isinstance(api, str) and api.startswith('snapshot.storage.k8s.io/'):
            rc |= validate_crd_resource(resource, filename)
        else:
            rc |= utils.validate_resource(resource=resource, filename=filename, version=version, strict=True, quiet=True, no_warn=False)
    return rc


def main(argv: list) -> int:
    rc = 0
    version = None
    args = iter(argv)
    for arg in args:
        if arg == "-k":
            version = next(args)
        elif version is None:
            print(f"FATAL {arg}: no -k <version> before it", file=sys.stderr)
            return 2
        else:
            rc |= validate_file(arg, version)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
