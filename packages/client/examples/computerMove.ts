// Move the mouse pointer of a desktop instance without clicking.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.computerMove({
  path: { id: "instance_abc123" },
  body: { x: 960, y: 540 },
});
console.log(`pointer moved: ${result.ok}`);
