// Type-level proof that `pnpm build` turned the spec into the types users get:
// every operation of the API is there, with the parameter and field types the
// spec gives. A spec edit that changes one of these fails here.
import { describe, expectTypeOf, it } from "vitest";
import type { OperationId, PaginatedOperationId } from "../src/generated/operations.js";
import type { components, operations, paths } from "../src/generated/schema.js";

type Instance = components["schemas"]["Instance"];
type ListQuery = NonNullable<operations["listInstances"]["parameters"]["query"]>;
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;

describe("generated types", () => {
  it("expose every operation of the API", () => {
    // The seed operations are all there; the only operation of the spec without a method is the webhook.
    expectTypeOf<
      | "listInstances"
      | "deployInstance"
      | "getInstance"
      | "destroyInstance"
      | "startInstance"
      | "stopInstance"
      | "restartInstance"
      | "listProviders"
      | "listDeployRegions"
      | "listDeployModels"
    >().toExtend<OperationId>();
    expectTypeOf<Exclude<keyof operations, OperationId>>().toEqualTypeOf<"taskEvent">();
    expectTypeOf<PaginatedOperationId>().toEqualTypeOf<
      | "listInstances"
      | "listAgents"
      | "listAgentTasks"
      | "listUserTasks"
      | "listTaskMessages"
      | "listConversations"
      | "listConversationMessages"
      | "listRuntimeOperations"
    >();
    expectTypeOf<paths["/api/v1/instances"]["get"]>().toEqualTypeOf<operations["listInstances"]>();
    expectTypeOf<paths["/api/v1/instances"]["post"]>().toEqualTypeOf<operations["deployInstance"]>();
    expectTypeOf<paths["/api/v1/instances/{id}"]["delete"]>().toEqualTypeOf<operations["destroyInstance"]>();
    expectTypeOf<paths["/api/v1/instances/{id}/restart"]["post"]>().toEqualTypeOf<operations["restartInstance"]>();
    expectTypeOf<paths["/api/v1/deploy/models"]["get"]>().toEqualTypeOf<operations["listDeployModels"]>();
  });

  it("type the seed's query: optional numbers and strings", () => {
    expectTypeOf<ListQuery["page"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ListQuery["pageSize"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ListQuery["status"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListQuery["search"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<keyof ListQuery>().toEqualTypeOf<
      "page" | "pageSize" | "status" | "providerId" | "agentFramework" | "clusterId" | "search"
    >();
  });

  it("type the seed's page and the Instance fields", () => {
    type Page = JsonOf<operations["listInstances"]["responses"][200]>;
    expectTypeOf<Page["success"]>().toEqualTypeOf<true>();
    expectTypeOf<Page["total"]>().toEqualTypeOf<number>();
    expectTypeOf<Page["data"]>().toEqualTypeOf<Instance[]>();
    expectTypeOf<Instance["totalRunSeconds"]>().toEqualTypeOf<number>();
    expectTypeOf<Instance["models"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Instance["id"]>().toEqualTypeOf<string>();
    // an open set: any string is a status
    expectTypeOf<"hibernating">().toExtend<Instance["status"]>();
    expectTypeOf<Instance["region"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Instance["isTrial"]>().toEqualTypeOf<boolean | undefined>();
  });

  it("type the other operations' inputs and results", () => {
    expectTypeOf<operations["getInstance"]["parameters"]["path"]["id"]>().toEqualTypeOf<string>();
    type Deploy = JsonOf<NonNullable<operations["deployInstance"]["requestBody"]>>;
    expectTypeOf<Deploy["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Deploy["models"]>().toEqualTypeOf<string[] | undefined>();
    type Destroyed = JsonOf<operations["destroyInstance"]["responses"][200]>;
    expectTypeOf<Destroyed["data"]>().toEqualTypeOf<string>();
    type Deployed = JsonOf<operations["deployInstance"]["responses"][201]>;
    expectTypeOf<Deployed["data"]>().toEqualTypeOf<Instance>();
    type Regions = JsonOf<operations["listDeployRegions"]["responses"][200]>;
    expectTypeOf<Regions["data"][number]["available"]>().toEqualTypeOf<boolean>();
    type ErrorBody = components["schemas"]["ErrorResponse"];
    expectTypeOf<ErrorBody["success"]>().toEqualTypeOf<false>();
    expectTypeOf<ErrorBody["error"]["code"]>().toEqualTypeOf<string>();
    expectTypeOf<ErrorBody["error"]["metadata"]>().toEqualTypeOf<{ [key: string]: string } | undefined>();
  });
});
