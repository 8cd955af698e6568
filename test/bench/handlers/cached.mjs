// The Lambda handler of the cache-hit case: one constant JSON body of about 100 bytes. gwc bundles
// it (copied into bench-cache's handlers/ folder as Cached.mjs) and runs it once, on the first
// request, whose answer the stage cache then serves; servers/raw-cache-map.mjs imports this very
// file to fill its Map, so both servers answer the same bytes.
export const BODY = JSON.stringify({ id: "item-0001", name: "cached widget", price: 9.5, tags: ["bench", "cache"], updated: "2024-01-01" });

export const handler = async () => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: BODY,
});
