#!/usr/bin/env python3
"""The local endpoint against the real clients installed here: boto3 and the AWS CLI (v1 1.45).

    make real-clients-test            # builds what it needs, then runs this
    python3 tests/real_clients/run.py # with target/debug/{data-sandbox-endpoint,examples/cli_replay} built

Environment: ENDPOINT_BIN and CLI_REPLAY_BIN override the binaries' paths; VERBOSE=1 prints
every check.

What it checks (issue 4, "Tests against real clients"; Firehose: issue 6):

1. A Kinesis session through boto3 and the `aws` CLI against the endpoint (started on a free
   port with --delay-ms 100): create, the stream_exists waiter, PutRecord and PutRecords, ListShards
   paginated, reads with every iterator type, split, merge, an enhanced fan-out consumer, tags,
   retention, limits, delete. Every call must succeed and the results must be right.

2. Every response body of the session (boto3's, through a `before-parse` hook on the raw HTTP
   body; the CLI's, from the endpoint's --capture file) is checked against botocore's output
   shape for its operation: required members, types, enums, patterns, lengths, no unknown
   members; error bodies against the operation's error shapes.

3. Console equivalence: each `aws` line ran through the real CLI against an endpoint started with
   `--capture PATH`, which records every exchange (target, request body, status, response
   body). The same line (in its v2 form, see below) then runs through the console's CLI
   (`aws_cli::Cli::run`, crates/aws-cli/examples/cli_replay.rs) with a `send` that checks the request
   equals the captured one (as JSON) and answers the captured response: no call runs twice, so
   time- and random-dependent values are the same on both sides and nothing needs masking. The
   console must print what the real CLI printed.

The CLI here is v1; the console imitates v2. v1 is configured like v2 through the
AWS_CONFIG_FILE written below:
  - cli_timestamp_format = iso8601 (v2's default; v1 would print epoch seconds), with TZ=UTC;
  - retry_mode = standard, max_attempts = 3 (v2's defaults; v1's legacy mode makes 5 attempts,
    which changes the "(reached max retries: N)" note).
What still differs, and is normalised (and only this), is in V1_TO_V2 below:
  N1. Blob arguments. v1 takes a blob argument (`--data`, `Data=` in shorthand) as raw text and
      base64-encodes it; v2 (cli_binary_format = base64, its default) takes base64 text and sends
      it as is. Each case gives the v1 line and the console's v2 line (blobs base64-encoded); the
      requests they send are then identical, which cli_replay checks.
  N2. Exit codes. v1 exits 255 on a service error and 2 on a usage error; v2 exits 254 and 252
      (a waiter that fails exits 255 in both).
  N3. Usage errors. v1's usage text starts with "\\r" and a "Note: AWS CLI version 2..." banner
      and argparse prints "usage ...\\naws: error: ...\\n"; v2 prints "\\n" + usage + "\\n\\naws:
      error: ...\\n". The banner is cut and the rest re-wrapped (same rewrite as
      crates/aws-cli/tests/cli/golden/gen.py).
No value is masked: the console formats the very bytes the real CLI received.

Where the endpoint does what AWS does although clients trip on it, the session expects AWS's
answer: ListShards refuses NextToken with StreamName ("NextToken and StreamName cannot be provided
together."), so botocore's list_shards paginator and `aws kinesis list-shards --page-size N` fail
on their second page against AWS too (boto/botocore#2009, aws/aws-cli#9635); DeleteStream of a
stream with consumers needs --enforce-consumer-deletion.

4. Firehose (issue 6), the same three ways: boto3 and `aws firehose` against the same endpoint.
   A DirectPut delivery stream into an extended S3 destination (BufferingHints, a Prefix with
   !{timestamp:yyyy/MM/dd}, an ErrorOutputPrefix with !{firehose:error-output-type}, GZIP) and
   one reading a Kinesis stream created in the session (KinesisStreamAsSource); CREATING ->
   ACTIVE, version ids and the destination description; ListDeliveryStreams paged with
   Limit/ExclusiveStartDeliveryStreamName/HasMoreDeliveryStreams and filtered by
   DeliveryStreamType; PutRecord and PutRecordBatch (a RecordId per record, FailedPutCount, 501
   records, over 4 MiB, a record over 1,000 KiB); UpdateDestination (version mismatch ->
   ConcurrentModificationException, version bump, merge); tags; delete; AWS's error codes and
   texts (ResourceNotFoundException, ResourceInUseException for a duplicate name,
   InvalidArgumentException for a put to a Kinesis-source stream, validation messages). Every
   response body is checked against botocore's firehose model; every CLI line joins the console
   comparison. Not checked: delivered objects. S3 is REST-XML and the endpoint serves only the
   JSON 1.1 services, so nothing outside the engine can create the bucket or list its objects
   (the delivery stream keeps retrying into a missing bucket); the S3 side is covered by the
   engine's own tests.

5. S3 (issue 12) in s3.py, EMR (issue 13) in emr.py, Snowball (issue 18) in snowball.py,
   Import/Export Disk (issue 18) in importexport.py, EC2 and IAM (issue 14) in access.py and
   Data Pipeline (issue 17) in pipeline.py: boto3 and the CLI the same ways.

Known engine mismatches (known_mismatch(): printed as XFAIL, not counted as failures, reported to
the engine's owner):
  Kinesis: none at present (K1, AT_TIMESTAMP in the future, is fixed and now a plain check).
  Firehose: none at present (F1 and F2, written up with AWS's answer and the source in
  tests/real_clients/FIREHOSE_FINDINGS.md, are fixed and now plain checks).
"""

import base64
import datetime
import json
import io
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

try:
    import regex  # Java-style \p{..} classes in model patterns
except ImportError:
    regex = None

import awscli.clidriver
import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TARGET = os.environ.get('CARGO_TARGET_DIR') or os.path.join(ROOT, 'target')
ENDPOINT_BIN = os.environ.get('ENDPOINT_BIN') or os.path.join(TARGET, 'debug', 'data-sandbox-endpoint')
REPLAY_BIN = os.environ.get('CLI_REPLAY_BIN') or os.path.join(TARGET, 'debug', 'examples', 'cli_replay')
VERBOSE = os.environ.get('VERBOSE') == '1'
AWSCLI_DATA_PATH = os.environ['AWS_DATA_PATH']
AWSCLI_LOADER = botocore.loaders.create_loader(AWSCLI_DATA_PATH)

MODELS = {name: botocore.session.get_session().get_service_model(name) for name in ('kinesis', 'firehose')}
MODEL = MODELS['kinesis']
# X-Amz-Target prefix -> service model (for the CLI's captured exchanges).
TARGET_MODELS = {'Kinesis_20131202': MODELS['kinesis'], 'Firehose_20150804': MODELS['firehose']}

# ------------------------------------------------------------------------------------ results

PASSED = []
FAILED = []
KNOWN = []  # engine behaviours that differ from AWS, reported to the engine's owner



def check(name, ok, detail=''):
    if ok:
        PASSED.append(name)
        if VERBOSE:
            print(f'ok    {name}')
    else:
        FAILED.append(name)
        print(f'FAIL  {name}' + (f'\n      {detail}' if detail else ''))
    return ok


def known_mismatch(name, ok, detail=''):
    """A check of AWS behaviour the engine does not have yet (reported, see the module docstring
    and FIREHOSE_EXPECTED_DISCREPANCIES): it does not fail the run, and says so when the engine
    starts passing it."""
    if ok:
        print(f'XPASS {name}: the engine has it now; make it a plain check()')
        PASSED.append(name)
    else:
        print(f'XFAIL {name} (known engine mismatch)' + (f'\n      {detail}' if detail else ''))
        KNOWN.append(name)


# Wall seconds per part of the run, printed at the end: `make test`'s warm budget is tight, and
# this says which part to look at first.
TIMES = []


def step(name, fn, *args):
    """Runs a part of the session; an exception fails it (and it returns None)."""
    start = time.perf_counter()
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001 -- every failure is reported, the session goes on
        check(name, False, traceback.format_exc().replace('\n', '\n      '))
        return None
    finally:
        TIMES.append((name, time.perf_counter() - start))


# ------------------------------------------------------------------ output-shape validation

# Errors any AWS JSON operation may answer although its model does not list them.
COMMON_ERRORS = {
    'SerializationException', 'ValidationException', 'UnknownOperationException',
    'InternalFailure', 'ThrottlingException', 'MissingAuthenticationTokenException',
    'IncompleteSignatureException', 'InvalidSignatureException', 'AccessDeniedException',
}


# Output constraints of the model that AWS's own answers break, so they are not checked (every
# exception is listed here, with AWS's answer):
#   - MetricsNameList min 1: DescribeStream/DescribeStreamSummary answer
#     "EnhancedMonitoring": [{"ShardLevelMetrics": []}] for a stream without enhanced metrics
#     (the example in AWS's DescribeStream API reference).
#   - PositiveIntegerObject min 1: PutRecords answers "FailedRecordCount": 0 when every record
#     is put (the example in AWS's PutRecords API reference).
#   - KerberosAttributes' required Realm and KdcAdminPassword: EMR's DescribeCluster answers
#     "KerberosAttributes": {} for a cluster without Kerberos (captured real answers, e.g. with
#     "ScaleDownBehavior": "TERMINATE_AT_TASK_COMPLETION" beside it); an empty one passes.
MODEL_EXCEPTIONS = {('MetricsNameList', 'min'), ('PositiveIntegerObject', 'min'),
                    ('KerberosAttributes', 'required')}


# Java regexes run over UTF-16, so EMR's XmlString patterns name the characters beyond the
# BMP by their surrogates (`\uD800\uDC00-\uDBFF\uDFFF`, and once the halves swapped):
# a reversed range to Python, which runs over code points.
JAVA_SURROGATE_RANGES = ('\\uD800\\uDC00-\\uDBFF\\uDFFF', '\\uD800\\uDBFF-\\uDC00\\uDFFF')


def pattern_matches(pattern, value):
    """Whether `value` matches a model pattern. The patterns are Java's: Firehose's tag patterns
    use `\\p{L}`-style classes, which `re` lacks; the `regex` module has them (with `re`, they
    become the nearest classes: letters and digits `\\w`, separators `\\s`)."""
    for pair in JAVA_SURROGATE_RANGES:
        pattern = pattern.replace(pair, '\\U00010000-\\U0010FFFF')
    if regex is not None:
        return regex.fullmatch(pattern, value, regex.S) is not None
    pattern = pattern.replace('\\p{L}', '\\w').replace('\\p{N}', '\\w').replace('\\p{Z}', '\\s')
    return re.fullmatch(pattern, value, re.S) is not None


