import type { Readable } from 'node:stream';
import { HttpError } from './errors';

/**
 * Reading a request body under a byte cap without ever holding more than the cap: the size is
 * decided from Content-Length before reading when the header is there, and enforced on the running
 * total while streaming (chunked bodies, or a sender whose body outgrows what it declared).
 */
export const payloadTooLarge = (limit: number) => new HttpError(413, `Payload exceeds maximum size of ${limit} bytes.`);

export type DeclaredLength = { kind: 'absent' } | { kind: 'ok'; bytes: number } | { kind: 'too-large' } | { kind: 'malformed' };

/** What a Content-Length header says against the cap (digits only; anything else is malformed). */
export function declaredLength(header: string | string[] | undefined, limit: number): DeclaredLength {
  if (header === undefined) return { kind: 'absent' };
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (!/^\d{1,16}$/.test(value)) return { kind: 'malformed' };
  const bytes = Number(value);
  return bytes > limit ? { kind: 'too-large' } : { kind: 'ok', bytes };
}

/** Reads the stream to the end, or rejects with 413 as soon as the total passes `limit`. */
export function readBoundedBody(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        stream.pause();
        chunks.length = 0;
        reject(payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
