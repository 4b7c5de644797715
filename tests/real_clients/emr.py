"""EMR (issue 13) against the real clients, imported by run.py. The endpoint's clock follows wall
time; `POST /_sandbox/advance` moves it on (a cluster takes 4.5 virtual minutes to come up).

1. boto3: RunJobFlow with instance groups, the cluster_running waiter, AWS's streaming word-count
   tutorial as a step writing to S3 (the bucket made through the endpoint's S3), the step_complete
   waiter, the part files and _SUCCESS in the bucket, ListSteps / ListClusters / ListInstanceGroups
   / ListInstances / DescribeStep, termination protection refusing TerminateJobFlows, termination,
   AWS's error codes. Every answer's JSON is checked against botocore's emr output shapes.
2. The AWS CLI's emr commands (create-cluster, describe-cluster, add-steps, list-clusters --active,
   modify-cluster-attributes, terminate-clusters, the customizations' own errors), each line's
   exchanges captured for the console comparison. The customizations' own errors exit 255 in v2
   (its GeneralExceptionHandler) where v1 exits 255 too: such cases carry `rc_v2`.
"""

import json
import urllib.request

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

EMR_MODEL = botocore.session.get_session().get_service_model('emr')
WORDCOUNT = ('Type=STREAMING,Name=Word count,ActionOnFailure=CONTINUE,Args=[-files,'
             's3://elasticmapreduce/samples/wordcount/wordSplitter.py,-mapper,wordSplitter.py,'
             '-reducer,aggregate,-input,s3://elasticmapreduce/samples/wordcount/input,-output,s3://{bucket}/{out}]')


def advance(url, seconds):
    req = urllib.request.Request(f'{url}/_sandbox/advance', data=json.dumps({'seconds': seconds}).encode(),
                                 method='POST', headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def client(url, service):
    return boto3.client(service, endpoint_url=url, region_name='us-east-1', aws_access_key_id='x',
                        aws_secret_access_key='x', config=Config(retries={'mode': 'standard', 'max_attempts': 1}))


def error_of(fn, **kw):
    try:
        fn(**kw)
        return ('no error', '')
    except ClientError as e:
        return (e.response['Error'].get('Code'), e.response['Error'].get('Message'))


def boto3_session(rc, url, problems):
    check = rc.check
    emr, s3 = client(url, 'emr'), client(url, 's3')

    def validate(operation_model, response_dict, **_):
        for p in rc.response_problems(operation_model.name, response_dict['status_code'], response_dict['body'], EMR_MODEL):
            problems.append(f'{operation_model.name}: {p}')
    emr.meta.events.register('before-parse.emr.*', validate)

    fast = {'Delay': 0.1, 'MaxAttempts': 50}
    s3.create_bucket(Bucket='emr-boto3')
    out = emr.run_job_flow(
        Name='boto3', ReleaseLabel='emr-7.1.0', Applications=[{'Name': 'Hadoop'}],
        Instances={'InstanceGroups': [
            {'Name': 'Primary', 'InstanceRole': 'MASTER', 'InstanceType': 'm5.xlarge', 'InstanceCount': 1},
            {'Name': 'Core', 'InstanceRole': 'CORE', 'InstanceType': 'm5.xlarge', 'InstanceCount': 2}],
            'KeepJobFlowAliveWhenNoSteps': True},
        ServiceRole='EMR_DefaultRole', JobFlowRole='EMR_EC2_DefaultRole', VisibleToAllUsers=True,
        Tags=[{'Key': 'team', 'Value': 'data'}])
    cid = out['JobFlowId']
    check('emr boto3: RunJobFlow answers a j- id and the cluster ARN',
          cid.startswith('j-') and out['ClusterArn'].endswith(f':cluster/{cid}'), out)
    state = emr.describe_cluster(ClusterId=cid)['Cluster']['Status']
    check('emr boto3: a new cluster is STARTING', state['State'] == 'STARTING', state)
    advance(url, 300)
    emr.get_waiter('cluster_running').wait(ClusterId=cid, WaiterConfig=fast)
    cluster = emr.describe_cluster(ClusterId=cid)['Cluster']
    check('emr boto3: cluster_running waiter ends WAITING', cluster['Status']['State'] == 'WAITING', cluster['Status'])
    check('emr boto3: Hadoop is installed', any(a['Name'] == 'Hadoop' for a in cluster['Applications']), cluster['Applications'])
    groups = emr.list_instance_groups(ClusterId=cid)['InstanceGroups']
    check('emr boto3: two instance groups, all RUNNING',
          sorted((g['InstanceGroupType'], g['RunningInstanceCount']) for g in groups) == [('CORE', 2), ('MASTER', 1)], groups)
    instances = emr.list_instances(ClusterId=cid)['Instances']
    check('emr boto3: three instances', len(instances) == 3, len(instances))

    args = WORDCOUNT.format(bucket='emr-boto3', out='wordcount')
    step_args = args.split('Args=[', 1)[1].rstrip(']').split(',')
    sid = emr.add_job_flow_steps(JobFlowId=cid, Steps=[{
        'Name': 'Word count', 'ActionOnFailure': 'CONTINUE',
        'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': ['hadoop-streaming'] + step_args}}])['StepIds'][0]
    advance(url, 1200)
    emr.get_waiter('step_complete').wait(ClusterId=cid, StepId=sid, WaiterConfig=fast)
    step = emr.describe_step(ClusterId=cid, StepId=sid)['Step']
    check('emr boto3: the word count step COMPLETED', step['Status']['State'] == 'COMPLETED', step['Status'])
    keys = [o['Key'] for o in s3.list_objects_v2(Bucket='emr-boto3', Prefix='wordcount/').get('Contents', [])]
    check('emr boto3: part files and _SUCCESS in S3', 'wordcount/_SUCCESS' in keys and any('/part-' in k for k in keys), keys)
    part = next((k for k in keys if '/part-' in k), None)
    if part:
        text = s3.get_object(Bucket='emr-boto3', Key=part)['Body'].read().decode()
        lines = [line for line in text.splitlines() if line]
        check('emr boto3: the output is word<TAB>count lines',
              lines and all(len(line.split('\t')) == 2 and line.split('\t')[1].isdigit() for line in lines), lines[:3])
    listed = emr.list_steps(ClusterId=cid)['Steps']
    check('emr boto3: ListSteps lists the step', [s['Id'] for s in listed] == [sid], listed)
    waiting = emr.list_clusters(ClusterStates=['WAITING'])['Clusters']
    check('emr boto3: ListClusters by state', cid in [c['Id'] for c in waiting], waiting)

    emr.set_termination_protection(JobFlowIds=[cid], TerminationProtected=True)
    code, _ = error_of(emr.terminate_job_flows, JobFlowIds=[cid])
    check('emr boto3: a protected cluster refuses TerminateJobFlows', code == 'ValidationException', code)
    emr.set_termination_protection(JobFlowIds=[cid], TerminationProtected=False)
    emr.terminate_job_flows(JobFlowIds=[cid])
    advance(url, 120)
    emr.get_waiter('cluster_terminated').wait(ClusterId=cid, WaiterConfig=fast)
    status = emr.describe_cluster(ClusterId=cid)['Cluster']['Status']
    check('emr boto3: terminated by user request',
          status['State'] == 'TERMINATED' and status['StateChangeReason'].get('Code') == 'USER_REQUEST', status)
    code, message = error_of(emr.describe_cluster, ClusterId='j-NOPE')
    check('emr boto3: an unknown cluster id', (code, message) == ('InvalidRequestException', "Cluster id 'j-NOPE' is not valid."),
          (code, message))


