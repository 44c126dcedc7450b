// Deploy an instance, then start it, retrying the start safely with an Idempotency-Key.
import { createBeeosClient, ConflictError } from "@beeos/client";

const beeos = createBeeosClient({ timeoutMs: 30_000, maxRetries: 3 });

const { data: deployed } = await beeos.deployInstance({
  body: { name: "my-agent-1", agentFramework: "openclaw" },
});
console.log(`deployed ${deployed.id}: ${deployed.status}`);

try {
  const { data: started } = await beeos.startInstance({
    path: { id: deployed.id },
    // A POST is retried only with an Idempotency-Key: the server then runs it at most once.
    headers: { "Idempotency-Key": `start-${deployed.id}` },
  });
  console.log(`started ${started.id}: ${started.status}, wants ${started.desiredStatus}`);
} catch (err) {
  if (err instanceof ConflictError) {
    // The instance is still provisioning (or already running); its state decides.
    console.log(`not started yet (${err.code}): ${err.message}`);
  } else {
    throw err;
  }
}
