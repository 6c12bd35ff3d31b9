import { PassThrough, Readable } from 'node:stream';
import { HttpException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { bodyEnd, readAttachment } from './attachment-upload';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);

function codeOf(error: unknown): string | undefined {
  return ((error as HttpException).getResponse() as { code?: string }).code;
}

describe('readAttachment', () => {
  it('answers the bytes and the type they show, whatever the chunking', async () => {
    const body = Buffer.concat([PNG, Buffer.alloc(5000, 7)]);
    const proof = await readAttachment(Readable.from([body.subarray(0, 3), body.subarray(3, 20), body.subarray(20)]), 10_000);
    expect(proof.content_type).toBe('image/png');
    expect(proof.bytes.equals(body)).toBe(true);
  });

  it.each([
    ['an executable', Buffer.concat([ELF, Buffer.alloc(100)]), 'ATTACHMENT_TYPE_REFUSED'],
    ['a file shorter than any signature', Buffer.from([0xff, 0xd8]), 'ATTACHMENT_TYPE_REFUSED'],
    ['an empty file', Buffer.alloc(0), 'ATTACHMENT_TYPE_REFUSED'],
    ['one byte over the limit', Buffer.concat([PNG, Buffer.alloc(10_000 - PNG.length + 1)]), 'ATTACHMENT_TOO_LARGE'],
  ])('refuses %s', async (_what, body, code) => {
    const error = await readAttachment(Readable.from(body.length ? [body] : []), 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect(codeOf(error)).toBe(code);
  });

  it('accepts a file of exactly the limit', async () => {
    const body = Buffer.concat([PNG, Buffer.alloc(10_000 - PNG.length)]);
    await expect(readAttachment(Readable.from([body]), 10_000)).resolves.toMatchObject({ content_type: 'image/png' });
  });

  it('refuses a wrong type from its first bytes, without waiting for the rest', async () => {
    const stream = new PassThrough();
    const outcome = readAttachment(stream, 10_000);
    stream.write(ELF); // the stream never ends: the answer must come from the head alone
    const error = await outcome.catch((e: unknown) => e);
    expect(codeOf(error)).toBe('ATTACHMENT_TYPE_REFUSED');
    stream.destroy();
  });
});

describe('bodyEnd', () => {
  const request = (headers: Record<string, string>): PassThrough & IncomingMessage => Object.assign(new PassThrough(), { headers, complete: false }) as unknown as PassThrough & IncomingMessage;
  const stillPending = (outcome: Promise<void>) => Promise.race([outcome.then(() => 'ended'), new Promise((resolve) => setImmediate(() => resolve('pending')))]);

  it('waits for the rest of a body of known length, reading it, before the answer goes out', async () => {
    const req = request({ 'content-length': '30' });
    req.write(Buffer.alloc(20));
    const ended = bodyEnd(req);
    expect(await stillPending(ended)).toBe('pending');
    req.end(Buffer.alloc(10)); // only flows to its end when bodyEnd reads it
    await expect(ended).resolves.toBeUndefined();
  });

  it('does not wait for a body of unknown length, nor for one already read', async () => {
    await expect(bodyEnd(request({}))).resolves.toBeUndefined();
    const read = Object.assign(request({ 'content-length': '3' }), { complete: true });
    await expect(bodyEnd(read)).resolves.toBeUndefined();
  });
});
