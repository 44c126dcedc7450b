// Type a search into the focused field of a desktop instance and press Enter.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.computerType({
  path: { id: "instance_abc123" },
  body: { text: "weather in Lisbon", submit: true },
});
console.log(`typed: ${result.ok}`);
