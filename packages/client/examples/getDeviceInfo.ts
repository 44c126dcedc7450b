// Show the registered device behind an instance (works while it is offline).
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: device } = await beeos.getDeviceInfo({ path: { id: "instance_abc123" } });
console.log(`${device.type}: ${device.model}, ${device.os} ${device.osVersion}`);
console.log(`screen ${device.width}x${device.height} at ${device.density} dpi; capabilities: ${device.capabilities.join(", ")}`);
