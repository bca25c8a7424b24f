/**
 * The synthesized poller's Retry and Catch, as aws-local-stepfunctions runs them: a check
 * function that fails (Lambda's own faults, or a crash) does not end the wait, and neither does
 * a StartExecution that cannot continue the wait in a new execution.
 */
import { CHECKS_PER_EXECUTION } from '../../src/image-poller';
import { E2eEnvironment } from '../fixtures/e2e-environment';
import { ExecutionRun, PollerMachine } from '../fixtures/poller-machine';

const env = new E2eEnvironment();
beforeAll(() => env.start());
afterAll(() => env.stop());
beforeEach(() => env.reset());

/** The synthesized poller whose check function fails with these errors first, then runs the bundled handler's poll. */
function failingFirst(errorNames: string[], definition = env.poller().definition): { machine: PollerMachine; calls: () => number } {
  let calls = 0;
  const machine = new PollerMachine(definition, {
    sfnEndpoint: env.sfn.url,
    poll: async input => {
      const name = errorNames[calls++];
      if (name === undefined) return env.handler.poll(input);
      const error = new Error(`injected ${name}`);
      error.name = name;
      throw error;
    },
  });
  return { machine, calls: () => calls };
}

const retried = (run: ExecutionRun, state: string) => run.events.filter(e => e.type === 'StateRetried' && e.state?.name === state).length;
const caught = (run: ExecutionRun, state: string) => run.events.filter(e => e.type === 'StateCaught' && e.state?.name === state).length;

test('Lambda service faults are retried (6 times by their retrier), and the wait goes on', async () => {
  const { pollInput } = await env.createImage('lambda-faults');
  const { machine, calls } = failingFirst(Array(6).fill('Lambda.ServiceException'));
  const [execution] = env.sfn.executions;

  const run = await machine.run(execution);
  machine.destroy();

  expect(run.endState).toBe('Signalled');
  expect(retried(run, 'CheckImage')).toBe(6);
  expect(caught(run, 'CheckImage')).toBe(0);
  expect(calls()).toBe(6 + 3);
  expect(run.checks.map(c => c.lastState)).toEqual(['IMPORTING', 'VALIDATING', 'AVAILABLE']);
  expect(pollInput.imageName).toBe(run.output.poll.imageName);
});

test('a check that keeps crashing is retried 4 times, then caught: the next check runs after the interval', async () => {
  await env.createImage('crash');
  const { machine, calls } = failingFirst(Array(5).fill('Error'));
  const [execution] = env.sfn.executions;

  const run = await machine.run(execution);
  machine.destroy();

  expect(retried(run, 'CheckImage')).toBe(4);
  expect(caught(run, 'CheckImage')).toBe(1);
  expect(calls()).toBe(5 + 3);
  // Caught into CountCheck: the check counts, the loop waits and checks again with the same poll state.
  expect(run.path.slice(0, 7)).toEqual(['Continued', 'StartCounting', 'CheckImage', 'CountCheck', 'HistoryFull', 'WaitPollInterval', 'CheckImage']);
  expect(run.output.checkError).toEqual({ Error: 'Error', Cause: 'injected Error' });
  expect(run.output.continuation.checks).toBe(3);
  expect(run.endState).toBe('Signalled');
  expect(env.signals.signalsFor('crash').map(s => s.json.Status)).toEqual(['SUCCESS']);
});

test('StartExecution denied when the execution is full: the wait keeps polling in this execution, and continues once it can', async () => {
  // Continue after every check, so that each round tries StartExecution.
  const definition = JSON.parse(JSON.stringify(env.poller().definition));
  expect(definition.States.HistoryFull.Choices[0].NumericGreaterThanEquals).toBe(CHECKS_PER_EXECUTION);
  definition.States.HistoryFull.Choices[0].NumericGreaterThanEquals = 1;
  env.appstream.setLifecycle({ states: ['IMPORTING', 'AVAILABLE'], describesPerState: 3 });
  await env.createImage('denied');
  const [execution] = env.sfn.executions;
  env.sfn.deny = true;
  let denied = 0;
  const machine = new PollerMachine(definition, {
    sfnEndpoint: env.sfn.url,
    poll: async input => {
      // The second check lifts the deny: the third round's StartExecution succeeds.
      if (++denied === 2) env.sfn.deny = false;
      return env.handler.poll(input);
    },
  });

  const run = await machine.run(execution);
  machine.destroy();

  // The first round: 1 try and 5 retries, denied; the second continues.
  const starts = env.sfn.requests.filter(r => r.operation === 'StartExecution').slice(1);
  expect(starts.map(r => r.errorType ?? r.status)).toEqual([...Array(6).fill('AccessDeniedException'), 200]);
  expect(retried(run, 'ContinueInNewExecution')).toBe(5);
  expect(caught(run, 'ContinueInNewExecution')).toBe(1);
  expect(run.path).toEqual([
    'Continued', 'StartCounting', 'CheckImage', 'Settled', 'CountCheck', 'HistoryFull', 'ContinueInNewExecution',
    'WaitPollInterval', 'CheckImage', 'Settled', 'CountCheck', 'HistoryFull', 'ContinueInNewExecution', 'ContinuedInNewExecution',
  ]);
  expect(run.output.continueError.Error).toBe('SFN.AccessDeniedException');
  expect(run.endState).toBe('ContinuedInNewExecution');
  expect(run.continuedIn).toBe(starts[starts.length - 1].body.name);
  expect(run.checks).toHaveLength(2);
});
