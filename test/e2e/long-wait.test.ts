/**
 * A wait longer than one Step Functions execution's history: the poller's real definition (the
 * ASL synthesized into the template, with the checks per execution set low) runs in a faithful
 * interpreter, its check task is the bundled handler's `poll`, and its StartExecution goes to the
 * local Step Functions endpoint. Each execution continues in a new one with the same poll state,
 * and the wait condition is signalled once, by the last.
 */
import { createHash } from 'crypto';
import { StartExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CHECKS_PER_EXECUTION, ImagePoller } from '../../src/image-poller';
import { REGION } from '../fixtures/appstream-endpoint';
import { ExecutionResult, runExecution } from '../fixtures/asl-interpreter';
import { HandlerError } from '../fixtures/bundled-handler';
import { E2eEnvironment } from '../fixtures/e2e-environment';
import { OFFLINE_AWS_ENV } from '../fixtures/offline-aws-env';
import { resolveIntrinsics } from '../fixtures/policy-size';

const HISTORY_LIMIT = 25_000;

/** The poller's state machine definition as deployed, with intrinsics resolved. */
function pollerDefinition(checksPerExecution?: number): any {
  const app = new App();
  const stack = new Stack(app, 'PollerStack', { env: { account: '123456789012', region: REGION } });
  new ImagePoller(stack, 'Poller', { logGroup: new logs.LogGroup(stack, 'Logs'), checksPerExecution });
  const template = app.synth().getStackByName('PollerStack').template;
  const [machine] = Object.values<any>(template.Resources).filter(r => r.Type === 'AWS::StepFunctions::StateMachine');
  return JSON.parse(resolveIntrinsics(machine.Properties.DefinitionString, template, 'PollerStack'));
}

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());

describe('a wait that outlasts one execution (3 checks per execution)', () => {
  const definition = pollerDefinition(3);
  const runs: Array<{ name: string; input: any; result: ExecutionResult }> = [];
  let imageName = '';

  beforeAll(async () => {
    env.reset();
    // IMPORTING for 8 checks, AVAILABLE at the 9th: three executions of 3 checks each.
    env.appstream.setLifecycle({ states: ['IMPORTING', 'AVAILABLE'], describesPerState: 8 });
    const sfn = new SFNClient({
      region: REGION,
      endpoint: env.sfn.url,
      credentials: { accessKeyId: OFFLINE_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: OFFLINE_AWS_ENV.AWS_SECRET_ACCESS_KEY },
    });
    const runTask = async (resource: string, input: any) => {
      if (resource.startsWith('arn:aws:lambda:')) {
        try {
          return await env.handler.poll(input);
        } catch (error) {
          if (error instanceof HandlerError) error.name = error.errorName;
          throw error;
        }
      }
      if (resource === 'arn:aws:states:::states:startExecution') {
        const answer = await sfn.send(new StartExecutionCommand({
          stateMachineArn: input.StateMachineArn, name: input.Name, input: JSON.stringify(input.Input),
        }));
        return { ExecutionArn: answer.executionArn, StartDate: answer.startDate };
      }
      throw new Error(`unexpected resource ${resource}`);
    };

    // The handler's Create starts the first execution (timeout 12 h, a check every 10 s: 4320 checks).
    const created = await env.createImage('long', { TimeoutSeconds: '43200', PollIntervalSeconds: '10' });
    imageName = created.name;
    // Each execution Step Functions was asked to start runs, in order, until none is left.
    for (let i = 0; i < env.sfn.executions.length && i < 10; i++) {
      const execution = env.sfn.executions[i];
      const input = JSON.parse(execution.input);
      const result = await runExecution(definition, input, { name: execution.name, stateMachineArn: execution.stateMachineArn }, runTask);
      env.sfn.finish(execution.name);
      runs.push({ name: execution.name, input, result });
    }
    sfn.destroy();
  });

  test('three executions: the first two continue in a new one after 3 checks, the last signals', () => {
    console.log(runs.map(r => `execution ${r.name}: ${r.result.path.filter(p => p === 'CheckImage').length} checks, ` +
      `${r.result.events} history events, ended in ${r.result.endState}, poll.checks ${r.result.output.poll.checks}`).join('\n'));
    expect(runs.map(r => r.result.endState)).toEqual(['ContinuedInNewExecution', 'ContinuedInNewExecution', 'Signalled']);
    expect(runs.map(r => r.result.path.filter(s => s === 'CheckImage').length)).toEqual([3, 3, 3]);
    // A continued execution waits before its first check: its predecessor has just checked.
    expect(runs[1].result.path.slice(0, 3)).toEqual(['Continued', 'WaitPollInterval', 'CheckImage']);
  });

  test('each execution continues with the same poll state, counting afresh, under a deterministic name', () => {
    const root = runs[0].name;
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].input.poll).toEqual(runs[i - 1].result.output.poll);
      expect(runs[i].input.continuation).toEqual({ checks: 0, execution: i, root });
      expect(runs[i].name).toBe(`${createHash('md5').update(root).digest('hex')}-${i}`);
      expect(runs[i].name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    }
    // The check function's own state went through untouched: its count runs on across executions.
    expect(runs[2].result.output.poll).toMatchObject({ imageName, done: true, lastState: 'AVAILABLE', checks: 9 });
  });

  test('the wait condition is signalled once, SUCCESS', () => {
    expect(env.signals.requests).toHaveLength(1);
    expect(env.signals.signalsFor('long')[0].json).toMatchObject({ Status: 'SUCCESS', UniqueId: imageName });
  });

  test('the interpreter counts each execution\'s history events', () => {
    for (const run of runs) expect(run.result.events).toBeLessThan(200);
  });
});

test(`the real bound: ${CHECKS_PER_EXECUTION} rounds of the loop, each at its worst, stay under ${HISTORY_LIMIT} history events`, () => {
  const definition = pollerDefinition();
  const states = definition.States;
  const attempts = (state: any) => 1 + (state.Retry ?? []).reduce((sum: number, r: any) => sum + r.MaxAttempts, 0);
  // The task: entered and exited, 3 events per attempt (every retry of every retrier used).
  const task = (name: string) => 2 + 3 * attempts(states[name]);
  const round = task('CheckImage') + 2 * ['Settled', 'CountCheck', 'HistoryFull', 'WaitPollInterval'].length;
  const overhead = 2 /* execution started, succeeded */ + 2 * 3 /* Continued, StartCounting, ContinuedInNewExecution */ + task('ContinueInNewExecution');
  const worst = CHECKS_PER_EXECUTION * round + overhead;
  console.log(`poller history: at most ${round} events per check, ${worst} for ${CHECKS_PER_EXECUTION} checks (limit ${HISTORY_LIMIT})`);
  expect(states.HistoryFull.Choices[0].NumericGreaterThanEquals).toBe(CHECKS_PER_EXECUTION);
  expect(worst).toBeLessThan(HISTORY_LIMIT);
});
