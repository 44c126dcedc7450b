// Tap a point of a phone instance's screen.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.mobileTap({
  path: { id: "instance_abc123" },
  body: { x: 540, y: 1200 },
});
console.log(`tapped: ${result.ok}`);
