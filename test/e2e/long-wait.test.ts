/**
 * A wait longer than one Step Functions execution's history. The poller's state machine is the
 * one the library synthesizes (with the default settings, and with a landing zone's), run by
 * aws-local-stepfunctions; its check task is the bundled handler's `poll`, its StartExecution
 * goes to the local Step Functions endpoint. Each execution continues in a new one with the same
 * poll state, and the wait condition is signalled once, by the last.
 */
import { createHash } from 'crypto';
import { CHECKS_PER_EXECUTION } from '../../src/image-poller';
import { E2eEnvironment } from '../fixtures/e2e-environment';
import { ExecutionRun } from '../fixtures/poller-machine';
import { synthesizedPoller } from '../fixtures/synthesized';

const HISTORY_LIMIT = 25_000;
const checksIn = (run: ExecutionRun) => run.path.filter(state => state === 'CheckImage').length;

/** The synthesized definition with its checks per execution lowered from CHECKS_PER_EXECUTION (checked) to `checks`. */
function lowerChecksPerExecution(checks: number) {
  return (definition: any) => {
    const [rule] = definition.States.HistoryFull.Choices;
    expect(rule).toMatchObject({ Variable: '$.continuation.checks', NumericGreaterThanEquals: CHECKS_PER_EXECUTION });
    rule.NumericGreaterThanEquals = checks;
    return definition;
  };
}

describe.each(['default', 'landing-zone'])('a wait that outlasts one execution (%s settings, 3 checks per execution)', settings => {
  const env = new E2eEnvironment({ pollerSettings: settings, editPollerDefinition: lowerChecksPerExecution(3) });
  let runs: ExecutionRun[] = [];
  let imageName = '';

  beforeAll(async () => {
    await env.start();
    // IMPORTING for 8 checks, AVAILABLE at the 9th: three executions of 3 checks each.
    env.appstream.setLifecycle({ states: ['IMPORTING', 'AVAILABLE'], describesPerState: 8 });
    // The handler's Create starts the first execution (timeout 12 h, a check every 10 s: 4320 checks).
    const created = await env.createImage('long', { TimeoutSeconds: '43200', PollIntervalSeconds: '10' });
    imageName = created.name;
    // Each execution Step Functions was asked to start runs, in order, until none is left.
    runs = await env.runStartedExecutions(50);
  });
  afterAll(() => env.stop());

  test('three executions: the first two continue in a new one after 3 checks, the last signals', () => {
    console.log(runs.map(r => `execution ${r.name}: ${checksIn(r)} checks, ${r.events.length} engine events, ` +
      `ended in ${r.endState}, poll.checks ${r.output.poll.checks}`).join('\n'));
    expect(runs.map(r => r.endState)).toEqual(['ContinuedInNewExecution', 'ContinuedInNewExecution', 'Signalled']);
    expect(runs.map(checksIn)).toEqual([3, 3, 3]);
    // A continued execution waits before its first check: its predecessor has just checked.
    expect(runs[1].path.slice(0, 3)).toEqual(['Continued', 'WaitPollInterval', 'CheckImage']);
    expect(runs[0].path.slice(0, 3)).toEqual(['Continued', 'StartCounting', 'CheckImage']);
  });

  test('each execution continues with the same poll state, counting afresh, under a deterministic name', () => {
    const root = runs[0].name;
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i - 1].continuedIn).toBe(runs[i].name);
      expect(runs[i].input.poll).toEqual(runs[i - 1].output.poll);
      expect(runs[i].input.continuation).toEqual({ checks: 0, execution: i, root });
      expect(runs[i].name).toBe(`${createHash('md5').update(root).digest('hex')}-${i}`);
      expect(runs[i].name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    }
    // The check function's own state went through untouched: its count runs on across executions.
    expect(runs[2].output.poll).toMatchObject({ imageName, done: true, lastState: 'AVAILABLE', checks: 9 });
  });

  test('StartExecution was sent as the integration sends it: to the state machine itself, with the state as JSON', () => {
    const continued = env.sfn.requests.filter(r => r.operation === 'StartExecution').slice(1);
    expect(continued.map(r => [r.body.stateMachineArn, r.body.name, r.status])).toEqual([
      [env.sfn.stateMachineArn, runs[1].name, 200],
      [env.sfn.stateMachineArn, runs[2].name, 200],
    ]);
    expect(JSON.parse(continued[0].body.input)).toEqual(runs[1].input);
  });

  test('the wait condition is signalled once, SUCCESS', () => {
    expect(env.signals.requests).toHaveLength(1);
    expect(env.signals.signalsFor('long')[0].json).toMatchObject({ Status: 'SUCCESS', UniqueId: imageName });
  });
});

describe('the real bound: the synthesized definition, unchanged, continues after exactly CHECKS_PER_EXECUTION checks', () => {
  const env = new E2eEnvironment();
  let runs: ExecutionRun[] = [];

  beforeAll(async () => {
    await env.start();
    env.appstream.setLifecycle({ states: ['IMPORTING', 'AVAILABLE'], describesPerState: CHECKS_PER_EXECUTION });
    await env.createImage('bound', { TimeoutSeconds: '43200', PollIntervalSeconds: '10' });
    runs = await env.runStartedExecutions(CHECKS_PER_EXECUTION + 10);
  });
  afterAll(() => env.stop());

  test(`${CHECKS_PER_EXECUTION} checks, a new execution, one more check that signals`, () => {
    console.log(runs.map(r => `execution ${r.name}: ${checksIn(r)} checks, ${r.events.length} engine events, ended in ${r.endState}`).join('\n'));
    expect(runs.map(r => [checksIn(r), r.endState])).toEqual([[CHECKS_PER_EXECUTION, 'ContinuedInNewExecution'], [1, 'Signalled']]);
    expect(env.signals.signalsFor('bound').map(s => s.json.Status)).toEqual(['SUCCESS']);
  });
});

test(`${CHECKS_PER_EXECUTION} rounds of the loop, each at its worst, stay under ${HISTORY_LIMIT} history events`, () => {
  const states = synthesizedPoller('default').States;
  const attempts = (state: any) => 1 + (state.Retry ?? []).reduce((sum: number, r: any) => sum + r.MaxAttempts, 0);
  // A task: entered and exited, 3 events per attempt (scheduled, started, succeeded or failed; every retry of every retrier used).
  const task = (name: string) => 2 + 3 * attempts(states[name]);
  const round = task('CheckImage') + 2 * ['Settled', 'CountCheck', 'HistoryFull', 'WaitPollInterval'].length;
  const overhead = 2 /* execution started, succeeded */ + 2 * 3 /* Continued, StartCounting, ContinuedInNewExecution */ + task('ContinueInNewExecution');
  const worst = CHECKS_PER_EXECUTION * round + overhead;
  console.log(`poller history: at most ${round} events per check, ${worst} for ${CHECKS_PER_EXECUTION} checks (limit ${HISTORY_LIMIT})`);
  expect(states.HistoryFull.Choices[0].NumericGreaterThanEquals).toBe(CHECKS_PER_EXECUTION);
  expect(worst).toBeLessThan(HISTORY_LIMIT);
});
