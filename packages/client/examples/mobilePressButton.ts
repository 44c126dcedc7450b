// Press the back button of a phone instance.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.mobilePressButton({
  path: { id: "instance_abc123" },
  body: { button: "back" },
});
console.log(`back pressed: ${result.ok}`);
