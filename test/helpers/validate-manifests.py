"""The tests' strict schema check: kubernetes-validate for Kubernetes' own kinds, and for the kinds of
the VolumeSnapshot CRDs (not part of Kubernetes, so not in kubernetes-validate) the CRDs' own
openAPIV3Schema at the version scripts/snapshot-crds.js pins, made strict the way kube-apiserver's
fieldValidation=Strict is: an object with listed properties takes no others, unless the schema
preserves unknown fields. The CRDs' CEL rules (x-kubernetes-validations) are judged by the referee's
real API server, which has the CRDs installed.

Same command line and output as kubernetes-validate: [--strict] [--quiet] -k VERSION FILE...;
one "ERROR <file> ..." line per failure, exit status 1 when any.
"""
import argparse
import copy
import json
import os
import subprocess
import sys

import jsonschema
import kubernetes_validate.utils as kv
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def crd_schemas():
    """{(apiVersion, kind): strict schema} for every served version of the pinned CRDs."""
    out = subprocess.run(['node', os.path.join(ROOT, 'scripts', 'snapshot-crds.js'), 'path'],
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-k', '--kubernetes-version', required=True)
    parser.add_argument('--strict', action='store_true')
    parser.add_argument('--quiet', action='store_true')
    parser.add_argument('filenames', nargs='+')
    args = parser.parse_args()
    schemas = None
    rc = 0
    for filename in args.filenames:
        for resource in kv.resources_from_file(filename):
            key = (resource.get('apiVersion'), resource.get('kind')) if isinstance(resource, dict) else None
            if key and key[0] and key[0].startswith('snapshot.storage.k8s.io/'):
                if schemas is None:
                    schemas = crd_schemas()
                schema = schemas.get(key)
                name = '%s/%s' % (key[1], (resource.get('metadata') or {}).get('name'))
                if schema is None:
                    print('ERROR %s: %s: no served version %s of kind %s in the VolumeSnapshot CRDs' % (filename, name, key[0], key[1]))
                    rc = 1
                    continue
                errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(resource), key=lambda e: list(e.path))
                for e in errors:
                    print('ERROR %s did not validate for resource %s: %s: %s' % (filename, name, '.'.join(str(p) for p in e.path), e.message))
                    rc = 1
            else:
                rc |= kv.validate_resource(resource=resource, filename=filename, version=args.kubernetes_version,
                                           strict=args.strict, quiet=args.quiet, no_warn=False)
    return rc


if __name__ == '__main__':
    sys.exit(main())
