// Instances, the deploy catalog, device control and files.
import { ApiError, badRequest, conflict, notFound } from "../errors.js";
import { wrap, type Ctx, type Handler } from "../context.js";
import { exampleOf, makeAgent, makeInstance } from "../seed.js";
import { newId, type Obj } from "../state.js";
import { nowIso } from "../clock.js";

/** An instance as the wire sees it: totalRunSeconds counts the current run too. */
export function instanceView(instance: any): Obj {
  if (instance.status !== "running" || !instance.startedAt) return instance;
  const ran = Math.max(0, Math.floor((Date.now() - Date.parse(instance.startedAt)) / 1000));
  return { ...instance, totalRunSeconds: (instance.totalRunSeconds ?? 0) + ran };
}

export function findInstance(ctx: Ctx, id: string): any {
  const instance = ctx.space.instances.get(id);
  if (!instance) throw notFound("instance", id);
  return instance;
}

const catalog = () => ({
  providers: exampleOf("listProviders").data as any[],
  regions: exampleOf("listDeployRegions").data as any[],
  models: exampleOf("listDeployModels").data as any[],
});

/** What a catalog `variantId` deploys (the variant decides framework, provider and region). */
const VARIANTS: Record<string, { agentFramework: string; providerId: string; osType: string; region: string }> = {
  "device-agent-android-us": { agentFramework: "device-agent", providerId: "device-farm", osType: "android", region: "us-east-1" },
  "openclaw-linux-us": { agentFramework: "openclaw", providerId: "openclaw-k8s", osType: "linux", region: "us-east-1" },
  "computer-agent-windows-us": { agentFramework: "computer-agent", providerId: "openclaw-k8s", osType: "windows", region: "us-east-1" },
};

function lifecycle(action: "start" | "stop" | "restart"): Handler {
  return (ctx) => {
    const instance = findInstance(ctx, ctx.path.id!);
    const { status, desiredStatus } = instance;
    const busy = (why: string) => conflict(`instance \`${instance.id}\` cannot ${action}: ${why}`);
    if (status === "terminated" || desiredStatus === "terminated") throw busy("it is terminated or being destroyed");
    if (action === "start") {
      if (status !== "stopped") throw busy(`its status is \`${status}\` (only a stopped instance starts)`);
      Object.assign(instance, { desiredStatus: "running", status: "pending" });
    } else if (action === "stop") {
      if (desiredStatus === "stopped" || status === "stopped") throw busy(`its status is \`${status}\` and it is already stopping or stopped`);
      instance.desiredStatus = "stopped";
    } else {
      if (status !== "running") throw busy(`its status is \`${status}\` (only a running instance restarts)`);
      const ran = Math.max(0, Math.floor((Date.now() - Date.parse(instance.startedAt ?? nowIso())) / 1000));
      instance.totalRunSeconds = (instance.totalRunSeconds ?? 0) + ran;
      Object.assign(instance, { desiredStatus: "running", status: "provisioning", connectivity: "offline" });
      delete instance.startedAt;
    }
    instance.updatedAt = nowIso();
    instance.statusEnteredAt = instance.updatedAt;
    ctx.world.driveInstance(ctx.token, instance.id);
    return wrap(instanceView(instance));
  };
}

function controlTarget(ctx: Ctx, kind: "computer" | "mobile"): any {
  const instance = findInstance(ctx, ctx.path.id!);
  const android = instance.osType === "android";
  if ((kind === "mobile") !== android) {
    throw notFound(kind === "mobile" ? "Android instance" : "desktop instance", instance.id);
  }
  if (instance.status !== "running") {
    throw new ApiError(503, "device_offline", `instance \`${instance.id}\` is \`${instance.status}\`; its device cannot be driven until it is running`);
  }
  return instance;
}

function controlInfo(kind: "computer" | "mobile"): Handler {
  return (ctx) => {
    const instance = findInstance(ctx, ctx.path.id!);
    const android = instance.osType === "android";
    if ((kind === "mobile") !== android) throw notFound(kind === "mobile" ? "Android instance" : "desktop instance", instance.id);
    const running = instance.status === "running";
    return wrap(
      android
        ? { online: running, os: "android", screen_width: 1080, screen_height: 2400, coordinate_system: "absolute_pixels", supported_actions: ["screenshot", "tap", "swipe", "scroll", "type", "key", "press_button"], current_app: "com.android.launcher3" }
        : { online: running, os: instance.osType === "mac" ? "macos" : instance.osType, screen_width: 1920, screen_height: 1080, coordinate_system: "absolute_pixels", supported_actions: ["screenshot", "click", "move", "scroll", "type", "key"] },
    );
  };
}

