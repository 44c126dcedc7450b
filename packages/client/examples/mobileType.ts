// Type text into the focused field of a phone instance and submit it.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.mobileType({
  path: { id: "instance_abc123" },
  body: { text: "coffee near me", submit: true },
});
console.log(`typed: ${result.ok}`);
