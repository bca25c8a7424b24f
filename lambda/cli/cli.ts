/**
 * Entry point of the package's `bin` (bundled to assets/cli/index.js):
 *   npx cdk-appstream-imported-image check --ami ami-... [--role arn] [--region r]
 * See check.ts for what it does.
 */
import { main } from './check';

main(process.argv.slice(2), {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
}).then(
  code => { process.exitCode = code; },
  error => {
    process.stderr.write(`ERROR  ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
