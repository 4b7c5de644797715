"""Data Pipeline (issue 17) against the real clients, imported by run.py (or run alone:
`python3 tests/real_clients/pipeline.py`). Instances appear as virtual time passes:
`POST /_sandbox/advance` moves the endpoint's clock on.

1. boto3: CreatePipeline twice with one name and uniqueId (the same id, as the model promises),
   PutPipelineDefinition (the answer with AWS's two well-known warnings, then an errored one),
   ValidatePipelineDefinition with AWS's published startDateTime text, ActivatePipeline,
   DescribePipelines (@pipelineState SCHEDULED), ListPipelines, QueryObjects of the INSTANCE
   sphere and DescribeObjects of what it found ten minutes on (the activity FINISHED on its
   Ec2Resource), a second pipeline waiting for a runner paused and resumed by SetStatus,
   DeactivatePipeline, DeletePipeline, and the missing pipeline's PipelineNotFoundException.
   Every answer's JSON is checked against botocore's datapipeline output shapes.
2. The AWS CLI's `aws datapipeline` lines run in a working directory holding the definition
   files: `put-pipeline-definition --pipeline-definition file://...` (a good file, a file with
   validation errors, a missing file, a definition with `values` and `--parameter-values-uri`),
   `activate-pipeline --parameter-values-uri file://...`, describe, list, query, describe-objects,
   set-status, deactivate, delete; `get-pipeline-definition` (printed in the file form by the
   CLI's translator, as json, text and table, latest and active); `list-runs` (the CLI's own
   command: QueryObjects then DescribeObjects, printed in its own columns) with its default
   four-day window, `--start-interval`, `--schedule-interval`, `--status`, each output format
   and a `--query`, and its errors (a status it does not know, an interval of one time, a
   missing pipeline). Each line's exchanges and the files it saw are captured, and the console
   (cli_replay, with the same files and the clock the CLI read) must print what the real CLI
   printed.
"""

import base64
import calendar
import json
import os
import sys
import tempfile
import time

import botocore.session
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emr import advance, client  # noqa: E402

DP_MODEL = botocore.session.get_session().get_service_model('datapipeline')
START_TEXT = "INVALID_FIELD_VALUE:  'startDateTime' value must be a literal datetime value."
LOG_WARNING = ("'pipelineLogUri'is missing. It is recommended to set this value on Default object for "
               "better troubleshooting.")
TERMINATE_WARNING = ("'terminateAfter' is missing. It is recommended to set this to avoid leaving resource "
                     "running for long duration.")


def text(k, v):
    return {'key': k, 'stringValue': v}


def ref(k, v):
    return {'key': k, 'refValue': v}


HELLO = [
    {'id': 'Default', 'name': 'Default', 'fields': [
        text('scheduleType', 'ondemand'), text('role', 'DataPipelineDefaultRole'),
        text('resourceRole', 'DataPipelineDefaultResourceRole')]},
    {'id': 'Box', 'name': 'Box', 'fields': [text('type', 'Ec2Resource')]},
    {'id': 'Hello', 'name': 'Hello', 'fields': [
        text('type', 'ShellCommandActivity'), text('command', 'echo hello'), ref('runsOn', 'Box')]},
]

# The CLI's file form: a worker group no runner polls, so the activity waits WAITING_FOR_RUNNER.
CLI_DEFINITION = {
    'objects': [
        {'id': 'Default', 'scheduleType': 'ondemand', 'pipelineLogUri': 's3://lab/logs/'},
        {'id': 'Say', 'name': 'Say hello', 'type': 'ShellCommandActivity', 'command': 'echo #{myGreeting}',
         'workerGroup': 'on-premises'},
    ],
    'parameters': [{'id': 'myGreeting', 'type': 'String', 'default': 'hi'}],
}
# A run that finishes: an Ec2Resource and an activity on it, for list-runs.
RUNS_DEFINITION = {
    'objects': [
        {'id': 'Default', 'scheduleType': 'ondemand', 'pipelineLogUri': 's3://lab/logs/',
         'role': 'DataPipelineDefaultRole', 'resourceRole': 'DataPipelineDefaultResourceRole'},
        {'id': 'Box', 'type': 'Ec2Resource', 'terminateAfter': '1 hour'},
        {'id': 'Hello', 'type': 'ShellCommandActivity', 'command': 'echo hello', 'runsOn': {'ref': 'Box'}},
    ],
}
BAD_DEFINITION = {
    'objects': [
        {'id': 'Default', 'pipelineLogUri': 's3://lab/logs/'},
        {'id': 'Daily', 'type': 'Schedule', 'period': '1 day', 'startDateTime': 'bad-time'},
    ],
}