function action(kind: "computer" | "mobile"): Handler {
  return (ctx) => {
    const instance = controlTarget(ctx, kind);
    const width = kind === "mobile" ? 1080 : 1920;
    const height = kind === "mobile" ? 2400 : 1080;
    for (const axis of ["x", "y", "x1", "y1", "x2", "y2"]) {
      const v = ctx.body?.[axis];
      if (typeof v !== "number") continue;
      const max = axis.startsWith("x") ? width : height;
      if (v < 0 || v >= max) throw badRequest("invalid_param", `\`${axis}\` ${v} is outside the screen of instance \`${instance.id}\` (0 to ${max - 1})`, axis);
    }
    return wrap({ ok: true });
  };
}

function screenshot(kind: "computer" | "mobile"): Handler {
  return (ctx) => {
    controlTarget(ctx, kind);
    const fileId = newId("file");
    const [width, height] = kind === "mobile" ? [1080, 2400] : [1920, 1080];
    const url = `${ctx.baseUrl}/__sandbox/files/${fileId}`;
    ctx.space.files.set(fileId, { file_id: fileId, filename: `screenshot-${fileId}.png`, content_type: "image/png", size: 184_320, download_url: url });
    return wrap({ file_id: fileId, url, format: "png", width, height });
  };
}

export const instanceHandlers: Record<string, Handler> = {
  listInstances(ctx) {
    const q = ctx.query;
    const needle = typeof q.search === "string" ? q.search.toLowerCase() : undefined;
    const rows = [...ctx.space.instances.values()].filter(
      (i: any) =>
        (q.status === undefined || i.status === q.status) &&
        (q.providerId === undefined || i.providerId === q.providerId) &&
        (q.agentFramework === undefined || i.agentFramework === q.agentFramework) &&
        (q.clusterId === undefined || i.clusterId === q.clusterId) &&
        (needle === undefined || [i.id, i.name, i.externalId].some((v) => String(v ?? "").toLowerCase().includes(needle))),
    );
    const page: number = q.page ?? 0;
    const size: number = q.pageSize ?? 20;
    return wrap(rows.slice(page * size, page * size + size).map(instanceView), 200, { total: rows.length });
  },

  deployInstance(ctx) {
    const b = ctx.body;
    let plan: { agentFramework: string; providerId: string; osType: string; region: string };
    if (b.variantId !== undefined) {
      const variant = VARIANTS[b.variantId];
      if (!variant) throw badRequest("invalid_param", `unknown variantId \`${b.variantId}\`; the sandbox knows ${Object.keys(VARIANTS).join(", ")}`, "variantId");
      plan = variant;
    } else if (b.agentFramework !== undefined) {
      const providerId = b.providerId ?? "openclaw-k8s";
      const provider = catalog().providers.find((p) => p.meta.id === providerId);
      if (!provider) throw badRequest("invalid_param", `unknown providerId \`${providerId}\`; see listProviders`, "providerId");
      plan = { agentFramework: b.agentFramework, providerId, osType: provider.capabilities.device ? "android" : "linux", region: b.preferredRegion ?? "us-east-1" };
    } else {
      throw badRequest("missing_param", "give either `variantId` or `agentFramework`", "agentFramework");
    }
    if (b.preferredRegion !== undefined && !catalog().regions.some((r) => r.id === b.preferredRegion && r.available)) {
      throw badRequest("invalid_param", `region \`${b.preferredRegion}\` is not available; see listDeployRegions`, "preferredRegion");
    }
    // Names need not be unique: the spec says nothing of it, and its own example deploys `my-agent-1`,
    // the name of the seeded example instance.
    const model = b.modelPrimary ?? (plan.osType === "android" ? "autoglm-phone" : "claude-sonnet");
    const instance = makeInstance(ctx.space, exampleOf("getInstance").data, {
      name: b.name,
      status: "pending",
      desiredStatus: "running",
      agentFramework: plan.agentFramework,
      providerId: plan.providerId,
      osType: plan.osType,
      region: plan.region,
      hostingType: plan.osType === "android" ? "physical" : "cloud",
      cloudProvider: plan.osType === "android" ? "local" : "aws",
      modelPrimary: model,
      models: b.models ?? [model],
      providerConfig: b.providerConfig ?? b.config ?? {},
      totalRunSeconds: 0,
      connectivity: "unknown",
      endpoint: "",
      ...(b.systemPrompt !== undefined ? { systemPrompt: b.systemPrompt } : {}),
      ...(b.mcpServers !== undefined ? { mcpServers: b.mcpServers } : {}),
      ...(b.bridgeId !== undefined ? { bridgeId: b.bridgeId } : {}),
      ...(b.clusterId !== undefined ? { clusterId: b.clusterId } : {}),
    });
    delete instance.startedAt;
    ctx.space.instances.set(instance.id, instance);
    const agent = makeAgent(exampleOf("getAgent").data, { id: `agent_${instance.id.replace(/^instance_/, "")}`, instanceId: instance.id, name: instance.name });
    ctx.space.agents.set(agent.id, agent);
    ctx.world.driveInstance(ctx.token, instance.id);
    return wrap(instanceView(instance), 201);
  },

  getInstance: (ctx) => wrap(instanceView(findInstance(ctx, ctx.path.id!))),

  destroyInstance(ctx) {
    const instance = findInstance(ctx, ctx.path.id!);
    if (instance.status === "terminated" || instance.desiredStatus === "terminated") {
      throw conflict(`instance \`${instance.id}\` is already ${instance.status === "terminated" ? "terminated" : "being destroyed"}`);
    }
    instance.desiredStatus = "terminated";
    instance.updatedAt = nowIso();
    ctx.world.driveInstance(ctx.token, instance.id);
    return wrap("destroyed");
  },

  startInstance: lifecycle("start"),
  stopInstance: lifecycle("stop"),
  restartInstance: lifecycle("restart"),

  listProviders: () => wrap(catalog().providers),
  listDeployRegions(ctx) {
    const { providers, regions } = catalog();
    const providerId = ctx.query.providerId;
    if (providerId !== undefined && !providers.some((p) => p.meta.id === providerId)) return wrap([]);
    return wrap(regions);
  },
  listDeployModels(ctx) {
    const framework = ctx.query.agentFramework;
    const { models } = catalog();
    if (framework === undefined) return wrap(models);
    // Phone agents drive phones; the others get the general-purpose models.
    return wrap(models.filter((m) => (framework === "device-agent") === (m.id === "autoglm-phone")));
  },

  getComputerInfo: controlInfo("computer"),
  getMobileInfo: controlInfo("mobile"),
  computerScreenshot: screenshot("computer"),
  mobileScreenshot: screenshot("mobile"),
  computerClick: action("computer"),
  computerMove: action("computer"),
  computerScroll: action("computer"),
  computerType: action("computer"),
  computerKey: action("computer"),
  mobileTap: action("mobile"),
  mobileSwipe: action("mobile"),
  mobileScroll: action("mobile"),
  mobileType: action("mobile"),
  mobileKey: action("mobile"),
  mobilePressButton: action("mobile"),

  getDeviceInfo(ctx) {
    const instance = findInstance(ctx, ctx.path.id!);
    const android = instance.osType === "android";
    return wrap(
      android
        ? { type: "android", model: String(instance.providerConfig?.deviceModel ?? "Pixel 8"), os: "Android", osVersion: "14", width: 1080, height: 2400, density: 420, capabilities: ["camera", "wifi", "nfc"] }
        : { type: instance.osType, model: "Virtual desktop", os: instance.osType === "mac" ? "macOS" : instance.osType === "windows" ? "Windows" : "Linux", osVersion: instance.osType === "mac" ? "14.5" : instance.osType === "windows" ? "11" : "6.8", width: 1920, height: 1080, density: 96, capabilities: ["display", "keyboard", "mouse"] },
    );
  },

  presignFileUpload(ctx) {
    const fileId = newId("file");
    const upload = `${ctx.baseUrl}/__sandbox/files/${fileId}`;
    ctx.space.files.set(fileId, { file_id: fileId, filename: ctx.body.filename, content_type: ctx.body.content_type, size: 0, download_url: upload });
    return wrap({ file_id: fileId, upload_url: upload, download_url: upload, download_expires_in: 86_400 });
  },

  getFile(ctx) {
    const file = ctx.space.files.get(ctx.path.id!);
    if (!file) throw notFound("file", ctx.path.id!);
    return wrap(file);
  },
};
