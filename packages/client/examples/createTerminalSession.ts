// Get a single-use ticket that opens a terminal for an agent on an instance.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const ticket = await beeos.createTerminalSession({
  path: { instanceId: "instance_abc123" },
  body: { platformAgentId: "6d2b9f4e-1a3c-4e8b-b7d5-2c9e0f1a4b67" },
});
console.log(`terminal ticket: ${JSON.stringify(ticket)}`);
