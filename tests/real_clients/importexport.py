"""AWS Import/Export Disk (issue 18, Deliver 4 and 7) against the real clients, imported by run.py
(or run alone: `python3 tests/real_clients/importexport.py`). `importexport` is a query service
(API 2010-06-01): the endpoint serves it on the same port as EC2 and IAM.

The manifest is YAML text in the `Manifest` parameter. The CLI's own example passes it both ways,
`--manifest file://manifest` and as a quoted string; v1 reads `file://` for every string
parameter, and the console reads it for `aws importexport` (crates/aws-cli parse.rs), so both
appear below with the files the CLI saw handed to the console.

The manifest's `accessKeyId` "must be the same as the one used to make the CreateJob request":
the session signs with the developer guide's example key AKIAIOSFODNN7EXAMPLE (the key the
in-browser console signs with, so these manifests work there as written), and one manifest
names another key (InvalidAccessKeyIdException).

1. boto3: CreateJob (and ValidateOnly), GetStatus's codes and messages, GetShippingLabel,
   UpdateJob, ListJobs, CancelJob then Canceled and a second CancelJob refused.
2. The AWS CLI's `aws importexport` lines in a working directory of manifests; every line's
   exchanges and files go to the console comparison (byte-equal output), and every answer is
   checked against botocore's output shapes.

Not here: a 20 TB device. AWS's API has no device size (the manifest names a deviceId only);
the device is the learner's and reaches AWS by carrier, so the sandbox's refusal of a device over
16 TB is the learner's ShipDevice action (the transfer view's Disk panel and the preset
"disk-20tb-refused"), tested in engine/tests/engine/importexport_disk.rs
(`a_device_over_16_tb_is_refused_with_the_guides_sentence`), not a CLI line.
"""

import os

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

from emr import client
from pipeline import PipelineCli

IE_MODEL = botocore.session.get_session().get_service_model('importexport')
KEY = 'AKIAIOSFODNN7EXAMPLE'
BUCKET = 'ie-disk-landing'

ADDRESS = ('returnAddress:\n'
           '    name: Jane Roe\n'
           '    company: Example Corp.\n'
           '    street1: 123 Any Street\n'
           '    city: Anytown\n'
           '    stateOrProvince: WA\n'
           '    postalCode: 91011-1111\n'
           '    phoneNumber: 206-555-1111\n'
           '    country: USA\n')


def manifest(key=KEY, bucket=BUCKET, device='49382', extra='', drop=None):
    """An import manifest as the developer guide writes one; `drop` leaves a line out."""
    lines = ['manifestVersion: 2.0\n', f'accessKeyId: {key}\n', f'deviceId: {device}\n',
             'eraseDevice: yes\n', ADDRESS, f'bucket: {bucket}\n', extra]
    return ''.join(line for line in lines if not (drop and line.startswith(drop)))


def export_manifest(extra=''):
    return (f'manifestVersion: 2.0\naccessKeyId: {KEY}\ndeviceId: 532404500021\nfileSystem: NTFS\n'
            f'trueCryptPassword: export-secret\n{ADDRESS}operations:\n'
            f'  - exportBucket: {BUCKET}\n    targetDirectory: landing\n{extra}')


def error_of(fn, **kw):
    try:
        fn(**kw)
        return ('no error', '')
    except ClientError as e:
        return (e.response['Error'].get('Code'), e.response['Error'].get('Message'))


CANCELED = ('CanceledJobIdException', 'The specified job ID has been canceled and is no longer valid.')
WRONG_KEY = ('InvalidAccessKeyIdException',
             "The AWS Access Key ID specified in the request did not match the manifest's accessKeyId value. "
             'The manifest and the request authentication must use the same AWS Access Key ID.')
MISSING_FIELD = ('MissingManifestFieldException',
                 'One or more required fields were missing from the manifest file. Please correct and resubmit.')
INVALID_FIELD = ('InvalidManifestFieldException',
                 'One or more manifest fields was invalid. Please correct and resubmit.')


def ie_client(url):
    """emr.client's settings, signed with the session's key (the manifests name it)."""
    return boto3.client('importexport', endpoint_url=url, region_name='us-east-1', aws_access_key_id=KEY,
                        aws_secret_access_key='x', config=Config(retries={'mode': 'standard', 'max_attempts': 1}))


