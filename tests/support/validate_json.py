#!/usr/bin/python3
"""Validates one pgdatahub --json document on stdin against docs/json-schema.json.
Exit 0 when valid; otherwise prints why. Usage: validate_json.py SCHEMA < output"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
text = sys.stdin.read()
try:
    document = json.loads(text)
except json.JSONDecodeError as error:
    sys.exit(f"not one JSON document ({error}): {text[:200]!r}")
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=str)
for error in errors:
    # oneOf failures say little; their context names the branch that came closest.
    print(f"{list(error.absolute_path)}: {error.message}", file=sys.stderr)
    for cause in sorted(error.context or [], key=lambda e: len(list(e.absolute_path)))[-5:]:
        print(f"  {list(cause.absolute_path)}: {cause.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
