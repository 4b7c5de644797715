#!/usr/bin/env python3
"""Writes the argument schemas of `aws emr`'s high-level commands as a botocore-style model,
so the console's CLI parses `--instance-groups`, `--steps`, `--ec2-attributes`, ... with the
same shorthand, JSON and validation as every other option: the CLI itself turns these JSON
schemas into shapes (awscli/schema.py `SchemaTransformer`) the same way. Documentation is left
out. Only the options the console implements are included.

    python3 tools/emr_cli_schemas.py    # writes crates/aws-cli/src/emr/schemas.json
"""
import json
import os

from awscli.customizations.emr import argumentschema as s
from awscli.schema import SchemaTransformer

# option name -> schema, for the options the console's `aws emr` commands take.
SCHEMAS = {
    'instance-groups': s.INSTANCE_GROUPS_SCHEMA,
    'ec2-attributes': s.EC2_ATTRIBUTES_SCHEMA,
    'applications': s.APPLICATIONS_SCHEMA,
    'bootstrap-actions': s.BOOTSTRAP_ACTIONS_SCHEMA,
    'steps': s.STEPS_SCHEMA,
    'tags': s.TAGS_SCHEMA,
    'auto-termination-policy': s.AUTO_TERMINATION_POLICY_SCHEMA,
    'cluster-ids': {'type': 'array', 'items': {'type': 'string'}},
}


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k != 'documentation'}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def main():
    shapes = {}
    operations = {}
    for option, schema in SCHEMAS.items():
        prefix = ''.join(p.title() for p in option.split('-'))
        transformed = SchemaTransformer().transform(schema)
        renamed = {}
        for name, shape in transformed.items():
            renamed[name] = prefix + name
        text = json.dumps(transformed)
        # Shape names are per schema (InputShape, ...): give each schema its own prefix.
        for name in sorted(renamed, key=len, reverse=True):
            text = text.replace(f'"{name}"', f'"{renamed[name]}"')
        shapes.update(strip(json.loads(text)))
        operations[option] = {'name': option, 'input': {'shape': prefix + 'InputShape'}}
    model = {'metadata': {}, 'operations': operations, 'shapes': shapes}
    out = os.path.join(os.path.dirname(__file__), '..', 'crates', 'aws-cli', 'src', 'emr',
                       'schemas.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(model, f, separators=(',', ':'))
        f.write('\n')
    print(f'{out}: {os.path.getsize(out)} bytes')


if __name__ == '__main__':
    main()
