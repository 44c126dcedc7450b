// The same app with no library: list every instance, page after page.
import type { components } from "@beeos/client";

type Instance = components["schemas"]["Instance"];
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const baseUrl = env["BEEOS_BASE_URL"] ?? "https://openapi.beeos.ai";
const pageSize = 50;

for (let page = 0; ; page++) {
  const res = await fetch(`${baseUrl}/api/v1/instances?page=${page}&pageSize=${pageSize}`, {
    headers: { Authorization: `Bearer ${env["BEEOS_API_KEY"] ?? ""}` },
  });
  if (!res.ok) throw new Error(`listInstances: HTTP ${res.status}`);
  const body = (await res.json()) as { data: Instance[]; total: number };
  for (const instance of body.data) console.log(`${instance.id}\t${instance.status}`);
  if (body.data.length === 0 || (page + 1) * pageSize >= body.total) break;
}
