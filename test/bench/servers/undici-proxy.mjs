// The NODE LIMIT of the HTTP_PROXY cases: a hand-written node:http reverse proxy over one undici
// Pool (the same undici as gwc: resolved from the repository root), streaming both ways.
// `/proxy/<rest>` → `<BACKEND_URL>/<rest>`. Two variants (argv[2]):
//   request  — pool.request() and stream.pipeline(body, res)
//   dispatch — pool.dispatch() with a handler writing straight to res (pause/resume on drain)
// Usage: PORT=n BACKEND_URL=http://127.0.0.1:m node undici-proxy.mjs request|dispatch
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pipeline } from "node:stream";

const { Pool } = createRequire(path.resolve(import.meta.dirname, "../../../package.json"))("undici");
const mode = process.argv[2] === "dispatch" ? "dispatch" : "request";
const port = Number(process.env.PORT ?? 3000);
const pool = new Pool(process.env.BACKEND_URL, { connections: 128, pipelining: 1, keepAliveTimeout: 4000 });
const HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

function requestHeaders(req) {
  const out = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (HOP.has(lower)) continue;
    out[lower] = out[lower] === undefined ? raw[i + 1] : `${out[lower]},${raw[i + 1]}`;
  }
  return out;
}

function responseHeaders(headers) {
  const out = [];
  for (const name in headers) {
    if (HOP.has(name)) continue;
    const v = headers[name];
    if (Array.isArray(v)) for (const x of v) out.push(name, x);
    else out.push(name, v);
  }
  return out;
}

function fail(res, err) {
  if (res.headersSent) return void res.destroy(err);
  res.writeHead(502, { "content-type": "application/json" });
  res.end('{"message":"bad gateway"}');
}

const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  const target = req.url.startsWith("/proxy/") ? req.url.slice(6) : req.url;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const opts = { method: req.method, path: target, headers: requestHeaders(req), body: hasBody ? req : null };
  if (!hasBody) req.resume();
  if (mode === "request") {
    pool.request(opts).then(
      ({ statusCode, headers, body }) => {
        res.writeHead(statusCode, responseHeaders(headers));
        pipeline(body, res, (err) => err && res.destroy());
      },
      (err) => fail(res, err),
    );
    return;
  }
  // A client that goes away aborts the upstream request: a paused controller would otherwise hold
  // its pool connection forever (no 'drain' ever comes from a destroyed response).
  let done = false;
  let upstream;
  res.on("close", () => {
    if (!done) upstream?.abort(new Error("client closed the connection"));
  });
  pool.dispatch(opts, {
    onRequestStart(controller) {
      upstream = controller;
      if (res.destroyed) controller.abort(new Error("client closed the connection"));
    },
    onResponseStart(_controller, statusCode, headers) {
      res.writeHead(statusCode, responseHeaders(headers));
    },
    onResponseData(controller, chunk) {
      if (!res.write(chunk)) {
        controller.pause();
        res.once("drain", () => controller.resume());
      }
    },
    onResponseEnd() {
      done = true;
      res.end();
    },
    onResponseError(_controller, err) {
      done = true;
      fail(res, err);
    },
  });
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => pool.close().finally(() => process.exit(0)));
