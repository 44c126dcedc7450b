// Check whether a phone instance can be driven, and what is in the foreground.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: info } = await beeos.getMobileInfo({ path: { id: "instance_abc123" } });
console.log(`${info.os} phone, ${info.online ? "online" : "offline"}, screen ${info.screen_width}x${info.screen_height}`);
console.log(`actions: ${info.supported_actions.join(", ")}; foreground: ${info.current_app ?? "unknown"}`);