def shape_problems(shape, value, path='$'):
    """Everything about `value` (the wire JSON) that botocore's `shape` does not allow."""
    out = []
    t = shape.type_name
    meta = {k: v for k, v in shape.metadata.items() if (shape.name, k) not in MODEL_EXCEPTIONS}

    def bounds(n, what):
        if 'min' in meta and n < meta['min']:
            out.append(f'{path}: {what} {n} < min {meta["min"]}')
        if 'max' in meta and n > meta['max']:
            out.append(f'{path}: {what} {n} > max {meta["max"]}')

    if t == 'structure':
        if not isinstance(value, dict):
            return [f'{path}: expected an object, got {type(value).__name__}']
        empty_allowed = not value and (shape.name, 'required') in MODEL_EXCEPTIONS
        for name in [] if empty_allowed else shape.required_members:
            if name not in value:
                out.append(f'{path}: required member {name} missing')
        for name, v in value.items():
            if name not in shape.members:
                out.append(f'{path}: unknown member {name}')
            elif v is None:
                out.append(f'{path}.{name}: null')
            else:
                out += shape_problems(shape.members[name], v, f'{path}.{name}')
    elif t == 'list':
        if not isinstance(value, list):
            return [f'{path}: expected a list, got {type(value).__name__}']
        bounds(len(value), 'length')
        for i, v in enumerate(value):
            out += shape_problems(shape.member, v, f'{path}[{i}]')
    elif t == 'map':
        if not isinstance(value, dict):
            return [f'{path}: expected a map, got {type(value).__name__}']
        bounds(len(value), 'size')
        for k, v in value.items():
            out += shape_problems(shape.key, k, f'{path}<key {k!r}>')
            out += shape_problems(shape.value, v, f'{path}[{k!r}]')
    elif t == 'string':
        if not isinstance(value, str):
            return [f'{path}: expected a string, got {type(value).__name__}']
        bounds(len(value), 'length')
        if shape.enum and value not in shape.enum:
            out.append(f'{path}: {value!r} not in enum {shape.enum}')
        if 'pattern' in meta and not pattern_matches(meta['pattern'], value):
            out.append(f'{path}: {value!r} does not match pattern {meta["pattern"]!r}')
    elif t in ('integer', 'long'):
        if not isinstance(value, int) or isinstance(value, bool):
            return [f'{path}: expected an integer, got {value!r}']
        if t == 'integer' and not -2**31 <= value < 2**31:
            out.append(f'{path}: {value} outside a 32-bit integer')
        bounds(value, 'value')
    elif t in ('double', 'float'):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return [f'{path}: expected a number, got {value!r}']
    elif t == 'boolean':
        if not isinstance(value, bool):
            return [f'{path}: expected a boolean, got {value!r}']
    elif t == 'timestamp':
        # JSON protocol: epoch seconds, a number.
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return [f'{path}: expected epoch seconds, got {value!r}']
        if not 0 < value < 4102444800:
            out.append(f'{path}: implausible timestamp {value}')
    elif t == 'blob':
        if not isinstance(value, str):
            return [f'{path}: expected base64 text, got {type(value).__name__}']
        try:
            raw = base64.b64decode(value, validate=True)
        except ValueError:
            return [f'{path}: not base64: {value[:40]!r}']
        bounds(len(raw), 'byte length')
    else:
        out.append(f'{path}: unhandled shape type {t}')
    return out


def answers_fit_shapes(service, cases, models, errors_too=True):
    """One check that every answer the engine gave in a CLI session (`cases`' captured
    exchanges whose target prefix is a key of `models`) fits its botocore output shape, or with
    `errors_too` its error shape (a query service's errors are XML the JSON capture does not
    hold: its sessions check the 200s)."""
    problems = []
    for case in cases:
        for x in case['exchanges']:
            prefix, op = x['target'].split('.', 1)
            if prefix in models and (errors_too or x['status'] == 200):
                problems += [f'{case["line"]}: {op}: {p}'
                             for p in response_problems(op, x['status'], x['response'], models[prefix])]
    check(f'{service}: every answer the CLI got fits its botocore output shape', not problems,
          '\n      '.join(problems[:40]))


def response_problems(operation, status, body, model=MODEL):
    """Checks one raw response body against the operation's output (or error) shape."""
    op = model.operation_model(operation)
    text = body.decode() if isinstance(body, bytes) else body
    if status == 200:
        if op.output_shape is None:
            # AWS sends an empty body (or {}) for operations without output.
            return [] if text.strip() in ('', '{}') else [f'body for an operation without output: {text[:200]}']
        try:
            value = json.loads(text)
        except ValueError:
            return [f'body is not JSON: {text[:200]!r}']
        return shape_problems(op.output_shape, value)
    try:
        value = json.loads(text)
    except ValueError:
        return [f'error body is not JSON: {text[:200]!r}']
    if not isinstance(value, dict):
        return ['error body is not an object']
    code = value.get('__type', '')
    errors = {e.name: e for e in op.error_shapes}
    if code in errors:
        rest = {k: v for k, v in value.items() if k != '__type'}
        return shape_problems(errors[code], rest, f'${code}')
    if code in COMMON_ERRORS:
        extra = set(value) - {'__type', 'message'}
        return [f'unknown members {sorted(extra)} in {code}'] if extra else []
    return [f'error {code!r} is not one {operation} can answer ({sorted(errors)})']


# ------------------------------------------------------------------------ endpoint and clients

def start_endpoint(capture):
    proc = subprocess.Popen(
        [ENDPOINT_BIN, '--port', '0', '--delay-ms', '100', '--quiet', '--capture', capture],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r'http://[0-9.:]+', line)
    if not m:
        proc.kill()
        raise SystemExit(f'the endpoint did not start: {line!r} {proc.stderr.read()}')
    return proc, m.group(0)


def read_capture(path, start):
    """The exchanges the endpoint wrote from byte `start` on, and the byte after them. Offsets,
    not line counts: the capture holds every body (megabytes once the S3 sessions have run), and
    reading and parsing it whole before and after each of some 600 lines cost minutes."""
    with open(path, 'rb') as f:
        f.seek(start)
        data = f.read()
    end = data.rfind(b'\n') + 1  # whole lines only: the endpoint writes one per exchange
    return [json.loads(line) for line in data[:end].splitlines() if line], start + end


def capture_end(path):
    """Where the next exchange will start: what a line's own exchanges are read from."""
    return os.path.getsize(path)


# -------------------------------------------------------------------------- the boto3 session

def records_in_order(kinesis, iterator, want_count=None, rounds=20):
    """Reads from `iterator` until it is caught up (or closed); returns (records, last response)."""
    records, last = [], None
    for _ in range(rounds):
        last = kinesis.get_records(ShardIterator=iterator, Limit=1000)
        records += last['Records']
        iterator = last.get('NextShardIterator')
        if iterator is None:
            break
        if not last['Records'] and last['MillisBehindLatest'] == 0:
            if want_count is None or len(records) >= want_count:
                break
    return records, last


