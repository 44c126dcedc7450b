// Scroll down on a phone instance.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.mobileScroll({
  path: { id: "instance_abc123" },
  body: { direction: "down", amount: 2 },
});
console.log(`scrolled: ${result.ok}`);
