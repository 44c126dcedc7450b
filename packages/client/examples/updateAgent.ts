// Make an agent public and offer it as an MCP tool.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: agent } = await beeos.updateAgent({
  path: { agentId: "agent_abc123" },
  body: { visibility: "public", mcpEnabled: true },
});
console.log(`${agent.id} is now ${agent.visibility}; MCP ${agent.mcpEnabled ? "on" : "off"}`);
