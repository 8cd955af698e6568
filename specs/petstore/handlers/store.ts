/** A tiny in-memory pet store shared by the example handlers. */
export interface Pet {
  id: string;
  name: string;
  type: "dog" | "cat" | "fish";
  tag?: string | null;
}

export const pets: Pet[] = [
  { id: "1", name: "Rex", type: "dog" },
  { id: "2", name: "Tom", type: "cat", tag: "grumpy" },
];

export function json(statusCode: number, body: unknown): { statusCode: number; headers: Record<string, string>; body: string } {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
