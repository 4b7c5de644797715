#!/usr/bin/env python3
"""Generates crates/aws-cli/tests/cli/golden/cases.json from the REAL AWS CLI installed here.

Each case runs `aws ...` in-process through awscli's own CLIDriver with botocore's HTTP layer
stubbed (a `before-send` hook): the request the CLI would send is recorded, and a canned
service response is handed back, so argument parsing, shorthand, validation, pagination,
--query and the json/text/table formatters are all the real CLI's. Run:

    python3 crates/aws-cli/tests/cli/golden/gen.py

The CLI installed here is v1 (awscli 1.45.11, botocore 1.43.11); the console imitates v2. The
generator configures v1 like v2 (cli_timestamp_format = iso8601, TZ=UTC) and rewrites what
still differs. Every known v1/v2 difference:

  1. Usage errors. v1's USAGE starts with "\\r" and a "Note: AWS CLI version 2..." banner, and
     argparse prints "usage ...\\naws: error: ...\\n" itself (exit 2). v2 raises
     ArgParseException, printed by its error handler as "\\n" + usage + "\\n" + "aws: error:
     ...\\n" + "\\n" (exit 252). Rewritten below.
  2. Unknown options. v1 prints "usage: <banner+usage>" + message + "\\n"; v2 prints "\\n" +
     "usage: " + USAGE + "\\n" + message + "\\n" + "\\n" (exit 252). Rewritten below.
  3. Blobs. v1 takes a blob argument as raw text and base64-encodes it; v2
     (cli_binary_format=base64) requires base64 text and sends it as is, else fails with
     `Invalid base64: "<value>"` (aws/aws-cli issue 6983). Recorded request bodies are
     rewritten to what v2 sends; invalid-base64 cases are tested by hand in cli_parse.rs.
  4. Exit codes. v1: 2 (argparse), 255 (everything else); v2: 252 (usage, parameters),
     254 (service errors), 255 (other). Rewritten below.
  5. Retries. v1 defaults to the legacy retry mode (5 attempts), v2 to standard (3), which
     changes the "(reached max retries: N)" note; no golden case uses a retryable error.
  6. Timestamps. v1 prints the wire value unless cli_timestamp_format = iso8601 (set here);
     v2 defaults to iso8601. Local time zone is UTC here, as in the sandbox.
  7. v2's --output yaml/yaml-stream, --cli-input-yaml, --cli-binary-format, --no-cli-pager and
     auto-prompt have no v1 equivalent and are not in the goldens.
  8. Newer v2 releases (2.31+, late 2025 and after) prefix errors with "aws: [ERROR]:" and
     print "structured" error details (--cli-error-format); the console follows v2 as of
     mid-2025 (2.27), the wording the real-client tests in tests/ also see from v1.
  9. The list of services in "Invalid choice" errors is the console's three services, not the
     CLI's few hundred, so that case is not in the goldens.
"""

import base64
import contextlib
import gzip
import io
import json
import os
import shlex
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# argparse names the program after argv[0] in its messages.
sys.argv[0] = 'aws'

cfg = tempfile.NamedTemporaryFile('w', suffix='.cfg', delete=False)
cfg.write('[default]\ncli_timestamp_format = iso8601\nregion = us-east-1\n')
cfg.close()
os.environ.update({
    'AWS_CONFIG_FILE': cfg.name,
    'AWS_SHARED_CREDENTIALS_FILE': os.devnull,
    'AWS_ACCESS_KEY_ID': 'AKIDEXAMPLE',
    'AWS_SECRET_ACCESS_KEY': 'secret',
    'AWS_DEFAULT_REGION': 'us-east-1',
    'TZ': 'UTC',
    'AWS_PAGER': '',
})
for k in ('AWS_PROFILE', 'AWS_DEFAULT_OUTPUT'):
    os.environ.pop(k, None)
import time  # noqa: E402

time.tzset()

import botocore  # noqa: E402
import botocore.waiter  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from awscli.clidriver import create_clidriver  # noqa: E402

BOTOCORE = os.path.dirname(botocore.__file__)
MODELS = {
    'Kinesis_20131202': 'kinesis/2013-12-02',
    'Firehose_20150804': 'firehose/2015-08-04',
    'KinesisAnalytics_20150814': 'kinesisanalytics/2015-08-14',
    'ElasticMapReduce': 'emr/2009-03-31',
    'AWSIESnowballJobManagementService': 'snowball/2016-06-30',
}
_models = {}


def model(prefix):
    if prefix not in _models:
        path = os.path.join(BOTOCORE, 'data', MODELS[prefix], 'service-2.json.gz')
        _models[prefix] = json.loads(gzip.open(path).read())
    return _models[prefix]


class Raw:
    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


def v2_blobs(shapes, shape_name, value):
    """v1 sent base64(argument); v2 sends the argument itself (already base64)."""
    shape = shapes[shape_name]
    t = shape.get('type')
    if t == 'blob' and isinstance(value, str):
        return base64.b64encode(base64.b64decode(base64.b64decode(value))).decode()
    if t == 'structure' and isinstance(value, dict):
        return {k: v2_blobs(shapes, shape['members'][k]['shape'], v) if k in shape['members'] else v
                for k, v in value.items()}
    if t == 'list' and isinstance(value, list):
        return [v2_blobs(shapes, shape['member']['shape'], v) for v in value]
    if t == 'map' and isinstance(value, dict):
        return {k: v2_blobs(shapes, shape['value']['shape'], v) for k, v in value.items()}
    return value


