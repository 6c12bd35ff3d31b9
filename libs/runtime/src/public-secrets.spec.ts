/**
 * Every JWT_SECRET / ADMIN_PASSWORD value written in the repository's deploy files, README and
 * docs/*.md (the defaults table is docs/configuration.md), .env example and bench is in the lists
 * production refuses (public-secrets.ts): a new public value cannot slip in without this test naming it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from './config';
import { PUBLIC_ADMIN_PASSWORDS, PUBLIC_JWT_SECRETS } from './public-secrets';

const ROOT = resolve(__dirname, '../../..');
const VARIABLES = ['JWT_SECRET', 'ADMIN_PASSWORD'] as const;
type Variable = (typeof VARIABLES)[number];
const REFUSED: Record<Variable, readonly string[]> = { JWT_SECRET: PUBLIC_JWT_SECRETS, ADMIN_PASSWORD: PUBLIC_ADMIN_PASSWORDS };

function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

/** The files a reader (or an attacker) finds secrets in. */
function publicFiles(): string[] {
  return [
    ...['docker-compose.yml', 'README.md', '.env.example'].map((f) => join(ROOT, f)).filter((f) => existsSync(f)),
    ...filesUnder(join(ROOT, 'docs'), /\.md$/),
    ...filesUnder(join(ROOT, 'k8s'), /\.ya?ml$/),
    ...filesUnder(join(ROOT, 'bench'), /\.ts$/),
  ];
}

/** The values a file gives a variable: `VAR=v`, `VAR: v` / `VAR: 'v'`, `${VAR:-v}`, and a Markdown defaults table (docs/configuration.md). */
export function valuesIn(text: string, variable: Variable, kind: 'markdown' | 'code' | 'config'): string[] {
  const found: string[] = [];
  const add = (value: string | undefined): void => {
    const v = value?.trim();
    if (v && !v.startsWith('$') && !/^[A-Z_]+$/.test(v)) found.push(v);
  };
  for (const m of text.matchAll(new RegExp(`\\$\\{${variable}:?-([^}]*)\\}`, 'g'))) add(m[1]);
  for (const m of text.matchAll(new RegExp(`\\b${variable}=(?:"([^"]*)"|'([^']*)'|([^\\s\`'"#]+))`, 'g'))) add(m[1] ?? m[2] ?? m[3]);
  // In code only string literals are values (`ADMIN_PASSWORD: BENCH_ADMIN.password` is not one).
  for (const m of text.matchAll(new RegExp(`\\b${variable}:[ \\t]*(?:"([^"]*)"|'([^']*)'|([^\\s\`'"#,}]+))`, 'gm'))) add(m[1] ?? m[2] ?? (kind === 'code' ? undefined : m[3]));
  if (kind === 'markdown') {
    // | `ADMIN_EMAIL` / `ADMIN_PASSWORD` | `admin@spiffworks.local` / `spiffworks-admin` | … |
    for (const line of text.split('\n').filter((l) => l.startsWith('|') && l.includes(`\`${variable}\``))) {
      const [names, defaults] = line.split('|').slice(1, 3).map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((x) => x[1]));
      const at = names.indexOf(variable);
      if (at >= 0 && defaults && defaults[at] !== undefined) add(defaults[at]);
    }
  }
  return found;
}

describe('secrets published in the repository', () => {
  it('finds the values this scan is meant to find', () => {
    expect(valuesIn('JWT_SECRET: ${JWT_SECRET:-a-b-c}\n  - JWT_SECRET=d-e-f\n', 'JWT_SECRET', 'config')).toEqual(['a-b-c', 'd-e-f']);
    expect(valuesIn("JWT_SECRET: 'g-h-i', ADMIN_PASSWORD: ADMIN.password,", 'JWT_SECRET', 'code')).toEqual(['g-h-i']);
    expect(valuesIn('ADMIN_PASSWORD: ADMIN.password,', 'ADMIN_PASSWORD', 'code')).toEqual([]);
    expect(valuesIn('JWT_SECRET: ${JWT_SECRET:?set it in .env}', 'JWT_SECRET', 'config')).toEqual([]);
    expect(valuesIn('| `ADMIN_EMAIL` / `ADMIN_PASSWORD` | `a@b.c` / `pw-pw-pw` | x |', 'ADMIN_PASSWORD', 'markdown')).toEqual(['pw-pw-pw']);
  });

  it('are all refused in production', () => {
    const unlisted: string[] = [];
    let scanned = 0;
    let inMarkdown = 0;
    for (const file of publicFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const variable of VARIABLES) {
        for (const value of valuesIn(text, variable, file.endsWith('.md') ? 'markdown' : file.endsWith('.ts') ? 'code' : 'config')) {
          scanned += 1;
          if (file.endsWith('.md')) inMarkdown += 1;
          if (!REFUSED[variable].includes(value)) unlisted.push(`${relative(ROOT, file)}: ${variable}=${value}`);
        }
      }
    }
    expect(unlisted).toEqual([]);
    expect(scanned).toBeGreaterThan(0);
    // The defaults table (docs/configuration.md) is read: a moved or reshaped table must not go unscanned.
    expect(inMarkdown).toBeGreaterThan(0);
  });

  it('the lists hold only values production refuses', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'q8Vf2u7WkN0sYx3Lr5Tz9Bm1Hc6Jd4Pa', ADMIN_PASSWORD: 'a-password-of-our-own' };
    for (const secret of PUBLIC_JWT_SECRETS) expect(() => loadConfig({ ...production, JWT_SECRET: secret })).toThrow('JWT_SECRET');
    for (const password of PUBLIC_ADMIN_PASSWORDS) expect(() => loadConfig({ ...production, ADMIN_PASSWORD: password })).toThrow('ADMIN_PASSWORD');
  });
});
