// Runs autocannon (the fallback load generator, from the bench peers) in its own process, so it
// can be pinned to a core like wrk; prints one BENCH_JSON line in the shape load.mjs returns.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const spec = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: spec.url,
  method: spec.method,
  headers: spec.headers ?? {},
  body: spec.bodyFile ? readFileSync(spec.bodyFile) : undefined,
  connections: spec.connections,
  duration: spec.durationS,
  timeout: 10,
});
const seconds = result.duration;
process.stdout.write(
  "BENCH_JSON " +
    JSON.stringify({
      rps: result.requests.total / seconds,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      bytesPerSec: result.throughput.total / seconds,
    }) +
    "\n",
);
