import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { suppressNagFindings } from './nag-suppressions';

/**
 * The custom resource handler, bundled by esbuild when this package is built and shipped in
 * its `assets/` folder: nothing is bundled at the user's synth.
 */
export function handlerCode(): lambda.Code {
  return lambda.Code.fromAsset(path.join(__dirname, '..', 'assets', 'handler'));
}

/**
 * The Lambda runtime of the handler functions: the Node.js runtime that the user's aws-cdk-lib
 * considers the latest in the stack's Region, as for the Provider framework's own functions
 * (nodejs22.x on aws-cdk-lib 2.206.0, nodejs24.x on 2.276.0). It is a CloudFormation mapping
 * when the stack's Region is unknown and the Regions differ. The bundle targets node22, the
 * oldest runtime this returns in the commercial Regions of the peer floor; where a known Region
 * would get an older one, the handler gets nodejs22.x.
 */
export function handlerRuntime(scope: Construct): lambda.Runtime {
  const latest = lambda.determineLatestNodeRuntime(scope);
  const major = /^nodejs(\d+)\.x$/.exec(latest.name)?.[1];
  return major !== undefined && Number(major) < BUNDLE_TARGET_MAJOR ? lambda.Runtime.NODEJS_22_X : latest;
}

/** The Node.js major version esbuild targets (`--target=node22` in .projenrc.ts). */
const BUNDLE_TARGET_MAJOR = 22;

/**
 * cdk-nag's AwsSolutions-L1 wants every function on the newest runtime of its family in this
 * aws-cdk-lib's `Runtime.ALL`. Some aws-cdk-lib releases list a Node.js runtime there before
 * `determineLatestNodeRuntime` picks it (2.257: nodejs24.x listed, nodejs22.x picked), so the
 * library's functions and the Provider framework's, which follow `determineLatestNodeRuntime`,
 * are flagged. Suppresses L1 on the functions under `scope`, with that reason, only then.
 */
export function suppressRuntimeFindingWhereBehind(scope: Construct): void {
  const newest = newestNodeRuntime();
  for (const child of scope.node.findAll()) {
    if (!(child instanceof lambda.CfnFunction)) continue;
    const runtime = child.runtime;
    if (runtime === undefined || Token.isUnresolved(runtime) || !/^nodejs\d+\.x$/.test(runtime) || newest === undefined || runtime === newest) continue;
    suppressNagFindings(child, [{
      id: 'AwsSolutions-L1',
      reason: `The runtime is ${runtime}, the newest Node.js runtime this aws-cdk-lib picks for the stack's Region (determineLatestNodeRuntime, ` +
        `as for the Provider framework's own functions); its Runtime.ALL already lists ${newest}, which it does not pick yet. ` +
        'A newer aws-cdk-lib moves every function of the provider to it.',
    }]);
  }
}

/** The newest `nodejsNN.x` in this aws-cdk-lib's `lambda.Runtime.ALL`. */
function newestNodeRuntime(): string | undefined {
  const majors = lambda.Runtime.ALL.map(r => /^nodejs(\d+)\.x$/.exec(r.name)?.[1]).filter((m): m is string => m !== undefined).map(Number);
  return majors.length > 0 ? `nodejs${Math.max(...majors)}.x` : undefined;
}
