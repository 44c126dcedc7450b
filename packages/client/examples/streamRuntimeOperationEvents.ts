// Follow a runtime operation's events; a reconnect sends the last id seen as Last-Event-ID.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const stream = await beeos.streamRuntimeOperationEvents({
  path: { instanceId: "instance_abc123", operationId: "0b6f2f7e-3c1d-4c55-8f0e-9d2a7e4b1c30" },
});
const reader = stream.getReader();
const decoder = new TextDecoder();
let pending = "";
for (let read = await reader.read(); !read.done; read = await reader.read()) {
  const frames = (pending + decoder.decode(read.value, { stream: true })).split("\n\n");
  pending = frames.pop() ?? "";
  for (const frame of frames) console.log(frame.replace(/\n/g, " | "));
}
