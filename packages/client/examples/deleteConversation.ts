// Close a conversation; its messages stay readable.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

await beeos.deleteConversation({ path: { agentId: "agent_abc123", convId: "conv_abc123" } });
console.log("conv_abc123 is closed");
