// A news site on 127.0.0.1 for the intake tests: our own pages (test/intake/pages.ts) with every kind of
// metadata, plus the awkward cases: redirects, a redirect loop, redirects into our network, a page larger
// than the cap (streamed, so we can see the client stop), an image, plain text and Markdown.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { barePage, DENMARK_MD, jsonLdPage, LATVIA_TEXT, openGraphPage, paywallPage } from './pages.ts';

export interface NewsServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  /** Bytes of /huge written before the client went away. */
  hugeBytesSent(): number;
  close(): Promise<void>;
}

const HUGE_TOTAL = 40 * 1024 * 1024;
const BOMB = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
const CHUNK = Buffer.from(`<p>${'Filler text of an enormous page. '.repeat(60)}</p>\n`);

export async function startNewsServer(): Promise<NewsServer> {
  const hits = new Map<string, number>();
  let hugeSent = 0;
  let port = 0;

  const html = (res: ServerResponse, body: string, type = 'text/html; charset=utf-8') => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  const redirect = (res: ServerResponse, location: string, status = 302) => {
    res.writeHead(status, { location });
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const loop = /^\/loop\/(\d+)$/.exec(path);
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (loop) return redirect(res, `/loop/${Number(loop[1]) + 1}`);
    if (chain)
      return Number(chain[1]) > 1 ? redirect(res, `/chain/${Number(chain[1]) - 1}`, 301) : redirect(res, '/world/nordic-air-policing', 308);
    switch (path) {
      case '/world/nordic-air-policing':
        return html(res, jsonLdPage());
      case '/politics/adviser-troops':
        return html(res, openGraphPage());
      case '/ireland/demining':
        return html(res, barePage());
      case '/ireland/demining-gzip': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        return res.end(gzipSync(barePage()));
      }
      case '/analysis/ceasefire-line':
        return html(res, paywallPage());
      case '/latvia-radars.txt':
        return html(res, LATVIA_TEXT, 'text/plain; charset=utf-8');
      case '/denmark-minehunters.md':
        return html(res, DENMARK_MD, 'text/markdown; charset=utf-8');
      case '/photo.png': {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
      }
      case '/to-inside':
        return redirect(res, `http://inside.test:${port}/world/nordic-air-policing`);
      case '/to-metadata':
        return redirect(res, 'http://169.254.169.254/latest/meta-data/');
      case '/to-private-literal':
        return redirect(res, `http://[::ffff:10.0.0.8]:${port}/`);
      case '/to-file':
        return redirect(res, 'file:///etc/passwd');
      case '/gone':
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<h1>Not found</h1>');
      case '/huge-declared': {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(HUGE_TOTAL) });
        return res.end(); // never sends the body: the client must refuse on the header alone
      }
      case '/huge': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.write('<!doctype html><html><head><title>Enormous</title></head><body><article>');
        const pump = () => {
          while (hugeSent < HUGE_TOTAL && !res.destroyed) {
            hugeSent += CHUNK.length;
            if (!res.write(CHUNK)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('</article></body></html>');
        };
        res.once('close', () => undefined);
        return pump();
      }
      case '/bomb': {
        // 1 MB on the wire, 20 MB once inflated.
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return res.end(BOMB);
      }
      case '/cp1252': {
        res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1252' });
        // é is 0xE9 and € is 0x80 in windows-1252: right only when the declared charset is honoured.
        const [head, tail] = LATVIA_TEXT.replace('Riga', 'Riga café').split('within two years.');
        return res.end(
          Buffer.concat([
            Buffer.from(`${head}within two years, at a cost of 90 `, 'latin1'),
            Buffer.from([0x80]),
            Buffer.from(` million.${tail}`, 'latin1'),
          ]),
        );
      }
      case '/complex':
        return html(res, `<html><body><article><p>${'<span>word</span> '.repeat(70_000)}</p></article></body></html>`);
      case '/slow-article': {
        // A real but slow site: answers after 2 s, longer than the bot may take before deferring.
        const timer = setTimeout(() => html(res, barePage()), 2_000);
        res.once('close', () => clearTimeout(timer));
        return;
      }
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        return; // never finishes: the client's deadline must end it
      default:
        res.writeHead(404);
        return res.end();
    }
  };

  const sockets = new Set<Socket>();
  const server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits,
    hugeBytesSent: () => hugeSent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
