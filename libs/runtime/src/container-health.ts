import { get } from 'node:http';

/**
 * The container's health check (the Dockerfile's HEALTHCHECK and docker-compose.yml run
 * `node dist/libs/runtime/src/container-health.js`): asks the app in this container for its health
 * and exits 0 when it answers 2xx, 1 otherwise. Node itself does the asking because the slim image
 * has no curl or wget. It imports nothing but node:http: it runs every few seconds beside the service.
 *
 * The endpoint is the Kubernetes readiness probes' (k8s/base), /health/ready: a service is healthy
 * once its database and broker answer, the gateway once it is connected to the broker.
 */

/** What the check reads from the container's environment (the image sets APP and PORT). */
export type ContainerHealthEnv = Partial<Record<'APP' | 'PORT', string>>;

/** The image's port (ENV PORT in the Dockerfile; k8s's ConfigMap sets the same). */
export const CONTAINER_PORT = 3000;

/** How long the app may take to answer before the check counts as failed (the HEALTHCHECK's timeout is longer). */
export const HEALTH_REQUEST_TIMEOUT_MS = 3000;

/** The URL the check asks, or why it cannot ask (a missing or unusable setting). */
export function containerHealthUrl(env: ContainerHealthEnv): { url: string } | { error: string } {
  const app = env.APP?.trim();
  if (!app) return { error: 'APP is not set (gateway, partners, campaigns, fulfillment, commissions or analytics)' };
  const port = env.PORT?.trim() ? Number(env.PORT) : CONTAINER_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `PORT ${env.PORT} is not a port number` };
  return { url: `http://127.0.0.1:${port}/health/ready` };
}

/**
 * 0 when the app answers 2xx within the timeout, 1 otherwise (Docker's healthy / unhealthy).
 * node:http rather than fetch: fetch refuses the ports on its "bad ports" list (4190, 6000, …), which
 * PORT may name.
 */
export function checkContainerHealth(env: ContainerHealthEnv, timeoutMs = HEALTH_REQUEST_TIMEOUT_MS): Promise<{ exitCode: 0 | 1; detail: string }> {
  const target = containerHealthUrl(env);
  if ('error' in target) return Promise.resolve({ exitCode: 1, detail: target.error });
  return new Promise((settle) => {
    const request = get(target.url, { timeout: timeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      settle({ exitCode: status >= 200 && status < 300 ? 0 : 1, detail: `${target.url} answered ${status}` });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => settle({ exitCode: 1, detail: `${target.url}: ${error.message}` }));
  });
}

if (require.main === module) {
  void checkContainerHealth(process.env).then(({ exitCode, detail }) => {
    // Docker keeps the last lines of output in `docker inspect` (State.Health.Log): say why.
    (exitCode === 0 ? process.stdout : process.stderr).write(`${detail}\n`);
    process.exit(exitCode);
  });
}