def cli_session(rc, cli, url):
    cli.run('aws s3 mb s3://emr-cli')
    created = cli.json('aws emr create-cluster --name cli --release-label emr-7.1.0 --applications Name=Hadoop '
                       '--instance-type m5.xlarge --instance-count 3 --use-default-roles --tags team=data')
    cid = (created or {}).get('ClusterId', 'j-NONE')
    cli.run(f'aws emr describe-cluster --cluster-id {cid}')
    advance(url, 300)
    for out in ('json', 'text', 'table'):
        cli.run(f'aws emr describe-cluster --cluster-id {cid} --output {out}')
        cli.run(f'aws emr list-clusters --active --output {out}')
    cli.run(f'aws emr describe-cluster --cluster-id {cid} --query Cluster.Status.State --output text')
    step = cli.json(f"aws emr add-steps --cluster-id {cid} --steps '{WORDCOUNT.format(bucket='emr-cli', out='wc')}'")
    sid = ((step or {}).get('StepIds') or ['s-NONE'])[0]
    advance(url, 1200)
    cli.run(f'aws emr describe-step --cluster-id {cid} --step-id {sid}')
    cli.run(f'aws emr list-steps --cluster-id {cid} --output text')
    cli.run(f'aws emr list-instances --cluster-id {cid} --instance-group-types CORE --query Instances[].Status.State')
    cli.run('aws s3 ls s3://emr-cli/wc/')
    cli.run(f'aws emr modify-cluster-attributes --cluster-id {cid} --termination-protected')
    cli.run(f'aws emr terminate-clusters --cluster-ids {cid}', expect_rc=255)
    cli.run(f'aws emr modify-cluster-attributes --cluster-id {cid} --no-termination-protected')
    cli.run(f'aws emr terminate-clusters --cluster-ids {cid}')
    advance(url, 120)
    cli.run('aws emr list-clusters --terminated --query Clusters[].[Name,Status.State] --output text')
    cli.run('aws emr describe-cluster --cluster-id j-NOPE', expect_rc=255)
    cli.run('aws emr add-steps --cluster-id j-NOPE --steps Jar=x', expect_rc=255)
    # The customizations' own errors: v2 exits 255 (GeneralExceptionHandler).
    for line in ('aws emr create-cluster --release-label emr-7.1.0',
                 'aws emr create-cluster --release-label emr-7.1.0 --instance-type m5.xlarge --foo',
                 'aws emr list-clusters --active --failed',
                 f'aws emr modify-cluster-attributes --cluster-id {cid}'):
        cli.run(line, expect_rc=255)
        cli.cases[-1]['rc_v2'] = 255
    cli.run('aws emr run-job-flow --name x', expect_rc=2)


def shape_check(rc, cases):
    problems = []
    for case in cases:
        for x in case['exchanges']:
            prefix, op = x['target'].split('.', 1)
            if prefix == 'ElasticMapReduce':
                problems += [f'{case["line"]}: {op}: {p}'
                             for p in rc.response_problems(op, x['status'], x['response'], EMR_MODEL)]
    rc.check('emr: every answer the CLI got fits its botocore output shape', not problems, '\n      '.join(problems[:40]))


def run(rc, url, capture, env):
    """Every EMR check; returns the CLI cases for the console comparison."""
    problems = []
    rc.step('EMR boto3 session', boto3_session, rc, url, problems)
    rc.check('emr boto3: every response body fits its botocore output shape', not problems, '\n      '.join(problems[:40]))
    cli = rc.CliSession(url, capture, env)
    rc.step('EMR CLI session', cli_session, rc, cli, url)
    shape_check(rc, cli.cases)
    return cli.cases