def error_of(fn, **kw):
    try:
        fn(**kw)
        return ('no error', '')
    except ClientError as e:
        return (e.response['Error'].get('Code'), e.response['Error'].get('Message'))


def statuses(dp, pid, ids):
    objects = dp.describe_objects(pipelineId=pid, objectIds=ids)['pipelineObjects']
    out = {}
    for o in objects:
        fields = {f['key']: f.get('stringValue', f.get('refValue')) for f in o['fields']}
        out[fields.get('@componentParent', o['id'])] = fields.get('@status')
    return out


def boto3_session(rc, url, problems):
    check = rc.check
    dp = client(url, 'datapipeline')

    def validate(operation_model, response_dict, **_):
        for p in rc.response_problems(operation_model.name, response_dict['status_code'], response_dict['body'], DP_MODEL):
            problems.append(f'{operation_model.name}: {p}')
    dp.meta.events.register('before-parse.datapipeline.*', validate)

    pid = dp.create_pipeline(name='hello', uniqueId='hello-1')['pipelineId']
    check('datapipeline: an id is df- and uppercase letters and digits', pid.startswith('df-') and pid[3:].isalnum()
          and pid[3:] == pid[3:].upper(), pid)
    again = dp.create_pipeline(name='hello', uniqueId='hello-1')['pipelineId']
    check('datapipeline: the same name and uniqueId give the same pipeline', again == pid, (pid, again))
    put = dp.put_pipeline_definition(pipelineId=pid, pipelineObjects=HELLO)
    check('datapipeline: a good definition is not errored', put['errored'] is False, str(put))
    check('datapipeline: AWS\'s two well-known warnings',
          put.get('validationWarnings') == [{'id': 'Default', 'warnings': [LOG_WARNING]},
                                            {'id': 'Box', 'warnings': [TERMINATE_WARNING]}], str(put))
    bad = [{'id': 'Schedule', 'name': 'Schedule', 'fields': [
        text('type', 'Schedule'), text('period', '1 day'), text('startDateTime', 'bad-time')]}]
    v = dp.validate_pipeline_definition(pipelineId=pid, pipelineObjects=bad)
    check('datapipeline: ValidatePipelineDefinition answers AWS\'s published text',
          v['errored'] is True and v['validationErrors'] == [{'id': 'Schedule', 'errors': [START_TEXT]}], str(v))
    dp.activate_pipeline(pipelineId=pid)
    desc = dp.describe_pipelines(pipelineIds=[pid])['pipelineDescriptionList'][0]
    fields = {f['key']: f.get('stringValue') for f in desc['fields']}
    check('datapipeline: activated, the pipeline is SCHEDULED', fields.get('@pipelineState') == 'SCHEDULED', str(fields))
    check('datapipeline: ListPipelines lists it',
          {'id': pid, 'name': 'hello'} in dp.list_pipelines()['pipelineIdList'])
    advance(url, 600)
    ids = dp.query_objects(pipelineId=pid, sphere='INSTANCE')['ids']
    check('datapipeline: two instances (the resource and the activity)', len(ids) == 2, str(ids))
    check('datapipeline: instance ids are @<component>_<scheduledStartTime>',
          all(i.startswith('@Box_') or i.startswith('@Hello_') for i in ids), str(ids))
    got = statuses(dp, pid, ids)
    check('datapipeline: ten minutes on, the activity has FINISHED on its Ec2Resource',
          got.get('Hello') == 'FINISHED', str(got))

    waits = dp.create_pipeline(name='waits', uniqueId='waits-1')['pipelineId']
    dp.put_pipeline_definition(pipelineId=waits, pipelineObjects=[
        HELLO[0],
        {'id': 'Say', 'name': 'Say', 'fields': [
            text('type', 'ShellCommandActivity'), text('command', 'echo hi'), text('workerGroup', 'nobody')]}])
    dp.activate_pipeline(pipelineId=waits)
    advance(url, 120)
    ids = dp.query_objects(pipelineId=waits, sphere='INSTANCE')['ids']
    check('datapipeline: with no Task Runner on its worker group the activity is WAITING_FOR_RUNNER',
          statuses(dp, waits, ids).get('Say') == 'WAITING_FOR_RUNNER', str(statuses(dp, waits, ids)))
    dp.set_status(pipelineId=waits, objectIds=['Say'], status='PAUSE')
    check('datapipeline: PAUSE a component', statuses(dp, waits, ['Say']).get('Say') == 'PAUSED',
          str(statuses(dp, waits, ['Say'])))
    dp.set_status(pipelineId=waits, objectIds=['Say'], status='RESUME')
    dp.deactivate_pipeline(pipelineId=waits)
    desc = dp.describe_pipelines(pipelineIds=[waits])['pipelineDescriptionList'][0]
    state = {f['key']: f.get('stringValue') for f in desc['fields']}.get('@pipelineState')
    check('datapipeline: deactivated, the pipeline is INACTIVE', state in ('INACTIVE', 'DEACTIVATING'), state)
    dp.delete_pipeline(pipelineId=waits)
    check('datapipeline: a deleted pipeline is no longer listed',
          waits not in [p['id'] for p in dp.list_pipelines()['pipelineIdList']])
    code, message = error_of(dp.describe_pipelines, pipelineIds=['df-0000000000000000000'])
    check('datapipeline: a missing pipeline is PipelineNotFoundException', code == 'PipelineNotFoundException',
          (code, message))