def boto3_session(url, hook_problems):
    kinesis = boto3.client(
        'kinesis', endpoint_url=url, region_name='us-east-1',
        aws_access_key_id='x', aws_secret_access_key='x',
        config=Config(retries={'mode': 'standard', 'max_attempts': 3}))

    def validate(operation_model, response_dict, **_):
        for p in response_problems(operation_model.name, response_dict['status_code'], response_dict['body']):
            hook_problems.append(f'{operation_model.name}: {p}')
    kinesis.meta.events.register('before-parse.kinesis.*', validate)

    name = 'boto3-orders'
    fast = {'Delay': 0.1, 'MaxAttempts': 100}
    kinesis.create_stream(StreamName=name, ShardCount=2)
    kinesis.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig=fast)
    summary = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']
    check('boto3: stream_exists waiter ends with the stream ACTIVE', summary['StreamStatus'] == 'ACTIVE', summary)
    check('boto3: two open shards', summary['OpenShardCount'] == 2, summary)
    arn = summary['StreamARN']

    # Single records and a batch.
    put = []  # (shard, sequence, data, key)
    for i in range(6):
        data, key = f'single-{i}'.encode(), f'key-{i % 3}'
        r = kinesis.put_record(StreamName=name, Data=data, PartitionKey=key)
        put.append((r['ShardId'], r['SequenceNumber'], data, key))
    batch = [{'Data': f'batch-{i}'.encode(), 'PartitionKey': f'batch-key-{i}'} for i in range(20)]
    r = kinesis.put_records(StreamName=name, Records=batch)
    check('boto3: PutRecords puts every record', r['FailedRecordCount'] == 0 and len(r['Records']) == 20, r)
    for b, res in zip(batch, r['Records']):
        put.append((res['ShardId'], res['SequenceNumber'], b['Data'], b['PartitionKey']))
    shards_used = sorted({p[0] for p in put})
    check('boto3: records reach both shards', shards_used == ['shardId-000000000000', 'shardId-000000000001'], shards_used)
    for shard in shards_used:
        seqs = [int(p[1]) for p in put if p[0] == shard]
        check(f'boto3: sequence numbers increase on {shard}', seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs)

    # ListShards, one per page, by hand and with the paginator.
    pages, token = [], None
    while True:
        r = kinesis.list_shards(NextToken=token, MaxResults=1) if token else kinesis.list_shards(StreamName=name, MaxResults=1)
        pages.append([s['ShardId'] for s in r['Shards']])
        token = r.get('NextToken')
        if not token or len(pages) > 5:
            break
    check('boto3: ListShards MaxResults=1 pages through both shards',
          pages == [['shardId-000000000000'], ['shardId-000000000001']], pages)
    # botocore's list_shards paginator sends StreamName with NextToken, which AWS refuses
    # (boto/botocore#2009, aws/aws-cli#9635): the endpoint must refuse it the same way.
    try:
        ids = [s['ShardId'] for page in kinesis.get_paginator('list_shards').paginate(
            StreamName=name, PaginationConfig={'PageSize': 1}) for s in page['Shards']]
        check('boto3: list_shards paginator (PageSize 1) fails on page 2 as at AWS', False, ids)
    except ClientError as e:
        check('boto3: list_shards paginator (PageSize 1) fails on page 2 as at AWS',
              e.response['Error'] == {'Code': 'InvalidArgumentException',
                                      'Message': 'NextToken and StreamName cannot be provided together.'},
              e.response['Error'])

    # TRIM_HORIZON: everything, in order per shard.
    read = {}
    for shard in shards_used:
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        want = [(p[1], p[2], p[3]) for p in put if p[0] == shard]
        got, _ = records_in_order(kinesis, it, len(want))
        read[shard] = got
        check(f'boto3: TRIM_HORIZON reads back {shard} in order',
              [(g['SequenceNumber'], g['Data'], g['PartitionKey']) for g in got] == want,
              f'want {want}\n      got {got}')

    shard = 'shardId-000000000000'
    recs = read[shard]
    # AT_SEQUENCE_NUMBER / AFTER_SEQUENCE_NUMBER from the second record.
    if len(recs) >= 3:
        seq = recs[1]['SequenceNumber']
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='AT_SEQUENCE_NUMBER',
                                        StartingSequenceNumber=seq)['ShardIterator']
        got, _ = records_in_order(kinesis, it, len(recs) - 1)
        check('boto3: AT_SEQUENCE_NUMBER starts at that record',
              [g['SequenceNumber'] for g in got] == [r['SequenceNumber'] for r in recs[1:]], got)
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='AFTER_SEQUENCE_NUMBER',
                                        StartingSequenceNumber=seq)['ShardIterator']
        got, _ = records_in_order(kinesis, it, len(recs) - 2)
        check('boto3: AFTER_SEQUENCE_NUMBER starts after that record',
              [g['SequenceNumber'] for g in got] == [r['SequenceNumber'] for r in recs[2:]], got)
    else:
        check('boto3: enough records on shard 0 for the sequence-number iterators', False, recs)

    # AT_TIMESTAMP: records that arrived at or after a time. boto3 sends Kinesis timestamps as
    # whole epoch seconds (botocore's serializer truncates), so the records to find go in at the
    # start of a fresh second, on shard 1.
    other = 'shardId-000000000001'
    key1 = next(p[3] for p in put if p[0] == other)
    time.sleep(1.02 - time.time() % 1)
    second = datetime.datetime.fromtimestamp(int(time.time()), datetime.timezone.utc)
    late = [kinesis.put_record(StreamName=name, Data=f'late-{i}'.encode(), PartitionKey=key1) for i in range(2)]
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=other, ShardIteratorType='AT_TIMESTAMP',
                                    Timestamp=second)['ShardIterator']
    got, _ = records_in_order(kinesis, it, 2)
    check('boto3: AT_TIMESTAMP reads the records that arrived at or after it',
          [g['SequenceNumber'] for g in got] == [r['SequenceNumber'] for r in late],
          f'{second}: want {late}, got {got}')
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    try:
        r = kinesis.get_shard_iterator(StreamName=name, ShardId=other, ShardIteratorType='AT_TIMESTAMP',
                                       Timestamp=future)
        # AWS: 400 InvalidArgumentException "The timestampInMillis parameter cannot be greater
        # than the currentTimestampInMillis. timestampInMillis: T, currentTimestampInMillis: N"
        check('boto3: AT_TIMESTAMP in the future is refused', False, f'answered {r["ShardIterator"][:20]}...')
    except ClientError as e:
        check('boto3: AT_TIMESTAMP in the future is refused',
              e.response['Error']['Code'] == 'InvalidArgumentException', e.response['Error'])
    if recs:
        old = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='AT_TIMESTAMP',
                                        Timestamp=old)['ShardIterator']
        got, _ = records_in_order(kinesis, it, len(recs))
        check('boto3: AT_TIMESTAMP before the stream reads everything', len(got) == len(recs), got)

    # LATEST: only what is put after the iterator.
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='LATEST')['ShardIterator']
    first = kinesis.get_records(ShardIterator=it)
    check('boto3: LATEST sees nothing old', first['Records'] == [], first['Records'])
    key = next(p[3] for p in put if p[0] == shard)
    r = kinesis.put_record(StreamName=name, Data=b'after-latest', PartitionKey=key)
    got, _ = records_in_order(kinesis, first['NextShardIterator'], 1)
    check('boto3: LATEST sees the new record',
          [(g['SequenceNumber'], g['Data']) for g in got] == [(r['SequenceNumber'], b'after-latest')], got)

    # Split shard 0 in two.
    kinesis.split_shard(StreamName=name, ShardToSplit=shard, NewStartingHashKey=str(2**126))
    kinesis.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig=fast)
    shards = kinesis.list_shards(StreamName=name)['Shards']
    by_id = {s['ShardId']: s for s in shards}
    children = [s for s in shards if s.get('ParentShardId') == shard]
    check('boto3: split gives two children naming the parent', len(children) == 2, shards)
    check('boto3: the split parent is closed', 'EndingSequenceNumber' in by_id[shard]['SequenceNumberRange'], by_id[shard])
    if len(children) == 2:
        lo, hi = sorted(children, key=lambda s: int(s['HashKeyRange']['StartingHashKey']))
        check('boto3: the children split the parent hash range at the key',
              lo['HashKeyRange'] == {'StartingHashKey': '0', 'EndingHashKey': str(2**126 - 1)}
              and hi['HashKeyRange'] == {'StartingHashKey': str(2**126),
                                         'EndingHashKey': by_id[shard]['HashKeyRange']['EndingHashKey']},
              children)
        # The closed parent reads to its end and then names its children.
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        got, last = records_in_order(kinesis, it, len(recs) + 1, rounds=50)
        check('boto3: the closed parent keeps its records and ends (no NextShardIterator)',
              len(got) == len(recs) + 1 and 'NextShardIterator' not in last, (len(got), last))
        check('boto3: the last GetRecords of the parent lists its children',
              sorted(c['ShardId'] for c in last.get('ChildShards', [])) == sorted(c['ShardId'] for c in children),
              last.get('ChildShards'))
        # Records now go to the children.
        r = kinesis.put_record(StreamName=name, Data=b'child', PartitionKey='x', ExplicitHashKey='1')
        check('boto3: a put after the split lands in a child', r['ShardId'] == lo['ShardId'], r)
        # Merge them back.
        kinesis.merge_shards(StreamName=name, ShardToMerge=lo['ShardId'], AdjacentShardToMerge=hi['ShardId'])
        kinesis.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig=fast)
        shards = kinesis.list_shards(StreamName=name)['Shards']
        merged = [s for s in shards if s.get('ParentShardId') == lo['ShardId']]
        check('boto3: merge gives a shard naming both parents',
              len(merged) == 1 and merged[0].get('AdjacentParentShardId') == hi['ShardId']
              and merged[0]['HashKeyRange'] == by_id[shard]['HashKeyRange'], shards)
        open_ids = [s['ShardId'] for s in shards if 'EndingSequenceNumber' not in s['SequenceNumberRange']]
        check('boto3: two open shards after split and merge', len(open_ids) == 2, open_ids)
        summary = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']
        check('boto3: OpenShardCount is 2 after the merge', summary['OpenShardCount'] == 2, summary)

    # Enhanced fan-out consumer.
    c = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName='efo-app')['Consumer']
    check('boto3: RegisterStreamConsumer answers the consumer', c['ConsumerName'] == 'efo-app'
          and c['ConsumerARN'].startswith(arn + '/consumer/efo-app:'), c)
    for _ in range(100):
        d = kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName='efo-app')['ConsumerDescription']
        if d['ConsumerStatus'] == 'ACTIVE':
            break
        time.sleep(0.05)
    check('boto3: the consumer becomes ACTIVE', d['ConsumerStatus'] == 'ACTIVE' and d['StreamARN'] == arn, d)
    d2 = kinesis.describe_stream_consumer(ConsumerARN=c['ConsumerARN'])['ConsumerDescription']
    check('boto3: DescribeStreamConsumer by ARN', d2['ConsumerName'] == 'efo-app', d2)
    listed = kinesis.list_stream_consumers(StreamARN=arn)['Consumers']
    check('boto3: ListStreamConsumers lists it', [x['ConsumerARN'] for x in listed] == [c['ConsumerARN']], listed)
    kinesis.deregister_stream_consumer(StreamARN=arn, ConsumerName='efo-app')
    gone = False
    for _ in range(100):
        try:
            kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName='efo-app')
        except ClientError as e:
            gone = e.response['Error']['Code'] == 'ResourceNotFoundException'
            break
        time.sleep(0.05)
    check('boto3: the deregistered consumer goes away', gone)

    # Tags.
    kinesis.add_tags_to_stream(StreamName=name, Tags={'env': 'test', 'team': 'data'})
    tags = kinesis.list_tags_for_stream(StreamName=name)
    check('boto3: ListTagsForStream', tags['Tags'] == [{'Key': 'env', 'Value': 'test'}, {'Key': 'team', 'Value': 'data'}]
          and tags['HasMoreTags'] is False, tags)
    kinesis.remove_tags_from_stream(StreamName=name, TagKeys=['team'])
    tags = kinesis.list_tags_for_stream(StreamName=name)['Tags']
    check('boto3: RemoveTagsFromStream', tags == [{'Key': 'env', 'Value': 'test'}], tags)

    # Retention.
    kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=48)
    hours = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['RetentionPeriodHours']
    check('boto3: IncreaseStreamRetentionPeriod to 48', hours == 48, hours)
    kinesis.decrease_stream_retention_period(StreamName=name, RetentionPeriodHours=24)
    hours = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['RetentionPeriodHours']
    check('boto3: DecreaseStreamRetentionPeriod to 24', hours == 24, hours)

    limits = kinesis.describe_limits()
    check('boto3: DescribeLimits counts the open shards', limits['OpenShardCount'] >= 2, limits)

    # Errors carry AWS's codes.
    try:
        kinesis.describe_stream_summary(StreamName='no-such-stream')
        check('boto3: unknown stream -> ResourceNotFoundException', False, 'no error')
    except ClientError as e:
        check('boto3: unknown stream -> ResourceNotFoundException',
              e.response['Error']['Code'] == 'ResourceNotFoundException', e.response)

    kinesis.delete_stream(StreamName=name)
    kinesis.get_waiter('stream_not_exists').wait(StreamName=name, WaiterConfig=fast)
    names = kinesis.list_streams()['StreamNames']
    check('boto3: the deleted stream is gone', name not in names, names)


# ------------------------------------------------- the operations added since 2020 (issue 21)

