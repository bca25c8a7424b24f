/** Small helpers shared by the benchmark scripts. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `--name 5` from the command line, or the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function printTable(header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map(row => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map(row => row[i].length)));
  for (const row of cells) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));
}
