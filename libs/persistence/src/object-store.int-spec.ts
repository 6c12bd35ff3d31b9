import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';
import { dropDatabase } from './database';
import { openServiceDataSource } from './data-source';
import { PostgresObjectStore, S3ObjectStore, objectStoreFor } from './object-store';
import { testDatabase } from './test-database';
import type { ObjectStore } from './object-store';

// s3rver ships no types; its constructor and run/close are all this test uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<unknown>; close(): Promise<void> };

const target = testDatabase('objects');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What every store must do, whatever keeps the bytes. */
function behavesAsAnObjectStore(name: string, store: () => ObjectStore): void {
  describe(name, () => {
    it('keeps the bytes and type it was given, from a buffer or a stream, and answers them by key', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300_000)]);
      await store().put('sale-attachments/a/1', png, { content_type: 'image/png' });
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1000)]);
      await store().put('sale-attachments/a/2', Readable.from([pdf.subarray(0, 10), pdf.subarray(10)]), { content_type: 'application/pdf' });

      const first = await store().get('sale-attachments/a/1');
      expect(first).toEqual({ body: expect.any(Buffer), size: png.length, content_type: 'image/png' });
      expect(sha(first!.body)).toBe(sha(png));
      const second = await store().get('sale-attachments/a/2');
      expect(second?.content_type).toBe('application/pdf');
      expect(sha(second!.body)).toBe(sha(pdf));
    });

    it('answers null for a key it does not hold, and forgets a deleted key (deleting again is a no-op)', async () => {
      expect(await store().get('sale-attachments/none')).toBeNull();
      await store().put('sale-attachments/b/1', Buffer.from('%PDF-x'), { content_type: 'application/pdf' });
      await store().delete('sale-attachments/b/1');
      expect(await store().get('sale-attachments/b/1')).toBeNull();
      await expect(store().delete('sale-attachments/b/1')).resolves.toBeUndefined();
    });

    it('replaces what a key held when it is put again', async () => {
      await store().put('sale-attachments/c/1', Buffer.from([0xff, 0xd8, 0xff, 1]), { content_type: 'image/jpeg' });
      await store().put('sale-attachments/c/1', Buffer.from([0xff, 0xd8, 0xff, 2, 3]), { content_type: 'image/jpeg' });
      expect((await store().get('sale-attachments/c/1'))?.body).toEqual(Buffer.from([0xff, 0xd8, 0xff, 2, 3]));
    });
  });
}

describe('object stores (real PostgreSQL, real S3-compatible server)', () => {
  let dataSource: DataSource;
  let postgres: ObjectStore;
  let s3: S3ObjectStore;
  let s3server: { close(): Promise<void> };
  let s3dir: string;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ target, poolSize: 2, entities: [], migrations: [], applicationName: 'object-store-test' });
    await dataSource.query(`CREATE TABLE stored_objects (key text PRIMARY KEY, content_type varchar(100) NOT NULL, size integer NOT NULL,
      body bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`);
    postgres = objectStoreFor({ OBJECT_STORE: 'postgres', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true }, dataSource);

    s3dir = await mkdtemp(join(tmpdir(), 'spiffworks-s3-'));
    const port = await freePort();
    const server = new S3rver({ port, address: '127.0.0.1', directory: s3dir, silent: true, resetOnClose: true });
    await server.run();
    s3server = server;
    const settings = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
    const admin = new S3Client({ ...settings, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await admin.send(new CreateBucketCommand({ Bucket: 'proofs' }));
    admin.destroy();
    s3 = objectStoreFor({
      OBJECT_STORE: 's3', S3_ENDPOINT: settings.endpoint, S3_REGION: 'us-east-1', S3_BUCKET: 'proofs',
      S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: true,
    }, dataSource) as S3ObjectStore;
  });

  afterAll(async () => {
    s3?.close();
    await s3server?.close();
    if (s3dir) await rm(s3dir, { recursive: true, force: true });
    await dataSource?.destroy();
    await dropDatabase(target);
  });

  it('chooses the store the configuration names', () => {
    expect(postgres).toBeInstanceOf(PostgresObjectStore);
    expect(s3).toBeInstanceOf(S3ObjectStore);
  });

  behavesAsAnObjectStore('PostgreSQL (bytea)', () => postgres);
  behavesAsAnObjectStore('S3 (s3rver)', () => s3);

  it('keeps PostgreSQL objects in its own table', async () => {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM stored_objects WHERE key = 'sale-attachments/a/1'`);
    expect(n).toBe(1);
  });
});
