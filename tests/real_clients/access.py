"""EMR access (issue 14): EC2 and IAM, the sandbox's query-protocol services, against the real
clients, imported by run.py (or run alone: `python3 tests/real_clients/access.py`, which starts its
own endpoint and compares the console too).

1. boto3 (its botocore has the whole ec2 and iam models, and parses their XML answers with them):
   an EMR cluster launches and makes its managed groups ElasticMapReduce-master and
   ElasticMapReduce-slave; DescribeSecurityGroups and DescribeInstances show them and the nodes
   that carry them; CreateSecurityGroup, AuthorizeSecurityGroupIngress and
   RevokeSecurityGroupIngress on a learner's group, with EC2's errors (InvalidGroup.Duplicate,
   InvalidPermission.Duplicate, InvalidPermission.NotFound, InvalidGroup.NotFound); IAM's
   CreateUser, PutUserPolicy (MalformedPolicyDocument for a broken document), ListUsers,
   SimulatePrincipalPolicy; then bob's key, whose policy allows listing only: ListClusters
   answers, AddJobFlowSteps is refused with AccessDeniedException naming bob and the cluster.
   Every answer the engine gave (the endpoint's capture, JSON) fits botocore's output shape.
2. The AWS CLI's `aws ec2` and `aws iam` lines (the secgroup shorthand --protocol/--port/--cidr,
   --ip-permissions, --filters, the three output formats, errors) and `--profile carol` acting as
   an IAM user, each line's exchanges captured for the console comparison.
"""

import json
import os
import sys
import tempfile

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

import emr as emr_checks  # tests/real_clients/emr.py: the endpoint's clock control

SESSION = botocore.session.get_session()
EC2_MODEL = SESSION.get_service_model('ec2')
IAM_MODEL = SESSION.get_service_model('iam')
ACCOUNT = '000000000000'
MY_IP = '198.51.100.7/32'
READ_ONLY = json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Sid': 'ListOnly', 'Effect': 'Allow', 'Action': ['elasticmapreduce:List*', 'elasticmapreduce:Describe*'],
     'Resource': '*'}]})


def client(url, service, key='sandbox'):
    return boto3.client(service, endpoint_url=url, region_name='us-east-1', aws_access_key_id=key,
                        aws_secret_access_key='x', config=Config(retries={'mode': 'standard', 'max_attempts': 1}))


def error_of(fn, **kw):
    try:
        fn(**kw)
        return ('no error', '')
    except ClientError as e:
        return (e.response['Error'].get('Code'), e.response['Error'].get('Message'))


def launch(rc, url):
    """A cluster (as the root user) and its id, once it runs."""
    emr = client(url, 'emr')
    out = emr.run_job_flow(
        Name='access', ReleaseLabel='emr-7.1.0', Applications=[{'Name': 'Hadoop'}],
        Instances={'InstanceGroups': [
            {'Name': 'Primary', 'InstanceRole': 'MASTER', 'InstanceType': 'm5.xlarge', 'InstanceCount': 1},
            {'Name': 'Core', 'InstanceRole': 'CORE', 'InstanceType': 'm5.xlarge', 'InstanceCount': 2}],
            'KeepJobFlowAliveWhenNoSteps': True, 'Ec2KeyName': 'lab-key'},
        ServiceRole='EMR_DefaultRole', JobFlowRole='EMR_EC2_DefaultRole', VisibleToAllUsers=True)
    emr_checks.advance(url, 300)
    return out['JobFlowId']


