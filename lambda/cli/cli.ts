/**
 * Entry point of the package's `bin` (bundled to assets/cli/index.js):
 *   npx cdk-appstream-imported-image check --ami ami-... [--role arn] [--region r] [--profile p] [--timeout s] [--json]
 * See check.ts for what it does.
 */
import { main } from './check';

main(process.argv.slice(2), {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
}).then(
  code => {
    process.exitCode = code;
    // Whatever the SDK still holds open after the deadline must not keep the command running.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  error => {
    process.stderr.write(`ERROR  ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
