// Which API the console talks to. `pnpm start` serves /api-config.json naming the
// sandbox it started (on whatever port), so the page never assumes one; without it
// (the site served some other way) the URL the user typed last is kept in
// localStorage. `?apiUrl=` in the page's address wins over both.

export const STORAGE_KEY = "beeos-console-api-url";

export interface ApiUrlChoice {
  url: string;
  from: "address" | "api-config.json" | "saved" | "none";
}

/** Reads /api-config.json; undefined when it is absent or not `{ "apiUrl": "http…" }`. */
export async function readApiConfig(configUrl: string, doFetch: typeof fetch = fetch): Promise<string | undefined> {
  try {
    const response = await doFetch(configUrl, { cache: "no-store" });
    if (!response.ok) return undefined;
    const config = (await response.json()) as { apiUrl?: unknown };
    return typeof config.apiUrl === "string" && /^https?:\/\//.test(config.apiUrl) ? config.apiUrl.replace(/\/+$/, "") : undefined;
  } catch {
    return undefined;
  }
}

export async function chooseApiUrl(options: { search: string; configUrl: string; storage: Pick<Storage, "getItem"> | undefined; fetch?: typeof fetch }): Promise<ApiUrlChoice> {
  const params = new URLSearchParams(options.search);
  const inAddress = params.get("apiUrl") ?? params.get("baseUrl");
  if (inAddress) return { url: inAddress.replace(/\/+$/, ""), from: "address" };
  const configured = await readApiConfig(options.configUrl, options.fetch);
  if (configured) return { url: configured, from: "api-config.json" };
  const saved = options.storage?.getItem(STORAGE_KEY);
  if (saved) return { url: saved, from: "saved" };
  return { url: "", from: "none" };
}
