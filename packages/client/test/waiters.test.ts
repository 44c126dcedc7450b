// Waiters against a real node:http server: an instance moving through its
// states, a task followed on its event stream, and the timeout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WaitTimeoutError, createBeeosClient } from "../src/index.js";
import { instance, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const beeos = () => createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", maxRetries: 0 });
const task = (status: string) => ({ task_id: "task_1", agent_id: "agent_1", status });

describe("waitForInstance", () => {
  it("polls until the wanted status", async () => {
    const states = ["pending", "provisioning", "running"];
    server.handle((_req, res, n) => json(res, 200, { success: true, data: instance({ id: "i1", status: states[Math.min(n - 1, 2)] }) }));
    const found = await beeos().waitForInstance("i1", { intervalMs: 10 });
    expect(found.status).toBe("running");
    expect(server.seen).toHaveLength(3);
  });

  it("stops at a final status the spec names, even when another was wanted", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: instance({ id: "i1", status: "terminated" }) }));
    expect((await beeos().waitForInstance("i1", { until: "running", intervalMs: 10 })).status).toBe("terminated");
  });

  it("gives up with a typed error carrying the last state", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: instance({ id: "i1", status: "provisioning" }) }));
    const err = await beeos().waitForInstance("i1", { timeoutMs: 120, intervalMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).message).toMatch(/waitForInstance\("i1", until running\): still not settled after 120 ms/);
    expect((err as WaitTimeoutError).last).toMatchObject({ status: "provisioning" });
    expect((err as WaitTimeoutError).name).toBe("WaitTimeoutError");
    expect(JSON.parse(JSON.stringify(err))).toEqual({ name: "WaitTimeoutError", message: (err as WaitTimeoutError).message });
  });

  it("ends at once when the caller aborts", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: instance({ id: "i1", status: "pending" }) }));
    const controller = new AbortController();
    const waiting = beeos().waitForInstance("i1", { intervalMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("caller stopped")), 50);
    await expect(waiting).rejects.toThrow(/caller stopped|aborted/);
  });
});

describe("waitForTask", () => {
  it("follows the task's event stream and reads the final task when it ends", async () => {
    let ended = false;
    server.handle((req, res) => {
      if (req.url?.includes("/events")) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write('id: 1\nevent: message\ndata: {"type":"agent_reply","offset":1}\n\n');
        setTimeout(() => {
          ended = true;
          res.end('event: end\ndata: {"reason":"task_terminal"}\n\n');
        }, 50);
        return;
      }
      json(res, 200, { success: true, data: task(ended ? "completed" : "running") });
    });
    const done = await beeos().waitForTask({ agentId: "agent_1", taskId: "task_1" }, { intervalMs: 60_000, timeoutMs: 5_000 });
    expect(done.status).toBe("completed");
    // look, follow the stream to its end, look again: no fixed-interval polling
    expect(server.seen.map((s) => s.url.split("?")[0])).toEqual([
      "/api/v1/agents/agent_1/tasks/task_1",
      "/api/v1/agents/agent_1/tasks/task_1/events",
      "/api/v1/agents/agent_1/tasks/task_1",
    ]);
  });

  it("returns a task that is already final without opening the stream", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: task("failed") }));
    expect((await beeos().waitForTask({ agentId: "agent_1", taskId: "task_1" })).status).toBe("failed");
    expect(server.seen).toHaveLength(1);
  });
});
