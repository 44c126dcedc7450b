// The console page: lists instances with @beeos/client, bundled for the browser.
// The form's filters and columns come from the spec at build time (the JSON block
// #console-config); this script only wires them to the client.
import { BeeosApiError, BeeosError, createBeeosClient, type BeeosClientOptions, type OperationInput } from "@beeos/client";

interface ConsoleConfig {
  operationId: "listInstances";
  filters: Array<{ name: string }>;
  columns: string[];
  defaultBaseUrl: string;
  pageSize: { min: number; max: number; initial: number };
}

type ListQuery = NonNullable<OperationInput<"listInstances">["query"]>;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`console page: #${id} is missing`);
  return found as T;
}

const config = JSON.parse(element("console-config").textContent ?? "{}") as ConsoleConfig;
const form = element<HTMLFormElement>("console-form");
const status = element<HTMLParagraphElement>("console-status");
const errorBox = element<HTMLElement>("console-error");
const table = element<HTMLTableElement>("console-results");
const prev = element<HTMLButtonElement>("console-prev");
const next = element<HTMLButtonElement>("console-next");
const pageLabel = element<HTMLSpanElement>("console-page");

const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;

// `?baseUrl=` points the console at another mock or server (pnpm start passes its mock's URL).
const wanted = new URLSearchParams(location.search).get("baseUrl");
input("baseUrl").value = wanted ?? config.defaultBaseUrl;

let page = 0;

function query(): ListQuery {
  const values: Record<string, string | number> = {};
  for (const { name } of config.filters) {
    const value = input(name).value.trim();
    if (value !== "") values[name] = value;
  }
  const size = input("pageSize").value.trim();
  values["pageSize"] = size === "" ? config.pageSize.initial : Number(size);
  values["page"] = page;
  // The field names are the spec's own (checked when the site was built).
  return values as ListQuery;
}

function showError(err: unknown): void {
  const rows: Array<[string, string]> = [];
  if (err instanceof BeeosApiError) {
    rows.push(["status", String(err.status)], ["code", err.code ?? "-"], ["type", err.type ?? "-"]);
    if (err.param) rows.push(["param", err.param]);
    rows.push(["request id", err.requestId ?? "-"]);
  }
  rows.push(["message", err instanceof Error ? err.message : String(err)]);
  const title = document.createElement("h2");
  title.textContent = err instanceof BeeosError ? err.name : "Unexpected error";
  const list = document.createElement("dl");
  for (const [term, detail] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = detail;
    dd.dataset["field"] = term;
    list.append(dt, dd);
  }
  errorBox.replaceChildren(title, list);
  errorBox.hidden = false;
}

function showPage(items: ReadonlyArray<Record<string, unknown>>, total: number, pageSize: number, requestId: string | undefined): void {
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(
    ...items.map((item) => {
      const row = document.createElement("tr");
      for (const column of config.columns) {
        const cell = document.createElement("td");
        const value = item[column];
        cell.textContent = value === undefined || value === null ? "" : String(value);
        row.append(cell);
      }
      return row;
    }),
  );
  table.hidden = false;
  const pages = pageSize > 0 ? Math.max(1, Math.ceil(total / pageSize)) : 1;
  pageLabel.textContent = `Page ${page + 1} of ${pages}`;
  status.textContent = `${total} instance(s) match; showing ${items.length}. Request id ${requestId ?? "-"}.`;
  prev.disabled = page === 0;
  next.disabled = !((page + 1) * pageSize < total);
}

async function load(): Promise<void> {
  errorBox.hidden = true;
  status.textContent = "Loading…";
  prev.disabled = next.disabled = true;
  try {
    const options: BeeosClientOptions = { baseUrl: input("baseUrl").value.trim(), maxRetries: 0, timeoutMs: 15_000 };
    const token = input("token").value.trim();
    if (token !== "") options.token = token;
    const beeos = createBeeosClient(options);
    const q = query();
    const result = await beeos.listInstances({ query: q });
    showPage(result.data as unknown as ReadonlyArray<Record<string, unknown>>, result.total, q.pageSize ?? config.pageSize.initial, result.requestId);
  } catch (err) {
    status.textContent = "The call failed.";
    table.hidden = true;
    showError(err);
    prev.disabled = page === 0;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  page = 0;
  void load();
});
prev.addEventListener("click", () => {
  page = Math.max(0, page - 1);
  void load();
});
next.addEventListener("click", () => {
  page += 1;
  void load();
});
document.body.dataset["consoleReady"] = "true";
