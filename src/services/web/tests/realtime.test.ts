import { describe, expect, it } from "vitest";
import { backoffDelay, RealtimeConnection, type SocketLike, websocketUrl } from "../src/realtime";

class FakeSocket implements SocketLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  closed = false;
  close(): void {
    this.closed = true;
  }
}

describe("backoffDelay", () => {
  it("grows exponentially up to the cap, with full jitter", () => {
    expect(backoffDelay(0, () => 0.999)).toBe(499);
    expect(backoffDelay(3, () => 0.999)).toBe(3996);
    expect(backoffDelay(20, () => 0.999)).toBe(29_970);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });
});

describe("RealtimeConnection", () => {
  it("delivers events but not pings", () => {
    const socket = new FakeSocket();
    const events: unknown[] = [];
    new RealtimeConnection({ url: "ws://x/ws", onEvent: (e) => events.push(e), connect: () => socket }).start();

    socket.onmessage!({ data: '{"type":"ping"}' });
    socket.onmessage!({ data: '{"type":"appointment.created","workspace_id":1}' });

    expect(events).toEqual([{ type: "appointment.created", workspace_id: 1 }]);
  });

  it("reconnects after a drain with a growing jittered delay, and resets it once connected", () => {
    const sockets: FakeSocket[] = [];
    const delays: number[] = [];
    const pending: (() => void)[] = [];
    new RealtimeConnection({
      url: "ws://x/ws",
      onEvent: () => {},
      connect: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
      schedule: (callback, delay) => {
        delays.push(delay);
        pending.push(callback);
      },
      random: () => 0.5,
    }).start();

    sockets[0].onclose!({ code: 1012 });
    pending.shift()!();
    sockets[1].onclose!({ code: 1006 });
    pending.shift()!();
    sockets[2].onopen!();
    sockets[2].onclose!({ code: 1012 });

    expect(delays).toEqual([250, 500, 250]);
    expect(sockets).toHaveLength(3);
  });

  it("stops reconnecting once stopped", () => {
    const socket = new FakeSocket();
    const delays: number[] = [];
    const connection = new RealtimeConnection({ url: "ws://x/ws", onEvent: () => {}, connect: () => socket, schedule: (_, d) => delays.push(d) });
    connection.start();

    connection.stop();
    socket.onclose!({ code: 1000 });

    expect(socket.closed).toBe(true);
    expect(delays).toEqual([]);
  });

  it("uses wss behind https", () => {
    expect(websocketUrl({ protocol: "https:", host: "app.example.org" })).toBe("wss://app.example.org/ws");
    expect(websocketUrl({ protocol: "http:", host: "localhost:8080" })).toBe("ws://localhost:8080/ws");
  });
});
