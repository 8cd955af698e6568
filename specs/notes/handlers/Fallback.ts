/** The $default route: answers every request no other route matches. */
export const handler = async (event: { rawPath: string; requestContext: { http: { method: string } } }) => ({
  statusCode: 404,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ message: "no such note route", method: event.requestContext.http.method, path: event.rawPath }),
});
