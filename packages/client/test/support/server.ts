// A real HTTP server on 127.0.0.1 for one test file: records what it was sent
// and answers through a handler each test swaps in.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse, n: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  seen: Seen[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler = (_req, res) => json(res, 404, {})): Promise<TestServer> {
  let current = handler;
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      Promise.resolve(current(Object.assign(req, { body }), res, seen.length)).catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    handle(next) {
      current = next;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function envelope(code: string, message: string, extra: Record<string, unknown> = {}): unknown {
  return { success: false, error: { code, message, ...extra } };
}

/** An Instance as the fact sheet's realistic item, with the given overrides. */
export function instance(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "instance_abc123",
    ownerId: "user_abc123",
    agentFramework: "device-agent",
    providerId: "openclaw-k8s",
    externalId: "ext_1",
    osType: "android",
    hostingType: "physical",
    cloudProvider: "local",
    name: "my-agent-1",
    modelPrimary: "autoglm-phone",
    models: ["autoglm-phone"],
    status: "running",
    desiredStatus: "running",
    endpoint: "",
    bridgeId: "bridge_1",
    identityId: "identity_1",
    totalRunSeconds: 3600,
    connectivity: "online",
    providerConfig: {},
    region: "us-east-1",
    createdAt: "2026-05-14T18:00:00Z",
    ...overrides,
  };
}
