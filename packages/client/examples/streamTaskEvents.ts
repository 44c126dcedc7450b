// Follow a task's event stream from the start and print each event as it arrives.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const stream = await beeos.streamTaskEvents({ path: { agentId: "agent_abc123", taskId: "task_abc123" }, query: { since: 0 } });
const reader = stream.getReader();
const decoder = new TextDecoder();
let pending = "";
for (let read = await reader.read(); !read.done; read = await reader.read()) {
  const frames = (pending + decoder.decode(read.value, { stream: true })).split("\n\n");
  pending = frames.pop() ?? "";
  for (const frame of frames) console.log(frame.replace(/\n/g, " | "));
}
