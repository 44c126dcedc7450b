// Get a single-use ticket for the canvas relay of a conversation.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const ticket = await beeos.createCanvasSession({
  path: { instanceId: "instance_abc123" },
  body: { platformAgentId: "6d2b9f4e-1a3c-4e8b-b7d5-2c9e0f1a4b67", conversationId: "9a7e3c21-5b4d-4f60-8e12-7d3f6a2b1c90", canvasId: "main-board" },
});
console.log(`canvas ticket: ${JSON.stringify(ticket)}`);
