// Ask an agent a question and wait for its reply.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: reply } = await beeos.invokeAgent({
  path: { agentId: "agent_abc123" },
  body: { message: "Summarise the attached report in three bullet points.", timeout_ms: 60000, attachments: [{ file_id: "file_abc123" }] },
});
console.log(reply.is_error ? `the agent reported a problem: ${reply.text}` : reply.text);
console.log(`continue with context_id ${reply.context_id}`);
