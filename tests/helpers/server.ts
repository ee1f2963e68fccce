import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createGzip } from 'node:zlib';
import { createSite, type SiteUnderTest } from './site.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};
/** Compressed as a static host would; Pagefind's own files come compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.ttf']);

/** A static file server for a built site, like any static host: on 127.0.0.1, under a base path. */
export interface StaticServer {
  url: string;
  /** Stops answering: the site is then unreachable, as on a train with no network. */
  stop(): Promise<void>;
  /** Answers again on the same port (so the same origin and service worker). */
  start(): Promise<void>;
  /** Bytes sent to browsers so far, headers included, as they travelled (compressed). */
  bytesSent(): number;
}

export async function serveStatic(root: string, base = '/'): Promise<StaticServer> {
  let port = 0;
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((request, response) => {
        void respond(root, base, request.url ?? '/', request.headers['accept-encoding'] ?? '', response);
      });
      server.on('connection', (socket) => sockets.add(socket));
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await start();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    start,
    bytesSent: () => [...sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0),
    stop: () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      }),
  };
}

async function respond(
  root: string,
  base: string,
  rawUrl: string,
  encodings: string,
  response: import('node:http').ServerResponse,
) {
  const pathname = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
  let file = pathname.startsWith(base) ? join(root, normalize(`/${pathname.slice(base.length)}`)) : undefined;
  let status = 200;
  try {
    if (!file) throw new Error('outside the base path');
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    await stat(file);
  } catch {
    file = join(root, '404.html');
    status = 404;
  }
  const extension = extname(file);
  const headers: Record<string, string> = {
    'content-type': TYPES[extension] ?? 'application/octet-stream',
    'cache-control':
      extension === '.html' || file.endsWith('sw.js') ? 'no-cache' : 'public, max-age=0, must-revalidate',
  };
  const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(encodings);
  if (gzip) headers['content-encoding'] = 'gzip';
  const stream = createReadStream(file);
  // A site being rebuilt can lose a file between stat and read: answer as a host would, not crash.
  stream.on('error', () => {
    if (!response.headersSent) response.writeHead(404);
    response.end();
  });
  stream.once('open', () => {
    response.writeHead(status, headers);
    (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
  });
}

/** A fixture site imported, built and served, as a reader would reach it. */
export interface ServedSite {
  site: SiteUnderTest;
  server: StaticServer;
  close(): Promise<void>;
}

export async function buildAndServe(sources: Record<string, string>, base = '/'): Promise<ServedSite> {
  const site = await createSite(sources);
  await site.importPapers();
  await site.build({ BASE_PATH: base });
  const server = await serveStatic(`${site.dir}/dist`, base);
  return {
    site,
    server,
    async close() {
      await server.stop();
      await site.remove();
    },
  };
}
