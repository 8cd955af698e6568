// PEER of the HTTP_PROXY cases: Fastify 5 + @fastify/http-proxy (undici underneath), the way its
// README sets it up: `/proxy/*` → BACKEND_URL. Logging off, as a production config would have it.
// Usage: PORT=n BACKEND_URL=http://127.0.0.1:m node fastify-proxy.mjs
import Fastify from "fastify";
import proxy from "@fastify/http-proxy";

const port = Number(process.env.PORT ?? 3000);
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
await app.register(proxy, { upstream: process.env.BACKEND_URL, prefix: "/proxy", rewritePrefix: "", undici: { connections: 128, pipelining: 1 } });
const url = await app.listen({ port, host: "127.0.0.1" });
process.stdout.write(`${url}\n`);
process.on("SIGTERM", () => app.close().finally(() => process.exit(0)));
