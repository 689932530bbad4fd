import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';

/** What the store accepts: the type is sniffed from the bytes; the name's extension must agree. */
const ALLOWED: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** A column of a module's table holding stored files' sha256 (or a jsonb array of objects holding it under `jsonKey`). */
export interface FileReference {
  table: string;
  column: string;
  jsonKey?: string;
}

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  mimeType: string;
}

/**
 * Content-addressed files on disk: `<root>/ab/cd/<sha256>`. The same bytes are stored once.
 * Files are written to a temporary name and renamed, so a crash never leaves half a file under
 * a real address. The index row lives in platform_files.
 */
export class FileStore {
  constructor(
    private readonly root: string,
    readonly maxBytes: number,
  ) {}

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Reads a stream fully (refusing past maxBytes), checks its type, stores it and indexes it. */
  async put(db: Db, content: Readable | Buffer, fileName: string): Promise<StoredFile> {
    const bytes = Buffer.isBuffer(content) ? content : await this.readLimited(content);
    if (bytes.length > this.maxBytes) throw new AppError('FILE_TOO_LARGE', [{ maxBytes: this.maxBytes }]);
    const sniffed = await fileTypeFromBuffer(bytes);
    const allowed = sniffed ? ALLOWED[sniffed.mime] : undefined;
    if (!sniffed || !allowed) throw new AppError('FILE_TYPE_NOT_ALLOWED', [{ fileName }]);
    const ext = path.extname(fileName).slice(1).toLowerCase();
    if (ext && !allowed.includes(ext)) {
      throw new AppError('FILE_TYPE_MISMATCH', [{ fileName, detected: sniffed.mime }]);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${randomUUID()}.tmp`;
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, target).catch(async (err) => {
        await unlink(tmp).catch(() => {});
        throw err;
      });
    }
    // created_at is the latest put: the unreferenced-file sweep spares a file put again just now,
    // whose referencing row may not have committed yet.
    await db
      .insertInto('platform_files')
      .values({ sha256, size_bytes: bytes.length, mime_type: sniffed.mime })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ created_at: sql`now()` }))
      .execute();
    return { sha256, sizeBytes: bytes.length, mimeType: sniffed.mime };
  }

  async info(db: Db, sha256: string): Promise<StoredFile | undefined> {
    const row = await db
      .selectFrom('platform_files')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row
      ? { sha256: row.sha256, sizeBytes: Number(row.size_bytes), mimeType: row.mime_type }
      : undefined;
  }

  /**
   * Deletes the files no declared reference points at any more and not put since `before`
   * (retention): the index rows in the caller's transaction, the bytes at once. Should that
   * transaction roll back, an index row is left without its bytes, which is harmless: nothing
   * refers to it, and putting the same bytes again writes them again.
   */
  async removeUnreferenced(db: Db, references: FileReference[], before: Date): Promise<number> {
    const unreferenced = references.map((r) =>
      r.jsonKey
        ? sql`NOT EXISTS (SELECT 1 FROM ${sql.table(r.table)} t, jsonb_array_elements(t.${sql.ref(r.column)}) e
                 WHERE e ->> ${r.jsonKey} = f.sha256)`
        : sql`NOT EXISTS (SELECT 1 FROM ${sql.table(r.table)} t WHERE t.${sql.ref(r.column)} = f.sha256)`,
    );
    const { rows } = await sql<{ sha256: string }>`
      DELETE FROM platform_files f
        WHERE f.created_at < ${before} ${sql.join(
          unreferenced.map((u) => sql`AND ${u}`),
          sql` `,
        )}
        RETURNING f.sha256`.execute(db);
    for (const { sha256 } of rows) {
      await unlink(this.pathOf(sha256)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    return rows.length;
  }

  open(sha256: string): Readable {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('FILE_NOT_FOUND');
    return createReadStream(this.pathOf(sha256));
  }

  private async readLimited(stream: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > this.maxBytes) {
        stream.destroy();
        throw new AppError('FILE_TOO_LARGE', [{ maxBytes: this.maxBytes }]);
      }
      chunks.push(chunk as Buffer);
    }
    // @fastify/multipart marks a stream cut at its own limit as truncated.
    if ((stream as Readable & { truncated?: boolean }).truncated) {
      throw new AppError('FILE_TOO_LARGE', [{ maxBytes: this.maxBytes }]);
    }
    return Buffer.concat(chunks);
  }
}
