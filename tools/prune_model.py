#!/usr/bin/env python3
"""Writes a botocore service model cut down to some of its operations, for a service whose whole
model is too big to embed (EC2's is 5 MB): the named operations and every shape they reach,
each shape as botocore has it (nothing inside a kept shape is changed), and the paginators of the
kept operations.

    python3 tools/prune_model.py ec2 2016-11-15 CreateSecurityGroup DescribeSecurityGroups ...

writes engine/models/<service>/<version>/service-2.json.gz and paginators-1.json from the
installed botocore. engine/models/NOTICE lists which models are cut this way and to what.
"""
import gzip
import json
import os
import sys

import botocore


def main(service, version, operations):
    src = os.path.join(os.path.dirname(botocore.__file__), 'data', service, version)
    with gzip.open(os.path.join(src, 'service-2.json.gz'), 'rt') as f:
        model = json.load(f)
    missing = [o for o in operations if o not in model['operations']]
    if missing:
        sys.exit(f'not in the {service} model: {missing}')
    kept_ops = {o: model['operations'][o] for o in sorted(operations)}
    shapes, todo = set(), []
    for op in kept_ops.values():
        for key in ('input', 'output'):
            if key in op:
                todo.append(op[key]['shape'])
        todo += [e['shape'] for e in op.get('errors', [])]
    while todo:
        name = todo.pop()
        if name in shapes:
            continue
        shapes.add(name)
        shape = model['shapes'][name]
        todo += [m['shape'] for m in shape.get('members', {}).values()]
        todo += [shape[k]['shape'] for k in ('member', 'key', 'value') if k in shape]
    out = dict(model)
    out['operations'] = kept_ops
    out['shapes'] = {k: v for k, v in model['shapes'].items() if k in shapes}
    dest = os.path.join(os.path.dirname(__file__), '..', 'engine', 'models', service, version)
    os.makedirs(dest, exist_ok=True)
    with gzip.GzipFile(os.path.join(dest, 'service-2.json.gz'), 'wb', mtime=0) as f:
        f.write(json.dumps(out, indent=2).encode())
    pages = {}
    try:
        with open(os.path.join(src, 'paginators-1.json')) as f:
            pages = json.load(f).get('pagination', {})
    except FileNotFoundError:
        pass
    with open(os.path.join(dest, 'paginators-1.json'), 'w') as f:
        json.dump({'pagination': {k: v for k, v in pages.items() if k in kept_ops}}, f, indent=2)
        f.write('\n')
    print(f'{service}/{version}: {len(kept_ops)} operations, {len(shapes)} shapes')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
