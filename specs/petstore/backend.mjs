// The example backend behind the Petstore's HTTP_PROXY route (/backend/{proxy+}).
// `npm start` starts it on BACKEND_PORT (default 4010, the stage variable backendUrl in gateway.yaml).
import { createServer } from "node:http";

const port = Number(process.env.BACKEND_PORT ?? 4010);
createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    res.writeHead(200, { "content-type": "application/json", server: "example-backend" });
    res.end(JSON.stringify({ method: req.method, url: req.url, stage: req.headers["x-gateway-stage"] ?? null, body }));
  });
}).listen(port, "127.0.0.1");
