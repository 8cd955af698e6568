import { json, pets } from "./store.js";

interface Event {
  pathParameters: { petId: string } | null;
  requestContext: { requestId: string };
}

/**
 * GET /pets/{petId}. Mapped in gateway.yaml (functions.GetPet.handler: handlers/pets.ts#getPet), and cached there for
 * 30 s per petId: `x-generated-at` stays the same while the answer comes from the cache.
 */
export const getPet = async (event: Event, context: { functionName: string }) => {
  const pet = pets.find((p) => p.id === event.pathParameters?.petId);
  if (!pet) return json(404, { message: "pet not found", requestId: event.requestContext.requestId });
  return { ...json(200, pet), headers: { "content-type": "application/json", "x-function": context.functionName, "x-generated-at": new Date().toISOString() } };
};