def newer_operations_session(url, hook_problems, cli):
    """Resource policies decided per caller (the access key id names it), the account's
    commitment, larger records and warm throughput: boto3 with several callers, then the real
    CLI (its lines are compared with the console's below)."""
    def client(key):
        c = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                         aws_access_key_id=key, aws_secret_access_key='x',
                         config=Config(retries={'mode': 'standard', 'max_attempts': 1}))

        def validate(operation_model, response_dict, **_):
            for p in response_problems(operation_model.name, response_dict['status_code'], response_dict['body']):
                hook_problems.append(f'{operation_model.name}: {p}')
        c.meta.events.register('before-parse.kinesis.*', validate)
        return c

    root, bob, alice, carol = client('sandbox'), client('bob'), client('alice'), client('carol@111122223333')
    fast = {'Delay': 0.1, 'MaxAttempts': 100}
    name = 'boto3-policies'
    root.create_stream(StreamName=name, ShardCount=1)
    root.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig=fast)
    arn = root.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamARN']
    policy = json.dumps({'Version': '2012-10-17', 'Statement': [
        {'Sid': 'NoBob', 'Effect': 'Deny', 'Principal': {'AWS': 'arn:aws:iam::000000000000:user/bob'},
         'Action': 'kinesis:Put*', 'Resource': arn},
        {'Sid': 'Partner', 'Effect': 'Allow', 'Principal': {'AWS': '111122223333'},
         'Action': 'kinesis:DescribeStreamSummary', 'Resource': arn}]})
    root.put_resource_policy(ResourceARN=arn, Policy=policy)
    got = root.get_resource_policy(ResourceARN=arn)['Policy']
    check('boto3: GetResourcePolicy answers the policy as put', got == policy, got)

    def denied(fn, **kwargs):
        try:
            fn(**kwargs)
            return None
        except ClientError as e:
            return e.response['Error']
    e = denied(bob.put_record, StreamName=name, Data=b'x', PartitionKey='k')
    check('boto3: an explicit Deny refuses bob with AWS\'s AccessDeniedException text',
          e == {'Code': 'AccessDeniedException', 'Message':
                f'User: arn:aws:iam::000000000000:user/bob is not authorized to perform: kinesis:PutRecord '
                f'on resource: {arn} with an explicit deny in a resource-based policy'}, e)
    check('boto3: the same call by alice is allowed',
          denied(alice.put_record, StreamName=name, Data=b'x', PartitionKey='k') is None)
    check('boto3: another account reads what the policy grants',
          denied(carol.describe_stream_summary, StreamARN=arn) is None)
    e = denied(carol.put_record, StreamARN=arn, Data=b'x', PartitionKey='k')
    check('boto3: another account is refused what the policy does not grant',
          e is not None and e['Message'].endswith('because no resource-based policy allows the kinesis:PutRecord action'), e)
    root.delete_resource_policy(ResourceARN=arn)
    check('boto3: after DeleteResourcePolicy the policy is empty and bob writes',
          root.get_resource_policy(ResourceARN=arn)['Policy'] == '{}'
          and denied(bob.put_record, StreamName=name, Data=b'x', PartitionKey='k') is None)

    settings = root.describe_account_settings()['MinimumThroughputBillingCommitment']
    check('boto3: DescribeAccountSettings: no commitment', settings == {'Status': 'DISABLED'}, settings)
    c = root.update_account_settings(
        MinimumThroughputBillingCommitment={'Status': 'ENABLED'})['MinimumThroughputBillingCommitment']
    check('boto3: UpdateAccountSettings ENABLED, for at least 24 hours',
          c['Status'] == 'ENABLED' and (c['EarliestAllowedEndAt'] - c['StartedAt']).total_seconds() == 86400, c)

    root.update_max_record_size(StreamARN=arn, MaxRecordSizeInKiB=2048)
    summary = root.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']
    check('boto3: UpdateMaxRecordSize shows in the summary', summary['MaxRecordSizeInKiB'] == 2048, summary)
    # A record over the shard's 1 MiB/s is taken only when it is alone in the shard's last
    # second, so wait out the small puts above (how many fell in that second depends on how fast
    # this machine ran them): this check is about the size limit, not the throughput one.
    time.sleep(1.1)
    e = denied(root.put_record, StreamName=name, Data=b'x' * (1536 * 1024), PartitionKey='k')
    check('boto3: a 1.5 MiB record is taken after UpdateMaxRecordSize', e is None, e)

    od = 'boto3-warm'
    root.create_stream(StreamName=od, StreamModeDetails={'StreamMode': 'ON_DEMAND'})
    root.get_waiter('stream_exists').wait(StreamName=od, WaiterConfig=fast)
    w = root.update_stream_warm_throughput(StreamName=od, WarmThroughputMiBps=12)
    check('boto3: UpdateStreamWarmThroughput answers target and current',
          w['WarmThroughput'] == {'TargetMiBps': 12, 'CurrentMiBps': 4} and w['StreamName'] == od, w)
    root.get_waiter('stream_exists').wait(StreamName=od, WaiterConfig=fast)
    s = root.describe_stream_summary(StreamName=od)['StreamDescriptionSummary']
    check('boto3: the warm stream keeps 12 MiB/s of shards open',
          s['OpenShardCount'] == 12 and s.get('WarmThroughput') == {'TargetMiBps': 12, 'CurrentMiBps': 12}, s)

    # The same operations through the real CLI (the console must print what it prints).
    cli.run('aws kinesis describe-account-settings')
    cli.run(f'aws kinesis put-resource-policy --resource-arn {arn} --policy \'{policy}\'')
    cli.run(f'aws kinesis get-resource-policy --resource-arn {arn}')
    cli.run(f'aws kinesis get-resource-policy --resource-arn {arn} --output text')
    cli.run(f'aws kinesis delete-resource-policy --resource-arn {arn}')
    cli.run(f'aws kinesis delete-resource-policy --resource-arn {arn}', expect_rc=255)
    cli.run(f'aws kinesis update-max-record-size --stream-arn {arn} --max-record-size-in-ki-b 20000',
            expect_rc=255)
    cli.run(f'aws kinesis update-max-record-size --stream-arn {arn} --max-record-size-in-ki-b 3072')
    cli.run(f'aws kinesis update-stream-warm-throughput --stream-name {name} --warm-throughput-mi-bps 5',
            expect_rc=255)
    cli.run(f'aws kinesis update-stream-warm-throughput --stream-name {od} --warm-throughput-mi-bps 12 --output table')
    for n in (name, od):
        root.delete_stream(StreamName=n)


# ---------------------------------------------------------------------------- the CLI session

def b64(text):
    return base64.b64encode(text.encode()).decode()


def v1_to_v2(stdout, stderr, rc):
    """V1_TO_V2: N2 and N3 of the module docstring (N1 is in the lines themselves)."""
    if stderr.startswith('usage: \r'):
        body = 'usage: ' + stderr.split('\n\nusage: ', 1)[1]
        if '\naws: error: ' in body:
            usage, message = body.split('\naws: error: ', 1)
            return stdout, '\n' + usage + '\n\naws: error: ' + message + '\n', 252
        head, rest = body.rsplit('aws <command> <subcommand> help\n', 1)
        return stdout, '\n' + head + 'aws <command> <subcommand> help\n' + rest + '\n', 252
    if rc == 255 and stderr.startswith('\nWaiter '):
        return stdout, stderr, 255  # a waiter's WaiterError: v2's last-resort handler too
    if rc == 255 and 'An error occurred (' in stderr:
        return stdout, stderr, 254
    if rc == 255:
        return stdout, stderr, 252
    return stdout, stderr, rc


def run_aws_in_process(argv, env):
    """`aws ...` run by the AWS CLI's own entry point (awscli.clidriver) inside this process, as
    the `aws` script runs it, with `env` as the whole environment: the same output and exit code
    as a child process, without a Python start and the CLI's imports for each of some 130 lines
    (about 0.6 s each). stdout and stderr are caught as text without newline translation, so
    v1's "usage: \\r" stays as it is. No COLUMNS: argparse then wraps at 80, as for a pipe."""
    assert argv[0] == 'aws', argv
    saved_env, saved_out, saved_err, saved_argv = dict(os.environ), sys.stdout, sys.stderr, sys.argv
    out, err = io.StringIO(newline=''), io.StringIO(newline='')
    os.environ.clear()
    # The data path `import awscli` sets, which a child process would set again.
    os.environ.update(env, AWS_DATA_PATH=AWSCLI_DATA_PATH)
    time.tzset()
    # argparse names the program after sys.argv[0] in its usage errors.
    sys.stdout, sys.stderr, sys.argv = out, err, argv
    try:
        driver = awscli.clidriver.create_clidriver()
        # One loader for every line: botocore's models are read and parsed once.
        driver.session.register_component('data_loader', AWSCLI_LOADER)
        rc = driver.main(argv[1:])
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    finally:
        sys.stdout, sys.stderr, sys.argv = saved_out, saved_err, saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
        time.tzset()
    return out.getvalue(), err.getvalue(), rc


class CliSession:
    def __init__(self, url, capture, env):
        self.url, self.capture, self.env = url, capture, env
        self.seen = 0
        self.cases = []

    def run(self, line, console=None, expect_rc=0):
        """Runs `line` (v1 form) with the real CLI; `console` is its v2 form if it differs (N1)."""
        # Skip what boto3 asked in between (waiters), then take this line's exchanges.
        self.seen = capture_end(self.capture)
        stdout, stderr, rc = run_aws_in_process(shlex.split(line), self.env)
        exchanges, self.seen = read_capture(self.capture, self.seen)
        self.cases.append({'line': console or line, 'v1_line': line, 'exchanges': exchanges,
                           'stdout': stdout, 'stderr': stderr, 'rc': rc})
        check(f'aws: {line} exits {expect_rc}', rc == expect_rc, f'exit {rc}: {stderr.strip()[:400]}')
        return stdout

    def json(self, line, console=None):
        return json.loads(self.run(line, console) or 'null')


