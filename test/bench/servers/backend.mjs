// The backend of the HTTP_PROXY cases (and, called directly, their LIMIT). Precomputed bodies:
//   GET  /bytes/<n>   → n bytes of JSON-ish text (n = 1024 or 1048576; any n up to 10 MiB)
//   POST /<anything>  → drains the request body, answers {"received": <bytes>}
// Usage: PORT=n node backend.mjs
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 3000);
const cache = new Map();
function bytes(n) {
  let b = cache.get(n);
  if (!b) {
    b = Buffer.alloc(n, "a");
    b[0] = 0x22;
    b[n - 1] = 0x22;
    cache.set(n, b);
  }
  return b;
}
const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  if (req.method === "GET" || req.method === "HEAD") {
    req.resume();
    const m = /^\/bytes\/(\d+)/.exec(req.url ?? "");
    const n = m ? Math.min(Number(m[1]), 10 * 1024 * 1024) : 2;
    const body = bytes(Math.max(n, 2));
    res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  let received = 0;
  req.on("data", (c) => (received += c.length));
  req.on("end", () => {
    const body = `{"received":${received}}`;
    res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
    res.end(body);
  });
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
