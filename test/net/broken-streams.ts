// Compressed answers that go wrong half-way, for the fetch, CLI and feed tests: the body starts, then the
// server stalls (never another byte), resets the connection, or ends the response early. Paths:
// /{gzip|deflate|br}/{stall|reset|truncated}/NAME, any NAME; the body is a page of our own text.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export interface BrokenStreamServer {
  origin: string;
  /** Requests by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><html><head><title>Harbour talks resume</title></head><body><article>${'<p>The harbour master said the talks would resume after the storm season ended.</p>'.repeat(400)}</article></body></html>`;
const COMPRESS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

export async function startBrokenStreamServer(): Promise<BrokenStreamServer> {
  const hits = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const match = /^\/(gzip|deflate|br)\/(stall|reset|truncated)\//.exec(path);
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const encoding = match[1] as keyof typeof COMPRESS;
    const body = COMPRESS[encoding](Buffer.from(PAGE));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding });
    res.write(body.subarray(0, body.length >> 1));
    // Flushed first, so the client has started decompressing when the trouble starts.
    setTimeout(() => {
      if (match[2] === 'reset') res.socket?.resetAndDestroy();
      else if (match[2] === 'truncated') res.end();
      // stall: nothing more, ever (closed with the server)
    }, 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
