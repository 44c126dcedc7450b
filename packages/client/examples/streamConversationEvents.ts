// Follow a conversation's events (messages as they are written) and print each one.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const stream = await beeos.streamConversationEvents({ path: { agentId: "agent_abc123", convId: "conv_abc123" } });
const reader = stream.getReader();
const decoder = new TextDecoder();
let pending = "";
for (let read = await reader.read(); !read.done; read = await reader.read()) {
  const frames = (pending + decoder.decode(read.value, { stream: true })).split("\n\n");
  pending = frames.pop() ?? "";
  for (const frame of frames) console.log(frame.replace(/\n/g, " | "));
}
