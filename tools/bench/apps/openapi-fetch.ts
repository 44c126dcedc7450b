// The same app on bare openapi-fetch with the generated types.
import createClient from "openapi-fetch";
import type { paths } from "@beeos/client";

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const client = createClient<paths>({
  baseUrl: env["BEEOS_BASE_URL"] ?? "https://openapi.beeos.ai",
  headers: { Authorization: `Bearer ${env["BEEOS_API_KEY"] ?? ""}` },
});
const pageSize = 50;

for (let page = 0; ; page++) {
  const { data, error, response } = await client.GET("/api/v1/instances", { params: { query: { page, pageSize } } });
  if (error !== undefined || data === undefined) throw new Error(`listInstances: HTTP ${response.status}`);
  for (const instance of data.data) console.log(`${instance.id}\t${instance.status}`);
  if (data.data.length === 0 || (page + 1) * pageSize >= data.total) break;
}
