import { json, pets, type Pet } from "./store.js";

/** POST /pets: the body was validated against NewPet by the gateway before this runs. */
export const handler = async (event: { body: string | null }) => {
  const input = JSON.parse(event.body ?? "{}") as Omit<Pet, "id">;
  const pet: Pet = { id: String(pets.length + 1), ...input };
  pets.push(pet);
  return json(201, pet);
};
