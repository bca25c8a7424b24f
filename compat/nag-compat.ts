/**
 * Compatibility check (`npx projen compat`; run it before each release, it is not part of CI):
 * the packed tarball, installed in a fresh app on the newest aws-cdk-lib, constructs and cdk-nag
 * on the registry, synthesizes the README's TypeScript example with `AwsSolutionsChecks`
 * applied, and prints the findings. The library's resources must have none.
 */
import { execFileSync } from 'child_process';
import { HANDLERS, LIST_FUNCTIONS_JS, installTempApp } from './temp-app';

const newest = (pkg: string) => execFileSync('npm', ['view', pkg, 'version'], { encoding: 'utf8' }).trim();
const versions = { 'aws-cdk-lib': newest('aws-cdk-lib'), 'constructs': newest('constructs'), 'cdk-nag': newest('cdk-nag') };

// cdk-nag 3 is a policy validation plugin (`Validations.of(app).addPlugins`); cdk-nag 2 an aspect.
const HARNESS = `${LIST_FUNCTIONS_JS}
const cdk = require('aws-cdk-lib');
const { AwsSolutionsChecks } = require('cdk-nag');
const plugin = typeof AwsSolutionsChecks.prototype.validateScope === 'function';
if (plugin) cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
else cdk.Aspects.of(app).add(new AwsSolutionsChecks());
let synthError;
let assembly;
try { assembly = app.synth(); } catch (e) { synthError = String(e.message).split('\\n')[0]; }
const findings = plugin
  ? new AwsSolutionsChecks().validateScope(app).violations.flatMap(v => v.violatingResources.map(r => ({ rule: v.ruleName, level: v.severity, path: r.constructPath })))
  : assembly.stacks.flatMap(s => Object.entries(s.manifest.metadata || {}).flatMap(([p, entries]) => entries
      .filter(e => (e.type === 'aws:cdk:error' || e.type === 'aws:cdk:warning') && String(e.data).startsWith('AwsSolutions-'))
      .map(e => ({ rule: String(e.data).split(':')[0], level: e.type.slice(8), path: p.replace(/^\\//, '') }))));
console.log(JSON.stringify({ plugin, synthError, findings, functions: assembly ? listFunctions(assembly) : [] }));`;

const app = installTempApp(versions);
try {
  const out = app.run(HARNESS);
  const { plugin, synthError, findings, functions } = JSON.parse(out.trim().split('\n').pop()!);
  console.log(`aws-cdk-lib ${app.version('aws-cdk-lib')}, constructs ${app.version('constructs')}, cdk-nag ${app.version('cdk-nag')} (${plugin ? 'Validations plugin' : 'aspect'})`);
  console.log(`synth with AwsSolutionsChecks: ${synthError ? `FAILED: ${synthError}` : 'succeeded'}`);
  for (const f of functions.filter((fn: { handler: string }) => HANDLERS.includes(fn.handler))) {
    console.log(`  ${f.stack}/${f.id} (${f.handler}): ${f.runtimes.join(' | ')}`);
  }
  // The library's resources: everything under an ImportedImage (GoldenImage) or the stack's shared provider.
  const ours = (p: string) => /\/(GoldenImage|AppStreamImportedImageProvider)(\/|$)/.test(p);
  const mine = findings.filter((f: { path: string }) => ours(f.path));
  const others = findings.filter((f: { path: string }) => !ours(f.path));
  for (const f of findings) console.log(`  ${f.level} ${f.rule}: ${f.path}${ours(f.path) ? '  <- library' : ''}`);
  console.log(`findings on the library's resources: ${mine.length}; on the app's own resources: ${others.length}`);
  if (mine.length > 0 || (synthError && others.length === 0)) process.exitCode = 1;
} finally {
  app.dispose();
}
