import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';

/** The injection token of a service's object store (`objectStoreFor`). */
export const OBJECT_STORE = Symbol('OBJECT_STORE');

/** What is kept beside an object's bytes. */
export interface ObjectMeta {
  content_type: string;
}

export interface StoredObject extends ObjectMeta {
  body: Buffer;
  size: number;
}

/**
 * Where files (proofs of sale, dispute attachments) are kept, by key. `put` of a key that exists replaces it; `get` of a
 * missing key is null; `delete` of a missing key is a no-op. Bodies are bounded by their caller
 * (≤ 10 MB), so a `get` answers the whole body.
 */
export interface ObjectStore {
  put(key: string, body: Buffer | Readable, meta: ObjectMeta): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}

async function bufferOf(body: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The default: a bytea table (`stored_objects`, created by the owning service's migration) in the service's own database. */
export class PostgresObjectStore implements ObjectStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(key: string, body: Buffer | Readable, meta: ObjectMeta): Promise<void> {
    const bytes = await bufferOf(body);
    await this.dataSource.query(
      `INSERT INTO stored_objects (key, content_type, size, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET content_type = EXCLUDED.content_type, size = EXCLUDED.size, body = EXCLUDED.body, stored_at = now()`,
      [key, meta.content_type, bytes.length, bytes],
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    const rows: Array<{ content_type: string; size: number; body: Buffer }> = await this.dataSource.query(
      'SELECT content_type, size, body FROM stored_objects WHERE key = $1', [key]);
    return rows[0] ? { content_type: rows[0].content_type, size: Number(rows[0].size), body: rows[0].body } : null;
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM stored_objects WHERE key = $1', [key]);
  }
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Any S3-compatible store (AWS S3, MinIO, …). The bucket must exist. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    });
  }

  async put(key: string, body: Buffer | Readable, meta: ObjectMeta): Promise<void> {
    // A length is needed for a plain PUT: bodies here are bounded (≤ 10 MB), so a stream is read whole first.
    const bytes = await bufferOf(body);
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: bytes, ContentType: meta.content_type, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      const body = Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      return { body, size: body.length, content_type: answer.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}

/**
 * Keeps an uploaded file's bytes under `key` first, then runs `record`: the transaction that writes
 * the row naming the key (and its event). If that fails, or answers another record than `id` (an
 * Idempotency-Key replay answers the first upload's), the bytes just stored are deleted again, so a
 * key no row names is never kept. The bytes go first because a store (S3) cannot join the
 * database's transaction; a row never names bytes that are not there.
 */
export async function storeThenRecord<T extends { id: string }>(
  store: ObjectStore,
  file: { key: string; id: string; bytes: Buffer; meta: ObjectMeta },
  record: () => Promise<T>,
): Promise<T> {
  await store.put(file.key, file.bytes, file.meta);
  try {
    const recorded = await record();
    if (recorded.id !== file.id) await store.delete(file.key).catch(() => undefined);
    return recorded;
  } catch (error) {
    await store.delete(file.key).catch(() => undefined);
    throw error;
  }
}

/** The store the configuration names (`OBJECT_STORE`, `S3_*`). */
export function objectStoreFor(
  config: { OBJECT_STORE: 'postgres' | 's3'; S3_ENDPOINT?: string; S3_REGION: string; S3_BUCKET?: string; S3_ACCESS_KEY_ID?: string; S3_SECRET_ACCESS_KEY?: string; S3_FORCE_PATH_STYLE: boolean },
  dataSource: DataSource,
): ObjectStore {
  if (config.OBJECT_STORE === 'postgres') return new PostgresObjectStore(dataSource);
  return new S3ObjectStore({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET as string,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}