def boto3_session(rc, url, state):
    check = rc.check
    ec2, iam = client(url, 'ec2'), client(url, 'iam')
    cid = launch(rc, url)
    state['cluster'] = cid
    groups = ec2.describe_security_groups(Filters=[{'Name': 'group-name', 'Values': ['ElasticMapReduce-*']}])
    by_name = {g['GroupName']: g for g in groups['SecurityGroups']}
    check('ec2 boto3: the launch made ElasticMapReduce-master and -slave',
          sorted(by_name) == ['ElasticMapReduce-master', 'ElasticMapReduce-slave'], sorted(by_name))
    master = by_name.get('ElasticMapReduce-master', {})
    slave = by_name.get('ElasticMapReduce-slave', {})
    state['master'] = master.get('GroupId', 'sg-NONE')
    public = [p for p in master.get('IpPermissions', []) for r in p['IpRanges'] if r['CidrIp'] == '0.0.0.0/0']
    check('ec2 boto3: no inbound rule of the master group admits 0.0.0.0/0', not public, public)
    tcp_from = sorted(pair['GroupId'] for p in slave.get('IpPermissions', []) if p['IpProtocol'] == 'tcp'
                      for pair in p['UserIdGroupPairs'])
    check('ec2 boto3: the slave group admits TCP from the two managed groups only',
          tcp_from == sorted([master.get('GroupId'), slave.get('GroupId')]), tcp_from)
    check('ec2 boto3: each new group sends all traffic anywhere',
          all(g['IpPermissionsEgress'] == [{'IpProtocol': '-1', 'IpRanges': [{'CidrIp': '0.0.0.0/0'}],
                                            'Ipv6Ranges': [], 'PrefixListIds': [], 'UserIdGroupPairs': []}]
              for g in by_name.values()), [g['IpPermissionsEgress'] for g in by_name.values()])

    nodes = ec2.describe_instances(Filters=[{'Name': 'tag:aws:elasticmapreduce:job-flow-id', 'Values': [cid]}])
    instances = [i for r in nodes['Reservations'] for i in r['Instances']]
    roles = sorted((next(t['Value'] for t in i['Tags'] if t['Key'] == 'aws:elasticmapreduce:instance-group-role'),
                    i['SecurityGroups'][0]['GroupName'], i['State']['Name'], i.get('KeyName')) for i in instances)
    check('ec2 boto3: DescribeInstances shows the three nodes with their groups and key',
          roles == [('CORE', 'ElasticMapReduce-slave', 'running', 'lab-key')] * 2
          + [('MASTER', 'ElasticMapReduce-master', 'running', 'lab-key')], roles)

    lab = ec2.create_security_group(GroupName='boto3-lab', Description='Learner group')['GroupId']
    check('ec2 boto3: CreateSecurityGroup answers an sg- id', lab.startswith('sg-'), lab)
    code, message = error_of(ec2.create_security_group, GroupName='boto3-lab', Description='again')
    check('ec2 boto3: a second group of the same name is InvalidGroup.Duplicate',
          (code, message) == ('InvalidGroup.Duplicate',
                              "The security group 'boto3-lab' already exists for VPC 'vpc-0a1b2c3d4e5f60718'"),
          (code, message))
    ssh = [{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': MY_IP, 'Description': 'me'}]}]
    check('ec2 boto3: AuthorizeSecurityGroupIngress answers Return true',
          ec2.authorize_security_group_ingress(GroupId=lab, IpPermissions=ssh)['Return'] is True)
    code, message = error_of(ec2.authorize_security_group_ingress, GroupId=lab, IpPermissions=ssh)
    check('ec2 boto3: the same rule again is InvalidPermission.Duplicate',
          (code, message) == ('InvalidPermission.Duplicate',
                              'the specified rule "peer: 198.51.100.7/32, TCP, from port: 22, to port: 22, ALLOW" already exists'),
          (code, message))
    rules = ec2.describe_security_groups(GroupIds=[lab])['SecurityGroups'][0]['IpPermissions']
    check('ec2 boto3: the rule is listed with its description',
          rules == [{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'UserIdGroupPairs': [],
                     'IpRanges': [{'CidrIp': MY_IP, 'Description': 'me'}], 'Ipv6Ranges': [], 'PrefixListIds': []}],
          rules)
    code, message = error_of(ec2.authorize_security_group_ingress, GroupId=lab, IpPermissions=[
        {'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': '10.0.0.0/33'}]}])
    check('ec2 boto3: a bad CIDR is InvalidParameterValue',
          (code, message) == ('InvalidParameterValue',
                              'Value (10.0.0.0/33) for parameter cidrIp is invalid. This is not a valid CIDR block.'),
          (code, message))
    ec2.revoke_security_group_ingress(GroupId=lab, IpPermissions=ssh)
    code, message = error_of(ec2.revoke_security_group_ingress, GroupId=lab, IpPermissions=ssh)
    check('ec2 boto3: revoking a rule that is gone is InvalidPermission.NotFound',
          (code, message) == ('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.'),
          (code, message))
    code, message = error_of(ec2.describe_security_groups, GroupIds=['sg-0123456789abcdef0'])
    check('ec2 boto3: an unknown group is InvalidGroup.NotFound',
          (code, message) == ('InvalidGroup.NotFound', "The security group 'sg-0123456789abcdef0' does not exist"),
          (code, message))

    user = iam.create_user(UserName='bob')['User']
    check('iam boto3: CreateUser answers the user with its ARN and an AIDA id',
          user['Arn'] == f'arn:aws:iam::{ACCOUNT}:user/bob' and user['UserId'].startswith('AIDA')
          and user['Path'] == '/', user)
    iam.create_user(UserName='alice')
    code, message = error_of(iam.create_user, UserName='bob')
    check('iam boto3: a second bob is EntityAlreadyExists',
          (code, message) == ('EntityAlreadyExists', 'User with name bob already exists.'), (code, message))
    iam.put_user_policy(UserName='bob', PolicyName='emr-read', PolicyDocument=READ_ONLY)
    code, message = error_of(iam.put_user_policy, UserName='bob', PolicyName='broken', PolicyDocument='{"Statement": [')
    check('iam boto3: a broken document is MalformedPolicyDocument',
          code == 'MalformedPolicyDocument' and message == 'Syntax errors in policy.', (code, message))
    names = [u['UserName'] for u in iam.list_users()['Users']]
    check('iam boto3: ListUsers lists alice and bob', names == ['alice', 'bob'], names)
    code, message = error_of(iam.put_user_policy, UserName='carol', PolicyName='p', PolicyDocument=READ_ONLY)
    check('iam boto3: a policy for an unknown user is NoSuchEntity',
          (code, message) == ('NoSuchEntity', 'The user with name carol cannot be found.'), (code, message))
    results = iam.simulate_principal_policy(
        PolicySourceArn=f'arn:aws:iam::{ACCOUNT}:user/bob',
        ActionNames=['elasticmapreduce:ListClusters', 'elasticmapreduce:AddJobFlowSteps'])['EvaluationResults']
    decisions = [(r['EvalActionName'], r['EvalDecision'], [s['SourcePolicyId'] for s in r['MatchedStatements']])
                 for r in results]
    check('iam boto3: the simulator allows listing and implicitly denies AddJobFlowSteps',
          decisions == [('elasticmapreduce:ListClusters', 'allowed', ['emr-read']),
                        ('elasticmapreduce:AddJobFlowSteps', 'implicitDeny', [])], decisions)

    bob = client(url, 'emr', key='bob')
    listed = [c['Id'] for c in bob.list_clusters()['Clusters']]
    check("emr boto3 as bob: ListClusters is allowed by bob's policy", cid in listed, listed)
    code, message = error_of(bob.add_job_flow_steps, JobFlowId=cid, Steps=[
        {'Name': 'x', 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': ['true']}}])
    arn = client(url, 'emr').describe_cluster(ClusterId=cid)['Cluster']['ClusterArn']
    check('emr boto3 as bob: AddJobFlowSteps is AccessDeniedException naming bob and the cluster',
          (code, message) == ('AccessDeniedException',
                              f'User: arn:aws:iam::{ACCOUNT}:user/bob is not authorized to perform: '
                              f'elasticmapreduce:AddJobFlowSteps on resource: {arn} because no identity-based '
                              'policy allows the elasticmapreduce:AddJobFlowSteps action'),
          (code, message))


def cli_session(rc, cli, url, state):
    cid, master = state.get('cluster', 'j-NONE'), state.get('master', 'sg-NONE')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws ec2 describe-security-groups --filters Name=group-name,Values=ElasticMapReduce-* --output {out}')
    cli.run(f'aws ec2 describe-instances --filters Name=tag:aws:elasticmapreduce:job-flow-id,Values={cid} '
            '--query Reservations[].Instances[].[InstanceId,State.Name,SecurityGroups[0].GroupName] --output text')
    cli.run(f'aws ec2 describe-instances --filters Name=instance-state-name,Values=running')
    created = cli.json('aws ec2 create-security-group --group-name cli-lab --description "CLI lab"')
    lab = (created or {}).get('GroupId', 'sg-NONE')
    cli.run('aws ec2 create-security-group --group-name cli-lab --description again', expect_rc=255)
    cli.run(f'aws ec2 authorize-security-group-ingress --group-id {lab} --protocol tcp --port 22 --cidr {MY_IP}')
    cli.run(f'aws ec2 authorize-security-group-ingress --group-id {lab} --protocol tcp --port 22 --cidr {MY_IP}',
            expect_rc=255)
    cli.run(f'aws ec2 authorize-security-group-ingress --group-name cli-lab --protocol tcp --port 8000-8100 '
            f'--source-group {master}')
    cli.run(f'aws ec2 authorize-security-group-ingress --group-id {lab} --ip-permissions '
            'IpProtocol=udp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16,Description=dns}]')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws ec2 describe-security-groups --group-ids {lab} --output {out}')
    cli.run(f'aws ec2 revoke-security-group-ingress --group-id {lab} --protocol tcp --port 22 --cidr {MY_IP}')
    cli.run(f'aws ec2 revoke-security-group-ingress --group-id {lab} --protocol tcp --port 22 --cidr {MY_IP}',
            expect_rc=255)
    cli.run(f'aws ec2 authorize-security-group-ingress --group-id {lab} --protocol tcp --port 70000 --cidr 0.0.0.0/0',
            expect_rc=255)
    cli.run('aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0', expect_rc=255)
    # The shorthand's own errors (ValueError): v2 exits 255 too (GeneralExceptionHandler).
    for line in (f'aws ec2 authorize-security-group-ingress --group-id {lab} --protocol tcp --port 22-x --cidr {MY_IP}',
                 f'aws ec2 authorize-security-group-ingress --group-id {lab} --protocol bogus --port 22 --cidr {MY_IP}',
                 f'aws ec2 authorize-security-group-ingress --group-id {lab} --protocol 300 --port 22 --cidr {MY_IP}',
                 f'aws ec2 revoke-security-group-ingress --group-id {lab} --port 22 '
                 '--ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22'):
        cli.run(line, expect_rc=255)
        cli.cases[-1]['rc_v2'] = 255
    cli.run(f'aws ec2 describe-security-groups --group-ids {lab} --query SecurityGroups[0].IpPermissions[].IpProtocol')

    cli.run('aws iam create-user --user-name carol')
    cli.run('aws iam create-user --user-name carol', expect_rc=255)
    cli.run(f"aws iam put-user-policy --user-name carol --policy-name emr-read --policy-document '{READ_ONLY}'")
    cli.run("aws iam put-user-policy --user-name carol --policy-name broken --policy-document '{\"Statement\": ['",
            expect_rc=255)
    for out in ('json', 'text', 'table'):
        cli.run(f'aws iam list-users --output {out}')
    cli.run('aws iam list-user-policies --user-name carol')
    cli.run(f'aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::{ACCOUNT}:user/carol '
            '--action-names elasticmapreduce:ListClusters elasticmapreduce:TerminateJobFlows')
    cli.run(f'aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::{ACCOUNT}:user/carol '
            '--action-names elasticmapreduce:ListClusters --output text')
    # --profile carol: the key of carol's profile names her; her policy lists but does not terminate.
    cli.run('aws emr list-clusters --active --query Clusters[].Id --profile carol')
    cli.run(f'aws emr terminate-clusters --cluster-ids {cid} --profile carol', expect_rc=255)


def shape_check(rc, cases):
    """The engine's answers (captured as JSON) against botocore's output shapes."""
    rc.answers_fit_shapes('ec2/iam', cases, {'ec2': EC2_MODEL, 'iam': IAM_MODEL}, errors_too=False)


def run(rc, url, capture, env):
    """Every access check; returns the CLI cases for the console comparison."""
    state = {}
    rc.step('EC2/IAM boto3 session', boto3_session, rc, url, state)
    # Profiles whose access key ids name IAM users, beside the runner's settings.
    config = os.path.join(tempfile.mkdtemp(prefix='access-'), 'config')
    with open(env['AWS_CONFIG_FILE']) as f:
        base = f.read()
    with open(config, 'w') as f:
        f.write(base + '\n[profile carol]\nregion = us-east-1\ncli_timestamp_format = iso8601\n'
                'retry_mode = standard\nmax_attempts = 3\naws_access_key_id = carol\naws_secret_access_key = x\n')
    cli = rc.CliSession(url, capture, dict(env, AWS_CONFIG_FILE=config))
    rc.step('EC2/IAM CLI session', cli_session, rc, cli, url, state)
    shape_check(rc, cli.cases)
    return cli.cases


if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(__file__))
    import run as runner  # noqa: E402  (tests/real_clients/run.py)
    sys.exit(runner.main(only=[sys.modules[__name__]]))
