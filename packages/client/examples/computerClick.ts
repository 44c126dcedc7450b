// Double-click at a point of a desktop instance's screen.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.computerClick({
  path: { id: "instance_abc123" },
  body: { x: 212, y: 148, button: "left", count: 2 },
});
console.log(`double-click done: ${result.ok}`);
