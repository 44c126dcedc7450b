// The whole lifecycle: deploy an instance, wait until it runs, give its agent a task,
// follow the task's events to the end, then stop and destroy the instance.
// Try it with no account against the local sandbox that `pnpm start` serves:
//   BEEOS_BASE_URL=http://127.0.0.1:4010 BEEOS_API_KEY=oag_sandbox_demo npx tsx workflow.ts
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: deployed } = await beeos.deployInstance({ body: { name: "workflow-demo", agentFramework: "openclaw" } });
console.log(`deployed ${deployed.id}: ${deployed.status}`);

const running = await beeos.waitForInstance(deployed.id, { until: "running", timeoutMs: 120_000, intervalMs: 1_000 });
console.log(`${running.id} is ${running.status}`);

const { data: agents } = await beeos.listAgents({ query: { instanceId: running.id } });
const agent = agents[0];
if (agent === undefined) throw new Error(`no agent on ${running.id} yet`);

const { data: task } = await beeos.createTask({ path: { agentId: agent.id }, body: { message: "Summarise the release notes in three bullet points." } });
console.log(`task ${task.task_id} on agent ${agent.id}: ${task.status}`);

for await (const ev of beeos.streamTaskEvents({ path: { agentId: agent.id, taskId: task.task_id } })) {
  if (ev.event === "message") console.log(`#${ev.id} ${ev.data.type}${ev.data.body === undefined ? "" : `: ${ev.data.body}`}`);
  else if (ev.event === "end") console.log(`events ended: ${ev.data.reason}`);
}

const { data: stopping } = await beeos.stopInstance({ path: { id: running.id } });
console.log(`${stopping.id}: status ${stopping.status}, wants ${stopping.desiredStatus}`);
const { data: destroyed } = await beeos.destroyInstance({ path: { id: running.id } });
console.log(`${running.id}: ${destroyed}`);
