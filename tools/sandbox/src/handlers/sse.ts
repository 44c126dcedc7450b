// Server-Sent Events: history first, then live events from the world's channel, until the
// channel ends or the client goes away.
import type { Ctx } from "../context.js";
import type { ChannelEvent } from "../world.js";

export interface SseFrame {
  id?: string;
  event?: string;
  data: unknown;
}

const encoder = new TextEncoder();

export function frameText(frame: SseFrame): string {
  let text = "";
  if (frame.id !== undefined) text += `id: ${frame.id}\n`;
  if (frame.event !== undefined) text += `event: ${frame.event}\n`;
  return `${text}data: ${JSON.stringify(frame.data)}\n\n`;
}

/**
 * A stream that first sends `history`, then whatever `toFrame` makes of each live event on
 * `channel` (undefined skips it); it ends after `endFrame` or when `done()` says so at start.
 */
export function sseResponse(
  ctx: Ctx,
  options: {
    channel: string;
    history: SseFrame[];
    /** Already finished: send history (and the end frame) and close. */
    finished: SseFrame | undefined | false;
    toFrame: (event: ChannelEvent) => SseFrame | undefined;
    /** Frames after which the stream closes. */
    isLast: (event: ChannelEvent) => boolean;
    headers?: Record<string, string>;
  },
): Response {
  let unsubscribe: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        unsubscribe?.();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (frame: SseFrame) => {
        if (!open) return;
        // A frame without `event:` is the SSE default event, `message`.
        ctx.checkEvent({ ...frame, event: frame.event ?? "message" });
        controller.enqueue(encoder.encode(frameText(frame)));
      };
      for (const frame of options.history) send(frame);
      if (options.finished !== false) {
        if (options.finished) send(options.finished);
        close();
        return;
      }
      // Subscribe before any await, so no event slips between history and live.
      unsubscribe = ctx.world.subscribe(`${ctx.token}|${options.channel}`, (event) => {
        const frame = options.toFrame(event);
        if (frame) send(frame);
        if (options.isLast(event)) close();
      });
      // A comment line now and then keeps proxies from timing the stream out.
      heartbeat = setInterval(() => {
        if (open) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, 15_000);
      heartbeat.unref();
      ctx.signal.addEventListener("abort", close, { once: true });
    },
    cancel() {
      unsubscribe?.();
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive", ...(options.headers ?? {}) },
  });
}
