// Fetch a conversation and the model it uses.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: conversation } = await beeos.getConversation({ path: { agentId: "agent_abc123", convId: "conv_abc123" } });
console.log(`${conversation.conversation_id} "${conversation.title ?? ""}" is ${conversation.state}`);
console.log(`model: ${conversation.effectiveModelId ?? conversation.modelOverrideId ?? "agent default"}`);
