import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface GoalCheck {
  scenario: string;
  measure: string;
  value: number;
  reference?: string;
  goal: string;
  /** Absent on a figure the issue asks to report without setting it a goal. */
  met?: boolean;
}

export function atMost(scenario: string, measure: string, value: number, limit: number, unit = '', reference?: string): GoalCheck {
  return { scenario, measure, value, reference, goal: `≤ ${limit}${unit}`, met: value <= limit };
}

export function atLeast(scenario: string, measure: string, value: number, limit: number, unit = '', reference?: string): GoalCheck {
  return { scenario, measure, value, reference, goal: `≥ ${limit}${unit}`, met: value >= limit };
}

/** A figure shown beside its reference with no verdict: the issue asks for it, but sets no goal. */
export function measured(scenario: string, measure: string, value: number, reference: string): GoalCheck {
  return { scenario, measure, value, reference, goal: 'none set' };
}

export function machine(postgres: string): Record<string, unknown> {
  return { cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, postgres };
}

/** Writes bench/results/latest.json (and a dated copy) and prints the goal table on stdout. */
export function publish(root: string, result: Record<string, unknown>, goals: GoalCheck[]): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const body = JSON.stringify({ ...result, goals }, null, 2) + '\n';
  const latest = join(dir, 'latest.json');
  writeFileSync(latest, body);
  process.stdout.write(table(goals));
  return latest;
}

export function table(goals: GoalCheck[]): string {
  const rows = goals.map((g) => [g.scenario, g.measure, String(g.value), g.reference ?? '', g.goal, verdict(g)]);
  const header = ['scenario', 'measure', 'value', 'reference (same run)', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |\n`;
  return '\n' + line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('') + '\n';
}

function verdict(goal: GoalCheck): string {
  if (goal.met === undefined) return '';
  return goal.met ? 'met' : 'MISSED';
}
