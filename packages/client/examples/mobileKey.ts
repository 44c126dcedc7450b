// Press one Android key on a phone instance.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.mobileKey({
  path: { id: "instance_abc123" },
  body: { keys: ["KEYCODE_SEARCH"] },
});
console.log(`key pressed: ${result.ok}`);
