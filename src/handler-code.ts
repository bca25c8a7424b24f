import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The custom resource handler, bundled by esbuild when this package is built and shipped in
 * its `assets/` folder: nothing is bundled at the user's synth.
 */
export function handlerCode(): lambda.Code {
  return lambda.Code.fromAsset(path.join(__dirname, '..', 'assets', 'handler'));
}

/** The Lambda runtime the handler is built for (esbuild targets node22). */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_22_X;