def boto3_session(rc, url):
    check = rc.check
    ie, s3 = ie_client(url), client(url, 's3')
    s3.create_bucket(Bucket=BUCKET)
    r = ie.create_job(JobType='Import', Manifest=manifest(), ValidateOnly=True)
    check('importexport: ValidateOnly creates no job and warns of the erasure',
          'JobId' not in r and r.get('WarningMessage') == '**** Device will be erased before being returned. ****', r)
    check('importexport: nothing listed after ValidateOnly', ie.list_jobs()['Jobs'] == [])
    r = ie.create_job(JobType='Import', Manifest=manifest(), ValidateOnly=False)
    job = r['JobId']
    check('importexport: a job has its SIGNATURE file',
          r['SignatureFileContents'] == f'version:2.0\nsigningMethod:HmacSHA1\njobId:{job}\nsignature:{r["Signature"]}', r)
    s = ie.get_status(JobId=job)
    check('importexport: a new job is NotReceived / Pending with AWS\'s messages',
          (s['LocationCode'], s['LocationMessage'], s['ProgressCode'], s['ProgressMessage'], s['ErrorCount']) ==
          ('NotReceived', 'AWS has not received your device.', 'Pending', 'The specified job has not started.', 0), s)
    check('importexport: GetStatus returns the manifest as sent', s['CurrentManifest'] == manifest(), s['CurrentManifest'])
    label = ie.get_shipping_label(jobIds=[job], name='Jane Roe', street1='123 Any Street', city='Anytown',
                                  postalCode='91011-1111', country='USA')
    check('importexport: a shipping label', label['ShippingLabelURL'].endswith(f'shipping-label-{job}.pdf'), label)
    u = ie.update_job(JobId=job, JobType='Export', Manifest=export_manifest(), ValidateOnly=False)
    check('importexport: UpdateJob before the transfer starts', u['Success'] is True, u)
    check('importexport: the job is an Export now', ie.get_status(JobId=job)['JobType'] == 'Export')
    listed = ie.list_jobs()['Jobs']
    check('importexport: ListJobs lists it, not canceled',
          [(j['JobId'], j['IsCanceled'], j['JobType']) for j in listed] == [(job, False, 'Export')], listed)
    check('importexport: CancelJob', ie.cancel_job(JobId=job)['Success'] is True)
    s = ie.get_status(JobId=job)
    check('importexport: then ProgressCode Canceled', (s['ProgressCode'], s['ProgressMessage']) ==
          ('Canceled', 'The job was canceled.'), s)
    check('importexport: a second CancelJob is CanceledJobIdException', error_of(ie.cancel_job, JobId=job) == CANCELED)
    check('importexport: another key\'s manifest is InvalidAccessKeyIdException',
          error_of(ie.create_job, JobType='Import', Manifest=manifest(key='AKIAI44QH8DHBEXAMPLE'),
                   ValidateOnly=False) == WRONG_KEY)
    check('importexport: no deviceId is MissingManifestFieldException',
          error_of(ie.create_job, JobType='Import', Manifest=manifest(drop='deviceId'),
                   ValidateOnly=False) == MISSING_FIELD)
    check('importexport: ListJobs marks the canceled job', ie.list_jobs()['Jobs'][0]['IsCanceled'] is True)


