// Press the Ctrl+L shortcut on a desktop instance.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: result } = await beeos.computerKey({
  path: { id: "instance_abc123" },
  body: { keys: ["ctrl", "l"] },
});
console.log(`shortcut pressed: ${result.ok}`);
