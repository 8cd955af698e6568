interface EventV2 {
  routeKey: string;
  pathParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
}

const notes = new Map<string, { id: string; text: string }>([["1", { id: "1", text: "Buy milk" }]]);

/** All /notes routes: payload 2.0; returning a plain object lets API Gateway infer a 200 JSON response. */
export const handler = async (event: EventV2) => {
  switch (event.routeKey) {
    case "GET /notes":
      return [...notes.values()];
    case "GET /notes/{id}": {
      const note = notes.get(event.pathParameters?.id ?? "");
      return note ? note : { statusCode: 404, body: JSON.stringify({ message: "note not found" }) };
    }
    case "POST /notes": {
      const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body ?? "";
      const text = String((JSON.parse(raw || "{}") as { text?: unknown }).text ?? "");
      const note = { id: String(notes.size + 1), text };
      notes.set(note.id, note);
      return { statusCode: 201, headers: { "content-type": "application/json" }, cookies: [`last-note=${note.id}`], body: JSON.stringify(note) };
    }
    default:
      return { statusCode: 400, body: "unsupported route" };
  }
};