V1_BANNER_END = '\n\nusage: '


def v2_stderr(err, rc):
    """Rewrites v1's stderr and exit code into v2's (see the module docstring)."""
    if err.startswith('usage: \r'):
        body = 'usage: ' + err.split(V1_BANNER_END, 1)[1]
        if '\naws: error: ' in body:
            usage, message = body.split('\naws: error: ', 1)
            return '\n' + usage + '\n\naws: error: ' + message + '\n', 252
        # usage ends with the help blurb; the message is "Unknown options: ...\n"
        head, rest = body.rsplit('aws <command> <subcommand> help\n', 1)
        return '\n' + head + 'aws <command> <subcommand> help\n' + rest + '\n', 252
    if rc == 255 and (err.startswith('\nWaiter ') or err.endswith('aws: error: too few arguments\n')):
        # A waiter's WaiterError and `wait`'s own ValueError: v2's last-resort handler, 255.
        return err, 255
    if rc == 255 and 'An error occurred (' in err:
        return err, 254
    if rc == 255:
        return err, 252
    return err, rc


def run(args, responses=()):
    responses = list(responses)
    requests = []
    sleeps = []

    def stub(request, **kwargs):
        target = request.headers.get('X-Amz-Target')
        target = target.decode() if isinstance(target, bytes) else target
        body = request.body.decode() if isinstance(request.body, bytes) else (request.body or '')
        prefix, op = target.split('.')
        m = model(prefix)
        parsed = json.loads(body) if body else {}
        input_shape = m['operations'][op].get('input', {}).get('shape')
        if input_shape:
            parsed = v2_blobs(m['shapes'], input_shape, parsed)
        requests.append({'target': target, 'body': parsed})
        status, resp = responses.pop(0) if responses else (200, {})
        payload = json.dumps(resp).encode()
        headers = {'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'req'}
        if status != 200:
            headers['x-amzn-ErrorType'] = resp.get('__type', '')
        return AWSResponse(request.url, status, headers, Raw(payload))

    driver = create_clidriver()
    driver.session.register('before-send', stub)
    out, err = io.StringIO(), io.StringIO()
    # A waiter's delays between polls are recorded, not slept (the console moves its clock).
    real_sleep, botocore.waiter.time.sleep = botocore.waiter.time.sleep, sleeps.append
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = driver.main(list(args))
        except SystemExit as e:
            rc = e.code
        finally:
            botocore.waiter.time.sleep = real_sleep
    stderr, rc = v2_stderr(err.getvalue(), rc)
    result = {
        'line': shlex.join(['aws'] + list(args)),
        'requests': requests,
        'stdout': out.getvalue(),
        'stderr': stderr,
        'rc': rc,
    }
    if args[1:2] == ['wait']:
        # golden.rs checks a wait's sleeps and exit code too.
        result['sleeps'] = sleeps
    return result


def case(args, responses=()):
    result = run(args, list(responses))
    result['responses'] = [{'status': s, 'body': json.dumps(b)} for s, b in responses]
    return result


T = 1767225600.123  # 2026-01-01T00:00:00.123+00:00
SHARD = {
    'ShardId': 'shardId-000000000000',
    'HashKeyRange': {'StartingHashKey': '0', 'EndingHashKey': '340282366920938463463374607431768211455'},
    'SequenceNumberRange': {'StartingSequenceNumber': '49590338271490256608559692538361571095921575989136588802'},
}
SHARD1 = dict(SHARD, ShardId='shardId-000000000001', ParentShardId='shardId-000000000000')
DESCRIBE = {'StreamDescription': {
    'StreamName': 'orders', 'StreamARN': 'arn:aws:kinesis:us-east-1:000000000000:stream/orders',
    'StreamStatus': 'ACTIVE', 'StreamModeDetails': {'StreamMode': 'PROVISIONED'},
    'Shards': [SHARD, SHARD1], 'HasMoreShards': False, 'RetentionPeriodHours': 24,
    'StreamCreationTimestamp': T, 'EnhancedMonitoring': [{'ShardLevelMetrics': []}],
    'EncryptionType': 'NONE'}}
SUMMARY = {'StreamDescriptionSummary': {
    'StreamName': 'orders', 'StreamARN': 'arn:aws:kinesis:us-east-1:000000000000:stream/orders',
    'StreamStatus': 'ACTIVE', 'StreamModeDetails': {'StreamMode': 'ON_DEMAND'},
    'RetentionPeriodHours': 24, 'StreamCreationTimestamp': 1767225600,
    'EnhancedMonitoring': [{'ShardLevelMetrics': []}], 'EncryptionType': 'NONE',
    'OpenShardCount': 4, 'ConsumerCount': 0}}
RECORDS = {'Records': [
    {'SequenceNumber': '4959', 'ApproximateArrivalTimestamp': T, 'Data': 'aGVsbG8=', 'PartitionKey': 'k1'},
    {'SequenceNumber': '4960', 'ApproximateArrivalTimestamp': T + 1, 'Data': '5pel5pys', 'PartitionKey': 'キー'},
], 'NextShardIterator': 'AAAAiterator', 'MillisBehindLatest': 0}
NOT_FOUND = (400, {'__type': 'ResourceNotFoundException',
                   'message': 'Stream x under account 000000000000 not found.'})

# AWS's answers as kinesalite's AWS-recorded suite has them (issue 21), and the operations added
# since: the engine answers each line with exactly this body (tests/cli/engine_errors.rs runs
# the same lines against the engine and compares the output with these cases).
ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/orders'
ENGINE_ERRORS = [
    case(['kinesis', 'add-tags-to-stream', '--stream-name', 'orders', '--tags', '{"a;b": "1"}'],
         [(400, {'__type': 'InvalidArgumentException', 'message':
                 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, '
                 'white space, _ . / = + - % @.'})]),
    case(['kinesis', 'get-shard-iterator', '--stream-name', 'nope', '--shard-id', 'shard-7',
          '--shard-iterator-type', 'LATEST'],
         [(400, {'__type': 'ResourceNotFoundException', 'message':
                 'Shard shardId-000000000007 in stream nope under account 000000000000 does not exist'})]),
    case(['kinesis', 'merge-shards', '--stream-name', 'orders', '--shard-to-merge', 'shardId-000000000001',
          '--adjacent-shard-to-merge', 'shardId-000000000000'],
         [(400, {'__type': 'InvalidArgumentException', 'message':
                 'Shards shardId-000000000001 and shardId-000000000000 in stream orders under account '
                 '000000000000 are not an adjacent pair of shards eligible for merging'})]),
    case(['kinesis', 'get-resource-policy', '--resource-arn', ARN.replace('orders', 'nope')],
         [(400, {'__type': 'ResourceNotFoundException', 'message':
                 'Stream ' + ARN.replace('orders', 'nope') + ' under account 000000000000 not found.'})]),
    case(['kinesis', 'update-max-record-size', '--stream-arn', ARN, '--max-record-size-in-ki-b', '20000'],
         [(400, {'__type': 'ValidationException', 'message':
                 "1 validation error detected: Value '20000' at 'maxRecordSizeInKiB' failed to satisfy "
                 'constraint: Member must have value less than or equal to 10240'})]),
    case(['kinesis', 'describe-account-settings'],
         [(200, {'MinimumThroughputBillingCommitment': {'Status': 'DISABLED'}})]),
    case(['kinesis', 'get-resource-policy', '--resource-arn', ARN], [(200, {'Policy': '{}'})]),
]

JID = 'JID123e4567-e89b-12d3-a456-426655440000'
JOB = {'JobMetadata': {
    'JobId': JID, 'JobState': 'WithCustomer', 'JobType': 'IMPORT', 'SnowballType': 'STANDARD',
    'CreationDate': T, 'Resources': {'S3Resources': [{'BucketArn': 'arn:aws:s3:::landing', 'KeyRange': {}}]},
    'KmsKeyARN': 'arn:aws:kms:us-east-1:000000000000:key/abc', 'RoleARN': 'arn:aws:iam::000000000000:role/r',
    'AddressId': 'ADID1234ab12-3eec-4eb3-9be6-9374c10eb51b',
    'ShippingDetails': {'ShippingOption': 'SECOND_DAY', 'OutboundShipment': {'Status': 'Delivered', 'TrackingNumber': '1ZABC'}},
    'SnowballCapacityPreference': 'T80', 'SnowballId': 'SBX1'}}
ENTRY = {'JobId': JID, 'JobState': 'New', 'IsMaster': False, 'JobType': 'IMPORT', 'SnowballType': 'STANDARD',
         'CreationDate': T}
CID = 'CID123e4567-e89b-12d3-a456-426655440000'
JID2 = 'JID123e4567-e89b-12d3-a456-426655440001'
MID = 'MID123e4567-e89b-12d3-a456-426655440000'
CLUSTER = {'ClusterMetadata': {
    'ClusterId': CID, 'ClusterState': 'AwaitingQuorum', 'JobType': 'LOCAL_USE', 'SnowballType': 'EDGE',
    'CreationDate': T, 'KmsKeyARN': 'arn:aws:kms:us-east-1:000000000000:key/abc',
    'AddressId': 'ADID1234ab12-3eec-4eb3-9be6-9374c10eb51b', 'ShippingOption': 'SECOND_DAY',
    'Resources': {'S3Resources': [{'BucketArn': 'arn:aws:s3:::landing'}]}}}
# Snowball's exceptions carry `Message` (capital M), as its model spells the member.
SNOWBALL = [
    case(['snowball', 'create-job', '--job-type', 'IMPORT', '--resources',
          '{"S3Resources": [{"BucketArn": "arn:aws:s3:::landing", "KeyRange": {}}]}',
          '--address-id', 'ADID1234ab12-3eec-4eb3-9be6-9374c10eb51b', '--snowball-type', 'STANDARD',
          '--snowball-capacity-preference', 'T80', '--shipping-option', 'SECOND_DAY',
          '--role-arn', 'arn:aws:iam::000000000000:role/r'], [(200, {'JobId': JID})]),
    case(['snowball', 'describe-job', '--job-id', JID], [(200, JOB)]),
    case(['snowball', 'describe-job', '--job-id', JID, '--output', 'table'], [(200, JOB)]),
    case(['snowball', 'describe-job', '--job-id', JID, '--output', 'text'], [(200, JOB)]),
    case(['snowball', 'list-jobs'], [(200, {'JobListEntries': [ENTRY], 'NextToken': 'JIDn'}),
                                     (200, {'JobListEntries': [dict(ENTRY, JobState='Cancelled')]})]),
    case(['snowball', 'get-job-unlock-code', '--job-id', JID, '--output', 'text'],
         [(200, {'UnlockCode': '12345-abcde-56789-fghij-01234'})]),
    case(['snowball', 'get-snowball-usage'], [(200, {'SnowballLimit': 1, 'SnowballsInUse': 0})]),
    case(['snowball', 'cancel-job', '--job-id', JID],
         [(400, {'__type': 'InvalidJobStateException', 'Message':
                 "The action can't be performed because the job's current state doesn't allow that action to be performed."})]),
    case(['snowball', 'update-job-shipment-state', '--job-id', JID, '--shipment-state', 'RETURNED']),
    # Snowball Edge clusters (LOCAL_USE nodes) and an export's job parts.
    case(['snowball', 'create-cluster', '--job-type', 'LOCAL_USE', '--address-id',
          'ADID1234ab12-3eec-4eb3-9be6-9374c10eb51b', '--snowball-type', 'EDGE', '--shipping-option',
          'SECOND_DAY', '--initial-cluster-size', '2'],
         [(200, {'ClusterId': CID, 'JobListEntries': [dict(ENTRY, JobType='LOCAL_USE', SnowballType='EDGE'),
                                                      dict(ENTRY, JobId=JID2, JobType='LOCAL_USE', SnowballType='EDGE')]})]),
    case(['snowball', 'describe-cluster', '--cluster-id', CID], [(200, CLUSTER)]),
    case(['snowball', 'describe-cluster', '--cluster-id', CID, '--output', 'table'], [(200, CLUSTER)]),
    case(['snowball', 'list-clusters', '--output', 'text'],
         [(200, {'ClusterListEntries': [{'ClusterId': CID, 'ClusterState': 'AwaitingQuorum', 'CreationDate': T}]})]),
    case(['snowball', 'list-cluster-jobs', '--cluster-id', CID, '--output', 'text'],
         [(200, {'JobListEntries': [dict(ENTRY, JobType='LOCAL_USE', SnowballType='EDGE')]})]),
    case(['snowball', 'cancel-cluster', '--cluster-id', CID],
         [(400, {'__type': 'InvalidJobStateException', 'Message':
                 "The action can't be performed because the job's current state doesn't allow that action to be performed."})]),
    case(['snowball', 'update-cluster', '--cluster-id', CID, '--description', 'five nodes']),
    case(['snowball', 'list-jobs', '--output', 'text'],
         [(200, {'JobListEntries': [dict(ENTRY, JobId=MID, JobType='EXPORT', JobState='Listing', IsMaster=True),
                                    dict(ENTRY, JobId=JID2, JobType='EXPORT', JobState='PreparingAppliance')]})]),
]

CASES = [
    # usage errors
    case(['kinesis', 'create-stream']),
    case(['kinesis', 'create-stream', '--stream-name', 'a', '--foo', 'bar']),
    case(['kinesis', 'create-stream', '--stream-name']),
    case(['kinesis', 'creat-stream']),
    case(['kinesis']),
    case(['kinesis', 'list-streams', 'extra']),
    case(['kinesis', 'put-records', '--stream-name', 's', '--records']),
    case(['kinesis', 'get-records', '--shard-iterator', 'x', '--limit', 'ten']),
    case(['kinesis', 'put-records', '--stream-name', 's', '--records', 'Data']),
    case(['kinesis', 'put-records', '--stream-name', 's', '--records', 'Data=aGk=,Data=aGk=']),
    case(['kinesis', 'list-shards', '--stream-name', 's', '--shard-filter', '{"Type": '] ),
    case(['kinesis', 'put-record', '--stream-name', 's', '--data', 'aGk=']),
    case(['kinesis', 'list-shards', '--stream-name', 's', '--shard-filter', 'Type=AT_LATEST,Foo=1']),
    case(['kinesis', 'create-stream', '--stream-name', '', '--shard-count', '0']),
    case(['kinesis', 'create-stream', '--cli-input-json', '{"ShardCount": 2}']),
    # requests
    case(['kinesis', 'create-stream', '--stream-name', 'orders', '--shard-count', '2']),
    case(['kinesis', 'create-stream', '--stream-name=orders', '--stream-mode-details', 'StreamMode=ON_DEMAND']),
    case(['kinesis', 'put-record', '--stream-name', 'orders', '--data', 'aGVsbG8=', '--partition-key', 'k1'],
         [(200, {'ShardId': 'shardId-000000000000', 'SequenceNumber': '4959', 'EncryptionType': 'NONE'})]),
    case(['kinesis', 'put-records', '--stream-name', 'orders', '--records',
          'Data=aGk=,PartitionKey=k1', 'Data=eW8=,PartitionKey=k2,ExplicitHashKey=7'],
         [(200, {'FailedRecordCount': 0, 'Records': [
             {'SequenceNumber': '1', 'ShardId': 'shardId-000000000000'},
             {'SequenceNumber': '2', 'ShardId': 'shardId-000000000001'}]})]),
    case(['kinesis', 'put-records', '--stream-name', 'orders', '--records',
          '[{"Data": "aGk=", "PartitionKey": "k1"}]']),
    case(['kinesis', 'get-shard-iterator', '--stream-name', 'orders', '--shard-id', 'shardId-000000000000',
          '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', '2026-01-01T00:00:00Z'],
         [(200, {'ShardIterator': 'AAAA'})]),
    case(['kinesis', 'add-tags-to-stream', '--stream-name', 'orders', '--tags', '{"team": "data", "env": "dev"}']),
    case(['kinesis', 'add-tags-to-stream', '--stream-name', 'orders', '--tags', 'team=data,env=dev']),
    case(['kinesis', 'delete-stream', '--stream-name', 'orders', '--enforce-consumer-deletion']),
    case(['kinesis', 'delete-stream', '--stream-name', 'orders', '--no-enforce-consumer-deletion']),
    case(['kinesis', 'increase-stream-retention-period', '--stream-name', 'orders', '--retention-period-hours', '48']),
    case(['kinesis', 'enable-enhanced-monitoring', '--stream-name', 'orders', '--shard-level-metrics',
          'IncomingBytes', 'OutgoingBytes']),
    case(['kinesis', 'split-shard', '--stream-name', 'orders', '--shard-to-split', 'shardId-000000000000',
          '--new-starting-hash-key', '170141183460469231731687303715884105728']),
    case(['firehose', 'put-record', '--delivery-stream-name', 'd', '--record', 'Data=aGk='],
         [(200, {'RecordId': 'r1', 'Encrypted': False})]),
    case(['firehose', 'put-record-batch', '--delivery-stream-name', 'd', '--records', 'aGk=', 'eW8=']),
    case(['kinesis', 'create-stream', '--cli-input-json', '{"StreamName": "a", "ShardCount": 1}', '--shard-count', '3']),
    # output
    case(['kinesis', 'describe-stream', '--stream-name', 'orders'], [(200, DESCRIBE)]),
    case(['kinesis', 'describe-stream', '--stream-name', 'orders', '--output', 'table'], [(200, DESCRIBE)]),
    case(['kinesis', 'describe-stream', '--stream-name', 'orders', '--output', 'text'], [(200, DESCRIBE)]),
    case(['kinesis', 'describe-stream', '--stream-name', 'orders', '--no-paginate'], [(200, DESCRIBE)]),
    case(['kinesis', 'describe-stream-summary', '--stream-name', 'orders'], [(200, SUMMARY)]),
    case(['kinesis', 'describe-stream-summary', '--stream-name', 'orders', '--output', 'table'], [(200, SUMMARY)]),
    case(['kinesis', 'describe-stream-summary', '--stream-name', 'orders', '--output', 'text'], [(200, SUMMARY)]),
    case(['kinesis', 'get-records', '--shard-iterator', 'AAAA'], [(200, RECORDS)]),
    case(['kinesis', 'get-records', '--shard-iterator', 'AAAA', '--output', 'table'], [(200, RECORDS)]),
    case(['kinesis', 'get-records', '--shard-iterator', 'AAAA', '--output', 'text'], [(200, RECORDS)]),
    case(['kinesis', 'get-records', '--shard-iterator', 'AAAA', '--query', 'Records[].{Key: PartitionKey, Seq: SequenceNumber}'], [(200, RECORDS)]),
    case(['kinesis', 'get-records', '--shard-iterator', 'AAAA', '--query', 'Records[0].Data', '--output', 'text'], [(200, RECORDS)]),
    case(['kinesis', 'get-records', '--shard-iterator', 'AAAA', '--query', 'length(Records)'], [(200, RECORDS)]),
    case(['kinesis', 'create-stream', '--stream-name', 'orders'], [(200, {})]),
    case(['kinesis', 'describe-stream', '--stream-name', 'x'], [NOT_FOUND]),
    case(['kinesis', 'list-streams'], [(200, {'StreamNames': ['a', 'b'], 'HasMoreStreams': True, 'NextToken': 't1',
                                               'StreamSummaries': []}),
                                       (200, {'StreamNames': ['c'], 'HasMoreStreams': False, 'StreamSummaries': []})]),
    case(['kinesis', 'list-streams', '--output', 'text'], [(200, {'StreamNames': ['a', 'b'], 'HasMoreStreams': True, 'NextToken': 't1'}),
                                                           (200, {'StreamNames': ['c'], 'HasMoreStreams': False})]),
    case(['kinesis', 'list-streams', '--output', 'table'], [(200, {'StreamNames': ['a', 'b'], 'HasMoreStreams': False})]),
    case(['kinesis', 'list-streams', '--max-items', '1'], [(200, {'StreamNames': ['a', 'b'], 'HasMoreStreams': True, 'NextToken': 't1'})]),
    case(['kinesis', 'list-shards', '--stream-name', 'orders', '--page-size', '1'],
         [(200, {'Shards': [SHARD], 'NextToken': 'n1'}), (200, {'Shards': [SHARD1]})]),
    case(['kinesis', 'list-shards', '--stream-name', 'orders', '--output', 'table'], [(200, {'Shards': [SHARD, SHARD1]})]),
    case(['kinesis', 'list-shards', '--stream-name', 'orders', '--output', 'text'], [(200, {'Shards': [SHARD, SHARD1]})]),
    case(['kinesis', 'list-tags-for-stream', '--stream-name', 'orders', '--output', 'table'],
         [(200, {'Tags': [{'Key': 'team', 'Value': 'data'}, {'Key': 'env', 'Value': 'dev'}], 'HasMoreTags': False})]),
    case(['firehose', 'describe-delivery-stream', '--delivery-stream-name', 'd', '--output', 'table'],
         [(200, {'DeliveryStreamDescription': {'DeliveryStreamName': 'd', 'DeliveryStreamARN': 'arn:aws:firehose:us-east-1:000000000000:deliverystream/d',
                 'DeliveryStreamStatus': 'ACTIVE', 'DeliveryStreamType': 'DirectPut', 'VersionId': '1',
                 'CreateTimestamp': T, 'Destinations': [{'DestinationId': 'destinationId-000000000001',
                 'ExtendedS3DestinationDescription': {'RoleARN': 'arn:aws:iam::000000000000:role/r', 'BucketARN': 'arn:aws:s3:::b',
                 'BufferingHints': {'SizeInMBs': 5, 'IntervalInSeconds': 300}, 'CompressionFormat': 'UNCOMPRESSED',
                 'EncryptionConfiguration': {'NoEncryptionConfig': 'NoEncryption'}}}], 'HasMoreDestinations': False}})]),
] + ENGINE_ERRORS + SNOWBALL

# EMR's high-level commands (awscli/customizations/emr) and its argument customizations.
EMR_ID = 'j-2AXXXXXXGAPLF'
EMR_ARN = 'arn:aws:elasticmapreduce:us-east-1:000000000000:cluster/' + EMR_ID
RUN_JOB_FLOW = (200, {'JobFlowId': EMR_ID, 'ClusterArn': EMR_ARN})
EMR_CLUSTER = {'Cluster': {
    'Id': EMR_ID, 'Name': 'wordcount', 'Status': {
        'State': 'WAITING', 'StateChangeReason': {'Message': 'Cluster ready to run steps.'},
        'Timeline': {'CreationDateTime': T, 'ReadyDateTime': T + 270}},
    'Ec2InstanceAttributes': {'Ec2AvailabilityZone': 'us-east-1a', 'IamInstanceProfile': 'EMR_EC2_DefaultRole'},
    'InstanceCollectionType': 'INSTANCE_GROUP', 'LogUri': 's3n://logs/', 'ReleaseLabel': 'emr-7.1.0',
    'AutoTerminate': False, 'TerminationProtected': False, 'VisibleToAllUsers': True,
    'Applications': [{'Name': 'Hadoop', 'Version': '3.3.6'}], 'Tags': [{'Key': 'team', 'Value': 'data'}],
    'ServiceRole': 'EMR_DefaultRole', 'NormalizedInstanceHours': 0,
    'MasterPublicDnsName': 'ec2-198-51-100-10.compute-1.amazonaws.com', 'StepConcurrencyLevel': 1,
    'ClusterArn': EMR_ARN}}
EMR_GROUPS = {'InstanceGroups': [
    {'Id': 'ig-1AAAAAAAAAAAA', 'Name': 'MASTER', 'Market': 'ON_DEMAND', 'InstanceGroupType': 'MASTER',
     'InstanceType': 'm5.xlarge', 'RequestedInstanceCount': 1, 'RunningInstanceCount': 1,
     'Status': {'State': 'RUNNING', 'StateChangeReason': {}, 'Timeline': {'CreationDateTime': T, 'ReadyDateTime': T + 240}}},
    {'Id': 'ig-2BBBBBBBBBBBB', 'Name': 'CORE', 'Market': 'ON_DEMAND', 'InstanceGroupType': 'CORE',
     'InstanceType': 'm5.xlarge', 'RequestedInstanceCount': 2, 'RunningInstanceCount': 2,
     'Status': {'State': 'RUNNING', 'StateChangeReason': {}, 'Timeline': {'CreationDateTime': T, 'ReadyDateTime': T + 240}}}]}
EMR_ACTIONS = {'BootstrapActions': [{'Name': 'Bootstrap action', 'ScriptPath': 's3://b/setup.sh', 'Args': ['-x']}]}
WORDCOUNT = ('Type=STREAMING,Name=Word count,ActionOnFailure=CONTINUE,Args=[-files,'
             's3://elasticmapreduce/samples/wordcount/wordSplitter.py,-mapper,wordSplitter.py,'
             '-reducer,aggregate,-input,s3://elasticmapreduce/samples/wordcount/input,-output,s3://lake/wordcount]')
GROUPS = ['InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m5.xlarge',
          'InstanceGroupType=CORE,InstanceCount=2,InstanceType=m5.xlarge']

CASES += [
    case(['emr', 'creat-cluster']),
    case(['emr', 'run-job-flow', '--name', 'x']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge',
          '--instance-count', '3', '--use-default-roles', '--applications', 'Name=Hadoop', '--steps', WORDCOUNT,
          '--tags', 'team=data', 'scratch', '--auto-terminate'], [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--name', 'My cluster', '--release-label', 'emr-6.15.0',
          '--instance-groups'] + GROUPS + ['--service-role', 'EMR_DefaultRole',
          '--ec2-attributes', 'KeyName=k,SubnetId=subnet-1,InstanceProfile=EMR_EC2_DefaultRole',
          '--bootstrap-actions', 'Path=s3://b/setup.sh,Args=[-x,-y]', 'Name=Second,Path=s3://b/two.sh',
          '--log-uri', 's3://logs/', '--enable-debugging', '--termination-protected',
          '--configurations', '[{"Classification": "hdfs-site", "Properties": {"dfs.replication": "1"}}]',
          '--auto-termination-policy', 'IdleTimeout=3600', '--step-concurrency-level', '2',
          '--output', 'table'], [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge',
          '--output', 'text'], [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge',
          '--query', 'ClusterId', '--output', 'text'], [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-groups',
          'InstanceGroupType=TASK,InstanceCount=1,InstanceType=m5.xlarge,BidPrice=0.10,Name=spot',
          '--steps', '[{"Type": "CUSTOM_JAR", "Jar": "command-runner.jar", "Args": ["hdfs", "dfs", "-ls", "/"]}]',
          'Type=CUSTOM_JAR,Name=Example,Jar=s3://b/example.jar,MainClass=org.Example,Args=[a,b],Properties=k1=v1'],
         [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--steps',
          '[{"Type": "STREAMING", "Args": ["-input", "in", "-output", "out"]}, {"Jar": "command-runner.jar", "Args": ["hdfs", "dfs", "-ls", "/"], "ActionOnFailure": "CANCEL_AND_WAIT"}]'],
         [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--ami-version', '3.11.0', '--instance-type', 'm3.xlarge',
          '--steps', 'Type=STREAMING,Args=[-input,in,-output,out]', 'Type=SPARK,Args=[a.py]'], [RUN_JOB_FLOW]),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge'],
         [(400, {'__type': 'ValidationException', 'message': 'The requested instance type m5.xlarge is not supported.'})]),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0']),
    case(['emr', 'create-cluster', '--instance-type', 'm5.xlarge']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--ami-version', '3.11.0']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-groups', 'InstanceGroupType=MASTER,InstanceCount=1']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-groups', 'InstanceGroupType=MASTER,InstanceCount=one,InstanceType=m5.xlarge']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-groups', GROUPS[0], '--instance-count', '2']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--instance-count', 'three']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--auto-terminate', '--no-auto-terminate']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--configurations', '[{']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--use-default-roles', '--service-role', 'r']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--use-default-roles', '--ec2-attributes', 'InstanceProfile=p']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--ec2-attributes', 'KeyName=k,Foo=1']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--ec2-attributes', 'SubnetId=s,AvailabilityZone=a']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--steps', 'Type=HIVE,Args=[-f,s3://b/q.sql]', 'Type=hive,Args=[-f,x]']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--enable-debugging']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--foo', 'bar']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--step-concurrency-level', 'two']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--steps', 'Type=STREAMING,Name=x']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--steps', 'Name=x']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--steps', 'Type=IMPALA,Args=[a]']),
    case(['emr', 'create-cluster', '--release-label', 'emr-7.1.0', '--instance-type', 'm5.xlarge', '--steps', 'Type=FOO']),
    case(['emr', 'add-steps', '--cluster-id', EMR_ID, '--steps', WORDCOUNT,
          'Type=CUSTOM_JAR,Jar=command-runner.jar,Args=[hdfs,dfs,-ls,/]'],
         [(200, EMR_CLUSTER), (200, {'StepIds': ['s-1AAAAAAAAAAAA', 's-2BBBBBBBBBBBB']})]),
    case(['emr', 'add-steps', '--cluster-id', EMR_ID, '--steps', 'Type=Pig,Args=[-f,s3://b/x.pig]', '--query', 'StepIds[0]', '--output', 'text'],
         [(200, EMR_CLUSTER), (200, {'StepIds': ['s-1AAAAAAAAAAAA']})]),
    case(['emr', 'add-steps', '--cluster-id', EMR_ID, '--steps', 'Type=STREAMING'], [(200, EMR_CLUSTER)]),
    case(['emr', 'add-steps', '--cluster-id', 'j-NOPE', '--steps', 'Jar=x'],
         [(400, {'__type': 'InvalidRequestException', 'message': "Cluster id 'j-NOPE' is not valid."})]),
    case(['emr', 'add-steps']),
    case(['emr', 'describe-cluster', '--cluster-id', EMR_ID], [(200, EMR_CLUSTER), (200, EMR_GROUPS), (200, EMR_ACTIONS)]),
    case(['emr', 'describe-cluster', '--cluster-id', EMR_ID, '--output', 'text'], [(200, EMR_CLUSTER), (200, EMR_GROUPS), (200, {'BootstrapActions': []})]),
    case(['emr', 'describe-cluster', '--cluster-id', EMR_ID, '--output', 'table'], [(200, EMR_CLUSTER), (200, EMR_GROUPS), (200, {'BootstrapActions': []})]),
    case(['emr', 'describe-cluster', '--cluster-id', EMR_ID, '--query', 'Cluster.Status.State'], [(200, EMR_CLUSTER), (200, EMR_GROUPS), (200, {'BootstrapActions': []})]),
    case(['emr', 'list-clusters', '--active'], [(200, {'Clusters': [{'Id': EMR_ID, 'Name': 'wordcount', 'Status': EMR_CLUSTER['Cluster']['Status'], 'NormalizedInstanceHours': 0, 'ClusterArn': EMR_ARN}]})]),
    case(['emr', 'list-clusters', '--failed']),
    case(['emr', 'list-clusters', '--active', '--terminated']),
    case(['emr', 'list-clusters', '--cluster-states', 'WAITING', '--active']),
    case(['emr', 'terminate-clusters', '--cluster-ids', EMR_ID, 'j-3CCCCCCCCCCCC']),
    case(['emr', 'modify-cluster-attributes', '--cluster-id', EMR_ID]),
    case(['emr', 'modify-cluster-attributes', '--cluster-id', EMR_ID, '--no-termination-protected', '--visible-to-all-users', '--auto-terminate']),
    case(['emr', 'modify-cluster-attributes', '--cluster-id', EMR_ID, '--termination-protected', '--no-termination-protected']),
    case(['emr', 'add-instance-groups', '--cluster-id', EMR_ID, '--instance-groups', 'InstanceGroupType=TASK,InstanceCount=2,InstanceType=m5.xlarge'],
         [(200, {'JobFlowId': EMR_ID, 'InstanceGroupIds': ['ig-3CCCCCCCCCCCC'], 'ClusterArn': EMR_ARN})]),
    case(['emr', 'add-tags', '--resource-id', EMR_ID, '--tags', 'team=data', 'scratch']),
]

