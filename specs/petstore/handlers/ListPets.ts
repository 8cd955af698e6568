import { json, pets } from "./store.js";

interface Event {
  queryStringParameters: Record<string, string> | null;
}

/** GET /pets and GET /search: lists pets, optionally filtered by `q` and cut to `limit`. */
export const handler = async (event: Event) => {
  const q = event.queryStringParameters?.q?.toLowerCase();
  const limit = Number(event.queryStringParameters?.limit ?? pets.length);
  const found = pets.filter((p) => q === undefined || p.name.toLowerCase().includes(q));
  return json(200, found.slice(0, Number.isFinite(limit) ? limit : pets.length));
};
