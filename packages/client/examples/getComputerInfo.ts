// Check whether a desktop instance can be driven, and how big its screen is.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: info } = await beeos.getComputerInfo({ path: { id: "instance_abc123" } });
console.log(`${info.os} desktop, ${info.online ? "online" : "offline"}, screen ${info.screen_width}x${info.screen_height}`);
console.log(`actions: ${info.supported_actions.join(", ")}; foreground: ${info.current_app ?? "unknown"}`);
