#!/usr/bin/env python3
"""Writes a botocore service model compacted for the page: the documentation (help text, most of
the size) left out, everything the CLI and the REST-XML codec read kept (operations, http
bindings, shapes, locations, XML names, checksums), in botocore's order (the CLI prints members
in it, AWS writes elements in it). Used for S3, whose full model would cost the
page 177 kB; the compacted one costs 21 kB.

    python3 tools/compact_model.py s3 2006-03-01    # writes engine/models/s3/2006-03-01/
"""
import gzip
import json
import os
import sys

import botocore

DROP = {'documentation', 'documentationUrl', 'deprecatedMessage', 'examples'}


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in DROP}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def main():
    service, version = sys.argv[1], sys.argv[2]
    source = os.path.join(os.path.dirname(botocore.__file__), 'data', service, version)
    out = os.path.join(os.path.dirname(__file__), '..', 'engine', 'models', service, version)
    os.makedirs(out, exist_ok=True)
    with gzip.open(os.path.join(source, 'service-2.json.gz')) as f:
        model = strip(json.load(f))
    text = json.dumps(model, separators=(',', ':')).encode()
    # mtime 0: the same model gives the same bytes, so the page's hash only changes with it.
    with open(os.path.join(out, 'service-2.json.gz'), 'wb') as f:
        f.write(gzip.compress(text, compresslevel=9, mtime=0))
    # botocore merges paginators-1.sdk-extras.json into the paginators (the non-aggregate keys
    # the CLI prints after a paginated listing): so does the embedded copy.
    with open(os.path.join(source, 'paginators-1.json')) as f:
        paginators = json.load(f)
    extras = os.path.join(source, 'paginators-1.sdk-extras.json')
    if os.path.exists(extras):
        with open(extras) as f:
            for name, more in json.load(f)['merge']['pagination'].items():
                paginators['pagination'].setdefault(name, {}).update(more)
    with open(os.path.join(out, 'paginators-1.json'), 'w') as f:
        json.dump(paginators, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
