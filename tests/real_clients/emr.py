"""EMR (issue 13) against the real clients, imported by run.py. The endpoint's clock follows wall
time; `POST /_sandbox/advance` moves it on (a cluster takes 4.5 virtual minutes to come up).

1. boto3: RunJobFlow with instance groups, the cluster_running waiter, AWS's streaming word-count
   tutorial as a step writing to S3 (the bucket made through the endpoint's S3), the step_complete
   waiter, the part files and _SUCCESS in the bucket, ListSteps / ListClusters / ListInstanceGroups
   / ListInstances / DescribeStep, a resize of the core group (grow, shrink, and a shrink below
   the replication factor refused), termination protection refusing TerminateJobFlows,
   termination, AWS's error codes. A transient cluster that runs the word count and ends
   TERMINATED with "Steps completed", its output still in S3. A failing step under each
   ActionOnFailure (CONTINUE, CANCEL_AND_WAIT, TERMINATE_CLUSTER), with the waiters' failures.
   Every answer's JSON is checked against botocore's emr output shapes.
2. The AWS CLI's emr commands (create-cluster, describe-cluster, add-steps, list-clusters --active,
   modify-instance-groups, modify-cluster-attributes, terminate-clusters, `wait` for each
   waiter, the customizations' own errors), each line's exchanges captured for the console
   comparison. The customizations' own errors exit 255 in v2 (its GeneralExceptionHandler) where
   v1 exits 255 too: such cases carry `rc_v2`. Every `wait` runs after the endpoint's clock has
   been advanced past the state it waits for, so the real CLI's first poll decides (it would
   otherwise sleep 30 real seconds).
"""

import json
import urllib.request

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError, WaiterError

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

    resize(rc, emr, url, cid)
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


def resize(rc, emr, url, cid):
    """ModifyInstanceGroups on the core group: grow to 3 (RESIZING, then RUNNING), shrink back
    to 2 (the node decommissioned), and a shrink below dfs.replication (2 here) refused."""
    check = rc.check
    core = next(g['Id'] for g in emr.list_instance_groups(ClusterId=cid)['InstanceGroups']
                if g['InstanceGroupType'] == 'CORE')

    def core_group():
        g = next(g for g in emr.list_instance_groups(ClusterId=cid)['InstanceGroups'] if g['Id'] == core)
        return (g['Status']['State'], g['RequestedInstanceCount'], g['RunningInstanceCount'])
    emr.modify_instance_groups(ClusterId=cid, InstanceGroups=[{'InstanceGroupId': core, 'InstanceCount': 3}])
    check('emr boto3: a grown core group is RESIZING', core_group() == ('RESIZING', 3, 2), core_group())
    advance(url, 300)
    check('emr boto3: then RUNNING with 3 nodes', core_group() == ('RUNNING', 3, 3), core_group())
    emr.modify_instance_groups(ClusterId=cid, InstanceGroups=[{'InstanceGroupId': core, 'InstanceCount': 2}])
    advance(url, 600)
    check('emr boto3: shrunk back to 2 nodes', core_group() == ('RUNNING', 2, 2), core_group())
    running = emr.list_instances(ClusterId=cid, InstanceGroupTypes=['CORE'], InstanceStates=['RUNNING'])['Instances']
    check('emr boto3: two core instances run after the shrink', len(running) == 2, running)
    # Two core nodes: dfs.replication is 1, so the group may not go below one node.
    code, message = error_of(emr.modify_instance_groups, ClusterId=cid,
                             InstanceGroups=[{'InstanceGroupId': core, 'InstanceCount': 0}])
    check('emr boto3: no shrink below the replication factor',
          code == 'ValidationException' and message.startswith('Cannot shrink the core instance group to 0 instances'),
          (code, message))
    code, message = error_of(emr.modify_instance_groups, InstanceGroups=[{'InstanceGroupId': 'ig-NOPE', 'InstanceCount': 1}])
    check('emr boto3: an unknown instance group', (code, message) == ('ValidationException', "Instance group id 'ig-NOPE' is not valid."),
          (code, message))


