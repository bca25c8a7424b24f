/** Small helpers shared by the benchmark scripts. */
import * as os from 'os';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile (0 < p <= 100): the smallest value with at least p % of them at or below it. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface Distribution {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly mean: number;
  readonly p90: number;
  readonly max: number;
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) throw new Error('no values to summarize');
  return {
    n: values.length,
    min: Math.min(...values),
    median: median(values),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
    p90: percentile(values, 90),
    max: Math.max(...values),
  };
}

/** "min / median / max" of the values, each formatted by `format`. */
export function minMedianMax(values: number[], format: (value: number) => string = v => v.toFixed(0)): string {
  const d = distribution(values);
  return `${format(d.min)} / ${format(d.median)} / ${format(d.max)}`;
}

/** `--name 5` from the command line, or the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `--seed 7` from the command line (any integer, 0 included), or the fallback. */
export function seedFlag(fallback = 1): number {
  const at = process.argv.indexOf('--seed');
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isInteger(value) ? value : fallback;
}

/** The machine a figure was measured on: timings only compare within one machine. */
export function machine(node: string = process.version): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 2 ** 30).toFixed(0);
  return `machine: ${cpus.length} cores (${model}), ${gib} GiB, Node.js ${node.replace(/^v/, '')}, ${os.platform()}-${os.arch()}, load average ${os.loadavg()[0].toFixed(2)}`;
}

export function printTable(header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map(row => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map(row => row[i].length)));
  for (const row of cells) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));
}
