import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@spiffworks/contracts';
import { requireJsonBody } from './request-body';

const UPLOAD = { method: 'POST', path: '/api/files', mediaTypes: ['text/csv', 'multipart/form-data'] };

/** Runs the middleware on a request with a body of `contentType`: next(), or the 415 it answered. */
function run(method: string, url: string, contentType: string | undefined): { next: boolean; status?: number; body?: { code: string; message: string } } {
  const headers: Record<string, string> = { 'content-length': '10', ...(contentType && { 'content-type': contentType }) };
  let next = false;
  let answer: { status: number; body: string } | undefined;
  const res = {
    statusCode: 200,
    setHeader: () => undefined,
    end(body: string) {
      answer = { status: this.statusCode, body };
    },
  };
  requireJsonBody([UPLOAD])({ method, url, headers } as unknown as IncomingMessage, res as unknown as ServerResponse, () => (next = true));
  return answer ? { next, status: answer.status, body: JSON.parse(answer.body) } : { next };
}

describe('requireJsonBody', () => {
  it('passes JSON bodies on, and refuses any other body with 415 naming application/json', () => {
    expect(run('POST', '/api/things', 'application/json; charset=utf-8')).toEqual({ next: true });
    expect(run('POST', '/api/things', 'application/problem+json')).toEqual({ next: true });
    expect(run('POST', '/api/things', 'text/csv')).toMatchObject({
      next: false, status: 415, body: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'content-type must be application/json, not text/csv' },
    });
  });

  it('leaves a streamed route\'s own media types unread for its handler, whatever the query or trailing slash', () => {
    for (const [url, type] of [['/api/files', 'text/csv'], ['/api/files?x=1', 'text/csv; charset=utf-8'], ['/API/Files/', 'multipart/form-data; boundary=b']]) {
      expect({ url, type, ...run('POST', url, type) }).toEqual({ url, type, next: true });
    }
  });

  it('refuses JSON or anything else on a streamed route, naming the media types it takes', () => {
    for (const type of ['application/json', 'text/plain', undefined]) {
      expect(run('POST', '/api/files', type)).toMatchObject({
        next: false, status: 415, body: { message: `content-type must be text/csv or multipart/form-data${type ? `, not ${type}` : ''}` },
      });
    }
  });

  it('treats the same path with another method as any other route', () => {
    expect(run('PUT', '/api/files', 'text/csv')).toMatchObject({ status: 415, body: { message: 'content-type must be application/json, not text/csv' } });
  });
});
