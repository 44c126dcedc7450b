// Every operation's handler, by operationId. A test checks this covers the whole spec.
import type { Handler } from "../context.js";
import { agentHandlers } from "./agents.js";
import { conversationHandlers } from "./conversations.js";
import { instanceHandlers } from "./instances.js";
import { runtimeHandlers } from "./runtime.js";

export const handlers: Readonly<Record<string, Handler>> = Object.freeze({
  ...instanceHandlers,
  ...agentHandlers,
  ...conversationHandlers,
  ...runtimeHandlers,
});