def cli_session(cli, boto):
    s = 'cli-orders'
    fast = {'Delay': 0.1, 'MaxAttempts': 100}
    cli.run(f'aws kinesis create-stream --stream-name {s} --shard-count 2')
    boto.get_waiter('stream_exists').wait(StreamName=s, WaiterConfig=fast)
    for out in ('json', 'text', 'table'):
        cli.run(f'aws kinesis describe-stream --stream-name {s} --output {out}')
        cli.run(f'aws kinesis describe-stream-summary --stream-name {s} --output {out}')
        cli.run(f'aws kinesis list-streams --output {out}')
        cli.run(f'aws kinesis list-shards --stream-name {s} --output {out}')
        cli.run(f'aws kinesis describe-limits --output {out}')
    cli.run(f'aws kinesis describe-stream --stream-name {s} --max-items 1')
    first = cli.json(f'aws kinesis list-shards --stream-name {s} --max-items 1')
    if first and 'NextToken' in first:
        cli.run(f'aws kinesis list-shards --stream-name {s} --max-items 1 --starting-token {first["NextToken"]}')
    # --page-size makes the CLI send StreamName with NextToken on page 2, which AWS refuses
    # (aws/aws-cli#9635, boto/botocore#2009); --max-items alone fetches one page.
    cli.run(f'aws kinesis list-shards --stream-name {s} --page-size 1', expect_rc=255)
    cli.run(f'aws kinesis list-shards --stream-name {s} --page-size 1 --output text', expect_rc=255)
    cli.run(f'aws kinesis list-shards --stream-name {s} --page-size 1 --max-items 1 --output table')
    cli.run(f'aws kinesis list-streams --page-size 1')
    cli.run(f'aws kinesis list-streams --page-size 1 --output text')
    cli.run(f'aws kinesis list-shards --stream-name {s} --query Shards[].ShardId --output text')
    cli.run('aws kinesis list-streams --max-items 1')

    # Records: v1 base64-encodes raw text (N1); the console takes the base64 itself.
    seqs = []
    for i, out in enumerate(('json', 'text', 'table')):
        r = cli.run(f'aws kinesis put-record --stream-name {s} --partition-key k{i} --data hello-{i} --output {out}',
                    f'aws kinesis put-record --stream-name {s} --partition-key k{i} --data {b64(f"hello-{i}")} --output {out}')
    r = cli.json(f'aws kinesis put-record --stream-name {s} --partition-key k0 --data more --explicit-hash-key 1',
                 f'aws kinesis put-record --stream-name {s} --partition-key k0 --data {b64("more")} --explicit-hash-key 1')
    if r:
        seqs.append(r['SequenceNumber'])
    for out in ('json', 'text', 'table'):
        cli.run(f'aws kinesis put-records --stream-name {s} --records Data=one,PartitionKey=a Data=two,PartitionKey=b '
                f'Data=three,PartitionKey=c,ExplicitHashKey=5 --output {out}',
                f'aws kinesis put-records --stream-name {s} --records Data={b64("one")},PartitionKey=a '
                f'Data={b64("two")},PartitionKey=b Data={b64("three")},PartitionKey=c,ExplicitHashKey=5 --output {out}')
    records = json.dumps([{'Data': 'json-one', 'PartitionKey': 'j'}, {'Data': 'json-two', 'PartitionKey': 'j'}])
    records_v2 = json.dumps([{'Data': b64('json-one'), 'PartitionKey': 'j'}, {'Data': b64('json-two'), 'PartitionKey': 'j'}])
    cli.run(f"aws kinesis put-records --stream-name {s} --records '{records}'",
            f"aws kinesis put-records --stream-name {s} --records '{records_v2}'")

    # Iterators of every type, and reads in every format, paced as a consumer must pace them: a
    # shard serves 5 GetRecords a second, and the CLI in this process is fast enough to ask more
    # often (AWS's ProvisionedThroughputExceededException, which ended a run after the retries).
    read_at = [0.0]

    def read(line):
        time.sleep(max(0.0, read_at[0] + 0.25 - time.monotonic()))
        out = cli.run(line)
        read_at[0] = time.monotonic()
        return out

    shard = 'shardId-000000000000'
    base = f'aws kinesis get-shard-iterator --stream-name {s} --shard-id {shard}'
    trim = cli.json(f'{base} --shard-iterator-type TRIM_HORIZON')
    it = trim and trim['ShardIterator']
    if it:
        for out in ('json', 'text', 'table'):
            read(f'aws kinesis get-records --shard-iterator {it} --output {out}')
        read(f'aws kinesis get-records --shard-iterator {it} --limit 1')
        read(f'aws kinesis get-records --shard-iterator {it} --query Records[].Data --output text')
    cli.run(f'{base} --shard-iterator-type LATEST --output text')
    cli.run(f'{base} --shard-iterator-type LATEST --output table')
    if seqs:
        cli.run(f'{base} --shard-iterator-type AT_SEQUENCE_NUMBER --starting-sequence-number {seqs[0]}')
        after = cli.json(f'{base} --shard-iterator-type AFTER_SEQUENCE_NUMBER --starting-sequence-number {seqs[0]}')
        if after:
            read(f'aws kinesis get-records --shard-iterator {after["ShardIterator"]}')
    now = datetime.datetime.now(datetime.timezone.utc)
    cli.run(f'{base} --shard-iterator-type AT_TIMESTAMP --timestamp {now.strftime("%Y-%m-%dT%H:%M:%SZ")}')
    at = cli.json(f'{base} --shard-iterator-type AT_TIMESTAMP --timestamp {int(now.timestamp()) - 3600}')
    if at:
        read(f'aws kinesis get-records --shard-iterator {at["ShardIterator"]} --output text')

    # Split and merge.
    cli.run(f'aws kinesis split-shard --stream-name {s} --shard-to-split {shard} '
            f'--new-starting-hash-key 85070591730234615865843651857942052864')
    boto.get_waiter('stream_exists').wait(StreamName=s, WaiterConfig=fast)
    for out in ('json', 'text', 'table'):
        cli.run(f'aws kinesis list-shards --stream-name {s} --output {out}')
    cli.run(f'aws kinesis describe-stream --stream-name {s} --output table')
    if it:  # the parent, read to its end, names its children
        read(f'aws kinesis get-records --shard-iterator {it}')
    cli.run(f'aws kinesis merge-shards --stream-name {s} --shard-to-merge shardId-000000000002 '
            '--adjacent-shard-to-merge shardId-000000000003')
    boto.get_waiter('stream_exists').wait(StreamName=s, WaiterConfig=fast)
    cli.run(f'aws kinesis list-shards --stream-name {s} --output text')
    cli.run(f'aws kinesis describe-stream-summary --stream-name {s} --output table')

    # Enhanced fan-out.
    arn = boto.describe_stream_summary(StreamName=s)['StreamDescriptionSummary']['StreamARN']
    cli.run(f'aws kinesis register-stream-consumer --stream-arn {arn} --consumer-name app-1')
    cli.run(f'aws kinesis register-stream-consumer --stream-arn {arn} --consumer-name app-2 --output table')
    for _ in range(100):
        if boto.describe_stream_consumer(StreamARN=arn, ConsumerName='app-1')['ConsumerDescription']['ConsumerStatus'] == 'ACTIVE':
            break
        time.sleep(0.05)
    for out in ('json', 'text', 'table'):
        cli.run(f'aws kinesis describe-stream-consumer --stream-arn {arn} --consumer-name app-1 --output {out}')
        cli.run(f'aws kinesis list-stream-consumers --stream-arn {arn} --output {out}')
    cli.run(f'aws kinesis list-stream-consumers --stream-arn {arn} --max-items 1')
    cli.run(f'aws kinesis deregister-stream-consumer --stream-arn {arn} --consumer-name app-2')

    # Tags and retention.
    cli.run(f'aws kinesis add-tags-to-stream --stream-name {s} --tags env=test,team=data')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws kinesis list-tags-for-stream --stream-name {s} --output {out}')
    cli.run(f'aws kinesis remove-tags-from-stream --stream-name {s} --tag-keys team')
    cli.run(f'aws kinesis list-tags-for-stream --stream-name {s} --query Tags[0].Value')
    cli.run(f'aws kinesis increase-stream-retention-period --stream-name {s} --retention-period-hours 48')
    cli.run(f'aws kinesis describe-stream-summary --stream-name {s} --query StreamDescriptionSummary.RetentionPeriodHours')
    cli.run(f'aws kinesis decrease-stream-retention-period --stream-name {s} --retention-period-hours 24')

    # Errors.
    cli.run('aws kinesis describe-stream --stream-name no-such-stream', expect_rc=255)
    cli.run('aws kinesis describe-stream-summary --stream-name no-such-stream --output table', expect_rc=255)
    cli.run(f'aws kinesis create-stream --stream-name {s} --shard-count 1', expect_rc=255)
    cli.run('aws kinesis get-records --shard-iterator not-an-iterator', expect_rc=255)
    cli.run(f'aws kinesis increase-stream-retention-period --stream-name {s} --retention-period-hours 12', expect_rc=255)
    # StreamName is optional in the model (StreamARN may name the stream instead): a request.
    cli.run('aws kinesis describe-stream-summary', expect_rc=255)
    cli.run('aws kinesis get-records', expect_rc=2)
    cli.run(f'aws kinesis get-shard-iterator --stream-name {s} --shard-id {shard} --output table', expect_rc=2)
    cli.run(f'aws kinesis put-record --stream-name {s} --data x', f'aws kinesis put-record --stream-name {s} --data eA==',
            expect_rc=2)
    cli.run(f'aws kinesis list-shards --stream-name {s} --no-such-option 1', expect_rc=255)

    cli.run(f'aws kinesis delete-stream --stream-name {s}', expect_rc=255)  # app-1 is registered
    cli.run(f'aws kinesis delete-stream --stream-name {s} --enforce-consumer-deletion')
    boto.get_waiter('stream_not_exists').wait(StreamName=s, WaiterConfig=fast)
    cli.run('aws kinesis list-streams --output text')


# ------------------------------------------------------------------ the Firehose boto3 session

ACCOUNT = '000000000000'
ROLE = f'arn:aws:iam::{ACCOUNT}:role/firehose-delivery'
BUCKET = 'arn:aws:s3:::sandbox-clicks'
FIRST_DESTINATION = 'destinationId-000000000001'

# Engine answers that differ from AWS's, found by this suite (issue 6) and written up with
# their sources in FIREHOSE_FINDINGS.md. Each is checked against AWS's answer through
# expected_discrepancy(): printed as XFAIL, not counted as a failure, and printed as XPASS (to
# be turned into a plain check) once the engine is fixed.
# F1 and F2 (the 501-record message and the over-4-MiB message) are fixed and are plain checks.
FIREHOSE_EXPECTED_DISCREPANCIES = {}


def expected_discrepancy(fid, name, ok, detail=''):
    assert fid in FIREHOSE_EXPECTED_DISCREPANCIES, fid
    known_mismatch(f'{fid} {name}', ok, detail)


def fh_error(fn, **kwargs):
    """The (Code, Message) of the error a call must answer, or ('no error', response)."""
    try:
        r = fn(**kwargs)
        r.pop('ResponseMetadata', None)
        return ('no error', str(r)[:300])
    except ClientError as e:
        return (e.response['Error']['Code'], e.response['Error']['Message'])


def wait_delivery_stream(firehose, name, status='ACTIVE', tries=100):
    """Polls DescribeDeliveryStream until `status` (botocore has no Firehose waiter); returns the
    last description, or None once the stream is gone."""
    d = None
    for _ in range(tries):
        try:
            d = firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription']
        except ClientError as e:
            if e.response['Error']['Code'] == 'ResourceNotFoundException':
                return None
            raise
        if d['DeliveryStreamStatus'] == status:
            return d
        time.sleep(0.05)
    return d


def not_found_text(name):
    return f'Firehose {name} under account {ACCOUNT} not found.'


def heap_buffer(n):
    return f'java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]'


