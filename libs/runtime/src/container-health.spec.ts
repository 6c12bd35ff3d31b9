import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { checkContainerHealth, containerHealthUrl } from './container-health';

describe('containerHealthUrl', () => {
  it.each([
    [{ APP: 'gateway' }, 'http://127.0.0.1:3000/health/ready'],
    [{ APP: 'partners' }, 'http://127.0.0.1:3000/health/ready'],
    [{ APP: 'campaigns', PORT: '3002' }, 'http://127.0.0.1:3002/health/ready'],
    [{ APP: 'fulfillment', PORT: '' }, 'http://127.0.0.1:3000/health/ready'],
    [{ APP: 'commissions' }, 'http://127.0.0.1:3000/health/ready'],
    [{ APP: 'analytics' }, 'http://127.0.0.1:3000/health/ready'],
    [{ APP: 'gateway', PORT: '8080' }, 'http://127.0.0.1:8080/health/ready'],
  ])('%j asks %s', (env, url) => {
    expect(containerHealthUrl(env)).toEqual({ url });
  });

  it.each([
    [{}, /APP is not set/],
    [{ APP: ' ' }, /APP is not set/],
    [{ APP: 'partners', PORT: 'http' }, /PORT http is not a port number/],
    [{ APP: 'partners', PORT: '70000' }, /PORT 70000/],
  ])('%j cannot be asked', (env, reason) => {
    const result = containerHealthUrl(env);
    expect('error' in result && result.error).toMatch(reason);
  });
});

describe('checkContainerHealth', () => {
  let server: Server;
  let port: number;
  let status = 200;
  let delayMs = 0;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      setTimeout(() => res.writeHead(status).end('{}'), delayMs);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    status = 200;
    delayMs = 0;
    asked.length = 0;
  });

  it('is healthy when the app answers 2xx on its endpoint', async () => {
    expect(await checkContainerHealth({ APP: 'partners', PORT: String(port) })).toEqual({ exitCode: 0, detail: expect.stringContaining('answered 200') });
    expect(asked).toEqual(['/health/ready']);
  });

  it('is unhealthy when a service answers 503 (database or broker down)', async () => {
    status = 503;
    expect((await checkContainerHealth({ APP: 'commissions', PORT: String(port) })).exitCode).toBe(1);
  });

  it('is unhealthy when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    expect((await checkContainerHealth({ APP: 'gateway', PORT: String(unused) })).exitCode).toBe(1);
  });

  it('is unhealthy when the app does not answer within the timeout', async () => {
    delayMs = 500;
    const result = await checkContainerHealth({ APP: 'gateway', PORT: String(port) }, 50);
    expect(result.exitCode).toBe(1);
    expect(asked).toEqual(['/health/ready']);
  });

  it("asks on a port fetch would refuse (its bad-ports list), since PORT may name one", async () => {
    // The first of fetch's blocked ports free on this machine.
    const blocked = [4190, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080];
    let other: Server | undefined;
    for (const candidate of blocked) {
      const s = createServer((_, res) => res.writeHead(204).end());
      const bound = await new Promise<boolean>((done) => s.once('error', () => done(false)).listen(candidate, '127.0.0.1', () => done(true)));
      if (bound) {
        other = s;
        break;
      }
    }
    expect(other).toBeDefined();
    try {
      const port = (other!.address() as AddressInfo).port;
      expect(await checkContainerHealth({ APP: 'gateway', PORT: String(port) })).toEqual({ exitCode: 0, detail: expect.stringContaining('answered 204') });
    } finally {
      await new Promise<void>((done) => other!.close(() => done()));
    }
  });

  it('is unhealthy without APP, and says so', async () => {
    expect(await checkContainerHealth({ PORT: String(port) })).toEqual({ exitCode: 1, detail: expect.stringMatching(/APP is not set/) });
    expect(asked).toEqual([]);
  });
});
