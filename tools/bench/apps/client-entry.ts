// Everything the client's entry exports: the upper bound of what an app can pull in.
export * from "@beeos/client";