def firehose_boto3_session(url, hook_problems):
    kw = dict(endpoint_url=url, region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
    firehose = boto3.client('firehose', **kw, config=Config(retries={'mode': 'standard', 'max_attempts': 3}))
    # Requests botocore would refuse before sending (ranges), to see the service's own answer.
    raw = boto3.client('firehose', **kw, config=Config(parameter_validation=False,
                                                        retries={'mode': 'standard', 'max_attempts': 1}))
    kinesis = boto3.client('kinesis', **kw)

    def validate(operation_model, response_dict, **_):
        for p in response_problems(operation_model.name, response_dict['status_code'], response_dict['body'],
                                   MODELS['firehose']):
            hook_problems.append(f'{operation_model.name}: {p}')
    for client in (firehose, raw):
        client.meta.events.register('before-parse.firehose.*', validate)

    # --- DirectPut into an extended S3 destination.
    name = 'boto3-clicks'
    prefix = 'clicks/!{timestamp:yyyy/MM/dd}/'
    error_prefix = 'clicks-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/'
    hints = {'SizeInMBs': 1, 'IntervalInSeconds': 60}
    config = {'RoleARN': ROLE, 'BucketARN': BUCKET, 'Prefix': prefix, 'ErrorOutputPrefix': error_prefix,
              'BufferingHints': hints, 'CompressionFormat': 'GZIP'}
    started = time.time()
    r = firehose.create_delivery_stream(DeliveryStreamName=name, DeliveryStreamType='DirectPut',
                                        ExtendedS3DestinationConfiguration=config,
                                        Tags=[{'Key': 'env', 'Value': 'test'}])
    arn = r['DeliveryStreamARN']
    check('firehose boto3: CreateDeliveryStream answers the ARN',
          arn == f'arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/{name}', r)
    d = firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription']
    if time.time() - started < 0.08:  # the endpoint runs with --delay-ms 100
        check('firehose boto3: a new delivery stream is CREATING', d['DeliveryStreamStatus'] == 'CREATING', d)
    d = wait_delivery_stream(firehose, name)
    check('firehose boto3: then ACTIVE', d is not None and d['DeliveryStreamStatus'] == 'ACTIVE', d)
    if d is None:
        return
    check('firehose boto3: DescribeDeliveryStream names, type, version 1, no source',
          (d['DeliveryStreamName'], d['DeliveryStreamARN'], d['DeliveryStreamType'], d['VersionId']) ==
          (name, arn, 'DirectPut', '1') and 'Source' not in d and 'LastUpdateTimestamp' not in d, d)
    age = abs((datetime.datetime.now(datetime.timezone.utc) - d['CreateTimestamp']).total_seconds())
    check('firehose boto3: CreateTimestamp is now', age < 30, d['CreateTimestamp'])
    check('firehose boto3: one destination, HasMoreDestinations false',
          len(d['Destinations']) == 1 and d['HasMoreDestinations'] is False
          and d['Destinations'][0]['DestinationId'] == FIRST_DESTINATION, d['Destinations'])
    dest = d['Destinations'][0]
    ext = dest.get('ExtendedS3DestinationDescription', {})
    check('firehose boto3: the extended S3 description keeps the configuration',
          {k: ext.get(k) for k in config} == config, ext)
    check('firehose boto3: an extended S3 destination is also described as plain S3',
          {k: dest.get('S3DestinationDescription', {}).get(k) for k in config} == config, dest)
    check('firehose boto3: encryption DISABLED by default',
          d.get('DeliveryStreamEncryptionConfiguration', {}).get('Status') == 'DISABLED', d)
    check('firehose boto3: ExclusiveStartDestinationId past the only destination lists none',
          firehose.describe_delivery_stream(DeliveryStreamName=name, ExclusiveStartDestinationId=FIRST_DESTINATION)
          ['DeliveryStreamDescription']['Destinations'] == [])

    # --- Records.
    r = firehose.put_record(DeliveryStreamName=name, Record={'Data': b'{"click": 1}\n'})
    check('firehose boto3: PutRecord answers a RecordId', isinstance(r.get('RecordId'), str) and r['RecordId'], r)
    records = [{'Data': f'{{"click": {i}}}\n'.encode()} for i in range(10)]
    r = firehose.put_record_batch(DeliveryStreamName=name, Records=records)
    ids = [e.get('RecordId') for e in r['RequestResponses']]
    check('firehose boto3: PutRecordBatch FailedPutCount 0, one entry per record',
          r['FailedPutCount'] == 0 and len(ids) == 10, r)
    check('firehose boto3: PutRecordBatch gives every record its own RecordId and no error',
          all(ids) and len(set(ids)) == 10 and not any('ErrorCode' in e for e in r['RequestResponses']), r)
    batch = [{'Data': b'x' * (i % 7 + 1)} for i in range(501)]
    code, msg = fh_error(firehose.put_record_batch, DeliveryStreamName=name, Records=batch)
    check('firehose boto3: PutRecordBatch of 501 records -> ValidationException', code == 'ValidationException',
          (code, msg[:300]))
    aws = ("1 validation error detected: Value '[" +
           ', '.join(f'Record(data={heap_buffer(len(b["Data"]))})' for b in batch) +
           "]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500")
    check("firehose boto3: PutRecordBatch of 501 records -> AWS's validation message (F1, fixed)",
                         msg == aws, f'got {msg[:160]}...\n      want {aws[:160]}...')
    big = [{'Data': b'b' * 1_000_000} for _ in range(5)]
    code, msg = fh_error(firehose.put_record_batch, DeliveryStreamName=name, Records=big)
    check('firehose boto3: PutRecordBatch over 4 MiB -> InvalidArgumentException',
          code == 'InvalidArgumentException', (code, msg))
    check("firehose boto3: PutRecordBatch over 4 MiB -> AWS's message (F2, fixed)",
          msg == 'Records size exceeds 4 MB limit', msg)
    # Both limits broken: AWS reports the count (a ValidationException), not the size.
    code, msg = fh_error(firehose.put_record_batch, DeliveryStreamName=name, Records=[{'Data': b'c' * 8400}] * 501)
    check('firehose boto3: 501 records over 4 MiB -> the count is reported first (ValidationException)',
          code == 'ValidationException' and "at 'records' failed to satisfy constraint: Member must have length "
          "less than or equal to 500" in msg, (code, msg[-200:]))
    code, msg = fh_error(firehose.put_record, DeliveryStreamName=name, Record={'Data': b'r' * 1_024_001})
    check('firehose boto3: PutRecord over 1,000 KiB -> ValidationException with AWS text',
          (code, msg) == ('ValidationException', f"1 validation error detected: Value '{heap_buffer(1024001)}' at "
                          "'record.data' failed to satisfy constraint: Member must have length less than or "
                          "equal to 1024000"), (code, msg))
    r = firehose.put_record(DeliveryStreamName=name, Record={'Data': b'r' * 1_024_000})
    check('firehose boto3: PutRecord of exactly 1,000 KiB is accepted', bool(r.get('RecordId')), r)

    # --- UpdateDestination: optimistic concurrency on the version id.
    update = {'BufferingHints': {'SizeInMBs': 2, 'IntervalInSeconds': 120}}
    code, msg = fh_error(firehose.update_destination, DeliveryStreamName=name, CurrentDeliveryStreamVersionId='7',
                         DestinationId=FIRST_DESTINATION, ExtendedS3DestinationUpdate=update)
    check('firehose boto3: UpdateDestination with the wrong version -> ConcurrentModificationException',
          (code, msg) == ('ConcurrentModificationException', f'Cannot update firehose: {name} since the current '
                          'version id: 1 and specified version id: 7 do not match'), (code, msg))
    firehose.update_destination(DeliveryStreamName=name, CurrentDeliveryStreamVersionId='1',
                                DestinationId=FIRST_DESTINATION, ExtendedS3DestinationUpdate=update)
    d = firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription']
    ext = d['Destinations'][0]['ExtendedS3DestinationDescription']
    check('firehose boto3: UpdateDestination bumps VersionId to 2 and sets LastUpdateTimestamp',
          d['VersionId'] == '2' and 'LastUpdateTimestamp' in d and d['DeliveryStreamStatus'] == 'ACTIVE', d)
    check('firehose boto3: UpdateDestination merges (new hints, prefixes and compression kept)',
          ext['BufferingHints'] == update['BufferingHints'] and ext.get('Prefix') == prefix
          and ext.get('ErrorOutputPrefix') == error_prefix and ext['CompressionFormat'] == 'GZIP', ext)
    code, msg = fh_error(firehose.update_destination, DeliveryStreamName=name, CurrentDeliveryStreamVersionId='1',
                         DestinationId=FIRST_DESTINATION, ExtendedS3DestinationUpdate=update)
    check('firehose boto3: UpdateDestination with the old version -> ConcurrentModificationException',
          (code, msg) == ('ConcurrentModificationException', f'Cannot update firehose: {name} since the current '
                          'version id: 2 and specified version id: 1 do not match'), (code, msg))
    code, msg = fh_error(firehose.update_destination, DeliveryStreamName=name, CurrentDeliveryStreamVersionId='2',
                         DestinationId='destinationId-000000000009', ExtendedS3DestinationUpdate=update)
    check('firehose boto3: UpdateDestination of an unknown destination -> InvalidArgumentException',
          code == 'InvalidArgumentException', (code, msg))

    # --- A Kinesis data stream as source, created in the same session.
    source = 'boto3-fh-source'
    kinesis.create_stream(StreamName=source, ShardCount=1)
    kinesis.get_waiter('stream_exists').wait(StreamName=source, WaiterConfig={'Delay': 0.1, 'MaxAttempts': 100})
    source_arn = kinesis.describe_stream_summary(StreamName=source)['StreamDescriptionSummary']['StreamARN']
    from_stream = 'boto3-from-stream'
    firehose.create_delivery_stream(
        DeliveryStreamName=from_stream, DeliveryStreamType='KinesisStreamAsSource',
        KinesisStreamSourceConfiguration={'KinesisStreamARN': source_arn, 'RoleARN': ROLE},
        ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET})
    d = wait_delivery_stream(firehose, from_stream) or {}
    src = d.get('Source', {}).get('KinesisStreamSourceDescription', {})
    check('firehose boto3: KinesisStreamAsSource is described with its source',
          d.get('DeliveryStreamType') == 'KinesisStreamAsSource' and src.get('KinesisStreamARN') == source_arn
          and src.get('RoleARN') == ROLE, d)
    check('firehose boto3: an ACTIVE Kinesis-source stream has a DeliveryStartTimestamp',
          isinstance(src.get('DeliveryStartTimestamp'), datetime.datetime), src)
    ext = (d.get('Destinations') or [{}])[0].get('ExtendedS3DestinationDescription', {})
    check('firehose boto3: defaults: 5 MiB / 300 s, UNCOMPRESSED, no prefix',
          ext.get('BufferingHints') == {'SizeInMBs': 5, 'IntervalInSeconds': 300}
          and ext.get('CompressionFormat') == 'UNCOMPRESSED' and 'Prefix' not in ext, ext)
    kinesis.put_record(StreamName=source, Data=b'via-kinesis', PartitionKey='k')
    for fn, args in ((firehose.put_record, {'Record': {'Data': b'x'}}),
                     (firehose.put_record_batch, {'Records': [{'Data': b'x'}]})):
        code, msg = fh_error(fn, DeliveryStreamName=from_stream, **args)
        check(f'firehose boto3: {fn.__name__} to a KinesisStreamAsSource stream -> InvalidArgumentException',
              (code, msg) == ('InvalidArgumentException',
                              'This operation is not permitted on KinesisStreamAsSource delivery stream type.'),
              (code, msg))

    # --- Listing: a third stream, then pages of one.
    plain = 'boto3-clicks-plain'
    started = time.time()
    firehose.create_delivery_stream(DeliveryStreamName=plain,
                                    ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET})
    # AWS: "You can't delete a Firehose stream that is in the CREATING state" (DeleteDeliveryStream).
    got = fh_error(firehose.delete_delivery_stream, DeliveryStreamName=plain)
    if time.time() - started < 0.08:
        check('firehose boto3: DeleteDeliveryStream of a CREATING stream -> ResourceInUseException',
              got[0] == 'ResourceInUseException', got)
    wait_delivery_stream(firehose, plain)
    d = firehose.describe_delivery_stream(DeliveryStreamName=plain)['DeliveryStreamDescription']
    check('firehose boto3: DeliveryStreamType defaults to DirectPut', d['DeliveryStreamType'] == 'DirectPut', d)
    mine = sorted([name, from_stream, plain])
    r = firehose.list_delivery_streams()
    check('firehose boto3: ListDeliveryStreams lists all three in order, HasMoreDeliveryStreams false',
          [n for n in r['DeliveryStreamNames'] if n.startswith('boto3-')] == mine
          and r['HasMoreDeliveryStreams'] is False, r)
    pages, start = [], None
    while len(pages) < 10:
        args = {'Limit': 1, **({'ExclusiveStartDeliveryStreamName': start} if start else {})}
        r = firehose.list_delivery_streams(**args)
        pages.append((r['DeliveryStreamNames'], r['HasMoreDeliveryStreams']))
        if not r['HasMoreDeliveryStreams'] or not r['DeliveryStreamNames']:
            break
        start = r['DeliveryStreamNames'][-1]
    check('firehose boto3: ListDeliveryStreams Limit=1 pages with ExclusiveStartDeliveryStreamName',
          pages == [([n], n != mine[-1]) for n in mine], pages)
    r = firehose.list_delivery_streams(DeliveryStreamType='KinesisStreamAsSource')
    check('firehose boto3: ListDeliveryStreams DeliveryStreamType=KinesisStreamAsSource',
          r['DeliveryStreamNames'] == [from_stream], r)
    r = firehose.list_delivery_streams(DeliveryStreamType='DirectPut')
    check('firehose boto3: ListDeliveryStreams DeliveryStreamType=DirectPut',
          r['DeliveryStreamNames'] == [name, plain], r)
    r = firehose.list_delivery_streams(Limit=1, DeliveryStreamType='DirectPut', ExclusiveStartDeliveryStreamName=name)
    check('firehose boto3: ListDeliveryStreams type filter with a start name',
          (r['DeliveryStreamNames'], r['HasMoreDeliveryStreams']) == ([plain], False), r)

    # --- Tags.
    tags = lambda **kw: firehose.list_tags_for_delivery_stream(DeliveryStreamName=name, **kw)  # noqa: E731
    r = tags()
    check('firehose boto3: tags given at creation', (r['Tags'], r['HasMoreTags']) ==
          ([{'Key': 'env', 'Value': 'test'}], False), r)
    firehose.tag_delivery_stream(DeliveryStreamName=name, Tags=[{'Key': 'team', 'Value': 'data'},
                                                                 {'Key': 'cost', 'Value': '42'}])
    r = tags()
    check('firehose boto3: TagDeliveryStream adds, ListTags sorts by key',
          [t['Key'] for t in r['Tags']] == ['cost', 'env', 'team'] and r['HasMoreTags'] is False, r)
    r = tags(Limit=1)
    check('firehose boto3: ListTagsForDeliveryStream Limit=1 -> HasMoreTags',
          (r['Tags'], r['HasMoreTags']) == ([{'Key': 'cost', 'Value': '42'}], True), r)
    r = tags(ExclusiveStartTagKey='cost')
    check('firehose boto3: ListTagsForDeliveryStream ExclusiveStartTagKey',
          [t['Key'] for t in r['Tags']] == ['env', 'team'], r)
    firehose.tag_delivery_stream(DeliveryStreamName=name, Tags=[{'Key': 'env', 'Value': 'prod'}])
    check('firehose boto3: TagDeliveryStream overwrites a value',
          {'Key': 'env', 'Value': 'prod'} in tags()['Tags'])
    firehose.untag_delivery_stream(DeliveryStreamName=name, TagKeys=['team', 'not-there'])
    r = tags()
    check('firehose boto3: UntagDeliveryStream removes (unknown keys ignored)',
          r['Tags'] == [{'Key': 'cost', 'Value': '42'}, {'Key': 'env', 'Value': 'prod'}], r)

    # --- Errors with AWS's codes and texts.
    nope = 'no-such-delivery-stream'
    for label, fn, args in (
            ('DescribeDeliveryStream', firehose.describe_delivery_stream, {}),
            ('PutRecord', firehose.put_record, {'Record': {'Data': b'x'}}),
            ('PutRecordBatch', firehose.put_record_batch, {'Records': [{'Data': b'x'}]}),
            ('DeleteDeliveryStream', firehose.delete_delivery_stream, {}),
            ('ListTagsForDeliveryStream', firehose.list_tags_for_delivery_stream, {}),
            ('TagDeliveryStream', firehose.tag_delivery_stream, {'Tags': [{'Key': 'k', 'Value': 'v'}]}),
            ('UntagDeliveryStream', firehose.untag_delivery_stream, {'TagKeys': ['k']}),
            ('UpdateDestination', firehose.update_destination,
             {'CurrentDeliveryStreamVersionId': '1', 'DestinationId': FIRST_DESTINATION,
              'ExtendedS3DestinationUpdate': {'Prefix': 'x/'}})):
        got = fh_error(fn, DeliveryStreamName=nope, **args)
        want = {('ResourceNotFoundException', not_found_text(nope))}
        if label == 'UpdateDestination':
            # AWS's wording here is not published; moto says "under accountId" for this one
            # action (FIREHOSE_FINDINGS.md, "Uncertain"): either is accepted.
            want.add(('ResourceNotFoundException', f'Firehose {nope} under accountId {ACCOUNT} not found.'))
        check(f'firehose boto3: {label} of an unknown stream -> ResourceNotFoundException', got in want, got)
    got = fh_error(firehose.create_delivery_stream, DeliveryStreamName=name,
                   ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET})
    check('firehose boto3: a duplicate name -> ResourceInUseException',
          got == ('ResourceInUseException', f'Firehose {name} under accountId {ACCOUNT} already exists'), got)
    got = fh_error(firehose.create_delivery_stream, DeliveryStreamName='boto3-bad-prefix',
                   ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET, 'Prefix': prefix})
    check('firehose boto3: Prefix with expressions but no ErrorOutputPrefix -> InvalidArgumentException',
          got[0] == 'InvalidArgumentException' and 'ErrorOutputPrefix' in got[1] and 'expressions' in got[1], got)
    got = fh_error(raw.create_delivery_stream, DeliveryStreamName='boto3-bad-hints',
                   ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET,
                                                       'BufferingHints': {'SizeInMBs': 0, 'IntervalInSeconds': 901}})
    at = 'extendedS3DestinationConfiguration.bufferingHints'
    check('firehose boto3: BufferingHints out of range -> ValidationException with both members',
          got == ('ValidationException',
                  f"2 validation errors detected: Value '901' at '{at}.intervalInSeconds' failed to satisfy "
                  "constraint: Member must have value less than or equal to 900; "
                  f"Value '0' at '{at}.sizeInMBs' failed to satisfy constraint: Member must have value greater "
                  "than or equal to 1"), got)
    got = fh_error(raw.create_delivery_stream, DeliveryStreamName='bad name!',
                   ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET})
    check('firehose boto3: a bad name -> ValidationException with the pattern',
          got == ('ValidationException', "1 validation error detected: Value 'bad name!' at 'deliveryStreamName' "
                  "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
          got)
    got = fh_error(firehose.create_delivery_stream, DeliveryStreamName='boto3-no-destination')
    check('firehose boto3: no destination -> InvalidArgumentException', got[0] == 'InvalidArgumentException', got)
    got = fh_error(firehose.create_delivery_stream, DeliveryStreamName='boto3-missing-source',
                   DeliveryStreamType='KinesisStreamAsSource',
                   KinesisStreamSourceConfiguration={'KinesisStreamARN': source_arn.replace(source, 'no-such-source'),
                                                     'RoleARN': ROLE},
                   ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET})
    check('firehose boto3: a missing source stream -> InvalidArgumentException',
          got[0] == 'InvalidArgumentException', got)
    got = fh_error(firehose.create_delivery_stream, DeliveryStreamName='boto3-direct-with-source',
                   DeliveryStreamType='DirectPut',
                   KinesisStreamSourceConfiguration={'KinesisStreamARN': source_arn, 'RoleARN': ROLE},
                   ExtendedS3DestinationConfiguration={'RoleARN': ROLE, 'BucketARN': BUCKET})
    check('firehose boto3: a source configuration on a DirectPut stream -> InvalidArgumentException',
          got[0] == 'InvalidArgumentException', got)
    r = firehose.list_delivery_streams()['DeliveryStreamNames']
    check('firehose boto3: refused creations leave nothing behind',
          [n for n in r if n.startswith('boto3-')] == mine, r)

    # --- Delete: DELETING, then gone.
    firehose.delete_delivery_stream(DeliveryStreamName=name)
    try:
        status = firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription'][
            'DeliveryStreamStatus']
    except ClientError as e:
        status = e.response['Error']['Code']
    check('firehose boto3: a deleted stream is DELETING (or already gone)',
          status in ('DELETING', 'ResourceNotFoundException'), status)
    check('firehose boto3: then gone', wait_delivery_stream(firehose, name, status='gone') is None)
    got = fh_error(firehose.describe_delivery_stream, DeliveryStreamName=name)
    check('firehose boto3: describing it -> ResourceNotFoundException',
          got == ('ResourceNotFoundException', not_found_text(name)), got)
    r = firehose.list_delivery_streams()['DeliveryStreamNames']
    check('firehose boto3: the deleted stream is not listed', name not in r, r)
    for n in (from_stream, plain):
        firehose.delete_delivery_stream(DeliveryStreamName=n)
    for n in (from_stream, plain):
        wait_delivery_stream(firehose, n, status='gone')
    kinesis.delete_stream(StreamName=source)


