// Scroll down three steps on a desktop instance.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.computerScroll({
  path: { id: "instance_abc123" },
  body: { direction: "down", amount: 3 },
});
console.log(`scrolled: ${result.ok}`);
