import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A backend for integration tests, listening on a free loopback port. */
export interface TestBackend {
  readonly server: Server;
  readonly url: string;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 port 0. */
export async function startBackend(handler: RequestListener): Promise<TestBackend> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
