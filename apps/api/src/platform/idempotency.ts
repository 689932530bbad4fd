import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';

const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;
/** A reservation older than this whose request never finished (crashed process) may be taken over. */
const ABANDONED_AFTER_SECONDS = 120;
/** Answers are replayable for a day; older records are purged. */
const RETAIN_HOURS = 24;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string };
  }
  interface FastifyContextConfig {
    /**
     * `false` for routes whose answer must not be stored and replayed, e.g. sign-in: its answer
     * is a session cookie, a credential that must never sit in the idempotency table.
     */
    idempotency?: boolean;
  }
}

function scopeOf(req: FastifyRequest): string {
  // Keys are per account (or per anonymous client address), so one user cannot replay another's answer.
  return req.actor ? `account:${req.actor.accountId}` : `anon:${req.ip}`;
}

function hashOf(req: FastifyRequest): string {
  const body = req.body === undefined || Buffer.isBuffer(req.body) ? '' : JSON.stringify(req.body);
  return createHash('sha256').update(`${req.method} ${req.url}\n${body}`).digest('hex');
}

/**
 * `Idempotency-Key` on every state-changing request (DESIGN.md rule 6). The first request with a
 * key reserves it; a repeat with the same request gets the first answer again (with
 * `Idempotent-Replayed: true`); a repeat while the first still runs gets IDEMPOTENCY_IN_PROGRESS;
 * the same key on a different request gets IDEMPOTENCY_KEY_REUSED. Only successful answers are
 * kept: a failed attempt changed nothing (writes are transactional), so it frees the key and the
 * client may retry with it. Multipart uploads are keyed on method and URL.
 */
export function installIdempotency(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (req, reply) => {
    if (!UNSAFE.has(req.method) || req.routeOptions.config.idempotency === false) return;
    const key = req.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
    const scope = scopeOf(req);
    const requestHash = hashOf(req);
    // Reserve the key in one statement: a new key is inserted; a reservation abandoned by a crashed
    // request (no answer, older than ABANDONED_AFTER_SECONDS) is taken over; anything else is left alone.
    const inserted = await db
      .insertInto('platform_idempotency')
      .values({ scope, key, method: req.method, path: req.url, request_hash: requestHash })
      .onConflict((oc) =>
        oc
          .columns(['scope', 'key'])
          .doUpdateSet({
            method: req.method,
            path: req.url,
            request_hash: requestHash,
            created_at: sql<Date>`now()`,
          })
          .where('platform_idempotency.status_code', 'is', null)
          .where(
            'platform_idempotency.created_at',
            '<',
            sql<Date>`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`,
          ),
      )
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      req.idempotency = { scope, key };
      return;
    }
    const prior = await db
      .selectFrom('platform_idempotency')
      .select(['request_hash', 'status_code', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!prior) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    if (prior.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (prior.status_code === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    reply.header('idempotent-replayed', 'true');
    return reply.code(prior.status_code).send(prior.response);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = undefined;
    if (reply.statusCode >= 300) {
      await db
        .deleteFrom('platform_idempotency')
        .where('scope', '=', idem.scope)
        .where('key', '=', idem.key)
        .execute();
      return payload;
    }
    let response: unknown = null;
    if (typeof payload === 'string' && payload.length) {
      try {
        response = JSON.parse(payload);
      } catch {
        response = payload;
      }
    }
    await db
      .updateTable('platform_idempotency')
      .set({ status_code: reply.statusCode, response: JSON.stringify(response) })
      .where('scope', '=', idem.scope)
      .where('key', '=', idem.key)
      .execute();
    return payload;
  });

  const purge = setInterval(() => {
    db.deleteFrom('platform_idempotency')
      .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${RETAIN_HOURS})`)
      .execute()
      .catch((err) => app.log.warn({ err }, 'idempotency purge failed'));
  }, 3600_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
}
