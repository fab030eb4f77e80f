// A small stand-in for the GitHub REST API on 127.0.0.1, so the real Octokit can be tested
// offline. Routes are `METHOD /path/{param}` templates; every request is recorded.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Handler = (request: RecordedRequest, params: Record<string, string>) => Reply | Promise<Reply>;

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function compile(route: string): { method: string; re: RegExp; names: string[] } {
  const [method, template] = route.split(' ') as [string, string];
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return name === 'path' ? '(.+)' : '([^/]+)';
  });
  return { method, re: new RegExp(`^${source}$`), names };
}

export async function fakeGithub(routes: Record<string, Handler>): Promise<FakeGithub> {
  const compiled = Object.entries(routes).map(([route, handler]) => ({ ...compile(route), handler }));
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body };
      requests.push(recorded);
      const route = compiled.find((r) => r.method === recorded.method && r.re.test(recorded.path));
      const respond = (reply: Reply): void => {
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(payload);
      };
      if (!route) {
        respond({ status: 404, body: { message: 'Not Found' } });
        return;
      }
      const m = route.re.exec(recorded.path) as RegExpExecArray;
      const params = Object.fromEntries(route.names.map((n, i) => [n, m[i + 1] ?? '']));
      Promise.resolve(route.handler(recorded, params)).then(respond, (e: unknown) => respond({ status: 500, body: { message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
