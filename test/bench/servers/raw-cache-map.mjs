// The LIMIT of the cache-hit case: a bare node:http server answering from a Map (key: method + url),
// the least a response cache can do. The entry is the bench handler's answer (handlers/cached.mjs),
// made once at start-up: the same body and content-type gwc's cache serves. An unknown key is 404.
// With the argument `ids`, each answer also carries the two ids API Gateway puts on every REST response
// (x-amzn-RequestId, a random UUID; x-amz-apigw-id), which gwc must send: that row shows what they cost.
// Usage: PORT=n node raw-cache-map.mjs [ids]
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { handler } from "../handlers/cached.mjs";

const port = Number(process.env.PORT ?? 3000);
const answer = await handler();
const body = Buffer.from(answer.body);
const CACHE = new Map([["GET /cached", { statusCode: answer.statusCode, headers: ["content-type", answer.headers["content-type"], "content-length", String(body.length)], body }]]);
const NOT_FOUND = Buffer.from('{"message":"Not Found"}');
const withIds = process.argv[2] === "ids";
let next = 0;

const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  req.resume();
  const hit = CACHE.get(`${req.method} ${req.url}`);
  if (hit === undefined) {
    res.writeHead(404, ["content-type", "application/json", "content-length", String(NOT_FOUND.length)]);
    res.end(NOT_FOUND);
    return;
  }
  res.writeHead(hit.statusCode, withIds ? ["x-amzn-RequestId", randomUUID(), "x-amz-apigw-id", `id${(next++).toString(36)}=`, ...hit.headers] : hit.headers);
  res.end(hit.body);
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