class PipelineCli:
    """The real CLI in a working directory of definition files; each line's exchanges and the
    files it saw, for the console."""

    def __init__(self, rc, url, capture, env):
        self.rc, self.capture, self.env, self.cases = rc, capture, env, []
        self.work = tempfile.mkdtemp(prefix='pipeline-cli-')

    def write(self, name, value):
        with open(os.path.join(self.work, name), 'w') as f:
            f.write(json.dumps(value, indent=2))

    def files(self):
        out = []
        for n in sorted(os.listdir(self.work)):
            p = os.path.join(self.work, n)
            with open(p, 'rb') as f:
                out.append({'path': n, 'content': base64.b64encode(f.read()).decode(),
                            'mtime': int(os.path.getmtime(p))})
        return out

    def run(self, line, expect_rc=0, rc_v2=None):
        seen = self.rc.capture_end(self.capture)
        files, now = self.files(), int(time.time())
        here = os.getcwd()
        os.chdir(self.work)
        try:
            import shlex
            stdout, stderr, code = self.rc.run_aws_in_process(shlex.split(line), self.env)
        finally:
            os.chdir(here)
        if code is None:
            code = 0  # list-runs returns None: the aws script's sys.exit(None) exits 0
        exchanges, _ = self.rc.read_capture(self.capture, seen)
        now = self.cli_clock(line, exchanges, now)
        case = {'line': line, 'v1_line': line, 'exchanges': exchanges, 'stdout': stdout, 'stderr': stderr,
                'rc': code, 'files': files, 'now': now}
        if rc_v2 is not None:
            case['rc_v2'] = rc_v2
        self.cases.append(case)
        self.rc.check(f'aws: {line} exits {expect_rc}', code == expect_rc, f'exit {code}: {stderr.strip()[:400]}')
        return stdout

    @staticmethod
    def cli_clock(line, exchanges, now):
        """list-runs without an interval asks for runs that started in the four days up to the
        CLI's clock (QueryArgBuilder): the second it read is the end of that window in its
        request, which the console must be given to send the same one."""
        if 'list-runs' not in line or 'interval' in line:
            return now
        for x in exchanges:
            if x['target'] != 'DataPipeline.QueryObjects':
                continue
            for sel in json.loads(x['request']).get('query', {}).get('selectors', []):
                if sel.get('fieldName') == '@actualStartTime':
                    end = sel['operator']['values'][1]
                    return calendar.timegm(time.strptime(end, '%Y-%m-%dT%H:%M:%S'))
        return now

    def json(self, line):
        return json.loads(self.run(line) or 'null')


