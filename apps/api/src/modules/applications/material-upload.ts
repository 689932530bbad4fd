import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';

/**
 * Reads a material upload as the browser sends it (multipart: the `materialCode` field, then one
 * `file`) and hands the file to `store` while it streams. Anything else is APPLICATION_UPLOAD_INVALID.
 */
export async function receiveMaterialUpload<T>(
  req: FastifyRequest,
  store: (upload: { materialCode: string; fileName: string; content: Readable }) => Promise<T>,
): Promise<T> {
  let materialCode: string | undefined;
  let stored: { value: T } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'materialCode' && typeof part.value === 'string') materialCode = part.value;
      continue;
    }
    try {
      if (part.fieldname !== 'file' || !materialCode || !part.filename || stored) {
        throw new AppError('APPLICATION_UPLOAD_INVALID');
      }
      stored = { value: await store({ materialCode, fileName: part.filename, content: part.file }) };
    } finally {
      // Whatever happened, the rest of the upload is read and dropped so the request ends cleanly.
      part.file.resume();
    }
  }
  if (!stored) throw new AppError('APPLICATION_UPLOAD_INVALID');
  return stored.value;
}