# ------------------------------------------------------------------- the Firehose CLI session

def firehose_cli_session(cli, url):
    """The same ground through `aws firehose` (and `aws kinesis` for the source stream); every
    line also goes to the console comparison. Blobs follow N1 (raw text for v1, base64 for v2)."""
    kw = dict(endpoint_url=url, region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
    firehose = boto3.client('firehose', **kw)
    kinesis = boto3.client('kinesis', **kw)
    s = 'cli-clicks'
    config = json.dumps({'RoleARN': ROLE, 'BucketARN': BUCKET, 'Prefix': 'clicks/!{timestamp:yyyy/MM/dd}/',
                         'ErrorOutputPrefix': 'clicks-errors/!{firehose:error-output-type}/',
                         'BufferingHints': {'SizeInMBs': 1, 'IntervalInSeconds': 60}, 'CompressionFormat': 'GZIP'})
    cli.run(f"aws firehose create-delivery-stream --delivery-stream-name {s} --delivery-stream-type DirectPut "
            f"--extended-s3-destination-configuration '{config}' --tags Key=env,Value=test")
    # Shorthand with a nested structure.
    cli.run(f'aws firehose create-delivery-stream --delivery-stream-name {s}-short --extended-s3-destination-configuration '
            f'RoleARN={ROLE},BucketARN={BUCKET},BufferingHints={{SizeInMBs=2,IntervalInSeconds=90}},'
            'CompressionFormat=UNCOMPRESSED --output table')
    cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s} --query '
            'DeliveryStreamDescription.[DeliveryStreamStatus,VersionId] --output text')
    wait_delivery_stream(firehose, s)
    wait_delivery_stream(firehose, f'{s}-short')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s} --output {out}')
        cli.run(f'aws firehose list-delivery-streams --output {out}')
        cli.run(f'aws firehose list-tags-for-delivery-stream --delivery-stream-name {s} --output {out}')
    cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s}-short --output table')
    cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s} --query '
            'DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints')
    cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s} '
            f'--exclusive-start-destination-id {FIRST_DESTINATION} --limit 1')

    # Records: blobs as raw text for v1, base64 for the console (N1).
    for out in ('json', 'text', 'table'):
        cli.run(f'aws firehose put-record --delivery-stream-name {s} --record Data=click-{out} --output {out}',
                f'aws firehose put-record --delivery-stream-name {s} --record Data={b64(f"click-{out}")} --output {out}')
    record = json.dumps({'Data': 'from-json\n'})
    cli.run(f"aws firehose put-record --delivery-stream-name {s} --record '{record}'",
            f"aws firehose put-record --delivery-stream-name {s} --record '{json.dumps({'Data': b64('from-json' + chr(10))})}'")
    # put-record-batch keeps the CLI's old list shorthand: each value is a record's Data.
    for out in ('json', 'text', 'table'):
        cli.run(f'aws firehose put-record-batch --delivery-stream-name {s} --records one two three --output {out}',
                f'aws firehose put-record-batch --delivery-stream-name {s} --records {b64("one")} {b64("two")} '
                f'{b64("three")} --output {out}')
    batch = json.dumps([{'Data': 'json-one'}, {'Data': 'json-two'}])
    batch_v2 = json.dumps([{'Data': b64('json-one')}, {'Data': b64('json-two')}])
    cli.run(f"aws firehose put-record-batch --delivery-stream-name {s} --records '{batch}'",
            f"aws firehose put-record-batch --delivery-stream-name {s} --records '{batch_v2}'")
    cli.run(f"aws firehose put-record-batch --delivery-stream-name {s} --records '{batch}' "
            "--query RequestResponses[].RecordId --output text",
            f"aws firehose put-record-batch --delivery-stream-name {s} --records '{batch_v2}' "
            "--query RequestResponses[].RecordId --output text")
    many = ' '.join(['x'] * 501)
    cli.run(f'aws firehose put-record-batch --delivery-stream-name {s} --records {many}',
            f'aws firehose put-record-batch --delivery-stream-name {s} --records {" ".join([b64("x")] * 501)}',
            expect_rc=255)

    # UpdateDestination.
    update = 'BufferingHints={SizeInMBs=2,IntervalInSeconds=120}'
    base = f'aws firehose update-destination --delivery-stream-name {s} --destination-id {FIRST_DESTINATION}'
    cli.run(f'{base} --current-delivery-stream-version-id 7 --extended-s3-destination-update {update}', expect_rc=255)
    cli.run(f'{base} --current-delivery-stream-version-id 1 --extended-s3-destination-update {update}')
    cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s} --query '
            'DeliveryStreamDescription.[VersionId,Destinations[0].ExtendedS3DestinationDescription.BufferingHints]')
    cli.run(f'{base} --current-delivery-stream-version-id 1 --extended-s3-destination-update {update} --output text',
            expect_rc=255)
    cli.run(f'aws firehose update-destination --delivery-stream-name {s} --destination-id destinationId-000000000009 '
            f'--current-delivery-stream-version-id 2 --extended-s3-destination-update {update}', expect_rc=255)

    # A Kinesis data stream as source.
    src = 'cli-fh-source'
    cli.run(f'aws kinesis create-stream --stream-name {src} --shard-count 1')
    kinesis.get_waiter('stream_exists').wait(StreamName=src, WaiterConfig={'Delay': 0.1, 'MaxAttempts': 100})
    src_arn = kinesis.describe_stream_summary(StreamName=src)['StreamDescriptionSummary']['StreamARN']
    ks = 'cli-from-stream'
    cli.run(f'aws firehose create-delivery-stream --delivery-stream-name {ks} --delivery-stream-type KinesisStreamAsSource '
            f'--kinesis-stream-source-configuration KinesisStreamARN={src_arn},RoleARN={ROLE} '
            f'--extended-s3-destination-configuration RoleARN={ROLE},BucketARN={BUCKET}')
    wait_delivery_stream(firehose, ks)
    for out in ('json', 'text', 'table'):
        cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {ks} --output {out}')
    cli.run(f'aws firehose put-record --delivery-stream-name {ks} --record Data=nope',
            f'aws firehose put-record --delivery-stream-name {ks} --record Data={b64("nope")}', expect_rc=255)
    cli.run(f'aws firehose put-record-batch --delivery-stream-name {ks} --records nope',
            f'aws firehose put-record-batch --delivery-stream-name {ks} --records {b64("nope")}', expect_rc=255)

    # Listing.
    cli.run('aws firehose list-delivery-streams --limit 1')
    cli.run('aws firehose list-delivery-streams --limit 1 --output text')
    cli.run(f'aws firehose list-delivery-streams --limit 1 --exclusive-start-delivery-stream-name {s}')
    cli.run(f'aws firehose list-delivery-streams --limit 2 --exclusive-start-delivery-stream-name {s} --output table')
    cli.run('aws firehose list-delivery-streams --delivery-stream-type KinesisStreamAsSource')
    cli.run('aws firehose list-delivery-streams --delivery-stream-type DirectPut --output text')
    cli.run('aws firehose list-delivery-streams --query DeliveryStreamNames[0]')

    # Tags.
    cli.run(f'aws firehose tag-delivery-stream --delivery-stream-name {s} --tags Key=team,Value=data Key=cost,Value=42')
    cli.run(f'aws firehose list-tags-for-delivery-stream --delivery-stream-name {s} --limit 1')
    cli.run(f'aws firehose list-tags-for-delivery-stream --delivery-stream-name {s} --exclusive-start-tag-key cost '
            '--output table')
    cli.run(f'aws firehose untag-delivery-stream --delivery-stream-name {s} --tag-keys team')
    cli.run(f'aws firehose list-tags-for-delivery-stream --delivery-stream-name {s} --output text')

    # Errors.
    cli.run('aws firehose describe-delivery-stream --delivery-stream-name no-such-delivery-stream', expect_rc=255)
    cli.run('aws firehose describe-delivery-stream --delivery-stream-name no-such-delivery-stream --output table',
            expect_rc=255)
    cli.run('aws firehose put-record --delivery-stream-name no-such-delivery-stream --record Data=x',
            f'aws firehose put-record --delivery-stream-name no-such-delivery-stream --record Data={b64("x")}',
            expect_rc=255)
    cli.run('aws firehose delete-delivery-stream --delivery-stream-name no-such-delivery-stream', expect_rc=255)
    cli.run(f'aws firehose create-delivery-stream --delivery-stream-name {s} '
            f'--extended-s3-destination-configuration RoleARN={ROLE},BucketARN={BUCKET}', expect_rc=255)
    cli.run('aws firehose create-delivery-stream --delivery-stream-name cli-no-destination', expect_rc=255)
    cli.run(f"aws firehose create-delivery-stream --delivery-stream-name cli-bad-prefix "
            f"--extended-s3-destination-configuration '{json.dumps({'RoleARN': ROLE, 'BucketARN': BUCKET, 'Prefix': 'a/!{timestamp:yyyy}/'})}'",
            expect_rc=255)
    cli.run('aws firehose put-record', expect_rc=2)
    cli.run(f'aws firehose put-record-batch --delivery-stream-name {s}', expect_rc=2)
    cli.run(f'aws firehose describe-delivery-stream --delivery-stream-name {s} --no-such-option 1', expect_rc=255)

    # Delete.
    for name in (s, f'{s}-short', ks):
        cli.run(f'aws firehose delete-delivery-stream --delivery-stream-name {name}')
    for name in (s, f'{s}-short', ks):
        wait_delivery_stream(firehose, name, status='gone')
    cli.run('aws firehose list-delivery-streams --output text')
    cli.run(f'aws kinesis delete-stream --stream-name {src}')