def cli_session(rc, cli, url):
    check = rc.check
    cli.write('hello.json', CLI_DEFINITION)
    cli.write('bad.json', BAD_DEFINITION)
    cli.write('values.json', {'values': {'myGreeting': 'hello from a values file'}})
    cli.write('with-values.json', dict(CLI_DEFINITION, values={'myGreeting': 'hey'}))
    pid = (cli.json('aws datapipeline create-pipeline --name cli-hello --unique-id cli-hello') or {}).get('pipelineId', 'df-NONE')
    cli.run('aws datapipeline create-pipeline --name cli-hello --unique-id cli-hello')
    put = cli.json(f'aws datapipeline put-pipeline-definition --pipeline-id {pid} --pipeline-definition file://hello.json')
    check('aws datapipeline: a definition from a file is saved', (put or {}).get('errored') is False, str(put))
    cli.run(f'aws datapipeline put-pipeline-definition --pipeline-id {pid} --pipeline-definition file://bad.json')
    # v1 exits 255 on a ParamError, v2 252 (N2 maps 255 to 254, a service error's code).
    cli.run(f'aws datapipeline put-pipeline-definition --pipeline-id {pid} --pipeline-definition file://missing.json',
            expect_rc=255, rc_v2=252)
    cli.run(f'aws datapipeline put-pipeline-definition --pipeline-id {pid} --pipeline-definition file://with-values.json '
            '--parameter-values-uri file://values.json', expect_rc=255, rc_v2=255)
    cli.run(f'aws datapipeline validate-pipeline-definition --pipeline-id {pid} --pipeline-objects '
            "'[{\"id\": \"Schedule\", \"name\": \"Schedule\", \"fields\": [{\"key\": \"type\", \"stringValue\": \"Schedule\"}, "
            "{\"key\": \"period\", \"stringValue\": \"1 day\"}, {\"key\": \"startDateTime\", \"stringValue\": \"bad-time\"}]}]'")
    cli.run(f'aws datapipeline put-pipeline-definition --pipeline-id {pid} --pipeline-definition file://hello.json')
    cli.run(f'aws datapipeline activate-pipeline --pipeline-id {pid} --parameter-values-uri file://values.json')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws datapipeline describe-pipelines --pipeline-ids {pid} --output {out}')
    cli.run('aws datapipeline list-pipelines --output text')
    advance(url, 300)
    ids = (cli.json(f'aws datapipeline query-objects --pipeline-id {pid} --sphere INSTANCE') or {}).get('ids', [])
    check('aws datapipeline: one instance of the activity', len(ids) == 1, str(ids))
    if ids:
        cli.run(f"aws datapipeline describe-objects --pipeline-id {pid} --object-ids '{ids[0]}'")
        cli.run(f"aws datapipeline describe-objects --pipeline-id {pid} --object-ids '{ids[0]}' --evaluate-expressions "
                "--query 'pipelineObjects[0].fields[?key==`@status`].stringValue' --output text")
    # The definition comes back in the file form (translator.py api_to_definition).
    got = cli.json(f'aws datapipeline get-pipeline-definition --pipeline-id {pid}') or {}
    check('aws datapipeline get-pipeline-definition: the file form',
          list(got) == ['objects', 'parameters', 'values']
          and {'id': 'Say', 'name': 'Say hello', 'command': 'echo #{myGreeting}', 'type': 'ShellCommandActivity',
               'workerGroup': 'on-premises'} in got.get('objects', []), str(got))
    # (No `--version active`: the CLI's global --version flag takes it and prints the CLI's version.)
    cli.run(f'aws datapipeline get-pipeline-definition --pipeline-id {pid} --output text')
    cli.run(f'aws datapipeline get-pipeline-definition --pipeline-id {pid} --output table')
    cli.run(f'aws datapipeline get-pipeline-definition --pipeline-id {pid} --query values --output text')
    cli.run(f'aws datapipeline set-status --pipeline-id {pid} --object-ids Say --status PAUSE')
    cli.run(f'aws datapipeline set-status --pipeline-id {pid} --object-ids Say --status RESUME')
    cli.run(f'aws datapipeline deactivate-pipeline --pipeline-id {pid}')
    cli.run(f'aws datapipeline delete-pipeline --pipeline-id {pid}')
    cli.run('aws datapipeline describe-pipelines --pipeline-ids df-0000000000000000000', expect_rc=255)
    list_runs_session(rc, cli, url)


