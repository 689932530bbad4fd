import pg from 'pg';
import type { Logger } from 'pino';

export interface ListenHandlers {
  onNotify(payload: string): void;
  /** LISTEN is active: from now on every NOTIFY on the channel reaches `onNotify`. */
  onReady?(): void;
  /** The connection is gone: notifications may be missed until `onReady` is called again. */
  onLost?(): void;
}

/** Subscribes to a PostgreSQL NOTIFY channel; resolves to the function that unsubscribes. */
export type Listen = (channel: string, handlers: ListenHandlers) => Promise<() => Promise<void>>;

/** Without a database URL to open a connection of its own: never ready, so callers keep reading through. */
export const listenUnavailable: Listen = async () => async () => {};

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other queries), reconnecting
 * after `retryMs` when it is lost. Callers that cache what the channel invalidates must stop
 * trusting their cache between `onLost` and the next `onReady`.
 */
export function pgListen(connectionString: string, log: Logger, retryMs = 5000): Listen {
  return async (channel, handlers) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
    let stopped = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;

    const lost = (c: pg.Client) => {
      if (client !== c) return;
      client = undefined;
      handlers.onLost?.();
      void c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect(), retryMs);
    };

    const connect = async () => {
      retry = undefined;
      const c = new pg.Client({ connectionString, application_name: `tongban-listen-${channel}` });
      client = c;
      c.on('error', (err) => {
        if (!stopped) log.warn({ err, channel }, 'listen connection lost');
        lost(c);
      });
      c.on('end', () => lost(c));
      c.on('notification', (n) => {
        if (n.channel === channel) handlers.onNotify(n.payload ?? '');
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        if (client === c && !stopped) handlers.onReady?.();
      } catch (err) {
        if (!stopped) log.warn({ err, channel }, 'listen connection failed');
        lost(c);
      }
    };

    await connect();
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    };
  };
}

/** A subscription that keeps a cache honest; `live` says whether the cache may be trusted now. */
export interface InvalidationFollower {
  readonly live: boolean;
  stop(): Promise<void>;
}

/**
 * Follows a channel whose NOTIFYs invalidate a cache: `invalidate` runs on every notification,
 * when LISTEN becomes active (a change may have been missed before) and when the connection is
 * lost; between a loss and the next `onReady`, `live` is false and callers read through.
 */
export async function followInvalidations(
  listen: Listen,
  channel: string,
  invalidate: () => void,
): Promise<InvalidationFollower> {
  let live = false;
  const unlisten = await listen(channel, {
    onNotify: invalidate,
    onReady: () => {
      invalidate();
      live = true;
    },
    onLost: () => {
      live = false;
      invalidate();
    },
  });
  return {
    get live() {
      return live;
    },
    async stop() {
      live = false;
      invalidate();
      await unlisten();
    },
  };
}
