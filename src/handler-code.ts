import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

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
