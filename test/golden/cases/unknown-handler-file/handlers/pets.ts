export async function listPets(): Promise<{ statusCode: number; body: string }> {
  return { statusCode: 200, body: "[]" };
}
