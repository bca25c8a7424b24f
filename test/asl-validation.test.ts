/**
 * Every state machine the library synthesizes (the poller, and the Provider framework's waiter)
 * is valid Amazon States Language by `asl-validator`: the ASL JSON schema, the syntax of every
 * path, and the ARN of every Task resource. For every setting the tests synthesize
 * (test/fixtures/synthesized.ts SETTINGS) and the integ snapshots' templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveIntrinsics } from './fixtures/policy-size';
import { SETTINGS, stateMachines, synthesize } from './fixtures/synthesized';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => { isValid: boolean; errorsText: (separator?: string) => string } = require('asl-validator');

const kindOf = (definition: any) =>
  definition.States.CheckImage ? 'poller' : definition.States['framework-isComplete-task'] ? 'waiter' : 'unknown';

interface Checked {
  readonly source: string;
  readonly kind: string;
  readonly id: string;
  readonly states: number;
  readonly valid: boolean;
  readonly errors: string;
}

function check(source: string, machines: Array<{ id: string; definition: any }>): Checked[] {
  return machines.map(({ id, definition }) => {
    const { isValid, errorsText } = aslValidator(definition, { checkPaths: true, checkArn: true });
    return { source, kind: kindOf(definition), id, states: Object.keys(definition.States).length, valid: isValid, errors: isValid ? '' : errorsText('; ') };
  });
}

const print = (rows: Checked[]) =>
  console.log(rows.map(r => `${r.valid ? 'valid  ' : 'INVALID'} ${r.kind.padEnd(7)} ${String(r.states).padStart(2)} states  ${r.source}  ${r.id}${r.errors ? `  ${r.errors}` : ''}`).join('\n'));

describe.each(SETTINGS.map(setting => [setting.name, setting] as const))('%s', (_name, setting) => {
  test('the poller and the framework\'s waiter pass asl-validator (schema, paths, ARNs)', () => {
    const rows = check(setting.name, stateMachines(synthesize(setting).template));
    print(rows);
    expect(rows.map(r => r.kind).sort()).toEqual(['poller', 'waiter']);
    expect(rows.filter(r => !r.valid)).toEqual([]);
  });
});

test('the state machines of the integ snapshots pass asl-validator', () => {
  const rows: Checked[] = [];
  for (const dir of fs.readdirSync(__dirname).filter(d => d.endsWith('.snapshot'))) {
    for (const file of fs.readdirSync(path.join(__dirname, dir)).filter(f => f.endsWith('.template.json'))) {
      const template = JSON.parse(fs.readFileSync(path.join(__dirname, dir, file), 'utf8'));
      const stackName = file.replace(/\.template\.json$/, '');
      const machines = Object.entries<any>(template.Resources ?? {})
        .filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')
        .map(([id, r]) => ({ id, definition: JSON.parse(resolveIntrinsics(r.Properties.DefinitionString, template, stackName)) }));
      rows.push(...check(`${dir}/${file}`, machines));
    }
  }
  print(rows);
  expect(rows.filter(r => r.kind === 'poller').length).toBeGreaterThanOrEqual(2);
  expect(rows.filter(r => !r.valid)).toEqual([]);
});

test('the validator is not lenient: a definition with a broken path or an unknown state type fails', () => {
  const [poller] = stateMachines(synthesize(SETTINGS[0]).template).filter(m => kindOf(m.definition) === 'poller');
  const brokenPath = JSON.parse(JSON.stringify(poller.definition));
  brokenPath.States.CheckImage.InputPath = '$.poll[';
  const brokenType = JSON.parse(JSON.stringify(poller.definition));
  brokenType.States.Settled.Type = 'Decide';
  expect(check('broken path', [{ id: 'poller', definition: brokenPath }])[0].valid).toBe(false);
  expect(check('broken type', [{ id: 'poller', definition: brokenType }])[0].valid).toBe(false);
});
