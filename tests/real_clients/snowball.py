"""Snowball (issue 18) against the real clients, imported by run.py. A shipment takes days of
virtual time: `POST /_sandbox/advance` moves the endpoint's clock on.

1. boto3: CreateAddress / DescribeAddress(es), CreateJob (IMPORT on a classic STANDARD T80, the
   bucket made through the endpoint's S3), the job through AWS's states (New, PreparingAppliance,
   ..., WithCustomer), GetJobManifest and the 29-character unlock code there only, CancelJob too
   late (InvalidJobStateException with the model's text, its `Message` member), UpdateJob outside
   New, a missing job (InvalidResourceException), a bad job id (ValidationException),
   GetSnowballUsage, CreateReturnShippingLabel twice, UpdateJobShipmentState RETURNED, the job
   on to Complete, ListJobs paged, a cluster of five LOCAL_USE Edge nodes and the sixth refused.
   Every answer's JSON is checked against botocore's snowball output shapes.
2. The AWS CLI's `aws snowball` lines, each line's exchanges captured for the console comparison.
"""

import botocore.session
from botocore.exceptions import ClientError

from emr import advance, client

SB_MODEL = botocore.session.get_session().get_service_model('snowball')
DAY = 86400
ADDRESS = {'Name': 'Jane Roe', 'Company': 'Example Corp.', 'Street1': '123 Any Street', 'City': 'Anytown',
           'StateOrProvince': 'WA', 'Country': 'US', 'PostalCode': '91011', 'PhoneNumber': '206-555-1111'}
STATE_TEXT = ("The action can't be performed because the job's current state doesn't allow that action "
              "to be performed.")


def error_of(fn, **kw):
    try:
        fn(**kw)
        return ('no error', '')
    except ClientError as e:
        return (e.response['Error'].get('Code'), e.response['Error'].get('Message'))


def boto3_session(rc, url, problems):
    check = rc.check
    sb, s3 = client(url, 'snowball'), client(url, 's3')

    def validate(operation_model, response_dict, **_):
        for p in rc.response_problems(operation_model.name, response_dict['status_code'], response_dict['body'], SB_MODEL):
            problems.append(f'{operation_model.name}: {p}')
    sb.meta.events.register('before-parse.snowball.*', validate)

    s3.create_bucket(Bucket='snow-boto3')
    addr = sb.create_address(Address=ADDRESS)['AddressId']
    check('snowball: an address id is ADID and 36 more characters', addr.startswith('ADID') and len(addr) == 40, addr)
    check('snowball: DescribeAddress returns it', sb.describe_address(AddressId=addr)['Address']['City'] == 'Anytown')
    check('snowball: DescribeAddresses lists it', [a['AddressId'] for a in sb.describe_addresses()['Addresses']] == [addr])
    job = sb.create_job(JobType='IMPORT', SnowballType='STANDARD', SnowballCapacityPreference='T80',
                        ShippingOption='NEXT_DAY', AddressId=addr,
                        RoleARN='arn:aws:iam::000000000000:role/snowball-import-S3-role',
                        Resources={'S3Resources': [{'BucketArn': 'arn:aws:s3:::snow-boto3', 'KeyRange': {}}]})['JobId']
    check('snowball: a job id is JID and 36 more characters', job.startswith('JID') and len(job) == 39, job)
    meta = sb.describe_job(JobId=job)['JobMetadata']
    check('snowball: a new job is New, with the AWS-managed KMS key',
          meta['JobState'] == 'New' and meta['KmsKeyARN'].startswith('arn:aws:kms:us-east-1:'), str(meta))
    check('snowball: no unlock code before the device is with the customer',
          error_of(sb.get_job_unlock_code, JobId=job) == ('InvalidJobStateException', STATE_TEXT))
    advance(url, 3700)
    check('snowball: an hour on, the job is PreparingAppliance',
          sb.describe_job(JobId=job)['JobMetadata']['JobState'] == 'PreparingAppliance')
    check('snowball: cancelling now is too late', error_of(sb.cancel_job, JobId=job) == ('InvalidJobStateException', STATE_TEXT))
    check('snowball: UpdateJob only while New', error_of(sb.update_job, JobId=job, Description='x')[0] == 'InvalidJobStateException')
    advance(url, 3 * DAY)
    meta = sb.describe_job(JobId=job)['JobMetadata']
    check('snowball: three days on (NEXT_DAY), the device is with the customer', meta['JobState'] == 'WithCustomer', meta['JobState'])
    check('snowball: the outbound shipment is delivered',
          meta['ShippingDetails'].get('OutboundShipment', {}).get('Status') == 'Delivered', str(meta['ShippingDetails']))
    code = sb.get_job_unlock_code(JobId=job)['UnlockCode']
    check('snowball: the unlock code is 29 characters with 4 hyphens', len(code) == 29 and code.count('-') == 4, code)
    uri = sb.get_job_manifest(JobId=job)['ManifestURI']
    check('snowball: the manifest is the job\'s', f'/{job}_manifest.bin?' in uri, uri)
    usage = sb.get_snowball_usage()
    check('snowball: usage reports the default limit of 1 (and does not enforce it)',
          (usage['SnowballLimit'], usage['SnowballsInUse']) == (1, 1), str(usage))
    check('snowball: a return label', sb.create_return_shipping_label(JobId=job)['Status'] == 'InProgress')
    check('snowball: a second label is refused',
          error_of(sb.create_return_shipping_label, JobId=job)[0] == 'ReturnShippingLabelAlreadyExistsException')
    sb.update_job_shipment_state(JobId=job, ShipmentState='RETURNED')
    check('snowball: RETURNED sends it back', sb.describe_job(JobId=job)['JobMetadata']['JobState'] == 'InTransitToAWS')
    advance(url, 7 * DAY)
    check('snowball: a week on, the job is Complete', sb.describe_job(JobId=job)['JobMetadata']['JobState'] == 'Complete')
    missing = 'JID123e4567-e89b-12d3-a456-426655440000'
    check('snowball: a missing job is InvalidResourceException', error_of(sb.describe_job, JobId=missing) == (
        'InvalidResourceException',
        "The specified resource can't be found. Check the information you provided in your last request, and try again."))
    # 39 characters (botocore checks lengths itself), but not the pattern: the service says so.
    code, message = error_of(sb.describe_job, JobId='JIDZZZZZZZZ-e89b-12d3-a456-426655440000')
    check('snowball: a bad job id fails validation', code == 'ValidationException' and "at 'jobId'" in message, message)
    for _ in range(2):
        sb.create_job(JobType='IMPORT', AddressId=addr,
                      Resources={'S3Resources': [{'BucketArn': 'arn:aws:s3:::snow-boto3'}]})
    pages = list(sb.get_paginator('list_jobs').paginate(PaginationConfig={'PageSize': 2}))
    check('snowball: ListJobs pages two at a time', [len(p['JobListEntries']) for p in pages] == [2, 1],
          str([len(p['JobListEntries']) for p in pages]))
    cluster = sb.create_cluster(JobType='LOCAL_USE', AddressId=addr, SnowballType='EDGE', ShippingOption='SECOND_DAY',
                                InitialClusterSize=5)['ClusterId']
    check('snowball: five node jobs', len(sb.list_cluster_jobs(ClusterId=cluster)['JobListEntries']) == 5)
    check('snowball: a sixth node is refused',
          error_of(sb.create_job, ClusterId=cluster)[0] == 'ClusterLimitExceededException')


