"""S3 (issue 12) against the real clients, imported by run.py:

1. boto3 over every S3 feature the engine has: buckets (names, re-create in us-east-1, not
   empty), objects (ETag = MD5, content type, user metadata, Content-MD5 -> BadDigest, ranges,
   416 InvalidRange, HEAD 404), ListObjects and ListObjectsV2 (prefix, delimiter, MaxKeys,
   continuation, StartAfter, encoding-type url), copy, batch delete, versioning (versions,
   delete markers, reading an old version), multipart (ETag md5-of-md5s-N, EntityTooSmall,
   InvalidPartOrder, NoSuchUpload, ListParts), default encryption (SSE-S3, SSE-KMS reported), a
   presigned URL, AWS's XML error body and MalformedXML from a raw request. boto3 parses every
   answer along botocore's model; the engine's JSON for each exchange is also checked against
   the output shapes (run.py's shape checker).
2. The AWS CLI: `aws s3api` and `aws s3` (ls in its forms, cp both ways and S3 to S3, a 20 MiB
   multipart cp whose ETag and bytes are checked, sync of a folder, mv, rm, mb, rb --force),
   each line's exchanges captured for the console comparison, with the local files the real
   CLI saw. The CLI runs with `max_concurrent_requests = 1` (one request at a time, as the
   console does) and `--no-progress`.
3. The bench: PutObject then GetObject of 1 KiB and 1 MiB objects through the endpoint and
   through moto's server in the same run, as ratios; the endpoint must be faster.
"""

import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import shlex
import subprocess
import tempfile
import time
import urllib.request

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

S3_MODEL = botocore.session.get_session().get_service_model('s3')
MIB = 1024 * 1024


def error_of(fn, **kw):
    try:
        fn(**kw)
        return ('no error', None)
    except ClientError as e:
        return (e.response['Error'].get('Code'), e.response['ResponseMetadata']['HTTPStatusCode'])


def client(url, **config):
    return boto3.client('s3', endpoint_url=url, region_name='us-east-1', aws_access_key_id='x',
                        aws_secret_access_key='x', config=Config(retries={'mode': 'standard', 'max_attempts': 1}, **config))


