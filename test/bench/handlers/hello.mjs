// The ONE Lambda handler of the benchmark. gwc bundles it (copied into each bench spec's
// handlers/ folder as Hello.mjs), and every peer (raw node:http wrappers, serverless-offline)
// imports this very file, so all of them run the same code. It reads the event the way real
// handlers do (path, query, request id), for both payload format 1.0 and 2.0.
export const handler = async (event) => {
  const query = event.queryStringParameters ?? null;
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "hello", path: event.rawPath ?? event.path, query, requestId: event.requestContext?.requestId ?? null }),
  };
};