def cli_session(rc, cli):
    # The manifests of the session, in the CLI's working directory.
    files = {
        'manifest': manifest(),
        # The AWS CLI example's form: a stray `;` after the version, the address unindented.
        'example-manifest': ('manifestVersion: 2.0;\n' f'accessKeyId: {KEY}\n' 'returnAddress:\n'
                             + ''.join(line.strip() + '\n' for line in ADDRESS.splitlines()[1:])
                             + 'deviceId: 49383\neraseDevice: yes\n'
                             'notificationEmail: john.doe@example.com;jane.roe@example.com\n'
                             f'bucket: {BUCKET}\n'),
        'export-manifest': export_manifest(),
        'other-key': manifest(key='AKIAI44QH8DHBEXAMPLE'),
        'no-device-id': manifest(drop='deviceId'),
        'no-bucket': manifest(drop='bucket'),
        'no-address': manifest().replace(ADDRESS, ''),
        'bad-erase': manifest().replace('eraseDevice: yes', 'eraseDevice: maybe'),
        'bad-acl': manifest(extra='acl: everyone\n'),
        'unknown-field': manifest(extra='colour: blue\n'),
        'bad-version': manifest().replace('manifestVersion: 2.0', 'manifestVersion: 9.9'),
        'malformed': manifest() + 'bucket: [unclosed\n',
        'missing-bucket': manifest(bucket='no-such-landing-bucket'),
        'export-fat32': export_manifest().replace('NTFS', 'FAT32'),
        'export-clear': export_manifest().replace('trueCryptPassword: export-secret\n', ''),
    }
    for name, text in files.items():
        with open(os.path.join(cli.work, name), 'w') as f:
            f.write(text)

    base = 'aws importexport create-job --job-type Import'
    cli.run(f'{base} --manifest file://manifest --validate-only')
    cli.run(f'{base} --manifest file://manifest --validate-only --output text')
    created = cli.json(f'{base} --manifest file://manifest --no-validate-only') or {}
    job = created.get('JobId', 'NOJOB')
    cli.run(f'{base} --manifest file://example-manifest --no-validate-only --output text')
    # The manifest inline, quoted, as the CLI's example passes it.
    inline = manifest(device='49384')
    cli.run(f"{base} --manifest '{inline}' --no-validate-only --output table")
    for out in ('json', 'text', 'table'):
        cli.run(f'aws importexport get-status --job-id {job} --output {out}')
    cli.run(f'aws importexport get-status --job-id {job} --query '
            '[LocationCode,LocationMessage,ProgressCode,ProgressMessage] --output text')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws importexport list-jobs --output {out}')
    cli.run('aws importexport list-jobs --max-jobs 1')
    cli.run('aws importexport list-jobs --max-items 1 --output text')
    cli.run('aws importexport list-jobs --query Jobs[].JobId --output text')
    label = (f'aws importexport get-shipping-label --job-ids {job} --name "Jane Roe" --company "Example Corp." '
             '--phone-number "206-555-1111" --country "USA" --state-or-province "WA" --city "Anytown" '
             '--postal-code "91011-1111" --street-1 "123 Any Street"')
    cli.run(label)
    cli.run(label + ' --output text')
    # The model's own name for the option (v1 takes both; argrename.py keeps --street-1).
    cli.run(f'aws importexport get-shipping-label --job-ids {job} --street1 "1 Main St" --output text')
    update = f'aws importexport update-job --job-id {job}'
    cli.run(f'{update} --job-type Import --manifest file://manifest --no-validate-only --output text')
    cli.run(f'{update} --job-type Import --manifest file://manifest --validate-only')
    cli.run(f'{update} --job-type Export --manifest file://export-manifest --no-validate-only')
    cli.run(f'aws importexport get-status --job-id {job} --query [JobType,ProgressCode] --output text')
    cli.run(f'aws importexport cancel-job --job-id {job}')
    cli.run(f'aws importexport get-status --job-id {job} --output text')
    cli.run(f'aws importexport get-status --job-id {job} --query [ProgressCode,ProgressMessage]')
    cli.run(f'aws importexport cancel-job --job-id {job}', expect_rc=255)
    cli.run(f'aws importexport cancel-job --job-id {job} --output text', expect_rc=255)
    cli.run(f'{update} --job-type Import --manifest file://manifest --no-validate-only', expect_rc=255)
    cli.run('aws importexport list-jobs --output text')

    # The manifest and the caller.
    cli.run(f'{base} --manifest file://other-key --no-validate-only', expect_rc=255)
    cli.run(f'{base} --manifest file://other-key --validate-only', expect_rc=255)
    # Missing and bad fields, AWS's texts (which do not name the field).
    for name in ('no-device-id', 'no-bucket', 'no-address', 'bad-erase', 'bad-acl', 'unknown-field',
                 'bad-version', 'malformed', 'missing-bucket'):
        cli.run(f'{base} --manifest file://{name} --no-validate-only', expect_rc=255)
    for name in ('export-fat32', 'export-clear'):
        cli.run(f'aws importexport create-job --job-type Export --manifest file://{name} --no-validate-only',
                expect_rc=255)
    cli.run(f'{base} --manifest file://does-not-exist --no-validate-only', expect_rc=255)
    # The service's own parameter checks, and the CLI's.
    cli.run('aws importexport create-job --job-type Move --manifest file://manifest --no-validate-only', expect_rc=255)
    cli.run('aws importexport get-status --job-id NOSUCH', expect_rc=255)
    cli.run('aws importexport cancel-job --job-id NOSUCH --output text', expect_rc=255)
    cli.run('aws importexport list-jobs --marker NOSUCH', expect_rc=255)
    cli.run('aws importexport create-job --job-type Import --no-validate-only', expect_rc=2)
    cli.run('aws importexport get-status', expect_rc=2)


def shape_check(rc, cases):
    rc.answers_fit_shapes('importexport', cases, {'importexport': IE_MODEL}, errors_too=False)


def run(rc, url, capture, env):
    """Every Import/Export check; returns the CLI cases for the console comparison."""
    rc.step('Import/Export boto3 session', boto3_session, rc, url)
    cli = PipelineCli(rc, url, capture, dict(env, AWS_ACCESS_KEY_ID=KEY))
    rc.step('Import/Export CLI session', cli_session, rc, cli)
    shape_check(rc, cli.cases)
    return cli.cases


if __name__ == '__main__':
    import sys
    sys.path.insert(0, os.path.dirname(__file__))
    import run as runner  # noqa: E402  (tests/real_clients/run.py)
    sys.exit(runner.main(only=[sys.modules[__name__]]))