def cli_session(rc, cli, url):
    cli.run('aws s3 mb s3://snow-cli')
    addr = (cli.json("aws snowball create-address --address Name=Ops,Street1=1\\ Main\\ St,City=Seattle,Country=US,PostalCode=98101") or {}).get('AddressId', 'ADID-NONE')
    job = (cli.json(f'aws snowball create-job --job-type IMPORT --snowball-type STANDARD --snowball-capacity-preference T50 '
                    f'--shipping-option SECOND_DAY --address-id {addr} '
                    "--resources '{\"S3Resources\": [{\"BucketArn\": \"arn:aws:s3:::snow-cli\"}]}'") or {}).get('JobId', 'JID-NONE')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws snowball describe-job --job-id {job} --output {out}')
    cli.run(f'aws snowball get-job-unlock-code --job-id {job}', expect_rc=255)
    cli.run('aws snowball list-jobs --output table')
    cli.run('aws snowball get-snowball-usage')
    advance(url, 3700)
    cli.run(f'aws snowball cancel-job --job-id {job}', expect_rc=255)
    advance(url, 4 * DAY)
    cli.run(f'aws snowball get-job-unlock-code --job-id {job} --output text')
    cli.run(f'aws snowball describe-job --job-id {job} --query JobMetadata.JobState --output text')
    cli.run(f'aws snowball update-job-shipment-state --job-id {job} --shipment-state RETURNED')
    cli.run('aws snowball describe-job --job-id JID123e4567-e89b-12d3-a456-426655440000', expect_rc=255)
    cli.run('aws snowball create-job --job-type MOVE', expect_rc=255)


def shape_check(rc, cases):
    rc.answers_fit_shapes('snowball', cases, {'AWSIESnowballJobManagementService': SB_MODEL})


def run(rc, url, capture, env):
    """Every Snowball check; returns the CLI cases for the console comparison."""
    problems = []
    rc.step('Snowball boto3 session', boto3_session, rc, url, problems)
    rc.check('snowball boto3: every response body fits its botocore output shape', not problems, '\n      '.join(problems[:40]))
    cli = rc.CliSession(url, capture, env)
    rc.step('Snowball CLI session', cli_session, rc, cli, url)
    shape_check(rc, cli.cases)
    return cli.cases
