/**
 * How `cdk synth` grows with the number of images in one stack: synth time, template bytes and
 * resources, for 1, 10 and 50 images. Goals: each extra image adds at most 6 resources and
 * 6 KB of template; 50 images synthesize in at most 3x the time of 1.
 *
 * Each size is synthesized --runs times in one warmed-up process, sizes alternating; min, median
 * and max of each size are printed. The goal uses the fastest run of each size (the least
 * disturbed by other work on a shared machine); the median ratio is printed too. The inputs are
 * fixed (the same stack each run): only the number of images matters to these figures.
 *
 *   npx ts-node --project tsconfig.dev.json bench/synth.ts [--runs 9]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ImageSource, ImportedImage } from '../src';
import { machine, median, numberFlag, printTable } from './util';
import { inlinePolicyCharacters, ROLE_INLINE_POLICY_LIMIT } from '../test/fixtures/policy-size';

interface Figures {
  readonly images: number;
  readonly ms: number;
  readonly bytes: number;
  readonly resources: number;
  readonly medianMs?: number;
  readonly maxMs?: number;
}

function synthOnce(images: number): Figures {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  const stack = new Stack(app, 'Images', { env: { account: '111111111111', region: 'us-east-1' } });
  for (let i = 0; i < images; i++) {
    new ImportedImage(stack, `Image${i}`, { source: ImageSource.fromAmiId(`ami-${String(i).padStart(8, '0')}`) });
  }
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const templatePath = path.join(outdir, assembly.getStackByName('Images').templateFile);
  const bytes = fs.statSync(templatePath).size;
  const resources = Object.keys(JSON.parse(fs.readFileSync(templatePath, 'utf8')).Resources).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { images, ms, bytes, resources };
}

function main(): void {
  const runs = numberFlag('--runs', 9);
  const sizes = [1, 10, 50];
  // Load modules and warm the JIT before timing.
  for (const images of sizes) synthOnce(images);
  // Sizes alternate, so that a busy moment of the machine hits all of them alike.
  const samples = new Map<number, Figures[]>(sizes.map(images => [images, []]));
  for (let run = 0; run < runs; run++) {
    for (const images of sizes) samples.get(images)!.push(synthOnce(images));
  }
  const figures = sizes.map(images => {
    const times = samples.get(images)!.map(s => s.ms);
    return { ...samples.get(images)![0], ms: Math.min(...times), medianMs: median(times), maxMs: Math.max(...times) };
  });
  const [one, , fifty] = figures;
  printTable(['images', 'synth ms min', 'median', 'max', 'template KB', 'resources'],
    figures.map(f => [f.images, f.ms.toFixed(0), f.medianMs!.toFixed(0), f.maxMs!.toFixed(0), (f.bytes / 1024).toFixed(1), f.resources]));

  const extra = fifty.images - one.images;
  const resourcesPerImage = (fifty.resources - one.resources) / extra;
  const kbPerImage = (fifty.bytes - one.bytes) / 1024 / extra;
  const timeRatio = fifty.ms / one.ms;
  console.log(`per extra image: ${resourcesPerImage.toFixed(2)} resources (goal <= 6), ${kbPerImage.toFixed(2)} KB (goal <= 6)`);
  console.log(`50 images / 1 image synth time: ${timeRatio.toFixed(2)}x fastest (goal <= 3x), ${(fifty.medianMs! / one.medianMs!).toFixed(2)}x median; ${runs} runs each`);
  console.log(machine());
  const met = resourcesPerImage <= 6 && kbPerImage <= 6 && timeRatio <= 3;
  console.log(`SUMMARY synth: ${resourcesPerImage.toFixed(1)} resources and ${kbPerImage.toFixed(1)} KB per extra image, 50 images in ${timeRatio.toFixed(2)}x the time of 1: goals ${met ? 'met' : 'NOT met'}`);
}

/**
 * IAM's 10,240-character limit on a role's inline policies: the characters of each role of the
 * library (whitespace not counted, intrinsics resolved to realistic ARNs) for 1, 10 and 50
 * AMI images with generated names, each with its import role.
 */
function printPolicySizes(): void {
  const stackName = 'GoldenImagesProductionEuropeWest';
  const sizes = [1, 10, 50].map(images => {
    const app = new App();
    const stack = new Stack(app, stackName, { env: { account: '111111111111', region: 'us-east-1' } });
    for (let i = 0; i < images; i++) {
      new ImportedImage(stack, `WindowsServer2022GoldenImage${i}`, { source: ImageSource.fromAmiId(`ami-${String(i).padStart(17, '0')}`) });
    }
    return inlinePolicyCharacters(app.synth().getStackByName(stackName).template, stackName);
  });
  const roles = Object.keys(sizes[2]).filter(id => id.startsWith('AppStreamImportedImageProvider'));
  console.log('\ninline policy characters per role (IAM limit 10,240 per role)');
  printTable(['role', '1 image', '10 images', '50 images'],
    roles.map(id => [id.replace(/^AppStreamImportedImageProvider/, '').replace(/[0-9A-F]{8}$/, ''), ...sizes.map(s => s[id] ?? 0)]));
  const largest = Math.max(...roles.map(id => sizes[2][id]));
  console.log(`SUMMARY iam: largest role ${largest} characters with 50 images (limit ${ROLE_INLINE_POLICY_LIMIT}): goal ${largest < ROLE_INLINE_POLICY_LIMIT ? 'met' : 'NOT met'}`);
}

main();
printPolicySizes();
