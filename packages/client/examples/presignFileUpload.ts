// Ask for a presigned URL to upload a PDF, and the file id to attach it by.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: upload } = await beeos.presignFileUpload({
  body: { filename: "invoice-2026-04.pdf", content_type: "application/pdf" },
});
console.log(`PUT the bytes to ${upload.upload_url} with Content-Type application/pdf`);
console.log(`then attach it to an agent call as { file_id: "${upload.file_id}" }`);
