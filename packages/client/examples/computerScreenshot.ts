// Take a screenshot of a desktop instance and print where to download it.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: shot } = await beeos.computerScreenshot({ path: { id: "instance_abc123" } });
console.log(`screenshot ${shot.file_id} (${shot.format ?? "image"}, ${shot.width}x${shot.height})`);
console.log(`download soon from ${shot.url}`);
