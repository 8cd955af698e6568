// The LIMIT of the MOCK case: a bare node:http server answering one constant JSON body, with the
// request id header a gateway adds (a random UUID per request, as gwc's MOCK answers carry).
// Usage: PORT=n node raw-mock.mjs
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

const port = Number(process.env.PORT ?? 3000);
const BODY = Buffer.from('{"status":"ok"}');
const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  req.resume();
  res.writeHead(200, ["x-amzn-RequestId", randomUUID(), "content-type", "application/json", "content-length", String(BODY.length)]);
  res.end(BODY);
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