def transient_wordcount(rc, emr, s3, url):
    """The API's default cluster: it runs its steps and terminates, its HDFS gone, its output
    in S3."""
    check = rc.check
    s3.create_bucket(Bucket='emr-transient')
    args = WORDCOUNT.format(bucket='emr-transient', out='wc').split('Args=[', 1)[1].rstrip(']').split(',')
    cid = emr.run_job_flow(
        Name='transient', ReleaseLabel='emr-6.15.0', ServiceRole='EMR_DefaultRole', JobFlowRole='EMR_EC2_DefaultRole',
        Instances={'MasterInstanceType': 'm5.xlarge', 'SlaveInstanceType': 'm5.xlarge', 'InstanceCount': 3},
        Steps=[{'Name': 'Word count', 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': ['hadoop-streaming'] + args}}],
    )['JobFlowId']
    cluster = emr.describe_cluster(ClusterId=cid)['Cluster']
    check('emr boto3: a cluster made through the API auto-terminates', cluster['AutoTerminate'] is True, cluster)
    advance(url, 1800)
    emr.get_waiter('cluster_terminated').wait(ClusterId=cid, WaiterConfig={'Delay': 0.1, 'MaxAttempts': 5})
    status = emr.describe_cluster(ClusterId=cid)['Cluster']['Status']
    check('emr boto3: the transient cluster ends TERMINATED with "Steps completed"',
          (status['State'], status['StateChangeReason']) == ('TERMINATED', {'Code': 'ALL_STEPS_COMPLETED', 'Message': 'Steps completed'}),
          status)
    step = emr.list_steps(ClusterId=cid)['Steps'][0]
    check('emr boto3: its step defaulted to TERMINATE_CLUSTER and COMPLETED',
          (step['ActionOnFailure'], step['Status']['State']) == ('TERMINATE_CLUSTER', 'COMPLETED'), step)
    keys = [o['Key'] for o in s3.list_objects_v2(Bucket='emr-transient', Prefix='wc/').get('Contents', [])]
    check('emr boto3: the output outlives the cluster', 'wc/_SUCCESS' in keys and 'wc/part-00000' in keys, keys)
    code, message = error_of(emr.add_job_flow_steps, JobFlowId=cid, Steps=[
        {'Name': 'late', 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': ['true']}}])
    check('emr boto3: a terminated cluster takes no steps',
          (code, message) == ('ValidationException', 'A job flow that is shutting down, terminated, or finished may not be modified.'),
          (code, message))


def failing_steps(rc, emr, url):
    """A step that fails (`false` through command-runner.jar), then a second step, under each
    ActionOnFailure, on long-running clusters."""
    check = rc.check

    def step(name, action, command):
        return {'Name': name, 'ActionOnFailure': action, 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': [command]}}
    clusters = {}
    for action in ('CONTINUE', 'CANCEL_AND_WAIT', 'TERMINATE_CLUSTER'):
        clusters[action] = emr.run_job_flow(
            Name=f'fails-{action.lower()}', ReleaseLabel='emr-7.1.0', ServiceRole='EMR_DefaultRole',
            JobFlowRole='EMR_EC2_DefaultRole',
            Instances={'MasterInstanceType': 'm5.xlarge', 'SlaveInstanceType': 'm5.xlarge', 'InstanceCount': 2,
                       'KeepJobFlowAliveWhenNoSteps': True},
            Steps=[step('bad', action, 'false'), step('next', 'CONTINUE', 'true')])['JobFlowId']
    advance(url, 600)
    want = {'CONTINUE': ('WAITING', 'COMPLETED'), 'CANCEL_AND_WAIT': ('WAITING', 'CANCELLED'),
            'TERMINATE_CLUSTER': ('TERMINATED_WITH_ERRORS', 'CANCELLED')}
    for action, cid in clusters.items():
        steps = {s['Name']: s for s in emr.list_steps(ClusterId=cid)['Steps']}
        bad, after = steps['bad'], steps['next']
        status = emr.describe_cluster(ClusterId=cid)['Cluster']['Status']
        check(f'emr boto3: {action}: the failing step FAILED, the next one {want[action][1]}, the cluster {want[action][0]}',
              (bad['Status']['State'], after['Status']['State'], status['State']) == ('FAILED', want[action][1], want[action][0]),
              (bad['Status'], after['Status']['State'], status))
        check(f'emr boto3: {action}: FailureDetails as EMR reports an unknown failure',
              bad['Status'].get('FailureDetails') == {'Reason': 'Unknown Error', 'Message': "Command exiting with ret '1'"},
              bad['Status'])
        try:
            emr.get_waiter('step_complete').wait(ClusterId=cid, StepId=bad['Id'], WaiterConfig={'Delay': 0.1, 'MaxAttempts': 2})
            waited = 'no error'
        except WaiterError as e:
            waited = str(e)
        check(f'emr boto3: {action}: step_complete fails on the FAILED step',
              waited == 'Waiter StepComplete failed: Waiter encountered a terminal failure state: '
                        'For expression "Step.Status.State" we matched expected path: "FAILED"', waited)
    status = emr.describe_cluster(ClusterId=clusters['TERMINATE_CLUSTER'])['Cluster']['Status']
    check('emr boto3: TERMINATE_CLUSTER: shut down as step failed',
          status['StateChangeReason'] == {'Code': 'STEP_FAILURE', 'Message': 'Shut down as step failed'}, status)
    for action in ('CONTINUE', 'CANCEL_AND_WAIT'):
        emr.terminate_job_flows(JobFlowIds=[clusters[action]])


def cli_session(rc, cli, url):
    cli.run('aws s3 mb s3://emr-cli')
    created = cli.json('aws emr create-cluster --name cli --release-label emr-7.1.0 --applications Name=Hadoop '
                       '--instance-type m5.xlarge --instance-count 3 --use-default-roles --tags team=data')
    cid = (created or {}).get('ClusterId', 'j-NONE')
    cli.run(f'aws emr describe-cluster --cluster-id {cid}')
    advance(url, 300)
    cli.run(f'aws emr wait cluster-running --cluster-id {cid}')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws emr describe-cluster --cluster-id {cid} --output {out}')
        cli.run(f'aws emr list-clusters --active --output {out}')
    cli.run(f'aws emr describe-cluster --cluster-id {cid} --query Cluster.Status.State --output text')
    step = cli.json(f"aws emr add-steps --cluster-id {cid} --steps '{WORDCOUNT.format(bucket='emr-cli', out='wc')}'")
    sid = ((step or {}).get('StepIds') or ['s-NONE'])[0]
    advance(url, 1200)
    cli.run(f'aws emr wait step-complete --cluster-id {cid} --step-id {sid}')
    cli.run(f'aws emr describe-step --cluster-id {cid} --step-id {sid}')
    cli.run(f'aws emr list-steps --cluster-id {cid} --output text')
    cli.run(f'aws emr list-instances --cluster-id {cid} --instance-group-types CORE --query Instances[].Status.State')
    cli.run('aws s3 ls s3://emr-cli/wc/')
    # The same output again: the step fails (the output directory exists) and so does its wait.
    again = cli.json(f"aws emr add-steps --cluster-id {cid} --steps '{WORDCOUNT.format(bucket='emr-cli', out='wc')}'")
    failed = ((again or {}).get('StepIds') or ['s-NONE'])[0]
    advance(url, 600)
    cli.run(f'aws emr wait step-complete --cluster-id {cid} --step-id {failed}', expect_rc=255)
    cli.cases[-1]['rc_v2'] = 255
    cli.run(f'aws emr describe-step --cluster-id {cid} --step-id {failed} --query Step.Status.FailureDetails')
    # The CLI hides list-instance-groups: describe-cluster shows the groups.
    groups = f'aws emr describe-cluster --cluster-id {cid} --query Cluster.InstanceGroups[].[InstanceGroupType,Status.State,RequestedInstanceCount,RunningInstanceCount]'
    core = (cli.run(f"aws emr describe-cluster --cluster-id {cid} --query \"Cluster.InstanceGroups[?InstanceGroupType=='CORE'].Id\" --output text")
            .strip() or 'ig-NONE')
    cli.run(f'aws emr modify-instance-groups --instance-groups InstanceGroupId={core},InstanceCount=3')
    cli.run(f'{groups} --output table')
    advance(url, 300)
    cli.run(f'{groups} --output text')
    cli.run(f'aws emr list-instances --cluster-id {cid} --instance-group-types CORE --query Instances[].Status.State')
    cli.run(f'aws emr modify-instance-groups --cluster-id {cid} --instance-groups InstanceGroupId={core},InstanceCount=0',
            expect_rc=255)
    cli.run(f'aws emr modify-cluster-attributes --cluster-id {cid} --termination-protected')
    cli.run(f'aws emr terminate-clusters --cluster-ids {cid}', expect_rc=255)
    cli.run(f'aws emr modify-cluster-attributes --cluster-id {cid} --no-termination-protected')
    cli.run(f'aws emr terminate-clusters --cluster-ids {cid}')
    advance(url, 120)
    cli.run(f'aws emr wait cluster-terminated --cluster-id {cid}')
    cli.run(f'aws emr wait cluster-running --cluster-id {cid}', expect_rc=255)
    cli.cases[-1]['rc_v2'] = 255
    cli.run('aws emr wait cluster-running --cluster-id j-NOPE', expect_rc=255)
    cli.cases[-1]['rc_v2'] = 255
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
    rc.answers_fit_shapes('emr', cases, {'ElasticMapReduce': EMR_MODEL})


def run(rc, url, capture, env):
    """Every EMR check; returns the CLI cases for the console comparison."""
    problems = []
    rc.step('EMR boto3 session', boto3_session, rc, url, problems)
    emr, s3 = client(url, 'emr'), client(url, 's3')

    def validate(operation_model, response_dict, **_):
        for p in rc.response_problems(operation_model.name, response_dict['status_code'], response_dict['body'], EMR_MODEL):
            problems.append(f'{operation_model.name}: {p}')
    emr.meta.events.register('before-parse.emr.*', validate)
    rc.step('EMR transient word count', transient_wordcount, rc, emr, s3, url)
    rc.step('EMR failing steps', failing_steps, rc, emr, url)
    rc.check('emr boto3: every response body fits its botocore output shape', not problems, '\n      '.join(problems[:40]))
    cli = rc.CliSession(url, capture, env)
    rc.step('EMR CLI session', cli_session, rc, cli, url)
    shape_check(rc, cli.cases)
    return cli.cases
