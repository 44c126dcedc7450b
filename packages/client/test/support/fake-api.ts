// A small in-memory BeeOS API on a real socket, routed by the generated
// operation table so its paths always match the spec's.
import { operationIndex, type OperationId } from "../../src/index.js";
import { envelope, instance, json, startServer, type TestServer } from "./server.js";

export const FAKE_TOKEN = "oag_example_token_0001";

function route(method: string, url: URL): { id: OperationId; params: Record<string, string> } | undefined {
  for (const [id, op] of Object.entries(operationIndex)) {
    if (op.method !== method) continue;
    const names: string[] = [];
    const pattern = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)"));
    const match = new RegExp(`^${pattern}$`).exec(url.pathname);
    if (match) return { id: id as OperationId, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)])) };
  }
  return undefined;
}

export async function startFakeApi(): Promise<TestServer> {
  const fleet = Array.from({ length: 5 }, (_, i) => instance({ id: `instance_${i}`, name: `agent-${i}`, status: i < 3 ? "running" : "stopped" }));
  return startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const headers = { "x-request-id": `req_${Math.random().toString(36).slice(2, 8)}` };
    if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return json(res, 401, envelope("invalid_token", "bad token"), headers);
    const hit = route(req.method ?? "", url);
    if (!hit) return json(res, 404, envelope("not_found", "no route"), headers);
    const q = url.searchParams;
    const ok = (data: unknown, status = 200, extra: object = {}) => json(res, status, { success: true, data, ...extra }, headers);
    switch (hit.id) {
      case "listInstances": {
        const rows = fleet.filter((f) => !q.get("status") || f["status"] === q.get("status"));
        const page = Number(q.get("page") ?? 0);
        const size = Number(q.get("pageSize") ?? 50);
        return ok(rows.slice(page * size, (page + 1) * size), 200, { total: rows.length });
      }
      case "deployInstance": {
        const body = JSON.parse(req.body) as Record<string, unknown>;
        return ok(instance({ id: "instance_new", name: body["name"], status: "pending", desiredStatus: "running" }), 201);
      }
      case "getInstance":
        if (hit.params["id"] === "instance_does_not_exist") return json(res, 404, envelope("not_found", "instance not found", { type: "not_found_error" }), headers);
        return ok(instance({ id: hit.params["id"] }));
      case "destroyInstance":
        return ok("destroyed");
      case "startInstance":
      case "restartInstance":
        return ok(instance({ id: hit.params["id"], status: "provisioning", desiredStatus: "running" }));
      case "stopInstance":
        return ok(instance({ id: hit.params["id"], status: "running", desiredStatus: "stopped" }));
      case "listProviders":
        return ok([{ meta: { id: "openclaw-k8s", name: "OpenClaw", description: "k8s", version: "1.2.0" }, capabilities: { longRunning: true, browserUse: false } }]);
      case "listDeployRegions":
        return ok([{ id: "us-east-1", name: "US East", available: true }, { id: "eu-west-1", name: "EU West", available: false }]);
      case "listDeployModels":
        return ok([{ id: "autoglm-phone", name: "AutoGLM Phone", tier: "standard", reasoning: true }]);
    }
  });
}