# `aws <service> wait ...` (botocore's waiters): polls until an acceptor matches, the delays
# between polls, the failure texts, and the parse errors of `wait` itself.
STEP_ID = 's-1AAAAAAAAAAAA'


def cluster_in(state):
    return (200, {'Cluster': dict(EMR_CLUSTER['Cluster'], Status=dict(EMR_CLUSTER['Cluster']['Status'], State=state))})


def step_in(state):
    return (200, {'Step': {'Id': STEP_ID, 'Name': 'Word count', 'ActionOnFailure': 'CONTINUE',
                           'Config': {'Jar': 'command-runner.jar', 'Args': ['hadoop-streaming'], 'Properties': {}},
                           'Status': {'State': state, 'StateChangeReason': {}, 'Timeline': {'CreationDateTime': T}}}})


def stream_in(status):
    return (200, {'StreamDescription': dict(DESCRIBE['StreamDescription'], StreamStatus=status)})


CASES += [
    case(['emr', 'wait']),
    case(['emr', 'wait', 'cluster-up']),
    case(['emr', 'wait', 'cluster-runing']),
    case(['emr', 'wait', 'cluster-running']),
    case(['emr', 'wait', 'step-complete', '--cluster-id', EMR_ID]),
    case(['emr', 'wait', 'cluster-running', '--cluster-id', EMR_ID, '--foo']),
    case(['emr', 'wait', 'cluster-running', '--cluster-id', EMR_ID],
         [cluster_in('STARTING'), cluster_in('BOOTSTRAPPING'), cluster_in('WAITING')]),
    case(['emr', 'wait', 'cluster-running', '--cluster-id', EMR_ID, '--output', 'table', '--query', 'Cluster.Id'],
         [cluster_in('RUNNING')]),
    case(['emr', 'wait', 'cluster-running', '--cluster-id', EMR_ID],
         [cluster_in('STARTING'), cluster_in('TERMINATED_WITH_ERRORS')]),
    case(['emr', 'wait', 'cluster-running', '--cluster-id', EMR_ID], [(200, {'Cluster': {'Status': {'State': 'STARTING'}}})] * 60),
    case(['emr', 'wait', 'cluster-running', '--cluster-id', 'j-NOPE'],
         [(400, {'__type': 'InvalidRequestException', 'message': "Cluster id 'j-NOPE' is not valid."})]),
    case(['emr', 'wait', 'step-complete', '--cluster-id', EMR_ID, '--step-id', STEP_ID],
         [step_in('PENDING'), step_in('RUNNING'), step_in('COMPLETED')]),
    case(['emr', 'wait', 'step-complete', '--cluster-id', EMR_ID, '--step-id', STEP_ID],
         [step_in('RUNNING'), step_in('FAILED')]),
    case(['emr', 'wait', 'step-complete', '--cluster-id', EMR_ID, '--step-id', STEP_ID], [step_in('CANCELLED')]),
    case(['emr', 'wait', 'cluster-terminated', '--cluster-id', EMR_ID],
         [cluster_in('TERMINATING'), cluster_in('TERMINATED')]),
    case(['emr', 'wait', 'cluster-terminated', '--cluster-id', EMR_ID], [cluster_in('TERMINATED_WITH_ERRORS')]),
    case(['kinesis', 'wait', 'stream-exists', '--stream-name', 'orders'], [stream_in('CREATING'), stream_in('ACTIVE')]),
    case(['kinesis', 'wait', 'stream-exists', '--stream-name', 'x'], [NOT_FOUND]),
    case(['kinesis', 'wait', 'stream-exists', '--stream-name', 'orders', '--max-items', '3']),
    case(['kinesis', 'wait', 'stream-not-exists', '--stream-name', 'orders'], [stream_in('DELETING'), NOT_FOUND]),
    case(['kinesis', 'wait', 'stream-not-exists', '--stream-name', 'orders'],
         [(200, {'StreamDescription': {'StreamStatus': 'ACTIVE'}})] * 18),
]

with open(os.path.join(HERE, 'cases.json'), 'w') as f:
    json.dump(CASES, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'{len(CASES)} cases written', file=sys.stderr)
