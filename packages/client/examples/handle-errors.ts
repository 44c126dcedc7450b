// Tell the kinds of failure apart: each has its own class, and API errors carry a stable `code`.
import {
  AuthenticationError,
  BeeosApiError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  createBeeosClient,
} from "@beeos/client";

const beeos = createBeeosClient({ timeoutMs: 10_000 });

try {
  const { data } = await beeos.getInstance({ path: { id: "instance_does_not_exist" } });
  console.log(`found ${data.id}`);
} catch (err) {
  if (err instanceof NotFoundError) {
    console.log(`no such instance (code ${err.code}, request id ${err.requestId ?? "-"})`);
  } else if (err instanceof AuthenticationError) {
    console.log("the token was refused: check BEEOS_API_KEY");
  } else if (err instanceof RateLimitError) {
    console.log(`rate limited; the server asks to wait ${err.retryAfterMs ?? "?"} ms`);
  } else if (err instanceof BeeosApiError) {
    console.log(`API error ${err.status} ${err.code ?? ""}: ${err.message}`);
  } else if (err instanceof TimeoutError || err instanceof ConnectionError) {
    console.log(`could not reach the API: ${err.message}`);
  } else {
    throw err;
  }
}