def boto3_session(rc, url):
    check = rc.check
    s3 = client(url)
    b = 'boto3-bucket'
    s3.create_bucket(Bucket=b)
    s3.create_bucket(Bucket=b)  # us-east-1 answers 200 to its owner
    check('s3 boto3: re-creating your own bucket in us-east-1 succeeds', b in [x['Name'] for x in s3.list_buckets()['Buckets']])
    check('s3 boto3: Bad_Name -> InvalidBucketName 400', error_of(s3.create_bucket, Bucket='Bad_Name') == ('InvalidBucketName', 400))
    check('s3 boto3: HeadBucket of a missing bucket -> 404', error_of(s3.head_bucket, Bucket='no-such-bucket') == ('404', 404))

    body = b'hello, s3\n'
    r = s3.put_object(Bucket=b, Key='dir/a.txt', Body=body, ContentType='text/plain', Metadata={'Owner': 'me'})
    check('s3 boto3: PutObject ETag is the MD5 in quotes', r['ETag'] == '"%s"' % hashlib.md5(body).hexdigest(), r['ETag'])
    check('s3 boto3: SSE-S3 by default', r.get('ServerSideEncryption') == 'AES256', r)
    g = s3.get_object(Bucket=b, Key='dir/a.txt')
    check('s3 boto3: GetObject returns bytes, type, metadata', (g['Body'].read(), g['ContentType'], g['Metadata']) == (body, 'text/plain', {'owner': 'me'}), g)
    rg = s3.get_object(Bucket=b, Key='dir/a.txt', Range='bytes=0-4')
    check('s3 boto3: a Range read answers 206 and the bytes', (rg['ResponseMetadata']['HTTPStatusCode'], rg['Body'].read(), rg['ContentRange']) == (206, b'hello', 'bytes 0-4/10'), rg)
    check('s3 boto3: a range past the end -> 416 InvalidRange', error_of(s3.get_object, Bucket=b, Key='dir/a.txt', Range='bytes=50-60') == ('InvalidRange', 416))
    check('s3 boto3: GetObject of a missing key -> NoSuchKey 404', error_of(s3.get_object, Bucket=b, Key='nope') == ('NoSuchKey', 404))
    check('s3 boto3: HeadObject of a missing key -> 404', error_of(s3.head_object, Bucket=b, Key='nope') == ('404', 404))
    bad_md5 = base64.b64encode(hashlib.md5(b'other').digest()).decode()
    check('s3 boto3: a wrong Content-MD5 -> BadDigest', error_of(s3.put_object, Bucket=b, Key='x', Body=b'data', ContentMD5=bad_md5) == ('BadDigest', 400))

    for k in ['dir/b.txt', 'dir/sub/c.txt', 'top.txt', 'with space+plus.txt']:
        s3.put_object(Bucket=b, Key=k, Body=k.encode())
    v2 = s3.list_objects_v2(Bucket=b, Delimiter='/')
    check('s3 boto3: ListObjectsV2 rolls up common prefixes', [p['Prefix'] for p in v2.get('CommonPrefixes', [])] == ['dir/']
          and [c['Key'] for c in v2['Contents']] == ['top.txt', 'with space+plus.txt'], v2)
    page1 = s3.list_objects_v2(Bucket=b, MaxKeys=2)
    page2 = s3.list_objects_v2(Bucket=b, MaxKeys=2, ContinuationToken=page1['NextContinuationToken'])
    check('s3 boto3: ListObjectsV2 pages with a continuation token', [c['Key'] for c in page1['Contents'] + page2['Contents']] ==
          ['dir/a.txt', 'dir/b.txt', 'dir/sub/c.txt', 'top.txt'] and page1['IsTruncated'] and page1['KeyCount'] == 2, (page1, page2))
    after = s3.list_objects_v2(Bucket=b, StartAfter='dir/sub/c.txt')
    check('s3 boto3: StartAfter', [c['Key'] for c in after['Contents']] == ['top.txt', 'with space+plus.txt'], after)
    v1 = [c['Key'] for page in s3.get_paginator('list_objects').paginate(Bucket=b, PaginationConfig={'PageSize': 2}) for c in page['Contents']]
    check('s3 boto3: the ListObjects paginator (Marker) reads every key once', v1 == sorted(v1) and len(v1) == 5, v1)

    s3.copy_object(Bucket=b, Key='copy.txt', CopySource={'Bucket': b, 'Key': 'dir/a.txt'})
    c = s3.head_object(Bucket=b, Key='copy.txt')
    check('s3 boto3: CopyObject keeps the bytes and metadata', c['ETag'] == r['ETag'] and c['Metadata'] == {'owner': 'me'}, c)
    d = s3.delete_objects(Bucket=b, Delete={'Objects': [{'Key': 'copy.txt'}, {'Key': 'never-there'}]})
    check('s3 boto3: DeleteObjects reports every key', sorted(x['Key'] for x in d['Deleted']) == ['copy.txt', 'never-there'], d)
    check('s3 boto3: a non-empty bucket -> BucketNotEmpty 409', error_of(s3.delete_bucket, Bucket=b) == ('BucketNotEmpty', 409))

    # Versioning.
    vb = 'boto3-versions'
    s3.create_bucket(Bucket=vb)
    s3.put_bucket_versioning(Bucket=vb, VersioningConfiguration={'Status': 'Enabled'})
    check('s3 boto3: versioning Enabled', s3.get_bucket_versioning(Bucket=vb).get('Status') == 'Enabled')
    v_1 = s3.put_object(Bucket=vb, Key='k', Body=b'one')['VersionId']
    v_2 = s3.put_object(Bucket=vb, Key='k', Body=b'two')['VersionId']
    marker = s3.delete_object(Bucket=vb, Key='k')
    check('s3 boto3: DELETE in a versioned bucket leaves a delete marker', marker.get('DeleteMarker') is True and marker.get('VersionId'), marker)
    check('s3 boto3: the key now reads as missing', error_of(s3.get_object, Bucket=vb, Key='k') == ('NoSuchKey', 404))
    old = s3.get_object(Bucket=vb, Key='k', VersionId=v_1)['Body'].read()
    check('s3 boto3: an old version is still readable', old == b'one', old)
    vs = s3.list_object_versions(Bucket=vb)
    check('s3 boto3: ListObjectVersions lists both versions and the marker', [x['VersionId'] for x in vs['Versions']] == [v_2, v_1]
          and [m['IsLatest'] for m in vs['DeleteMarkers']] == [True], vs)

    # Multipart.
    mb_ = 'boto3-multipart'
    s3.create_bucket(Bucket=mb_)
    up = s3.create_multipart_upload(Bucket=mb_, Key='big')['UploadId']
    p1, p2 = os.urandom(5 * MIB), os.urandom(1000)
    e1 = s3.upload_part(Bucket=mb_, Key='big', UploadId=up, PartNumber=1, Body=p1)['ETag']
    e2 = s3.upload_part(Bucket=mb_, Key='big', UploadId=up, PartNumber=2, Body=p2)['ETag']
    parts = s3.list_parts(Bucket=mb_, Key='big', UploadId=up)['Parts']
    check('s3 boto3: ListParts', [(p['PartNumber'], p['Size']) for p in parts] == [(1, 5 * MIB), (2, 1000)], parts)
    wrong_order = {'Parts': [{'ETag': e2, 'PartNumber': 2}, {'ETag': e1, 'PartNumber': 1}]}
    check('s3 boto3: parts out of order -> InvalidPartOrder', error_of(s3.complete_multipart_upload, Bucket=mb_, Key='big', UploadId=up, MultipartUpload=wrong_order)[0] == 'InvalidPartOrder')
    done = s3.complete_multipart_upload(Bucket=mb_, Key='big', UploadId=up, MultipartUpload={'Parts': [{'ETag': e1, 'PartNumber': 1}, {'ETag': e2, 'PartNumber': 2}]})
    want = '"%s-2"' % hashlib.md5(hashlib.md5(p1).digest() + hashlib.md5(p2).digest()).hexdigest()
    check('s3 boto3: the multipart ETag is md5-of-md5s-2', done['ETag'] == want, (done['ETag'], want))
    check('s3 boto3: the joined object reads back', s3.get_object(Bucket=mb_, Key='big')['Body'].read() == p1 + p2)
    small = s3.create_multipart_upload(Bucket=mb_, Key='small')['UploadId']
    f1 = s3.upload_part(Bucket=mb_, Key='small', UploadId=small, PartNumber=1, Body=b'tiny')['ETag']
    f2 = s3.upload_part(Bucket=mb_, Key='small', UploadId=small, PartNumber=2, Body=b'tiny')['ETag']
    check('s3 boto3: a part under 5 MiB that is not the last -> EntityTooSmall',
          error_of(s3.complete_multipart_upload, Bucket=mb_, Key='small', UploadId=small,
                   MultipartUpload={'Parts': [{'ETag': f1, 'PartNumber': 1}, {'ETag': f2, 'PartNumber': 2}]})[0] == 'EntityTooSmall')
    s3.abort_multipart_upload(Bucket=mb_, Key='small', UploadId=small)
    check('s3 boto3: an aborted upload is gone -> NoSuchUpload', error_of(s3.list_parts, Bucket=mb_, Key='small', UploadId=small) == ('NoSuchUpload', 404))

    # Default encryption.
    s3.put_bucket_encryption(Bucket=mb_, ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': 'arn:aws:kms:us-east-1:000000000000:key/k1'}}]})
    r = s3.put_object(Bucket=mb_, Key='secret', Body=b's')
    check('s3 boto3: SSE-KMS by default once the bucket says so', (r.get('ServerSideEncryption'), r.get('SSEKMSKeyId')) == ('aws:kms', 'arn:aws:kms:us-east-1:000000000000:key/k1'), r)

    # A presigned URL, read with no SDK at all.
    link = s3.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': 'dir/a.txt'}, ExpiresIn=300)
    with urllib.request.urlopen(link) as resp:
        check('s3: a presigned URL reads the object', resp.read() == body)
    # AWS's XML error body and MalformedXML, from raw requests.
    auth = 'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0'
    for method, path, data, code in (('GET', f'/{b}/missing.txt', None, 'NoSuchKey'), ('POST', f'/{b}?delete', b'<Delete><Object>', 'MalformedXML')):
        req = urllib.request.Request(url + path, data=data, method=method, headers={'Authorization': auth, 'X-Amz-Date': '20260101T000000Z'})
        try:
            urllib.request.urlopen(req)
            check(f's3 raw: {method} {path} -> {code}', False, 'no error')
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            check(f's3 raw: {method} {path} -> {code} as AWS XML', f'<Error><Code>{code}</Code><Message>' in text and '<RequestId>' in text
                  and (code != 'NoSuchKey' or '<Key>missing.txt</Key>' in text), text)


class S3Cli:
    """The CLI with S3 settings; each line's exchanges and the local files it saw, for the console."""

    def __init__(self, rc, url, capture, env, tmp):
        self.rc, self.capture, self.cases = rc, capture, []
        self.work = os.path.join(tmp, 'work')
        os.makedirs(self.work, exist_ok=True)
        config = os.path.join(tmp, 's3-config')
        with open(config, 'w') as f:
            f.write('[default]\nregion = us-east-1\ncli_timestamp_format = iso8601\nretry_mode = standard\n'
                    'max_attempts = 3\ns3 =\n    max_concurrent_requests = 1\n')
        self.env = dict(env, AWS_CONFIG_FILE=config)

    def files(self):
        out = []
        for root, _, names in os.walk(self.work):
            for n in sorted(names):
                p = os.path.join(root, n)
                if os.path.getsize(p) > 4 * MIB:
                    continue  # the 20 MiB file is compared by hand, not replayed
                with open(p, 'rb') as f:
                    out.append({'path': os.path.relpath(p, self.work), 'content': base64.b64encode(f.read()).decode(),
                                'mtime': int(os.path.getmtime(p))})
        return out

    def run(self, line, expect_rc=0, compare=True, unordered=False):
        seen = self.rc.capture_end(self.capture)
        files = self.files()
        now = int(time.time())
        # In this process, as the other sessions run the CLI (a Python start and the CLI's imports
        # for each line cost over a second on this machine), from the work folder the paths
        # are relative to.
        home = os.getcwd()
        os.chdir(self.work)
        try:
            stdout, stderr, returncode = self.rc.run_aws_in_process(shlex.split(line), self.env)
        finally:
            os.chdir(home)
        exchanges, _ = self.rc.read_capture(self.capture, seen)
        if compare:
            self.cases.append({'line': line, 'v1_line': line, 'exchanges': exchanges, 'stdout': stdout,
                               'stderr': stderr, 'rc': returncode, 'files': files, 'now': now,
                               'unordered': unordered})
        self.rc.check(f'aws: {line} exits {expect_rc}', returncode == expect_rc, f'exit {returncode}: {stderr.strip()[:400]}')
        return stdout, exchanges


def cli_session(rc, cli):
    check = rc.check
    work = cli.work
    with open(os.path.join(work, 'a.txt'), 'w') as f:
        f.write('hello from the CLI\n')
    os.makedirs(os.path.join(work, 'site', 'css'), exist_ok=True)
    for name, text in (('index.html', '<h1>hi</h1>\n'), ('css/main.css', 'body{}\n'), ('data.json', '{"a": 1}\n')):
        with open(os.path.join(work, 'site', name), 'w') as f:
            f.write(text)
        # Written seconds before the first sync, on a whole second: `s3 sync` sends a file again
        # when it is newer than its object, and an object's LastModified has whole seconds.
        written = int(time.time()) - 10
        os.utime(os.path.join(work, 'site', name), (written, written))
    cli.run('aws s3 mb s3://cli-bucket')
    cli.run('aws s3 mb s3://cli-bucket')  # us-east-1: your own bucket again is a 200
    cli.run('aws s3 mb s3://Bad_Name', expect_rc=1)
    cli.run('aws s3 ls')
    cli.run('aws s3 cp a.txt s3://cli-bucket/docs/a.txt --no-progress')
    cli.run('aws s3 cp a.txt s3://cli-bucket/ --no-progress')
    cli.run('aws s3 sync site s3://cli-bucket/site --no-progress', unordered=True)
    cli.run('aws s3 sync site s3://cli-bucket/site --no-progress')  # nothing changed: nothing sent
    cli.run('aws s3 cp site s3://cli-bucket/copy --recursive --no-progress', unordered=True)
    cli.run('aws s3 ls s3://cli-bucket')
    cli.run('aws s3 ls s3://cli-bucket/')
    cli.run('aws s3 ls s3://cli-bucket/site/')
    cli.run('aws s3 ls s3://cli-bucket --recursive')
    cli.run('aws s3 ls s3://cli-bucket --recursive --human-readable --summarize')
    cli.run('aws s3 ls s3://cli-bucket/nothing-here', expect_rc=1)
    cli.run('aws s3 ls s3://no-such-bucket', expect_rc=255)
    cli.run('aws s3 cp s3://cli-bucket/docs/a.txt copy.txt --no-progress')
    cli.run('aws s3 cp s3://cli-bucket/docs/a.txt s3://cli-bucket/docs/b.txt --no-progress', compare=False)
    cli.run('aws s3 mv s3://cli-bucket/a.txt s3://cli-bucket/moved.txt --no-progress', compare=False)
    cli.run('aws s3 sync s3://cli-bucket/site mirror --no-progress', unordered=True)
    cli.run('aws s3 rm s3://cli-bucket/docs/b.txt')
    cli.run('aws s3 cp nothing.txt s3://cli-bucket/x --no-progress', expect_rc=255, compare=False)
    cli.run('aws s3api list-objects-v2 --bucket cli-bucket --prefix site/')
    cli.run('aws s3api list-objects-v2 --bucket cli-bucket --delimiter / --output text')
    cli.run('aws s3api list-objects --bucket cli-bucket --max-items 2')
    cli.run('aws s3api head-object --bucket cli-bucket --key docs/a.txt')
    cli.run('aws s3api get-object --bucket cli-bucket --key docs/a.txt got.txt')
    cli.run('aws s3api put-object --bucket cli-bucket --key api/put.txt --body a.txt --content-type text/plain --metadata team=data')
    cli.run('aws s3api get-object --bucket cli-bucket --key missing got.txt', expect_rc=255)
    cli.run('aws s3api head-object --bucket cli-bucket --key missing', expect_rc=255)
    cli.run('aws s3api get-bucket-location --bucket cli-bucket')
    cli.run('aws s3api get-bucket-encryption --bucket cli-bucket --output table')
    cli.run('aws s3 mb s3://cli-versions')
    cli.run('aws s3api put-bucket-versioning --bucket cli-versions --versioning-configuration Status=Enabled')
    cli.run('aws s3api get-bucket-versioning --bucket cli-versions')
    cli.run('aws s3api put-object --bucket cli-versions --key api/put.txt --body a.txt --query ETag --output text')
    cli.run('aws s3api put-object --bucket cli-versions --key api/put.txt --body a.txt --query VersionId --output text')
    cli.run('aws s3api delete-object --bucket cli-versions --key api/put.txt --query DeleteMarker')
    cli.run('aws s3api list-object-versions --bucket cli-versions --prefix api/ --query "[length(Versions), length(DeleteMarkers)]"')
    cli.run('aws s3 rb s3://cli-versions --force', expect_rc=1)  # versions stay: not empty
    cli.run('aws s3api list-buckets --query "Buckets[].Name"')
    cli.run('aws s3api create-bucket --bucket cli-bucket')

    # 20 MiB: multipart up, ETag and bytes checked on the way back.
    big = os.urandom(20 * MIB)
    with open(os.path.join(work, 'big.bin'), 'wb') as f:
        f.write(big)
    out, ex = cli.run('aws s3 cp big.bin s3://cli-bucket/big.bin --no-progress', compare=False)
    parts = [x for x in ex if x['target'] == 's3.UploadPart']
    check('aws s3 cp 20 MiB: three 8 MiB parts', len(parts) == 3, [x['target'] for x in ex])
    etag = json.loads(cli.run('aws s3api head-object --bucket cli-bucket --key big.bin', compare=False)[0])['ETag']
    size = 8 * MIB
    want = '"%s-3"' % hashlib.md5(b''.join(hashlib.md5(big[i:i + size]).digest() for i in range(0, len(big), size))).hexdigest()
    check('aws s3 cp 20 MiB: ETag is md5-of-md5s-3', etag == want, (etag, want))
    cli.run('aws s3 cp s3://cli-bucket/big.bin back.bin --no-progress', compare=False)
    with open(os.path.join(work, 'back.bin'), 'rb') as f:
        check('aws s3 cp 20 MiB: the bytes come back the same', f.read() == big)
    for name in ('big.bin', 'back.bin'):
        os.remove(os.path.join(work, name))

    cli.run('aws s3 rb s3://cli-bucket', expect_rc=1)
    cli.run('aws s3 rb s3://cli-bucket --force', unordered=True)
    cli.run('aws s3 ls')


def shape_check(rc, cases):
    problems = []
    for case in cases:
        for x in case['exchanges']:
            op = x['target'].split('.', 1)[1]
            if x['status'] == 200:
                problems += [f'{case["line"]}: {op}: {p}' for p in output_problems(rc, op, x['response'])]
    rc.check('s3: every answer the engine gave fits its botocore output shape', not problems, '\n      '.join(problems[:40]))


def output_problems(rc, op, text):
    shape = S3_MODEL.operation_model(op).output_shape
    if shape is None:
        return [] if text.strip() in ('', '{}') else [f'body for an operation without output: {text[:100]}']
    return rc.shape_problems(shape, json.loads(text))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def bench(rc, endpoint_bin):
    """PutObject + GetObject, 1 KiB and 1 MiB, endpoint vs moto's server, same machine, same run."""
    ep = subprocess.Popen([endpoint_bin, '--port', '0', '--quiet'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = ep.stdout.readline().strip().rsplit(' ', 1)[-1]
    port = free_port()
    moto = subprocess.Popen(['moto_server', '-H', '127.0.0.1', '-p', str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    moto_url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(moto_url + '/moto-api/')
                break
            except Exception:  # noqa: BLE001 -- not up yet
                time.sleep(0.1)
        # Rounds alternate between the two servers so that a burst of load from the other lane
        # of `make test` (it compiles the page meanwhile) falls on both alike.
        clients = {}
        for name, target in (('endpoint', url), ('moto', moto_url)):
            clients[name] = client(target)
            clients[name].create_bucket(Bucket='bench')
        pairs, seconds = {}, {}
        for size in (1024, MIB):
            data = os.urandom(size)
            for _ in range(3):
                for name, s3 in clients.items():
                    n, start = 0, time.perf_counter()
                    while time.perf_counter() - start < 0.7 or n < 3:
                        s3.put_object(Bucket='bench', Key=f'k{n % 10}', Body=data)
                        assert s3.get_object(Bucket='bench', Key=f'k{n % 10}')['Body'].read() == data
                        n += 1
                    pairs[(name, size)] = pairs.get((name, size), 0) + n
                    seconds[(name, size)] = seconds.get((name, size), 0) + time.perf_counter() - start
        results = {k: pairs[k] / seconds[k] for k in pairs}
        for size, label in ((1024, '1 KiB'), (MIB, '1 MiB')):
            e, m = results[('endpoint', size)], results[('moto', size)]
            print(f'bench s3 put+get {label}: endpoint {e:,.1f}/s, moto {m:,.1f}/s, ratio {e / m:.2f}x')
            rc.check(f's3 bench {label}: the endpoint beats moto (put+get pairs per second)', e > m, (e, m))
    finally:
        for p in (ep, moto):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()


def run(rc, url, capture, env):
    """Every S3 check; returns the CLI cases for the console comparison."""
    tmp = tempfile.mkdtemp(prefix='real-clients-s3-')
    try:
        rc.step('S3 boto3 session', boto3_session, rc, url)
        cli = S3Cli(rc, url, capture, env, tmp)
        rc.step('S3 CLI session', cli_session, rc, cli)
        shape_check(rc, cli.cases)
        rc.step('S3 bench', bench, rc, rc.ENDPOINT_BIN)
        return cli.cases
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
