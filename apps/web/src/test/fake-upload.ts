/** The browser's upload and download as the import screens use them, for tests to drive. */
import { act } from '@testing-library/react';
import { vi } from 'vitest';

/** The browser's XMLHttpRequest as the upload uses it; a test drives its progress and its answer. */
export class FakeUpload {
  static sent: FakeUpload[] = [];
  method = '';
  url = '';
  headers = new Map<string, string>();
  body: FormData | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers.set(name.toLowerCase(), value);
  }
  send(body: FormData) {
    this.body = body;
    FakeUpload.sent.push(this);
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    act(() => this.upload.onprogress?.({ loaded, total, lengthComputable: true }));
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = body instanceof Response ? '' : JSON.stringify(body);
    act(() => this.onload?.());
  }
  async answerWith(response: Response) {
    this.status = response.status;
    this.responseText = await response.text();
    act(() => this.onload?.());
  }
}

// jsdom's Blob has no text().
const textOf = (blob: Blob): Promise<string> =>
  new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
export const contentOf = (blob: Blob): Promise<string> => (typeof blob.text === 'function' ? blob.text() : textOf(blob));

export function captureDownloads() {
  const saved: Array<{ blob: Blob; name: string }> = [];
  let last: Blob | null = null;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => ((last = blob as Blob), 'blob:saved'));
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (last) saved.push({ blob: last, name: this.download });
  });
  return saved;
}

