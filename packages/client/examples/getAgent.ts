// Fetch one agent and see what it can do.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: agent } = await beeos.getAgent({ path: { agentId: "agent_abc123" } });
console.log(`${agent.id} (${agent.name}) on ${agent.instanceId}: ${agent.status}, ${agent.visibility}`);
console.log(`streaming: ${agent.capabilities.streaming}, MCP: ${agent.mcpEnabled}, model: ${agent.defaultModelId ?? "default"}`);
