// Look up an uploaded file and print a URL to download it.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: file } = await beeos.getFile({ path: { id: "file_abc123" } });
console.log(`${file.file_id}: ${file.filename ?? "(no name)"}, ${file.content_type ?? "unknown type"}, ${file.size ?? "?"} bytes`);
console.log(`download from ${file.download_url}`);