def compare_console(cases, at_least=50):
    proc = subprocess.run([REPLAY_BIN], input=json.dumps(cases), capture_output=True, text=True, timeout=300)
    if not check('cli_replay runs', proc.returncode == 0, proc.stderr[-2000:]):
        return
    results = json.loads(proc.stdout)
    check('cli_replay answers every case', len(results) == len(cases) > at_least, (len(results), len(cases)))
    for case, got in zip(cases, results):
        stdout, stderr, rc = v1_to_v2(case['stdout'], case['stderr'], case['rc'])
        rc = case.get('rc_v2', rc)  # where v2's exit code is not N2's mapping (emr.py)
        if case.get('unordered'):  # several files at once: compared line by line, in any order
            stdout, got['stdout'] = (''.join(sorted(t.splitlines(True))) for t in (stdout, got['stdout']))
        diffs = list(got['problems'])
        for what, want, have in (('stdout', stdout, got['stdout']), ('stderr', stderr, got['stderr']),
                                 ('exit code', rc, got['exit_code'])):
            if want != have:
                diffs.append(f'{what} differs:\n--- real CLI (v2-normalised)\n{want}\n--- console\n{have}')
        check(f'console: {case["line"]}', not diffs, '\n'.join(diffs).replace('\n', '\n      '))


# ---------------------------------------------------------------------------------------- main

def main(only=None):
    """Every session; `only`: just these modules' `run` (and the console comparison of their
    lines), as `python3 tests/real_clients/access.py` asks."""
    tmp = tempfile.mkdtemp(prefix='real-clients-')
    capture = os.path.join(tmp, 'capture.jsonl')
    config = os.path.join(tmp, 'config')
    with open(config, 'w') as f:
        f.write('[default]\nregion = us-east-1\ncli_timestamp_format = iso8601\n'
                'retry_mode = standard\nmax_attempts = 3\n')
    proc, url = start_endpoint(capture)
    print(f'endpoint at {url}, capture {capture}')
    env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
    env.update({
        'AWS_ACCESS_KEY_ID': 'x', 'AWS_SECRET_ACCESS_KEY': 'x', 'AWS_DEFAULT_REGION': 'us-east-1',
        'AWS_CONFIG_FILE': config, 'AWS_SHARED_CREDENTIALS_FILE': os.devnull,
        'AWS_ENDPOINT_URL': url, 'AWS_PAGER': '', 'AWS_EC2_METADATA_DISABLED': 'true', 'TZ': 'UTC',
    })
    env.pop('COLUMNS', None)
    os.environ.update({'AWS_CONFIG_FILE': config, 'AWS_SHARED_CREDENTIALS_FILE': os.devnull})
    try:
        if only:
            cases = []
            for module in only:
                cases += module.run(sys.modules[__name__], url, capture, env) or []
            compare_console(cases, at_least=0)
            return finish(tmp)
        hook_problems = []
        step('boto3 session', boto3_session, url, hook_problems)
        check('boto3: every response body fits its botocore output shape', not hook_problems,
              '\n      '.join(hook_problems[:40]))
        fh_problems = []
        step('Firehose boto3 session', firehose_boto3_session, url, fh_problems)
        check('firehose boto3: every response body fits its botocore output shape', not fh_problems,
              '\n      '.join(fh_problems[:40]))
        boto = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                            aws_access_key_id='x', aws_secret_access_key='x')
        cli = CliSession(url, capture, env)
        step('CLI session', cli_session, cli, boto)
        step('Firehose CLI session', firehose_cli_session, cli, url)
        newer_problems = []
        step('newer operations session', newer_operations_session, url, newer_problems, cli)
        check('boto3: every newer operation\'s response fits its botocore output shape', not newer_problems,
              '\n      '.join(newer_problems[:40]))
        cases = cli.cases
        # Every exchange the CLI had, against the output shapes too.
        problems = []
        for case in cases:
            for x in case['exchanges']:
                prefix, op = x['target'].split('.', 1)
                problems += [f'{case["v1_line"]}: {op}: {p}'
                             for p in response_problems(op, x['status'], x['response'], TARGET_MODELS[prefix])]
        check('aws: every response body fits its botocore output shape', not problems, '\n      '.join(problems[:40]))
        import s3 as s3_checks  # tests/real_clients/s3.py: S3 (issue 12)
        import emr as emr_checks  # tests/real_clients/emr.py: EMR (issue 13)
        import snowball as snowball_checks  # tests/real_clients/snowball.py: Snowball (issue 18)
        import importexport as importexport_checks  # tests/real_clients/importexport.py: Disk (issue 18)
        import access as access_checks  # tests/real_clients/access.py: EC2 and IAM (issue 14)
        import pipeline as pipeline_checks  # tests/real_clients/pipeline.py: Data Pipeline (issue 17)
        for name, module in (('S3', s3_checks), ('EMR', emr_checks), ('Snowball', snowball_checks),
                             ('Import/Export', importexport_checks), ('EC2 and IAM', access_checks),
                             ('Data Pipeline', pipeline_checks)):
            start = time.perf_counter()
            cases = cases + (module.run(sys.modules[__name__], url, capture, env) or [])
            TIMES.append((f'{name} sessions', time.perf_counter() - start))
        start = time.perf_counter()
        compare_console(cases)
        TIMES.append(('the console against the CLI', time.perf_counter() - start))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
    return finish(tmp)


def finish(tmp):
    """The summary, and the exit code."""
    if FAILED:
        print(f'kept for a look: {tmp}')
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    if KNOWN:
        print(f'{len(KNOWN)} known engine mismatch(es), not counted as failures: ' + '; '.join(KNOWN))
    if TIMES:
        print('wall time: ' + ', '.join(f'{name} {secs:.1f} s' for name, secs in TIMES))
    print(f'{len(PASSED)} passed, {len(FAILED)} failed')
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
