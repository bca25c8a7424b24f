/**
 * cdk-nag 3 on its own peer floor: the aws-cdk-lib it allows first (^2.257.0), where
 * `determineLatestNodeRuntime` picks nodejs22.x while `lambda.Runtime.ALL` already lists
 * nodejs24.x, so AwsSolutions-L1 used to flag the library's three functions and the Provider
 * framework's three. Jest loads the newest aws-cdk-lib (moduleNameMapper), so the check runs in
 * a child process that loads the one installed as `aws-cdk-lib` (compat/versions.json).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const versions = JSON.parse(fs.readFileSync(path.join(root, 'compat', 'versions.json'), 'utf8'));

let report: any;
beforeAll(() => {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register', path.join(__dirname, 'fixtures', 'nag-floor-harness.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  report = JSON.parse(out.trim().split('\n').pop()!);
}, 180_000);

test('the child runs on cdk-nag 3\'s peer floor, where Runtime.ALL lists a newer Node.js than the functions get', () => {
  expect(report.cdkNag).toBe(versions.tests['cdk-nag']);
  expect(report.cdkNagV2).toBe(versions.tests['cdk-nag-v2']);
  expect(report.awsCdkLib).toBe(versions.tests['aws-cdk-lib-compile']);
  expect(report.cdkNagPeer).toBe(`^${report.awsCdkLib}`);
  expect(report.runtimes).toEqual(['nodejs22.x']);
  expect(report.newestListed).toBe('nodejs24.x');
});

test.each([
  'imageAndFleet, us-east-1', 'imageAndFleet, no environment',
  'fixedNameAndWorkspaces, us-east-1', 'fixedNameAndWorkspaces, no environment',
  'everySettingOn, us-east-1', 'everySettingOn, no environment',
])('%s: no unsuppressed cdk-nag 3 or cdk-nag 2 finding on the library\'s resources', scenario => {
  expect(report.results[scenario]).toEqual({ v3: [], v2: [] });
});
