// Counting what Prism's validating proxy found off-spec, from its log (one JSON object
// per line, pino style). Which lines mean what, in Prism 5 (prism-http-server):
// - `{"name":"VALIDATOR","msg":"Violation: <location> <message>"}` at level 50 (error),
//   40 (warning) or 30 (info): a request or response that broke the spec but was still
//   passed on. The location starts with `request` or `response`. Warnings count: an
//   undocumented status is one.
// - `{"input":…,"msg":"Request terminated with error: https://stoplight.io/prism/errors#VIOLATIONS: …"}`:
//   with `errors: true`, a response that broke the spec, replaced by a 500 problem+json
//   (no `Violation:` line is written for it then).
// - `… #UNPROCESSABLE_ENTITY`, `#UNAUTHORIZED`, `#NO_PATH_MATCHED_ERROR`, `#NO_METHOD_MATCHED_ERROR`,
//   `#NOT_ACCEPTABLE`, `#UNSUPPORTED_MEDIA_TYPE`: a request off the spec, answered by Prism
//   itself and never forwarded.
// Anything else ending a request with an error (the upstream unreachable, say) is no
// violation but is kept apart, because the run proved nothing for that request.

export interface ProxyViolation {
  /** Which side broke the spec. */
  side: "request" | "response";
  severity: "error" | "warning" | "info";
  /** "GET /api/v1/instances/abc" when the line names the request (error lines do; Violation lines do not). */
  request: string | undefined;
  message: string;
}

export interface ProxyFailure {
  request: string | undefined;
  message: string;
}

const REQUEST_ERRORS = ["UNPROCESSABLE_ENTITY", "UNAUTHORIZED", "NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR", "NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE", "INVALID_CONTENT_TYPE"];
const severityOf = (level: number): ProxyViolation["severity"] => (level >= 50 ? "error" : level >= 40 ? "warning" : "info");

interface LogLine {
  level?: number;
  name?: string;
  msg?: string;
  input?: { method?: string; url?: { path?: string } };
}

/** Collects Prism's log lines (pass `line` as `startMockServer`'s `log`) and classifies them. */
export class ViolationLog {
  readonly violations: ProxyViolation[] = [];
  readonly failures: ProxyFailure[] = [];
  /** Lines that were not JSON (Prism writes none; kept so a change of format shows). */
  readonly unreadable: string[] = [];
  requests = 0;

  /** Feeds one log line; an arrow property so it can be passed as a callback. */
  readonly line = (text: string): void => {
    let entry: LogLine;
    try {
      entry = JSON.parse(text) as LogLine;
    } catch {
      this.unreadable.push(text);
      return;
    }
    const msg = typeof entry.msg === "string" ? entry.msg : "";
    const request = entry.input ? `${(entry.input.method ?? "?").toUpperCase()} ${entry.input.url?.path ?? "?"}` : undefined;
    if (msg === "Request received") {
      this.requests += 1;
      return;
    }
    const violation = /^Violation: (\S*)\s?(.*)$/s.exec(msg);
    if (violation) {
      const location = violation[1] ?? "";
      this.violations.push({
        side: location.startsWith("request") ? "request" : "response",
        severity: severityOf(entry.level ?? 30),
        request,
        message: `${location} ${violation[2] ?? ""}`.trim(),
      });
      return;
    }
    const terminated = /^Request terminated with error: (?:https:\/\/stoplight\.io\/prism\/errors#)?(\w+)(?::\s*(.*))?$/s.exec(msg);
    if (!terminated) return;
    const [, kind = "", detail = ""] = terminated;
    if (kind === "VIOLATIONS") this.violations.push({ side: "response", severity: "error", request, message: detail || kind });
    else if (REQUEST_ERRORS.includes(kind)) this.violations.push({ side: "request", severity: "error", request, message: `${kind}: ${detail}` });
    else this.failures.push({ request, message: `${kind}: ${detail}` });
  };

  get count(): number {
    return this.violations.length;
  }

  /** A few lines for a report: the counts, then each violation. */
  summary(): string {
    const by = (side: string) => this.violations.filter((v) => v.side === side).length;
    const head = `${this.count} violation(s) in ${this.requests} proxied request(s): ${by("request")} request, ${by("response")} response; ${this.failures.length} proxy failure(s)`;
    const list = [...this.violations.map((v) => `  ${v.side} ${v.severity}: ${v.request ?? "(request not named)"}: ${v.message}`), ...this.failures.map((f) => `  failure: ${f.request ?? "?"}: ${f.message}`)];
    return [head, ...list].join("\n");
  }
}
