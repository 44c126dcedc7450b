// List the models an agent framework can use.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: models } = await beeos.listDeployModels({ query: { agentFramework: "openclaw" } });
for (const model of models) {
  console.log(`${model.id}\t${model.name}\ttier ${model.tier}${model.reasoning ? "\treasoning" : ""}`);
}