def list_runs_session(rc, cli, url):
    check = rc.check
    cli.write('runs.json', RUNS_DEFINITION)
    runs = (cli.json('aws datapipeline create-pipeline --name cli-runs --unique-id cli-runs') or {}).get(
        'pipelineId', 'df-NONE')
    cli.run(f'aws datapipeline put-pipeline-definition --pipeline-id {runs} --pipeline-definition file://runs.json')
    cli.run(f'aws datapipeline activate-pipeline --pipeline-id {runs}')
    advance(url, 900)
    # The default window ends at the CLI's wall clock; the endpoint's clock has been moved on.
    cli.run(f'aws datapipeline list-runs --pipeline-id {runs}')
    wide = '2000-01-01T00:00:00,2100-01-01T00:00:00'
    table = cli.run(f'aws datapipeline list-runs --pipeline-id {runs} --start-interval {wide}')
    check('aws datapipeline list-runs: the resource and the activity, two lines each',
          table.count('@Box_') == 1 and table.count('@Hello_') == 1 and '   1.  Box ' in table
          and '   2.  Hello ' in table, table)
    cli.run(f'aws datapipeline list-runs --pipeline-id {runs} --schedule-interval "{wide}" --status finished,running')
    cli.run(f'aws datapipeline list-runs --pipeline-id {runs} --schedule-interval {wide} --status waiting')
    for out in ('json', 'text', 'table'):
        cli.run(f'aws datapipeline list-runs --pipeline-id {runs} --start-interval {wide} --output {out}')
    cli.run(f"aws datapipeline list-runs --pipeline-id {runs} --start-interval {wide} "
            "--query '[].[\"@componentParent\", \"@status\"]' --output text")
    # A ValueError and an IndexError of the customization: 255 in v1 and v2 alike.
    cli.run(f'aws datapipeline list-runs --pipeline-id {runs} --status FINISHED', expect_rc=255, rc_v2=255)
    cli.run(f'aws datapipeline list-runs --pipeline-id {runs} --start-interval 2000-01-01T00:00:00',
            expect_rc=255, rc_v2=255)
    cli.run('aws datapipeline list-runs --pipeline-id df-0000000000000000000', expect_rc=255)
    cli.run(f'aws datapipeline delete-pipeline --pipeline-id {runs}')


def shape_check(rc, cases):
    rc.answers_fit_shapes('datapipeline', cases, {'DataPipeline': DP_MODEL})


def run(rc, url, capture, env):
    """Every Data Pipeline check; returns the CLI cases for the console comparison."""
    problems = []
    rc.step('Data Pipeline boto3 session', boto3_session, rc, url, problems)
    rc.check('datapipeline boto3: every response body fits its botocore output shape', not problems,
             '\n      '.join(problems[:40]))
    cli = PipelineCli(rc, url, capture, env)
    rc.step('Data Pipeline CLI session', cli_session, rc, cli, url)
    shape_check(rc, cli.cases)
    return cli.cases


if __name__ == '__main__':
    import run as real_clients
    sys.exit(real_clients.main(only=[sys.modules[__name__]]))
