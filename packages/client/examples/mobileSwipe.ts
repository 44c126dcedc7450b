// Swipe up on a phone instance, for example to scroll a feed.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.mobileSwipe({
  path: { id: "instance_abc123" },
  body: { x1: 540, y1: 1800, x2: 540, y2: 600, duration_ms: 300 },
});
console.log(`swiped: ${result.ok}`);
