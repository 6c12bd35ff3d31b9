import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to local PostgreSQL and RabbitMQ', () => {
    const config = loadConfig({});
    expect(config.DATABASE_HOST).toBe('127.0.0.1');
    expect(config.DATABASE_PORT).toBe(5432);
    expect(config.RABBITMQ_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
  });

  it.each([
    [{ DATABASE_PORT: 'abc' }, 'DATABASE_PORT'],
    [{ RABBITMQ_URL: 'not a url' }, 'RABBITMQ_URL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET must be set in production'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
  ])('rejects %p naming %s', (env, named) => {
    expect(() => loadConfig(env)).toThrow(named);
  });
});
